namespace Continuum.Pce.Physics;

/// <summary>
/// A network element as a local transform of the spectral state: it reads and writes the per-channel arrays using
/// only its own parameters (GNPy's element model: each element's <c>__call__</c> propagates the spectral information).
/// </summary>
public interface IOpticalElement
{
    /// <summary>Applies the element to the state in place.</summary>
    void Propagate(SpectralState state);
}
