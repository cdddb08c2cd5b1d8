using System.Collections.Immutable;
using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.Domain.Units;
using Continuum.Pce.Physics.Elements;
using Continuum.Pce.Physics.Line;

namespace Continuum.Pce.Physics;

/// <summary>Options for building a path model.</summary>
/// <param name="LaunchPowerDbm">Per-channel launch power into every fibre; null takes each ROADM degree's equalisation target.</param>
/// <param name="SpanLaunchPowerDbm">
/// Optional per-span launch power: when set, every span amplifier works in power mode and launches this per-channel
/// power into the next span (its noise figure taken at the designed gain); null keeps the designed gains.
/// </param>
/// <param name="DesignChannelCount">
/// Channels of the full load the amplifiers are designed for (p_max power reduction); null: the grid's width over
/// <see cref="QotPath.DesignReferenceSpacingGhz"/> (96 on the C band).
/// </param>
public sealed record QotPathOptions(double? LaunchPowerDbm = null, double? SpanLaunchPowerDbm = null, int? DesignChannelCount = null)
{
    public static QotPathOptions Default { get; } = new();
}

/// <summary>
/// The elements a lightpath crosses, in order, resolved against the equipment library once: add ROADM, for every fibre
/// its spans and amplifiers, express ROADMs between fibres, drop ROADM. The mode and the channel load are not part of
/// it, so one path model serves every query on that route. <see cref="FiberStarts"/> marks where each fibre begins (at
/// the ROADM that launches into it), so an evaluation can switch to that fibre's interferers.
/// </summary>
/// <remarks>
/// Each fibre is designed as GNPy designs an optical multiplex section (<see cref="AmplifierDesign"/>, the rules the
/// line model applies to GNPy files): the source ROADM equalises every channel to the degree's target (a power, or a
/// PSD times the symbol rate: the degree's own, the ROADM's, else its type's); every span amplifier without a gain
/// compensates its span back to that target (GNPy's power mode with ΔP = 0), one with a gain keeps it (gain mode); each
/// amplifier's output is then lowered by the design's power reduction where full load (<see cref="QotPathOptions.DesignChannelCount"/>
/// reference channels of <see cref="DesignReferenceBaudRateGbaud"/> at the target) would exceed its p_max, the next
/// amplifier compensating again; the noise figure is the library model's at the designed gain, with the input pad
/// (gain_min − gain) added below the minimum gain. In operation the amplifier's total output is still held within p_max.
/// </remarks>
public sealed class QotPath
{
    /// <summary>Symbol rate of the design's reference channel, GBd (GNPy's default SI: 32 GBd at 50 GHz).</summary>
    public const double DesignReferenceBaudRateGbaud = 32;

    /// <summary>Spacing of the design's reference channels, GHz.</summary>
    public const double DesignReferenceSpacingGhz = 50;

    public QotPath(ImmutableArray<IOpticalElement> elements, ImmutableArray<int> fiberStarts, double launchPowerW)
    {
        Elements = elements;
        FiberStarts = fiberStarts;
        LaunchPowerW = launchPowerW;
    }

    public ImmutableArray<IOpticalElement> Elements { get; }

    /// <summary>For fibre k of the path, the index of its first element (the ROADM that launches into it).</summary>
    public ImmutableArray<int> FiberStarts { get; }

    /// <summary>Per-channel power the transmitter launches at (the add ROADM equalises it anyway).</summary>
    public double LaunchPowerW { get; }

    public int SpanCount => Elements.Count(e => e is FiberSpan);

    /// <summary>How many fibres the path crosses.</summary>
    public int FiberCount => FiberStarts.Length;

    /// <summary>The full-load channel count of the design for a grid: its width over the reference spacing.</summary>
    public static int DesignChannelCount(SpectrumGrid grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        return Math.Max(1, (int)(grid.SlotWidthMhz * grid.SlotCount / (long)(DesignReferenceSpacingGhz * 1000)));
    }

    /// <summary>Builds the model of a route given as consecutive fibres of a network.</summary>
    public static QotPath Build(OpticalNetwork network, EquipmentLibrary library, IReadOnlyList<FiberId> fibers, QotPathOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(library);
        if (fibers.Count == 0)
        {
            throw new ArgumentException("a path needs at least one fibre", nameof(fibers));
        }

        options ??= QotPathOptions.Default;
        var designChannels = options.DesignChannelCount ?? DesignChannelCount(network.Grid);
        var elements = ImmutableArray.CreateBuilder<IOpticalElement>();
        var starts = ImmutableArray.CreateBuilder<int>(fibers.Count);
        var launch = Decibels.DbmToWatts(options.LaunchPowerDbm ?? 0);
        for (var k = 0; k < fibers.Count; k++)
        {
            var fiber = network.Fiber(fibers[k]);
            if (k > 0)
            {
                var previous = network.Fiber(fibers[k - 1]);
                if (previous.Destination != fiber.Source)
                {
                    throw new ArgumentException($"fibres '{previous.Id}' and '{fiber.Id}' are not consecutive");
                }
            }

            // The fibre begins at the ROADM that launches into it: its target depends on this degree, so an evaluation
            // resumed at this fibre re-applies it (the state recorded here depends on the fibres before only).
            starts.Add(elements.Count);
            var target = options.LaunchPowerDbm is { } dbm ? EqualisationTarget.Power(dbm) : null;
            if (network.Node(fiber.Source) is Roadm roadm)
            {
                var type = library.RoadmType(roadm.Type);
                target ??= roadm.LineTarget(fiber.Id, type);
                if (k == 0)
                {
                    launch = options.LaunchPowerDbm is null ? Decibels.DbmToWatts(target.ChannelPowerDbm(DesignReferenceBaudRateGbaud)) : launch;
                    elements.Add(Roadm(RoadmRole.Add, type, type.AddDropLossDb, target));
                }
                else
                {
                    elements.Add(Roadm(RoadmRole.Express, type, type.ExpressLossDb, target));
                }
            }

            target ??= EqualisationTarget.Power(0);
            AddSpans(elements, fiber, library, target, designChannels, options.SpanLaunchPowerDbm);
        }

        var last = network.Fiber(fibers[^1]);
        if (network.Node(last.Destination) is Roadm destination)
        {
            var type = library.RoadmType(destination.Type);
            elements.Add(Roadm(RoadmRole.Drop, type, type.AddDropLossDb, type.LineTarget));
        }

        return new QotPath(elements.ToImmutable(), starts.MoveToImmutable(), launch);
    }

    /// <summary>One optical multiplex section designed from its launch target (see the remarks on <see cref="QotPath"/>).</summary>
    private static void AddSpans(
        ImmutableArray<IOpticalElement>.Builder elements, Fiber fiber, EquipmentLibrary library, EqualisationTarget target, int designChannels, double? spanLaunchDbm)
    {
        var referenceTotalDbm = AmplifierDesign.ReferenceTotalDbm(target.ChannelPowerDbm(DesignReferenceBaudRateGbaud), designChannels);
        var previousDeltaP = 0.0;
        foreach (var span in fiber.Spans)
        {
            var parameters = SpanParameters(span, library.FiberType(span.FiberType));
            elements.Add(new FiberSpan(parameters));
            if (span.Amplifier is not { } amplifier)
            {
                continue;
            }

            var model = AmplifierModel.FromLibrary(library.Amplifier(amplifier.Type));
            var loss = parameters.TotalLossDb;
            double gain;
            double deltaP;
            if (amplifier.GainDb is { } fixedGain)
            {
                gain = fixedGain;
                deltaP = AmplifierDesign.GainModeDeltaPDb(gain, loss, previousDeltaP);
            }
            else
            {
                deltaP = 0;
                gain = AmplifierDesign.PowerModeGainDb(loss, deltaP, previousDeltaP);
            }

            var reduction = AmplifierDesign.PowerReductionDb(model.PMaxDbm, referenceTotalDbm, deltaP);
            gain += reduction;
            deltaP += reduction;
            previousDeltaP = deltaP;
            var noiseFigure = model.NoiseFigure(gain, referenceTotalDbm + deltaP - gain, designChannels, DesignReferenceSpacingGhz * 1e9).NfDb;
            var spanTarget = spanLaunchDbm is { } spanDbm ? Decibels.DbmToWatts(spanDbm) : (double?)null;
            elements.Add(new Edfa(gain, noiseFigure, Decibels.DbmToWatts(model.PMaxDbm), spanTarget));
        }
    }

    /// <summary>A fibre span's parameters in SI units from the span and its fibre type.</summary>
    public static FiberSpanParameters SpanParameters(Span span, FiberType type) => new(
        LengthM: span.LengthKm * 1e3,
        AttenuationDbPerM: (span.LossDbPerKm ?? type.AttenuationDbPerKm) * 1e-3,
        ConnectorInDb: span.ConnectorInDb,
        ConnectorOutDb: span.ConnectorOutDb,
        DispersionSPerM2: type.DispersionPsPerNmKm * 1e-6,
        ReferenceFrequencyHz: type.ReferenceFrequency.Hz,
        EffectiveAreaM2: type.EffectiveAreaUm2 * 1e-12,
        N2: type.N2,
        PmdCoefficient: type.PmdCoefficientPsPerSqrtKm * 1e-12 / Math.Sqrt(1e3),
        GroupIndex: type.GroupIndex);

    private static RoadmElement Roadm(RoadmRole role, RoadmType type, double lossDb, EqualisationTarget target) =>
        new(role, lossDb, ChannelPowerTarget.From(target), type.AddDropOsnrDb, type.LatencyUs * 1e-6);
}
