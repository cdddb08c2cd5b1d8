using Continuum.Pce.Application.Ports;
using Continuum.Pce.Grains.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;

namespace Continuum.Pce.Grains.Topology;

/// <summary>How each silo follows the cluster's topology (section "Pce:Topology").</summary>
public sealed class TopologyFollowOptions
{
    public const string Section = "Pce:Topology";

    /// <summary>
    /// How often a silo asks the topology grain for its version. A replacement loaded through another server reaches this
    /// one's catalog within about this long (the server that loaded it publishes at once).
    /// </summary>
    public TimeSpan FollowInterval { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// Keeps this silo's <see cref="INetworkCatalog"/> on the topology the cluster stores: the topology grain lives on one
/// silo and publishes only there, so every silo asks it for its version (a grain call: after the death of the silo that
/// hosted it, the call reactivates it elsewhere) and, when the version differs, rebuilds its snapshot from the stored
/// documents. Runs from the silo's Active stage until it stops.
/// </summary>
public sealed class TopologyFollower(
    IGrainFactory grains,
    INetworkCatalog catalog,
    ITopologyCodec? codec,
    IOptions<TopologyFollowOptions> options,
    ILogger<TopologyFollower> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(nameof(TopologyFollower), ServiceLifecycleStage.Active, Start, Stop);
    }

    private readonly SemaphoreSlim _once = new(1, 1);

    /// <summary>
    /// Makes sure this silo's catalog holds a topology when the cluster stores one: a grain activated here between the
    /// silo joining and the first follow would otherwise find none. Cheap once a topology is held (one field read).
    /// </summary>
    public async ValueTask EnsureAsync()
    {
        if (catalog.Current is not null || codec is null)
        {
            return;
        }

        await _once.WaitAsync();
        try
        {
            if (catalog.Current is null)
            {
                await FollowOnceAsync();
            }
        }
        finally
        {
            _once.Release();
        }
    }

    /// <summary>Fetches the stored topology once and publishes it here when this silo's catalog holds another version; true when the catalog is current.</summary>
    public async Task<bool> FollowOnceAsync()
    {
        if (codec is null)
        {
            // A silo composed without the topology codec (some grain tests) has its catalog published by hand.
            return catalog.Current is not null;
        }

        var topology = grains.GetGrain<ITopologyGrain>("default");
        var version = await topology.GetVersion();
        if (version == 0)
        {
            return catalog.Current is not null;
        }

        if (catalog.Current?.Version == version)
        {
            return true;
        }

        if (await topology.GetDocuments() is not { } documents || documents.Version == catalog.Current?.Version)
        {
            return catalog.Current is not null;
        }

        if (!codec.TryRead(documents.Network, documents.Equipment, out var network, out var equipment, out var errors))
        {
            // Stored documents were validated when loaded; a codec that now refuses them is a bug, not an input error.
            logger.LogError("stored topology v{Version} does not read: {Errors}", documents.Version, string.Join("; ", errors.Take(5)));
            return false;
        }

        catalog.Publish(new NetworkSnapshot(network!, equipment!, documents.Version));
        logger.LogInformation("topology v{Version} ({Name}) followed from the cluster", documents.Version, network!.Name);
        return true;
    }

    private Task Start(CancellationToken cancellationToken)
    {
        _loop = Task.Run(() => LoopAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task Stop(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        try
        {
            await _loop.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task LoopAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(options.Value.FollowInterval);
        do
        {
            try
            {
                await FollowOnceAsync().WaitAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The silo that hosted the topology grain died and membership has not declared it yet, or storage is
                // briefly unreachable: the next tick asks again.
                logger.LogDebug(e, "topology follow failed; retrying");
            }
        }
        while (await timer.WaitForNextTickAsync(stopping).AsTask().ContinueWith(t => !t.IsCanceled && t.Result, TaskScheduler.Default));
    }
}
