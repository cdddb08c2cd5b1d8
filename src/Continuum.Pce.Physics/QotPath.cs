using System.Collections.Immutable;
using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Units;
using Continuum.Pce.Physics.Elements;

namespace Continuum.Pce.Physics;

/// <summary>Options for building a path model.</summary>
/// <param name="LaunchPowerDbm">Per-channel launch power into every fibre; null takes each ROADM type's target power.</param>
/// <param name="SpanLaunchPowerDbm">
/// Optional per-span launch power: when set, every span amplifier works in power mode and launches this per-channel
/// power into the next span (its noise figure taken at the gain that compensates the span); null keeps the gains.
/// </param>
public sealed record QotPathOptions(double? LaunchPowerDbm = null, double? SpanLaunchPowerDbm = null)
{
    public static QotPathOptions Default { get; } = new();
}

/// <summary>
/// The elements a lightpath crosses, in order, resolved against the equipment library once: add ROADM, for every fibre
/// its spans and amplifiers, express ROADMs between fibres, drop ROADM. The mode and the channel load are not part of
/// it, so one path model serves every query on that route. <see cref="FiberStarts"/> marks where each fibre begins, so
/// an evaluation can switch to that fibre's interferers.
/// </summary>
public sealed class QotPath
{
    public QotPath(ImmutableArray<IOpticalElement> elements, ImmutableArray<int> fiberStarts, double launchPowerW)
    {
        Elements = elements;
        FiberStarts = fiberStarts;
        LaunchPowerW = launchPowerW;
    }

    public ImmutableArray<IOpticalElement> Elements { get; }

    /// <summary>For fibre k of the path, the index of its first element.</summary>
    public ImmutableArray<int> FiberStarts { get; }

    /// <summary>Per-channel power the transmitter launches at (the add ROADM equalises it anyway).</summary>
    public double LaunchPowerW { get; }

    public int SpanCount => Elements.Count(e => e is FiberSpan);

    /// <summary>How many fibres the path crosses.</summary>
    public int FiberCount => FiberStarts.Length;

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
        var launchOverride = options.LaunchPowerDbm is { } dbm ? Decibels.DbmToWatts(dbm) : (double?)null;
        var elements = ImmutableArray.CreateBuilder<IOpticalElement>();
        var starts = ImmutableArray.CreateBuilder<int>(fibers.Count);
        var launch = launchOverride ?? Decibels.DbmToWatts(0);

        var first = network.Fiber(fibers[0]);
        if (network.Node(first.Source) is Roadm source)
        {
            var type = library.RoadmType(source.Type);
            launch = launchOverride ?? Decibels.DbmToWatts(type.TargetChannelPowerDbm);
            elements.Add(Roadm(RoadmRole.Add, type, type.AddDropLossDb, launch));
        }

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

                if (network.Node(fiber.Source) is Roadm express)
                {
                    var type = library.RoadmType(express.Type);
                    elements.Add(Roadm(RoadmRole.Express, type, type.ExpressLossDb, launchOverride ?? Decibels.DbmToWatts(type.TargetChannelPowerDbm)));
                }
            }

            starts.Add(elements.Count);
            foreach (var span in fiber.Spans)
            {
                var fiberType = library.FiberType(span.FiberType);
                var parameters = SpanParameters(span, fiberType);
                elements.Add(new FiberSpan(parameters));
                if (span.Amplifier is { } amplifier)
                {
                    var amplifierType = library.Amplifier(amplifier.Type);
                    var gain = amplifier.GainDb ?? parameters.TotalLossDb;
                    var target = options.SpanLaunchPowerDbm is { } spanDbm ? Decibels.DbmToWatts(spanDbm) : (double?)null;
                    elements.Add(new Edfa(gain, amplifierType.NoiseFigure.NoiseFigureDb(gain), Decibels.DbmToWatts(amplifierType.PMaxDbm), target));
                }
            }
        }

        var last = network.Fiber(fibers[^1]);
        if (network.Node(last.Destination) is Roadm destination)
        {
            var type = library.RoadmType(destination.Type);
            elements.Add(Roadm(RoadmRole.Drop, type, type.AddDropLossDb, Decibels.DbmToWatts(type.TargetChannelPowerDbm)));
        }

        return new QotPath(elements.ToImmutable(), starts.MoveToImmutable(), launch);
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

    private static RoadmElement Roadm(RoadmRole role, RoadmType type, double lossDb, double targetW) =>
        new(role, lossDb, targetW, type.AddDropOsnrDb, type.LatencyUs * 1e-6);
}
