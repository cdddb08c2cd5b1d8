using Continuum.Pce.Domain.Units;
using Continuum.Pce.Physics.Elements;

namespace Continuum.Pce.Physics.Line;

/// <summary>One channel launched by a transceiver (GNPy's <c>Carrier</c>).</summary>
/// <param name="DeltaPdbDb">Power offset the ROADMs apply on top of their equalisation target, dB.</param>
/// <param name="Label">The partition it belongs to (for per-mode means).</param>
public sealed record Carrier(
    double FrequencyHz,
    double BaudRateHz,
    double SlotWidthHz,
    double RollOff,
    double TxOsnrDb,
    double TxPowerDbm,
    double DeltaPdbDb = 0,
    string Label = "");

/// <summary>Channel combs.</summary>
public static class Spectra
{
    /// <summary>GNPy's SI comb: f_min + k·spacing, k = 1 … automatic_nch(f_min, f_max, spacing).</summary>
    public static IReadOnlyList<Carrier> Comb(double fMinHz, double fMaxHz, double spacingHz, double baudRateHz, double rollOff, double txOsnrDb, double txPowerDbm)
    {
        var n = LineDesigner.ChannelCount(fMinHz, fMaxHz, spacingHz);
        var carriers = new Carrier[n];
        for (var k = 1; k <= n; k++)
        {
            carriers[k - 1] = new Carrier(fMinHz + spacingHz * k, baudRateHz, spacingHz, rollOff, txOsnrDb, txPowerDbm);
        }

        return carriers;
    }
}

/// <summary>Per-channel result at the receiver (GNPy's Transceiver after <c>update_snr</c>).</summary>
public readonly record struct LineChannelResult(
    double FrequencyHz,
    double BaudRateHz,
    string Label,
    double PowerDbm,
    double GsnrDb,
    double Gsnr01nmDb,
    double OsnrDb,
    double Osnr01nmDb,
    double SnrNliDb,
    double CdPsPerNm,
    double PmdPs,
    double PdlDb,
    double LatencyMs);

/// <summary>What an element did to the reference view, for reports.</summary>
public sealed record LineElementReport(LineElement Element, string Summary, double? GainDb = null, double? NoiseFigureDb = null, double? OutputPchDbm = null);

/// <summary>The outcome of a propagation along a path.</summary>
public sealed record LineResult(IReadOnlyList<LineChannelResult> Channels, IReadOnlyList<LineElementReport> Elements)
{
    public double MeanGsnrDb => Channels.Average(c => c.GsnrDb);

    public double MeanGsnr01nmDb => Channels.Average(c => c.Gsnr01nmDb);

    public double MeanOsnrDb => Channels.Average(c => c.OsnrDb);

    public double MeanOsnr01nmDb => Channels.Average(c => c.Osnr01nmDb);

    public double MeanCdPsPerNm => Channels.Average(c => c.CdPsPerNm);

    public double MeanPmdPs => Channels.Average(c => c.PmdPs);

    public double MeanPdlDb => Channels.Average(c => c.PdlDb);

    public double MeanLatencyMs => Channels.Average(c => c.LatencyMs);

    /// <summary>Means per partition label, in order of first appearance (GNPy prints "mode_1: …, mode_2: …").</summary>
    public IReadOnlyList<(string Label, double GsnrDb, double Gsnr01nmDb, double OsnrDb, double Osnr01nmDb)> MeansByLabel() =>
        [.. Channels.GroupBy(c => c.Label).Select(g => (g.Key, g.Average(c => c.GsnrDb), g.Average(c => c.Gsnr01nmDb), g.Average(c => c.OsnrDb), g.Average(c => c.Osnr01nmDb)))];
}

/// <summary>
/// Propagates a spectrum along a designed path as GNPy's <c>propagate</c> does (<c>gnpy/core/elements.py</c>): fibres
/// add NLI (closed-form GN model, from each channel's total power as GNPy computes it) at their input, loss, CD, PMD
/// and latency; amplifiers limit their gain so the total
/// output stays within p_max, add ASE at their input (NF at the gain actually used, with the input pad below the
/// minimum gain) and apply the gain; ROADMs attenuate every channel to its degree's target (power, PSD × symbol rate, or
/// power per slot width × slot width, plus the carrier's offset), never amplifying; fused elements attenuate. The
/// transmitter OSNR and the ROADM add and drop OSNR (add_drop_osnr + 3 dB each) are summed at the receiver.
/// </summary>
public static class LineSimulator
{
    private const double OsnrBandwidthHz = 12.5e9;

    public static LineResult Propagate(IReadOnlyList<LineElement> path, IReadOnlyList<Carrier> carriers)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(carriers);
        var n = carriers.Count;
        var state = new SpectralState();
        foreach (var c in carriers)
        {
            state.AddTraced(c.FrequencyHz, c.BaudRateHz, c.RollOff, Db.DbmToWatts(c.TxPowerDbm));
        }

        var pdlSquared = new double[n];
        var addDropOsnr = new List<double>();
        var reports = new List<LineElementReport>();
        for (var i = 0; i < path.Count; i++)
        {
            var element = path[i];
            switch (element)
            {
                case LineFiber fiber:
                    new FiberSpan(SpanParameters(fiber.Settings), nliFromTotalPower: true).Propagate(state);
                    reports.Add(new LineElementReport(fiber, $"{fiber.Settings.LengthM / 1e3:0.00} km, loss {fiber.LossDb:0.00} dB", OutputPchDbm: MeanChannelDbm(state)));
                    break;
                case LineFused fused:
                    state.Scale(Db.ToLinear(-fused.LossDb));
                    reports.Add(new LineElementReport(fused, $"loss {fused.LossDb:0.00} dB", OutputPchDbm: MeanChannelDbm(state)));
                    break;
                case LineAmplifier amplifier:
                    reports.Add(Amplify(amplifier, state, pdlSquared));
                    break;
                case LineRoadm roadm:
                    var from = i > 0 ? path[i - 1] : null;
                    var to = i + 1 < path.Count ? path[i + 1] : null;
                    if (to is null)
                    {
                        throw new ArgumentException($"a path cannot end at ROADM '{roadm.Uid}'", nameof(path));
                    }

                    Equalise(roadm, to.Uid, state, carriers);
                    var s = roadm.Settings;
                    AddQuadrature(state.PmdSquared, s.PmdS * s.PmdS);
                    for (var k = 0; k < n; k++)
                    {
                        pdlSquared[k] += s.PdlDb * s.PdlDb;
                    }

                    if (from is LineTransceiver || to is LineTransceiver)
                    {
                        // Add and drop share the library's add_drop_osnr evenly: each contributes add_drop_osnr + 3 dB.
                        addDropOsnr.Add(s.AddDropOsnrDb + Db.FromLinear(2));
                    }

                    reports.Add(new LineElementReport(roadm, from is LineTransceiver ? "add" : to is LineTransceiver ? "drop" : "express", OutputPchDbm: MeanChannelDbm(state)));
                    break;
                case LineTransceiver:
                    reports.Add(new LineElementReport(element, i == 0 ? "transmitter" : "receiver", OutputPchDbm: MeanChannelDbm(state)));
                    break;
            }
        }

        var results = new LineChannelResult[n];
        var signal = state.Signal;
        var ase = state.Ase;
        var nli = state.Nli;
        for (var k = 0; k < n; k++)
        {
            var c = carriers[k];
            // Terms given as OSNR in 0.1 nm: transmitter and ROADM add/drop (GNPy's update_snr).
            var added01nm = Db.ToLinear(-c.TxOsnrDb);
            foreach (var stage in addDropOsnr)
            {
                added01nm += Db.ToLinear(-stage);
            }

            var toSignalBandwidth = c.BaudRateHz / OsnrBandwidthHz;
            var inverseAdded = added01nm * toSignalBandwidth;
            var inverseOsnr = ase[k] / signal[k] + inverseAdded;
            var inverseGsnr = inverseOsnr + nli[k] / signal[k];
            var gsnr = -Db.FromLinear(inverseGsnr);
            var osnr = -Db.FromLinear(inverseOsnr);
            var toReference = Db.FromLinear(toSignalBandwidth);
            results[k] = new LineChannelResult(
                c.FrequencyHz,
                c.BaudRateHz,
                c.Label,
                Db.WattsToDbm(signal[k] + ase[k] + nli[k]),
                gsnr,
                gsnr + toReference,
                osnr,
                osnr + toReference,
                Db.FromLinear(signal[k] / nli[k]),
                state.ChromaticDispersion[k] * 1e3,
                Math.Sqrt(state.PmdSquared[k]) * 1e12,
                Math.Sqrt(pdlSquared[k]),
                state.Latency[k] * 1e3);
        }

        return new LineResult(results, reports);
    }

    /// <summary>A span's parameters in the physics engine's form: the input pad counts as input connector loss.</summary>
    public static FiberSpanParameters SpanParameters(FiberSettings s) => new(
        LengthM: s.LengthM,
        AttenuationDbPerM: s.LossDbPerKm * 1e-3,
        ConnectorInDb: (s.ConnectorInDb ?? 0) + s.AttInDb,
        ConnectorOutDb: s.ConnectorOutDb ?? 0,
        DispersionSPerM2: s.DispersionSPerM2,
        ReferenceFrequencyHz: s.ReferenceFrequencyHz,
        EffectiveAreaM2: s.EffectiveAreaM2,
        N2: 2.6e-20,
        PmdCoefficient: s.PmdCoefficient,
        GroupIndex: PhysicalConstants.DefaultGroupIndex);

    private static LineElementReport Amplify(LineAmplifier amplifier, SpectralState state, double[] pdlSquared)
    {
        var model = amplifier.Model ?? throw new InvalidOperationException($"amplifier '{amplifier.Uid}' has no model: design the network first");
        if (amplifier.Settings.InVoaDb is { } inVoa)
        {
            state.Scale(Db.ToLinear(-inVoa));
        }

        var n = state.Count;
        var f = state.FrequencyHz;
        var r = state.BaudRate;
        var s = state.Signal;
        var a = state.Ase;
        var q = state.Nli;
        var pinDbm = Db.WattsToDbm(state.TotalPower());
        var gain = AmplifierDesign.LimitedGainDb(amplifier.EffectiveGainDb ?? 0, model.PMaxDbm, pinDbm);
        var slot = n > 1 ? f[1] - f[0] : 50e9;
        var (nf, _) = model.NoiseFigure(gain, pinDbm, n, slot);
        var outVoa = amplifier.OutVoaDb ?? 0;
        var linearGain = Db.ToLinear(gain - outVoa);
        var ripple = model.NfRippleDb;
        for (var k = 0; k < n; k++)
        {
            var nfk = nf + Interpolate(ripple, model.FMinHz, model.FMaxHz, f[k]);
            var ase = double.IsNegativeInfinity(nfk) ? 0 : PhysicalConstants.Planck * r[k] * f[k] * Db.ToLinear(nfk);
            s[k] *= linearGain;
            a[k] = (a[k] + ase) * linearGain;
            q[k] *= linearGain;
            pdlSquared[k] += model.PdlDb * model.PdlDb;
        }

        AddQuadrature(state.PmdSquared, model.PmdS * model.PmdS);
        return new LineElementReport(amplifier, $"{model.Variety}, gain {gain:0.00} dB, NF {nf:0.00} dB, in {pinDbm:0.00} dBm", gain, nf, MeanChannelDbm(state));
    }

    private static void Equalise(LineRoadm roadm, string degree, SpectralState state, IReadOnlyList<Carrier> carriers)
    {
        var s = state.Signal;
        var a = state.Ase;
        var q = state.Nli;
        for (var k = 0; k < state.Count; k++)
        {
            var c = carriers[k];
            var inputW = s[k] + a[k] + q[k];
            var target = roadm.TargetDbm(degree, c.BaudRateHz, c.SlotWidthHz) + c.DeltaPdbDb;
            // A ROADM attenuates, it does not amplify: a channel below its target keeps its power.
            var outputDbm = Math.Min(target, Db.WattsToDbm(inputW));
            var factor = Db.DbmToWatts(outputDbm) / inputW;
            s[k] *= factor;
            a[k] *= factor;
            q[k] *= factor;
        }
    }

    private static void AddQuadrature(Span<double> squares, double value)
    {
        for (var k = 0; k < squares.Length; k++)
        {
            squares[k] += value;
        }
    }

    /// <summary>numpy's <c>interp</c> of a ripple given at evenly spaced points from f_min to f_max (clamped at the ends).</summary>
    private static double Interpolate(IReadOnlyList<double> values, double fMin, double fMax, double f)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        if (values.Count == 1 || f <= fMin)
        {
            return values[0];
        }

        if (f >= fMax)
        {
            return values[^1];
        }

        var position = (f - fMin) / (fMax - fMin) * (values.Count - 1);
        var i = (int)Math.Floor(position);
        var t = position - i;
        return i + 1 < values.Count ? values[i] + t * (values[i + 1] - values[i]) : values[i];
    }

    private static double MeanChannelDbm(SpectralState state)
    {
        var sum = 0.0;
        for (var k = 0; k < state.Count; k++)
        {
            sum += Db.WattsToDbm(state.Signal[k] + state.Ase[k] + state.Nli[k]);
        }

        return state.Count == 0 ? double.NaN : sum / state.Count;
    }
}
