using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Ports;

namespace Continuum.Pce.Grains.Lightpaths;

/// <summary>Per-silo services of the lightpath grains: the current topology's path facts, memoised per version.</summary>
public sealed class LightpathServices(INetworkCatalog catalog)
{
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

            var topology = new PathTopology(snapshot.Network);
            _cached = (snapshot.Version, topology);
            return topology;
        }
    }
}
