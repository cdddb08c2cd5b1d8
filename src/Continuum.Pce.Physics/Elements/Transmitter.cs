using Continuum.Pce.Domain.Units;

namespace Continuum.Pce.Physics.Elements;

/// <summary>
/// A transceiver's transmit side: its finite OSNR (given in 0.1 nm) becomes a 1/SNR term in the signal bandwidth,
/// 1/SNR = R_s / (12.5 GHz · OSNR), as GNPy's <c>tx_osnr</c>.
/// </summary>
public sealed class Transmitter(double txOsnrDb) : IOpticalElement
{
    public double TxOsnrDb { get; } = txOsnrDb;

    public void Propagate(SpectralState state) => Apply(state, TxOsnrDb);

    /// <summary>Adds the transmitter term of a given OSNR to every traced channel (no element instance needed).</summary>
    public static void Apply(SpectralState state, double txOsnrDb)
    {
        var inverseOsnr = 1 / Decibels.ToLinear(txOsnrDb);
        var r = state.BaudRate;
        var terms = state.InverseSnrTerms;
        for (var i = 0; i < state.TracedCount; i++)
        {
            terms[i] += r[i] / PhysicalConstants.OsnrReferenceBandwidthHz * inverseOsnr;
        }
    }
}
