using System.Collections.Concurrent;
using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Lightpaths.Service;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Grains.Abstractions;
using Orleans;

namespace Continuum.Pce.Grains.Lightpaths;

/// <summary>
/// Per-silo services of the lightpath grains: the current topology's path facts, memoised per version, and the
/// references to fibre and node grains (resolving a reference by string key formats the interface type each time,
/// which cost about 5 % of a create).
/// </summary>
public sealed class LightpathServices(INetworkCatalog catalog, IGrainFactory grains) : IPathTopologySource
{
    private readonly ConcurrentDictionary<FiberId, IFiberGrain> _fibers = new();
    private readonly ConcurrentDictionary<NodeId, IOpticalNodeGrain> _nodes = new();
    private (long Version, PathTopology Topology)? _cached;

    public NetworkSnapshot Snapshot => catalog.Current ?? throw new InvalidOperationException("no topology is loaded");

    public PathTopology Topology
    {
        get
        {
            var snapshot = Snapshot;
            var cached = _cached;
            if (cached is { } c && c.Version == snapshot.Version)
            {
                return c.Topology;
            }

            var topology = new PathTopology(snapshot.Network, snapshot.Equipment);
            _cached = (snapshot.Version, topology);
            return topology;
        }
    }

    /// <summary>The grain of a fibre; given a pair key (<see cref="Domain.Network.Fiber.PairKey"/>), the grain that keeps the pair.</summary>
    public IFiberGrain Fiber(FiberId id) =>
        _fibers.TryGetValue(id, out var grain) ? grain : _fibers.GetOrAdd(id, static (f, g) => g.GetGrain<IFiberGrain>(f.Value), grains);

    public IOpticalNodeGrain Node(NodeId id) =>
        _nodes.TryGetValue(id, out var grain) ? grain : _nodes.GetOrAdd(id, static (n, g) => g.GetGrain<IOpticalNodeGrain>(n.Value), grains);
}
