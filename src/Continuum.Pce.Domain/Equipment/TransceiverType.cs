using System.Collections.Immutable;
using Continuum.Pce.Domain.Identity;

namespace Continuum.Pce.Domain.Equipment;

/// <summary>
/// One operating mode of a coherent transceiver.
/// </summary>
/// <param name="LineRateGbps">Client-side payload rate, Gb/s.</param>
/// <param name="BaudRateGbaud">Symbol rate, GBd.</param>
/// <param name="RollOff">Nyquist pulse-shaping roll-off (0.0–1.0).</param>
/// <param name="RequiredOsnrDb">OSNR in 0.1 nm needed at the receiver for error-free post-FEC operation (back-to-back plus implementation).</param>
/// <param name="MinSpacingGhz">Minimum channel spacing; the channel width is rounded up to 12.5 GHz multiples.</param>
/// <param name="ReachKm">Nominal reach used when no QoT estimate is available.</param>
/// <param name="PowerW">Electrical power drawn by one interface in this mode, W.</param>
/// <param name="Cost">Cost of one interface, in the library's currency.</param>
/// <param name="TxOsnrDb">Transmitter OSNR in 0.1 nm.</param>
/// <param name="CdTolerancePsPerNm">Chromatic dispersion the DSP compensates.</param>
/// <param name="PmdTolerancePs">Mean DGD the DSP tolerates.</param>
/// <param name="LatencyUs">DSP and FEC latency of one transceiver (transmit plus receive halves).</param>
/// <param name="BitsPerSymbol">Bits per symbol per polarisation (QPSK 2, 16QAM 4, ...), for reports.</param>
public sealed record TransceiverMode(
    ModeId Id,
    string Format,
    int LineRateGbps,
    double BaudRateGbaud,
    double RollOff,
    double RequiredOsnrDb,
    double MinSpacingGhz,
    double ReachKm,
    double PowerW,
    double Cost,
    double TxOsnrDb,
    double CdTolerancePsPerNm,
    double PmdTolerancePs,
    double LatencyUs,
    int BitsPerSymbol)
{
    /// <summary>Signal bandwidth B = R_s (1 + roll-off), GHz.</summary>
    public double SignalBandwidthGhz => BaudRateGbaud * (1 + RollOff);

    /// <summary>Channel width: 12.5 GHz · ceil(max(B, min spacing) / 12.5 GHz), in MHz.</summary>
    public long ChannelWidthMhz
    {
        get
        {
            var needed = Math.Max(SignalBandwidthGhz, MinSpacingGhz);
            var units = (long)Math.Ceiling(needed / 12.5 - 1e-9);
            return units * 12_500;
        }
    }
}

/// <summary>A transceiver product (a pluggable or a line card) and the modes it can run.</summary>
public sealed record TransceiverType(TransceiverTypeId Id, string Name, ImmutableArray<TransceiverMode> Modes)
{
    /// <summary>
    /// The laser can be retuned while carrying traffic (the carrier slides to a new centre frequency without loss of
    /// frame): a spectrum defragmentation may then slide the channel over free slots instead of moving it
    /// make-before-break. Off unless the equipment library says so.
    /// </summary>
    public bool HitlessRetune { get; init; }

    public bool TryGetMode(ModeId id, out TransceiverMode mode)
    {
        foreach (var m in Modes)
        {
            if (m.Id == id)
            {
                mode = m;
                return true;
            }
        }

        mode = null!;
        return false;
    }
}
