namespace Continuum.Pce.Grains.Storage;

/// <summary>
/// Told of every grain state this silo has durably written, after the write: the host's change feeds (lightpath
/// watch streams, alarms, metrics) are built on it. Called on the grain's turn: it must be fast and must not throw.
/// </summary>
public interface IGrainStateObserver
{
    /// <param name="grainType">The Orleans grain type ("lightpath", "fiber", ...).</param>
    /// <param name="grainKey">The grain's key.</param>
    /// <param name="state">The state object just written (read it, never keep or change it).</param>
    void OnWritten(string grainType, string grainKey, object? state);
}
