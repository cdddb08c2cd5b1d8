using Continuum.Pce.Application.Ports;
using Continuum.Pce.Grains.Abstractions;
using Continuum.Pce.Grains.Storage;
using Orleans;
using Orleans.Runtime;

namespace Continuum.Pce.Grains.Topology;

/// <summary>Stored state of the topology grain: the documents as loaded, and their version.</summary>
[StateSchema(1)]
public sealed class TopologyState
{
    public string? Network { get; set; }

    public string? Equipment { get; set; }

    public long Version { get; set; }
}

/// <summary>Raised when a topology document does not validate; carries every error.</summary>
[GenerateSerializer, Alias("pce.TopologyRejectedException")]
public sealed class TopologyRejectedException : Exception
{
    public TopologyRejectedException(IReadOnlyList<string> errors)
        : base("topology rejected: " + string.Join("; ", errors))
    {
        Errors = [.. errors];
    }

    [Id(0)]
    public string[] Errors { get; init; } = [];
}

/// <summary>
/// The versioned topology, one fact for the whole cluster. Loading validates the documents through the codec port, bumps
/// the version, persists the documents and publishes the new snapshot to this silo's catalog; every other silo's
/// <see cref="TopologyFollower"/> sees the new version and rebuilds its catalog from <see cref="GetDocuments"/>.
/// </summary>
public sealed class TopologyGrain(
    [PersistentState("topology", "pce")] IPersistentState<TopologyState> state,
    ITopologyCodec codec,
    INetworkCatalog catalog) : Grain, ITopologyGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        PublishStored();
        return Task.CompletedTask;
    }

    /// <summary>Publishes the stored topology to this silo's catalog when the catalog holds another version.</summary>
    private void PublishStored()
    {
        if (state.State.Network is { } network && state.State.Equipment is { } equipment &&
            (catalog.Current is null || catalog.Current.Version != state.State.Version) &&
            codec.TryRead(network, equipment, out var net, out var eq, out _))
        {
            catalog.Publish(new NetworkSnapshot(net!, eq!, state.State.Version));
        }
    }

    public async Task<TopologySummary> Load(string networkJson, string equipmentJson)
    {
        if (!codec.TryRead(networkJson, equipmentJson, out var network, out var equipment, out var errors))
        {
            throw new TopologyRejectedException(errors);
        }

        state.State.Network = networkJson;
        state.State.Equipment = equipmentJson;
        state.State.Version++;
        await state.WriteStateAsync();
        catalog.Publish(new NetworkSnapshot(network!, equipment!, state.State.Version));
        return Summary()!;
    }

    public async Task<TopologySummary> LoadInitial(string networkJson, string equipmentJson)
    {
        if (state.State.Network is null)
        {
            return await Load(networkJson, equipmentJson);
        }

        PublishStored();
        return Summary()!;
    }

    public Task<TopologySummary?> GetSummary()
    {
        PublishStored();
        return Task.FromResult(Summary());
    }

    public Task<long> GetVersion() => Task.FromResult(state.State.Network is null ? 0 : state.State.Version);

    public Task<(string Network, string Equipment, long Version)?> GetDocuments() =>
        Task.FromResult<(string, string, long)?>(state.State.Network is null ? null : (state.State.Network, state.State.Equipment!, state.State.Version));

    private TopologySummary? Summary()
    {
        var current = catalog.Current;
        return current is null || state.State.Network is null
            ? null
            : new TopologySummary(current.Network.Name, state.State.Version, current.Network.Sites.Length, current.Network.Nodes.Length, current.Network.Fibers.Length);
    }
}
