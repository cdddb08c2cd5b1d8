using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Units;

namespace Continuum.Pce.Physics.Elements;

/// <summary>
/// A ROADM's equalisation target in SI units: one power for every channel (W), or a power spectral density (W/Hz) that
/// each channel gets times its symbol rate (GNPy's <c>psd2powerdbm</c>).
/// </summary>
public readonly record struct ChannelPowerTarget(bool PerHertz, double Value)
{
    public static ChannelPowerTarget Power(double watts) => new(false, watts);

    public static ChannelPowerTarget Density(double wattsPerHz) => new(true, wattsPerHz);

    /// <summary>From the network's target: dBm, or mW/GHz (1 mW/GHz = 1e-12 W/Hz).</summary>
    public static ChannelPowerTarget From(EqualisationTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Kind == EqualisationKind.Psd ? Density(target.Value * 1e-12) : Power(Decibels.DbmToWatts(target.Value));
    }

    /// <summary>The power, W, of a channel of <paramref name="baudRateHz"/>.</summary>
    public double For(double baudRateHz) => PerHertz ? Value * baudRateHz : Value;
}
