using Continuum.Pce.Domain.Network;

namespace Continuum.Pce.DeviceEmulator;

/// <summary>What the emulator knows about a lit channel when it reports its OSNR: the receiving transponder, the
/// carrier, the launch power and the fibres the light crossed from transmitter to receiver, in order.</summary>
public sealed record ChannelQualityInput(string Transponder, long FrequencyMhz, double LaunchPowerDbm, IReadOnlyList<Fiber> Fibers);

/// <summary>The source of a lit channel's OSNR (dB in 0.1 nm). The physics engine's QoT model plugs in here.</summary>
public interface IChannelQualityModel
{
    double OsnrDb(ChannelQualityInput input);
}

/// <summary>
/// PLACEHOLDER until Continuum.Pce.Physics feeds the emulator: the textbook linear-ASE estimate
/// OSNR ≈ 58 + P_ch − NF − L_span − 10·log10(N_spans) (dBm, dB; 0.1 nm reference bandwidth) with NF = 5.5 dB and
/// 0.22 dB/km fibre, ignoring nonlinear interference, ROADM filtering and add/drop noise.
/// </summary>
public sealed class PlaceholderChannelQualityModel : IChannelQualityModel
{
    public double OsnrDb(ChannelQualityInput input)
    {
        var spans = Math.Max(1, input.Fibers.Sum(f => f.Spans.Length));
        var lengthKm = input.Fibers.Sum(f => f.LengthKm);
        var averageSpanLossDb = 0.22 * lengthKm / spans;
        var osnr = 58 + input.LaunchPowerDbm - 5.5 - averageSpanLossDb - 10 * Math.Log10(spans);
        return Math.Clamp(osnr, 0, 40);
    }
}
