using System.Threading.Channels;
using Continuum.Pce.Application.Lightpaths.Service;
using Continuum.Pce.Grains.Abstractions;
using Continuum.Pce.Grains.Lightpaths;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;

namespace Continuum.Pce.Grains.Hosting;

/// <summary>Receives the lightpath changes committed on other silos (the server's change feed).</summary>
public interface IClusterLightpathListener
{
    void OnRemoteChange(LightpathChangeNotice change);
}

/// <summary>
/// Makes lightpath changes cluster-wide: each change committed on this silo goes to the local sink (the server's change
/// feed) and, in batches, to every other active silo's relay, which hands it to its own listener; so a watch stream on any
/// server sees the changes of every silo's grains. Silos find each other through the <see cref="IClusterRosterGrain"/>
/// and Orleans membership (a silo declared dead receives nothing more). Delivery is best effort, like a watch stream:
/// a change sent while a silo dies is lost to that silo's streams, never to the store.
/// </summary>
public sealed class ClusterEventRelay : ILightpathEventSink, IClusterEventObserver, ILifecycleParticipant<ISiloLifecycle>
{
    private readonly ILightpathEventSink _local;
    private readonly IClusterLightpathListener _listener;
    private readonly IGrainFactory _grains;
    private readonly ILocalSiloDetails _silo;
    private readonly IClusterMembershipService _membership;
    private readonly ILogger<ClusterEventRelay> _logger;
    private readonly Channel<LightpathChangeNotice> _outbox = Channel.CreateBounded<LightpathChangeNotice>(new BoundedChannelOptions(65_536) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private volatile ClusterPeer[] _peers = [];
    private IClusterEventObserver? _self;
    private Task _loops = Task.CompletedTask;

    public ClusterEventRelay(ILightpathEventSink local, IClusterLightpathListener listener, IGrainFactory grains, ILocalSiloDetails silo, IClusterMembershipService membership, ILogger<ClusterEventRelay> logger)
    {
        _local = local;
        _listener = listener;
        _grains = grains;
        _silo = silo;
        _membership = membership;
        _logger = logger;
    }

    /// <summary>How often this silo renews its roster entry and re-reads the others (a new silo is heard within this).</summary>
    public TimeSpan RenewInterval { get; init; } = TimeSpan.FromSeconds(5);

    public void Publish(LightpathChanged change)
    {
        ArgumentNullException.ThrowIfNull(change);
        _local.Publish(change);
        if (_self is null)
        {
            return;
        }

        var transition = change.Transition;
        _outbox.Writer.TryWrite(new LightpathChangeNotice(OrderMapping.ToView(change.Data), transition?.From, transition?.To, transition?.At ?? DateTimeOffset.UtcNow, transition?.Reason));
    }

    public Task OnLightpathChanges(LightpathChangeNotice[] changes)
    {
        foreach (var change in changes)
        {
            _listener.OnRemoteChange(change);
        }

        return Task.CompletedTask;
    }

    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(nameof(ClusterEventRelay), ServiceLifecycleStage.Active, Start, Stop);
    }

    private async Task Start(CancellationToken cancellationToken)
    {
        _self = _grains.CreateObjectReference<IClusterEventObserver>(this);
        await RenewAsync();
        _loops = Task.WhenAll(Task.Run(() => RenewLoopAsync(_stopping.Token), CancellationToken.None), Task.Run(() => SendLoopAsync(_stopping.Token), CancellationToken.None));
    }

    private async Task Stop(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        _outbox.Writer.TryComplete();
        try
        {
            await _loops.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        if (_self is { } self)
        {
            _grains.DeleteObjectReference<IClusterEventObserver>(self);
        }
    }

    private async Task RenewAsync()
    {
        try
        {
            var roster = await _grains.GetGrain<IClusterRosterGrain>("default").Join(_silo.SiloAddress, _self!);
            _peers = roster;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The roster's silo just died: the next renewal reactivates it elsewhere.
            _logger.LogDebug(e, "cluster roster renewal failed; retrying");
        }
    }

    private async Task RenewLoopAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(RenewInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                await RenewAsync();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task SendLoopAsync(CancellationToken stopping)
    {
        var batch = new List<LightpathChangeNotice>(256);
        try
        {
            while (await _outbox.Reader.WaitToReadAsync(stopping))
            {
                batch.Clear();
                while (batch.Count < 256 && _outbox.Reader.TryRead(out var change))
                {
                    batch.Add(change);
                }

                var changes = batch.ToArray();
                var members = _membership.CurrentSnapshot;
                var active = members.Members.Values.Count(m => m.Status == SiloStatus.Active);
                if (_peers.Count(p => members.GetSiloStatus(p.Silo) == SiloStatus.Active) < active)
                {
                    // A silo joined since the last renewal: learn its receiver before sending, so that it misses nothing.
                    await RenewAsync();
                }

                foreach (var peer in _peers)
                {
                    if (peer.Silo.Equals(_silo.SiloAddress) || members.GetSiloStatus(peer.Silo) != SiloStatus.Active)
                    {
                        continue;
                    }

                    try
                    {
                        // One-way: a slow or dying silo never holds back this one.
                        _ = peer.Observer.OnLightpathChanges(changes);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        _logger.LogDebug(e, "cluster event to {Silo} not sent", peer.Silo);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
