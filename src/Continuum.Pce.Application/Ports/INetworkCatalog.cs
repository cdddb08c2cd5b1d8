using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Network;

namespace Continuum.Pce.Application.Ports;

/// <summary>A validated network with its equipment library and the topology version it was loaded as.</summary>
public sealed record NetworkSnapshot(OpticalNetwork Network, EquipmentLibrary Equipment, long Version);

/// <summary>The current topology as this process knows it. Grains and workers read it; the topology grain replaces it.</summary>
public interface INetworkCatalog
{
    /// <summary>The current snapshot, or null before any topology is loaded.</summary>
    NetworkSnapshot? Current { get; }

    void Publish(NetworkSnapshot snapshot);
}

/// <summary>Reads network and equipment documents (implemented by Topology.IO; the host composes it).</summary>
public interface ITopologyCodec
{
    /// <summary>Parses and validates; on failure returns every error as "path: reason" lines.</summary>
    bool TryRead(string networkJson, string equipmentJson, out OpticalNetwork? network, out EquipmentLibrary? equipment, out IReadOnlyList<string> errors);
}

/// <summary>An <see cref="INetworkCatalog"/> held in memory (one per process).</summary>
public sealed class InMemoryNetworkCatalog : INetworkCatalog
{
    private volatile NetworkSnapshot? _current;

    public NetworkSnapshot? Current => _current;

    public void Publish(NetworkSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        _current = snapshot;
    }
}
