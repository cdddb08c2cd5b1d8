namespace Continuum.Pce.Grains.Storage;

/// <summary>
/// A grain's writes when some changes may be answered before they are durable (releases). Group commit as
/// <see cref="CoalescingWriter"/>; a lazy change rides on the next write; the last write of an activation that ends
/// normally stores the state <em>sealed</em> (nothing it changed is missing), every other write unsealed. A lazy change
/// on a grain whose stored state is sealed is written before it is answered, so a seal never hides a lost change.
/// Used by the fibre grain (spectrum releases) and the node grain (interface releases).
/// </summary>
internal sealed class SealingWriter
{
    private readonly CoalescingWriter _writer;
    private readonly Action _onFailure;
    private bool _sealing;

    /// <param name="write">Writes the grain's state with the given seal flag stored in it.</param>
    /// <param name="loadedSealed">Whether the state as loaded was sealed.</param>
    /// <param name="onFailure">Called when a write fails (the grain drops its activation).</param>
    public SealingWriter(Func<bool, Task> write, bool loadedSealed, Action onFailure)
    {
        _onFailure = onFailure;
        SealedOnDisk = loadedSealed;
        _writer = new CoalescingWriter(async () =>
        {
            Unwritten = false;
            var seal = _sealing;
            await write(seal);
            SealedOnDisk = seal;
        });
    }

    /// <summary>The in-memory state has changes no write has yet started to carry.</summary>
    public bool Unwritten { get; private set; }

    /// <summary>What storage holds is sealed.</summary>
    public bool SealedOnDisk { get; private set; }

    /// <summary>A write failed: the in-memory state is not to be trusted and is never written again.</summary>
    public bool Broken { get; private set; }

    /// <summary>Completes once a write that includes every change made so far is durable.</summary>
    public async Task FlushAsync()
    {
        try
        {
            await _writer.FlushAsync();
        }
        catch
        {
            Broken = true;
            _onFailure();
            throw;
        }
    }

    /// <summary>A change that may be answered before it is durable: written now only behind a seal.</summary>
    public Task ChangedLazilyAsync()
    {
        if (SealedOnDisk)
        {
            return FlushAsync();
        }

        Unwritten = true;
        return Task.CompletedTask;
    }

    /// <summary>A change whose loss is harmless (recovered otherwise): written with the next write, never forced.</summary>
    public void ChangedHarmlessly() => Unwritten = true;

    public Task FlushIfUnwrittenAsync() => Unwritten ? FlushAsync() : Task.CompletedTask;

    /// <summary>
    /// The deactivation's write, sealed — unless the activation is broken, or storage already holds everything (or
    /// nothing was ever stored and nothing changed).
    /// </summary>
    public Task SealAsync(bool recordExists)
    {
        if (Broken || (!Unwritten && (SealedOnDisk || !recordExists)))
        {
            return Task.CompletedTask;
        }

        _sealing = true;
        return FlushAsync();
    }
}
