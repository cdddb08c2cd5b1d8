using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Grains.Abstractions;
using Continuum.Pce.Grains.Lightpaths;
using Continuum.Pce.Grains.Storage;
using Orleans;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace Continuum.Pce.Grains.Nodes;

/// <summary>
/// Stored state of an optical node grain. Version 2 added the latest telemetry (<see cref="Components"/>,
/// <see cref="MediaChannels"/>); a version-1 payload reads as one without telemetry.
/// </summary>
[StateSchema(2)]
public sealed class OpticalNodeState
{
    public string Health { get; set; } = "unknown";

    public string? DeviceAddress { get; set; }

    public DateTimeOffset? LastSeen { get; set; }

    /// <summary>Transponder line interfaces in use: interface number → lightpath id.</summary>
    public SortedDictionary<int, string> Interfaces { get; set; } = [];

    /// <summary>Latest telemetry per component name.</summary>
    public SortedDictionary<string, ComponentReading> Components { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Latest oper-status per media-channel index (ROADMs).</summary>
    public SortedDictionary<uint, MediaChannelReading> MediaChannels { get; set; } = [];
}

/// <summary>The latest figures of one component (null = never reported).</summary>
public sealed record ComponentReading(bool? Active, double? OsnrDb, double? InputPowerDbm, double? OutputPowerDbm, double? PreFecBer, DateTimeOffset At);

/// <summary>The latest oper-status of one media channel.</summary>
public sealed record MediaChannelReading(bool Up, DateTimeOffset At);

/// <summary>
/// A ROADM, transponder or amplifier: health, device binding and, for transponders, its line interfaces. Reentrant
/// with group commit, like the fibre grain: a transponder shelf at a busy data centre serves many lightpaths at once.
/// Telemetry: the latest figures of each component are kept (in memory, written with the next state write; a status
/// change forces one) and forwarded — an optical channel's figures to the lightpath on that interface, a line input's
/// loss of signal to the fibre arriving there.
/// </summary>
[Reentrant]
public sealed class OpticalNodeGrain(
    [PersistentState("node", "pce")] IPersistentState<OpticalNodeState> state,
    INetworkCatalog catalog,
    LightpathServices services) : Grain, IOpticalNodeGrain
{
    private CoalescingWriter? _writer;

    private NodeId Id => new(this.GetPrimaryKeyString());

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _writer = new CoalescingWriter(() => state.WriteStateAsync());
        return Task.CompletedTask;
    }

    public Task<NodeStatusView> GetStatus() => Task.FromResult(new NodeStatusView(Id.Value, Kind(), state.State.Health, state.State.DeviceAddress, state.State.LastSeen)
    {
        Components = [.. state.State.Components.Select(c => new ComponentTelemetryView(c.Key, c.Value.Active, c.Value.OsnrDb, c.Value.InputPowerDbm, c.Value.OutputPowerDbm, c.Value.PreFecBer, c.Value.At))],
        MediaChannels = [.. state.State.MediaChannels.Select(m => new MediaChannelStatusView(m.Key, m.Value.Up, m.Value.At))],
    });

    public async Task ReportTelemetry(DeviceTelemetry telemetry)
    {
        ArgumentNullException.ThrowIfNull(telemetry);
        var s = state.State;
        s.LastSeen = s.LastSeen is { } seen && seen > telemetry.At ? seen : telemetry.At;
        switch (telemetry.Kind)
        {
            case TelemetryKinds.OpticalChannel:
                {
                    var held = s.Components.GetValueOrDefault(telemetry.Component);
                    s.Components[telemetry.Component] = new ComponentReading(
                        held?.Active,
                        telemetry.OsnrDb ?? held?.OsnrDb,
                        telemetry.InputPowerDbm ?? held?.InputPowerDbm,
                        telemetry.OutputPowerDbm ?? held?.OutputPowerDbm,
                        telemetry.PreFecBer ?? held?.PreFecBer,
                        telemetry.At);
                    if (LightpathOn(telemetry.Interface) is { } lightpath)
                    {
                        await GrainFactory.GetGrain<ILightpathGrain>(lightpath).ReportReceiver(new ReceiverTelemetry(Id.Value, telemetry.Interface!.Value, telemetry.At)
                        {
                            OsnrDb = telemetry.OsnrDb,
                            InputPowerDbm = telemetry.InputPowerDbm,
                            PreFecBer = telemetry.PreFecBer,
                        });
                    }

                    break;
                }

            case TelemetryKinds.Component when telemetry.Active is { } active:
                {
                    var held = s.Components.GetValueOrDefault(telemetry.Component);
                    var changed = held?.Active != active;
                    s.Components[telemetry.Component] = held is null
                        ? new ComponentReading(active, null, null, null, null, telemetry.At)
                        : held with { Active = active, At = telemetry.At };
                    if (changed)
                    {
                        await Flush();
                    }

                    if (LightpathOn(telemetry.Interface) is { } lightpath)
                    {
                        await GrainFactory.GetGrain<ILightpathGrain>(lightpath).ReportReceiver(
                            new ReceiverTelemetry(Id.Value, telemetry.Interface!.Value, telemetry.At) { SignalPresent = active });
                    }
                    else if (changed && telemetry.IsInput && telemetry.Degree is { } degree && services.Topology.TryGetFiberInto(Id, degree, out var fiber))
                    {
                        // Light present or lost at the line input of a degree: the fibre arriving there is up or down.
                        var evidence = $"{telemetry.Component} {(active ? "ACTIVE" : "INACTIVE")} at {Id}";
                        await GrainFactory.GetGrain<IFiberGrain>(fiber.Value).ReportLineSignal(active, evidence, telemetry.At);
                    }

                    break;
                }

            case TelemetryKinds.MediaChannel when telemetry.MediaChannelIndex is { } index && telemetry.Active is { } up:
                {
                    var changed = !s.MediaChannels.TryGetValue(index, out var held) || held.Up != up;
                    s.MediaChannels[index] = new MediaChannelReading(up, telemetry.At);
                    if (changed)
                    {
                        await Flush();
                    }

                    break;
                }

            case TelemetryKinds.Synchronised when telemetry.MediaChannels is { } present:
                {
                    // Channels deleted while the stream was down (or readings kept by an older version) are dropped.
                    var kept = present.ToHashSet();
                    var gone = s.MediaChannels.Keys.Where(k => !kept.Contains(k)).ToList();
                    foreach (var index in gone)
                    {
                        s.MediaChannels.Remove(index);
                    }

                    if (gone.Count > 0)
                    {
                        await Flush();
                    }

                    break;
                }

            case TelemetryKinds.MediaChannelRemoved when telemetry.MediaChannelIndex is { } index:
                {
                    // Indices are per lightpath (a hash of its id): keeping readings of deleted channels would grow
                    // the node's state, and every write of it, with the history of every lightpath that crossed it.
                    if (s.MediaChannels.Remove(index))
                    {
                        await Flush();
                    }

                    break;
                }
        }
    }

    private string? LightpathOn(int? @interface) =>
        @interface is { } i && state.State.Interfaces.TryGetValue(i, out var lightpath) ? lightpath : null;

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
