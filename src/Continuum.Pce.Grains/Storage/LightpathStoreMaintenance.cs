using Continuum.Pce.Grains.Lightpaths;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;

namespace Continuum.Pce.Grains.Storage;

/// <summary>How long the store keeps lightpaths nobody can use any more (section "Pce:Retention", docs/api.md).</summary>
public sealed class LightpathRetentionOptions
{
    public const string Section = "Pce:Retention";

    /// <summary>
    /// How long a deleted lightpath, or a blocked request (failed with nothing held and nothing owed to a device), stays
    /// readable after its last change; then its record (with its history) is deleted. Null: kept forever.
    /// </summary>
    public TimeSpan? TerminalLightpaths { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often each silo looks for expired records.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Records deleted per statement (a sweep repeats until none is left).</summary>
    public int BatchSize { get; set; } = 1000;

    /// <summary>
    /// The lifecycle events a lightpath keeps besides its first (the request): the newest this many. A live lightpath
    /// that flaps (restoration, health, reconciliation) would otherwise grow its stored record and its memory without
    /// bound; the events dropped are counted (<c>historyTrimmed</c>).
    /// </summary>
    public int HistoryEntries { get; set; } = DefaultHistoryEntries;

    public const int DefaultHistoryEntries = 64;
}

/// <summary>
/// Background care of the stored lightpaths, off the path to readiness: once, the index of records written before the
/// store had one (so listing by tenant and state finds them); then, periodically, the retention policy. Every silo runs
/// it; both steps are idempotent, so silos that run them together only repeat each other's work.
/// </summary>
public sealed class LightpathStoreMaintenance(
    IGrainStateStore store,
    IOptions<LightpathRetentionOptions> options,
    TimeProvider time,
    ILogger<LightpathStoreMaintenance> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(nameof(LightpathStoreMaintenance), ServiceLifecycleStage.Active, _ =>
        {
            _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
            return Task.CompletedTask;
        }, async ct =>
        {
            await _stopping.CancelAsync();
            try
            {
                await _loop.WaitAsync(ct);
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }
        });
    }

    /// <summary>Indexes every stored lightpath that has no index yet; returns how many.</summary>
    public async Task<int> BackfillAsync(CancellationToken cancellationToken = default)
    {
        var done = 0;
        string? after = null;
        while (true)
        {
            var page = await store.UnindexedAsync(LightpathDirectory.GrainType, after, 500, cancellationToken).ConfigureAwait(false);
            foreach (var (key, name, stored) in page)
            {
                after = key;
                var index = LightpathStateIndex.Of(GrainStateSerializer.Deserialize<LightpathGrainState>(stored.Payload), time);
                if (!index.IsNone)
                {
                    await store.SetIndexAsync(LightpathDirectory.GrainType, key, name, index, cancellationToken).ConfigureAwait(false);
                    done++;
                }
            }

            if (page.Count < 500)
            {
                return done;
            }
        }
    }

    /// <summary>Deletes the terminal lightpaths older than the retention; returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken = default)
    {
        if (options.Value.TerminalLightpaths is not { } keep)
        {
            return 0;
        }

        var before = (time.GetUtcNow() - keep).ToUnixTimeMilliseconds();
        var total = 0;
        int deleted;
        do
        {
            deleted = await store.PurgeTerminalAsync(LightpathDirectory.GrainType, before, options.Value.BatchSize, cancellationToken).ConfigureAwait(false);
            total += deleted;
        }
        while (deleted == options.Value.BatchSize);
        return total;
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            var indexed = await BackfillAsync(stopping);
            if (indexed > 0)
            {
                logger.LogInformation("{Count} stored lightpaths indexed for listing by tenant and state", indexed);
            }

            using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
            do
            {
                var purged = await SweepAsync(stopping);
                if (purged > 0)
                {
                    logger.LogInformation("{Count} deleted or blocked lightpaths past the retention of {Retention} purged", purged, options.Value.TerminalLightpaths);
                }
            }
            while (await timer.WaitForNextTickAsync(stopping));
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "lightpath store maintenance stopped; it runs again on the next start");
        }
    }
}
