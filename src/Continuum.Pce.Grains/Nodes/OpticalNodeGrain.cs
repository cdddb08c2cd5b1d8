using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Grains.Abstractions;
using Continuum.Pce.Grains.Storage;
using Orleans;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace Continuum.Pce.Grains.Nodes;

/// <summary>Stored state of an optical node grain.</summary>
[StateSchema(1)]
public sealed class OpticalNodeState
{
    public string Health { get; set; } = "unknown";

    public string? DeviceAddress { get; set; }

    public DateTimeOffset? LastSeen { get; set; }

    /// <summary>Transponder line interfaces in use: interface number → lightpath id.</summary>
    public SortedDictionary<int, string> Interfaces { get; set; } = [];
}

/// <summary>
/// A ROADM, transponder or amplifier: health, device binding and, for transponders, its line interfaces. Reentrant
/// with group commit, like the fibre grain: a transponder shelf at a busy data centre serves many lightpaths at once.
/// </summary>
[Reentrant]
public sealed class OpticalNodeGrain(
    [PersistentState("node", "pce")] IPersistentState<OpticalNodeState> state,
    INetworkCatalog catalog) : Grain, IOpticalNodeGrain
{
    private CoalescingWriter? _writer;

    private NodeId Id => new(this.GetPrimaryKeyString());

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _writer = new CoalescingWriter(() => state.WriteStateAsync());
        return Task.CompletedTask;
    }

    public Task<NodeStatusView> GetStatus() => Task.FromResult(new NodeStatusView(Id.Value, Kind(), state.State.Health, state.State.DeviceAddress, state.State.LastSeen));

    public async Task Bind(string deviceAddress)
    {
        state.State.DeviceAddress = deviceAddress;
        await Flush();
    }

    public async Task ReportHealth(string health, DateTimeOffset at)
    {
        state.State.Health = health;
        state.State.LastSeen = at;
        await Flush();
    }

    public async Task<int?> AllocateInterface(string lightpath)
    {
        foreach (var (number, owner) in state.State.Interfaces)
        {
            if (owner == lightpath)
            {
                return number;
            }
        }

        var capacity = catalog.Current?.Network.TryGetNode(Id, out var node) == true && node is Transponder t ? t.Interfaces : 0;
        for (var n = 1; n <= capacity; n++)
        {
            if (!state.State.Interfaces.ContainsKey(n))
            {
                state.State.Interfaces[n] = lightpath;
                await Flush();
                return n;
            }
        }

        return null;
    }

    public async Task ReleaseInterface(string lightpath)
    {
        var mine = state.State.Interfaces.Where(kv => kv.Value == lightpath).Select(kv => kv.Key).ToList();
        if (mine.Count == 0)
        {
            return;
        }

        foreach (var n in mine)
        {
            state.State.Interfaces.Remove(n);
        }

        await Flush();
    }

    private async Task Flush()
    {
        try
        {
            await _writer!.FlushAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    private string Kind() => catalog.Current?.Network.TryGetNode(Id, out var node) == true
        ? node switch { Roadm => "roadm", Transponder => "transponder", InlineAmplifier => "amplifier", _ => "node" }
        : "unknown";
}
