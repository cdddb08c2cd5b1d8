namespace Continuum.Pce.Grains.Storage;

/// <summary>
/// Group commit inside one reentrant grain. A turn changes the grain's state in memory (atomically: no await between
/// check and change), then awaits <see cref="FlushAsync"/>, which completes once a write that includes that change is
/// durable. While one write is in flight, later changes ride on the next single write instead of queueing one each,
/// so a hot grain (a busy fibre) costs one storage round trip per burst rather than per request.
/// </summary>
internal sealed class CoalescingWriter(Func<Task> write)
{
    private Task? _inFlight;
    private bool _dirty;

    public Task FlushAsync()
    {
        _dirty = true;
        return _inFlight ??= RunAsync();
    }

    private async Task RunAsync()
    {
        try
        {
            // Yield once so that changes made by turns already queued join this write.
            await Task.Yield();
            while (_dirty)
            {
                _dirty = false;
                await write();
            }
        }
        finally
        {
            _inFlight = null;
        }
    }
}
