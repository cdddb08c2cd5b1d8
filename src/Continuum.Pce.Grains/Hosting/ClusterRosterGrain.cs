using Continuum.Pce.Grains.Abstractions;
using Orleans;
using Orleans.Runtime;

namespace Continuum.Pce.Grains.Hosting;

/// <summary>The roster of silos that receive cluster events; entries not renewed within <see cref="Lease"/> drop out.</summary>
public sealed class ClusterRosterGrain(TimeProvider time) : Grain, IClusterRosterGrain
{
    /// <summary>Three renewals (<see cref="ClusterEventRelay"/> renews every 5 s by default).</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(15);

    private readonly Dictionary<SiloAddress, (IClusterEventObserver Observer, DateTimeOffset Expires)> _entries = [];

    public Task<ClusterPeer[]> Join(SiloAddress silo, IClusterEventObserver observer)
    {
        var now = time.GetUtcNow();
        _entries[silo] = (observer, now + Lease);
        foreach (var expired in _entries.Where(e => e.Value.Expires < now).Select(e => e.Key).ToList())
        {
            _entries.Remove(expired);
        }

        return Task.FromResult(_entries.Select(e => new ClusterPeer(e.Key, e.Value.Observer)).ToArray());
    }
}
