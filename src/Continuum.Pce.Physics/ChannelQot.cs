using Continuum.Pce.Domain.Units;

namespace Continuum.Pce.Physics;

/// <summary>
/// Quality of transmission of one channel at the end of a path.
/// GSNR = P_sig / (P_ASE + P_NLI) combined with the transmitter and add/drop terms (1/SNR adds); OSNR counts ASE and
/// those terms only. "0.1 nm" figures refer the noise to 12.5 GHz: X_0.1nm = X_Rs + 10·log10(R_s / 12.5 GHz).
/// </summary>
public readonly record struct ChannelQot(
    double FrequencyHz,
    double BaudRate,
    double SignalW,
    double AseW,
    double NliW,
    double GsnrDb,
    double Gsnr01nmDb,
    double OsnrDb,
    double Osnr01nmDb,
    double CdPsPerNm,
    double PmdPs,
    double LatencySeconds)
{
    /// <summary>Reads traced channel <paramref name="i"/> of a state.</summary>
    public static ChannelQot FromState(SpectralState state, int i)
    {
        var s = state.Signal[i];
        var r = state.BaudRate[i];
        var ase = state.Ase[i];
        var nli = state.Nli[i];
        var terms = state.InverseSnrTerms[i];
        var inverseOsnr = ase / s + terms;
        var inverseGsnr = inverseOsnr + nli / s;
        var toReference = 10 * Math.Log10(r / PhysicalConstants.OsnrReferenceBandwidthHz);
        var gsnr = -10 * Math.Log10(inverseGsnr);
        var osnr = -10 * Math.Log10(inverseOsnr);
        return new ChannelQot(
            state.FrequencyHz[i],
            r,
            s,
            ase,
            nli,
            gsnr,
            gsnr + toReference,
            osnr,
            osnr + toReference,
            state.ChromaticDispersion[i] * 1e3,
            Math.Sqrt(state.PmdSquared[i]) * 1e12,
            state.Latency[i]);
    }
}

/// <summary>Per-channel results of a path and their means (dB figures averaged in dB, as GNPy reports them).</summary>
public sealed record QotReport(IReadOnlyList<ChannelQot> Channels)
{
    public double MeanGsnrDb => Channels.Average(c => c.GsnrDb);

    public double MeanGsnr01nmDb => Channels.Average(c => c.Gsnr01nmDb);

    public double MeanOsnrDb => Channels.Average(c => c.OsnrDb);

    public double MeanOsnr01nmDb => Channels.Average(c => c.Osnr01nmDb);

    public double MeanCdPsPerNm => Channels.Average(c => c.CdPsPerNm);

    public double MeanPmdPs => Channels.Average(c => c.PmdPs);

    public double MeanLatencySeconds => Channels.Average(c => c.LatencySeconds);

    public double MinGsnrDb => Channels.Min(c => c.GsnrDb);

    /// <summary>Reads every traced channel of a state.</summary>
    public static QotReport FromState(SpectralState state)
    {
        var channels = new ChannelQot[state.TracedCount];
        for (var i = 0; i < channels.Length; i++)
        {
            channels[i] = ChannelQot.FromState(state, i);
        }

        return new QotReport(channels);
    }
}
