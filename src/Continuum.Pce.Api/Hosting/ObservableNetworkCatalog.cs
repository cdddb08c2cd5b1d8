using Continuum.Pce.Application.Ports;

namespace Continuum.Pce.Api.Hosting;

/// <summary>
/// This server's network catalog, which says when a new snapshot is published: by the topology grain when this silo
/// hosts it, or by the <see cref="Grains.Topology.TopologyFollower"/> when another server loaded it. The server becomes
/// ready on the first one and moves its device plane to each later one.
/// </summary>
public sealed class ObservableNetworkCatalog : INetworkCatalog
{
    private volatile NetworkSnapshot? _current;

    public event Action<NetworkSnapshot>? Published;

    public NetworkSnapshot? Current => _current;

    public void Publish(NetworkSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        _current = snapshot;
        Published?.Invoke(snapshot);
    }
}
