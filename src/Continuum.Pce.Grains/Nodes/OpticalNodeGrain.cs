using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Grains.Abstractions;
using Continuum.Pce.Grains.Lightpaths;
using Continuum.Pce.Grains.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace Continuum.Pce.Grains.Nodes;

/// <summary>
/// Stored state of an optical node grain. Version 2 added the latest telemetry (<see cref="Components"/>,
/// <see cref="MediaChannels"/>); a version-1 payload reads as one without telemetry. Version 3 added
/// <see cref="Sealed"/>; an older payload reads as unsealed.
/// </summary>
[StateSchema(3)]
public sealed class OpticalNodeState
{
    /// <summary>
    /// True only when written by the last write of an activation that ended normally; an unsealed state may lack
    /// interface releases that were answered but not yet written (a crash), so its interfaces are checked with their lightpaths.
    /// </summary>
    public bool Sealed { get; set; }

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
/// Interface releases are answered before they are written, like the fibre grain's spectrum releases: they ride on the
/// next write (an allocation, a status change, the periodic flush or the sealed write at deactivation), and after a
/// crash an unsealed state's interfaces are checked with their lightpaths.
/// </summary>
[Reentrant]
public sealed class OpticalNodeGrain(
    [PersistentState("node", "pce")] IPersistentState<OpticalNodeState> state,
    INetworkCatalog catalog,
    LightpathServices services,
    IOptions<ReservationOptions> options,
    ILogger<OpticalNodeGrain> logger) : Grain, IOpticalNodeGrain
{
    private SealingWriter? _writer;
    private bool? _reachable; // this activation's view of the device's gNMI session (null: not heard yet)
    private bool _verifyInterfaces;
    private Task<int>? _verification;

    private NodeId Id => new(this.GetPrimaryKeyString());

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _writer = new SealingWriter(
            seal =>
            {
                state.State.Sealed = seal;
                return state.WriteStateAsync();
            },
            state.State.Sealed,
            DeactivateOnIdle);
        _verifyInterfaces = !state.State.Sealed && state.State.Interfaces.Count > 0;

        // The check calls lightpaths, so it runs in a timer turn after activation, never inside it. Unwritten releases
        // are flushed at the fibres' pace (the hold timeout).
        var period = options.Value.HoldTimeout > TimeSpan.Zero ? options.Value.HoldTimeout : TimeSpan.FromSeconds(1);
        this.RegisterGrainTimer(_ => Tick(), new GrainTimerCreationOptions(_verifyInterfaces ? TimeSpan.Zero : period, period) { Interleave = false, KeepAlive = false });
        return Task.CompletedTask;
    }

    /// <summary>An activation that ends normally writes what it has not written yet, sealed.</summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Not sealed while the interfaces still wait for their check (sealing would skip it for good).
        if (_verifyInterfaces)
        {
            return;
        }

        try
        {
            await _writer!.SealAsync(state.RecordExists);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Stored unsealed: the next activation checks the interfaces with their lightpaths.
            logger.LogWarning(e, "node {Node}: final write on deactivation failed", Id);
        }
    }

    private async Task Tick()
    {
        await RecoverInterfaces();
        await _writer!.FlushIfUnwrittenAsync();
    }

    public async Task<int> RecoverInterfaces()
    {
        if (!_verifyInterfaces)
        {
            return 0;
        }

        var first = _verification is null;
        _verification ??= VerifyInterfaces();
        try
        {
            var released = await _verification;
            return first ? released : 0;
        }
        catch
        {
            _verification = null;
            throw;
        }
    }

    private async Task<int> VerifyInterfaces()
    {
        var released = 0;
        foreach (var owner in state.State.Interfaces.Values.Distinct(StringComparer.Ordinal).ToList())
        {
            var view = await GrainFactory.GetGrain<ILightpathGrain>(owner).Get();
            if (!view.Exists || view.State is LightpathState.Deleted or LightpathState.Failed)
            {
                await ReleaseInterface(owner);
                released++;
            }
        }

        _verifyInterfaces = false;
        await _writer!.FlushIfUnwrittenAsync();

        return released;
    }

    public Task<NodeStatusView> GetStatus() => Task.FromResult(new NodeStatusView(Id.Value, Kind(), state.State.Health, state.State.DeviceAddress, state.State.LastSeen)
    {
        Components = [.. state.State.Components.Select(c => new ComponentTelemetryView(c.Key, c.Value.Active, c.Value.OsnrDb, c.Value.InputPowerDbm, c.Value.OutputPowerDbm, c.Value.PreFecBer, c.Value.At))],
        MediaChannels = [.. state.State.MediaChannels.Select(m => new MediaChannelStatusView(m.Key, m.Value.Up, m.Value.At))],
        Interfaces = [.. state.State.Interfaces.Select(i => new InterfaceUseView(i.Key, i.Value))],
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

            case TelemetryKinds.Unreachable:
                {
                    // The node's health (and its node-unreachable alarm) stays the device plane's to report (the emulator
                    // supervisor, which knows when a restarted device has its configuration back); telemetry tells the
                    // lightpaths through this ROADM so that they can restore around it.
                    if (_reachable != false)
                    {
                        _reachable = false;
                        logger.LogWarning("node {Node}: unreachable ({Reason})", Id, telemetry.Component);
                        await ReportReachabilityAsync(false, $"node {Id} unreachable ({telemetry.Component})", telemetry.At);
                    }

                    break;
                }

            case TelemetryKinds.Synchronised when telemetry.MediaChannels is { } present:
                {
                    if (_reachable == false)
                    {
                        _reachable = true;
                        logger.LogInformation("node {Node}: reachable again", Id);
                        await ReportReachabilityAsync(true, $"node {Id} reachable", telemetry.At);
                    }

                    _reachable = true;

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

    /// <summary>
    /// Tells every lightpath through this ROADM that it is unreachable or back: the owners of the spectrum claims on the
    /// fibres that leave or enter it (a transit ROADM's lightpaths cross both; an end ROADM's, one). One-way calls: a
    /// lightpath that restores itself calls fibres and nodes in turn.
    /// </summary>
    private async Task ReportReachabilityAsync(bool reachable, string evidence, DateTimeOffset at)
    {
        if (catalog.Current?.Network is not { } network || !network.TryGetNode(Id, out var node) || node is not Roadm)
        {
            return;
        }

        var fibers = network.Fibers.Where(f => f.Source == Id || f.Destination == Id).Select(f => f.Id.Value).ToList();
        var views = await Task.WhenAll(fibers.Select(f => GrainFactory.GetGrain<IFiberGrain>(f).GetSpectrum()));
        var owners = views.SelectMany(v => v.Claims).Select(c => c.Lightpath).Distinct(StringComparer.Ordinal).ToList();
        logger.LogInformation("node {Node}: telling {Count} lightpaths it is {State}", Id, owners.Count, reachable ? "reachable" : "unreachable");
        await Task.WhenAll(owners.Select(o => GrainFactory.GetGrain<ILightpathGrain>(o).ReportNodeReachability(Id.Value, reachable, evidence, at)));
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

        await _writer!.ChangedLazilyAsync();
    }

    private Task Flush() => _writer!.FlushAsync();

    private string Kind() => catalog.Current?.Network.TryGetNode(Id, out var node) == true
        ? node switch { Roadm => "roadm", Transponder => "transponder", InlineAmplifier => "amplifier", _ => "node" }
        : "unknown";
}
