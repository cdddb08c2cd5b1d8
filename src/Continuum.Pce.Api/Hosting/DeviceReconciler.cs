using System.Collections.Concurrent;
using System.Globalization;
using Continuum.Pce.Api.Alarms;
using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Lightpaths.Service;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Grains;
using Continuum.Pce.Grains.Abstractions;
using Continuum.Pce.Grains.Lightpaths;
using Continuum.Pce.Southbound.Gnmi.Rendering;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Continuum.Pce.Api.Hosting;

/// <summary>What reconciliation does about the drift it finds (<c>Pce:Southbound:Reconcile:Policy</c>).</summary>
public enum ReconcilePolicy
{
    /// <summary>Report and alarm only; the devices are left as they are.</summary>
    ReportOnly,

    /// <summary>Re-apply the intended configuration of the lightpaths whose entries are missing or different; report orphans.</summary>
    Reapply,

    /// <summary>Re-apply, and remove the orphans the controller owns.</summary>
    Repair,
}

/// <summary>Reconciliation settings (configuration section <c>Pce:Southbound:Reconcile</c>; docs/southbound.md).</summary>
public sealed class ReconcileOptions
{
    public const string Section = "Pce:Southbound:Reconcile";

    /// <summary>Reconcile at all (periodically and on connect); the on-demand endpoints work either way.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often every ROADM and transponder is reconciled; zero turns the periodic pass off.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Reconcile a device when its gNMI client connects (first contact, or reconnection after it was lost).</summary>
    public bool OnConnect { get; set; } = true;

    /// <summary>
    /// How long after a connection the device is reconciled: a restarted device plane gets its live lightpaths pushed
    /// back first (emulator supervision, start-up), and connections close together are reconciled as one batch.
    /// </summary>
    public TimeSpan ConnectDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>"report-only", "reapply" (default) or "repair" (<see cref="ReconcilePolicy"/>).</summary>
    public string Policy { get; set; } = "reapply";

    /// <summary>Devices inspected at once.</summary>
    public int Parallelism { get; set; } = 4;

    public ReconcilePolicy ParsedPolicy => ParsePolicy(Policy) ?? throw new InvalidOperationException($"{Section}:Policy must be report-only, reapply or repair, got '{Policy}'");

    public static ReconcilePolicy? ParsePolicy(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "report-only" or "reportonly" => ReconcilePolicy.ReportOnly,
        "reapply" => ReconcilePolicy.Reapply,
        "repair" => ReconcilePolicy.Repair,
        _ => null,
    };

    public static string Name(ReconcilePolicy policy) => policy switch
    {
        ReconcilePolicy.ReportOnly => "report-only",
        ReconcilePolicy.Reapply => "reapply",
        _ => "repair",
    };
}

/// <summary>What one reconciliation of one device found and did.</summary>
/// <param name="Device">The node id.</param>
/// <param name="InspectedAt">When the reconciliation began.</param>
/// <param name="Trigger">connect, periodic or request.</param>
/// <param name="Policy">The policy applied (report-only, reapply, repair).</param>
/// <param name="Findings">What differs after the repairs (all of it under report-only).</param>
/// <param name="Repairs">What was done: lightpaths re-applied, orphans removed.</param>
/// <param name="Compared">Intended entries compared.</param>
/// <param name="Busy">Entries left alone because their lightpath was in the middle of an operation.</param>
/// <param name="Error">Why the device could not be read (unreachable...), when it could not.</param>
public sealed record DeviceDriftReport(
    string Device,
    DateTimeOffset InspectedAt,
    string Trigger,
    string Policy,
    IReadOnlyList<DriftFinding> Findings,
    IReadOnlyList<string> Repairs,
    int Compared,
    int Busy,
    string? Error = null)
{
    public int DriftCount => Findings.Count(f => f.IsDrift);
}

/// <summary>
/// Reconciliation (issue 25): compares what the controller intends — the render intents of the settled lightpaths, read
/// from the store — with what the devices hold (<see cref="DriftInspector.InspectDeviceAsync"/>), for the entries the
/// controller owns (<see cref="DriftOwnership"/>). Runs on a device's connection (after <see cref="ReconcileOptions.ConnectDelay"/>),
/// every <see cref="ReconcileOptions.Interval"/> over every ROADM and transponder, and on demand. A device with drift
/// has a <c>device-drift</c> alarm, cleared once a reconciliation finds none. Repairs follow the policy: re-apply goes
/// through the lightpath's grain (<see cref="ILightpathGrain.Resync"/>, in turn with its other operations); an orphan
/// is removed only after its owner has been read again from the store and still intends nothing there. Foreign
/// configuration is reported and never touched.
/// </summary>
/// <remarks>
/// The store is read before and after the devices: a lightpath whose stored state changed in between (an operation ran
/// meanwhile) has its findings dropped for this pass, since the devices may have been read half-way through it.
/// </remarks>
public sealed class DeviceReconciler(
    ObservableNetworkCatalog catalog,
    LightpathDirectory directory,
    IGrainFactory grains,
    AlarmBook alarms,
    ReconcileOptions options,
    DevicePlaneHealth health,
    IServiceProvider services,
    ILogger<DeviceReconciler> logger,
    TimeProvider? time = null) : IAsyncDisposable
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<string, DeviceDriftReport> _last = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<NodeId, byte> _connected = new();
    private readonly CancellationTokenSource _stop = new();
    private (long Version, PathTopology Topology)? _topology;
    private Task _periodic = Task.CompletedTask;
    private int _started;
    private GnmiDeviceDirectory? _devices;
    private readonly ReconcileShare _share = new(services);

    /// <summary>The policy periodic and on-connect reconciliations follow.</summary>
    public ReconcilePolicy Policy { get; } = options.ParsedPolicy;

    public ReconcileOptions Options => options;

    /// <summary>When the last pass over every device ended (null before the first).</summary>
    public DateTimeOffset? LastPassAt { get; private set; }

    /// <summary>Raised after each reconciliation of a device (for tests and watchers).</summary>
    public event Action<DeviceDriftReport>? Reconciled;

    /// <summary>The last report of every device reconciled so far.</summary>
    public IReadOnlyCollection<DeviceDriftReport> LastReports => [.. _last.Values.OrderBy(r => r.Device, StringComparer.Ordinal)];

    public DeviceDriftReport? LastReport(string device) => _last.TryGetValue(device, out var report) ? report : null;

    private DriftInspector? Inspector =>
        services.GetService<GnmiDeviceDirectory>() is { } devices && services.GetService<PortMap>() is { } ports ? new DriftInspector(devices, ports) : null;

    /// <summary>Starts the periodic pass and on-connect reconciliation (once; the server calls it when it is ready).</summary>
    public void Start()
    {
        if (!options.Enabled || Interlocked.Exchange(ref _started, 1) == 1 || services.GetService<GnmiDeviceDirectory>() is not { } devices)
        {
            return;
        }

        _devices = devices;
        if (options.OnConnect)
        {
            devices.DeviceConnected += OnHandshake;

            // The devices bound at start count as connected: what drifted while the controller was away is found now.
            foreach (var node in catalog.Current?.Network.Nodes ?? [])
            {
                if (node is Roadm or Transponder)
                {
                    OnConnected(node.Id, 0);
                }
            }
        }

        if (options.Interval > TimeSpan.Zero)
        {
            _periodic = Task.Run(() => PeriodicAsync(_stop.Token));
        }
    }

    private int _batchPending;

    private const int MaxConnectRetries = 10;

    /// <summary>The longest wait between two on-connect passes of a device whose entries were busy.</summary>
    private static readonly TimeSpan ConnectRetryMaxDelay = TimeSpan.FromSeconds(10);

    private async Task ReconnectLaterAsync(NodeId device, TimeSpan delay, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(delay, _time, stopping);
            OnConnected(device, 0);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>On-connect passes of a device in a row that found some of its entries busy.</summary>
    private readonly ConcurrentDictionary<NodeId, int> _connectRetries = new();

    /// <summary>
    /// A new handshake of a device (restarted, or back from unreachable) starts a new series of on-connect passes: the
    /// retries spent on an earlier connection (at start, while its lightpaths were being created) do not count against it.
    /// </summary>
    private void OnHandshake(NodeId device, int generation)
    {
        _connectRetries.TryRemove(device, out _);
        OnConnected(device, generation);
    }

    private void OnConnected(NodeId device, int generation)
    {
        _connected[device] = 0;
        if (Interlocked.Exchange(ref _batchPending, 1) == 0)
        {
            _ = Task.Run(() => ConnectedBatchAsync(_stop.Token));
        }
    }

    /// <summary>Devices that connected within <see cref="ReconcileOptions.ConnectDelay"/> of each other are reconciled together.</summary>
    private async Task ConnectedBatchAsync(CancellationToken stopping)
    {
        try
        {
            await Task.Delay(options.ConnectDelay, _time, stopping);

            // A restarted device plane first gets its live lightpaths back from the supervisor; reconcile what that left.
            await health.WhenUpAsync(stopping);
            Volatile.Write(ref _batchPending, 0);
            var batch = new List<NodeId>();
            foreach (var device in _connected.Keys)
            {
                if (_connected.TryRemove(device, out _))
                {
                    batch.Add(device);
                }
            }

            // In a cluster every server hears every device connect; the device's own server reconciles it.
            var mine = _share.ForPass();
            batch.RemoveAll(device => !mine(device));
            if (batch.Count > 0)
            {
                var reports = await ReconcileAsync(batch, Policy, "connect", stopping);

                // Entries left alone because their lightpath was moving (a reconnection often comes with telemetry that
                // changes it: loss of light, Degraded, a restoration) were not compared: the device is reconciled again,
                // after ConnectDelay doubling each time (at most ConnectRetryMaxDelay), a bounded number of times. A
                // loaded server can take seconds to settle those lightpaths; a fixed short delay gave up before.
                foreach (var report in reports)
                {
                    var device = new NodeId(report.Device);
                    var retries = _connectRetries.AddOrUpdate(device, 1, (_, n) => n + 1);
                    if (report.Busy > 0 && retries <= MaxConnectRetries)
                    {
                        var delay = TimeSpan.FromTicks(Math.Min(ConnectRetryMaxDelay.Ticks, options.ConnectDelay.Ticks * (1L << Math.Min(retries - 1, 20))));
                        _ = ReconnectLaterAsync(device, delay, stopping);
                    }
                    else
                    {
                        _connectRetries.TryRemove(device, out _);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "reconciliation after a device connected failed");
        }
    }

    private async Task PeriodicAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(options.Interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                try
                {
                    await health.WhenUpAsync(stopping);
                    await ReconcileAllAsync(Policy, "periodic", stopping, _share.ForPass());
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "periodic reconciliation failed");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>
    /// Reconciles every ROADM and transponder of the topology, or those of them <paramref name="share"/> admits (the
    /// periodic pass: this server's share of a cluster's devices; on request: all).
    /// </summary>
    public async Task<IReadOnlyList<DeviceDriftReport>> ReconcileAllAsync(ReconcilePolicy policy, string trigger, CancellationToken cancellationToken, Func<NodeId, bool>? share = null)
    {
        if (catalog.Current is not { } snapshot)
        {
            return [];
        }

        var devices = snapshot.Network.Nodes.Where(n => n is Roadm or Transponder).Select(n => n.Id).Where(id => share?.Invoke(id) ?? true).ToList();
        var reports = devices.Count > 0 ? await ReconcileAsync(devices, policy, trigger, cancellationToken) : [];
        LastPassAt = _time.GetUtcNow();
        return reports;
    }

    /// <summary>Reconciles one device.</summary>
    public async Task<DeviceDriftReport> ReconcileAsync(NodeId device, ReconcilePolicy policy, string trigger, CancellationToken cancellationToken) =>
        (await ReconcileAsync([device], policy, trigger, cancellationToken))[0];

    /// <summary>
    /// Reconciles <paramref name="devices"/>: the store read, the devices inspected, the store read again; then, by
    /// <paramref name="policy"/>, lightpaths re-applied and orphans removed, and the repaired devices inspected again;
    /// then each device's drift alarm raised or cleared. One reconciliation runs at a time.
    /// </summary>
    public async Task<IReadOnlyList<DeviceDriftReport>> ReconcileAsync(IReadOnlyList<NodeId> devices, ReconcilePolicy policy, string trigger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(devices);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var reports = await RunAsync(devices, policy, trigger, cancellationToken);
            foreach (var report in reports)
            {
                _last[report.Device] = report;
                if (report.Error is null)
                {
                    alarms.Apply(AlarmConditions.ForDeviceDrift(report.Device, report.Findings.Where(f => f.IsDrift).Select(f => f.Kind).ToList(), report.Policy));
                }

                Reconciled?.Invoke(report);
            }

            return reports;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<IReadOnlyList<DeviceDriftReport>> RunAsync(IReadOnlyList<NodeId> devices, ReconcilePolicy policy, string trigger, CancellationToken cancellationToken)
    {
        var at = _time.GetUtcNow();
        var name = ReconcileOptions.Name(policy);
        if (catalog.Current is not { } snapshot || Inspector is not { } inspector)
        {
            var why = catalog.Current is null ? "no topology is loaded" : "the server has no gNMI southbound (Devices:Renderer is none)";
            return [.. devices.Select(d => new DeviceDriftReport(d.Value, at, trigger, name, [], [], 0, 0, why))];
        }

        var topology = TopologyOf(snapshot);
        var before = await OwnersAsync(topology, cancellationToken);
        var inspections = await InspectAsync(inspector, snapshot.Network, devices, before, cancellationToken);
        var after = await OwnersAsync(topology, cancellationToken);
        var repairs = devices.ToDictionary(d => d, _ => new List<string>());
        var settled = new Dictionary<NodeId, (IReadOnlyList<DriftFinding> Findings, int Busy)>();
        foreach (var (device, inspection) in inspections)
        {
            if (inspection.Result is { } result)
            {
                // Findings of a lightpath that changed while the devices were read are this pass's noise, not drift.
                var kept = result.Findings.Where(f => f.Lightpath is null || before.Same(after, f.Lightpath)).ToList();
                settled[device] = (kept, result.Busy + (result.Findings.Count - kept.Count));
            }
        }

        if (policy != ReconcilePolicy.ReportOnly && settled.Count > 0 && !health.IsUp)
        {
            // The device plane went down during the pass: its supervisor pushes the live lightpaths back when it returns,
            // and a repair now would only hold their grains on a dead device.
            foreach (var device in settled.Keys)
            {
                repairs[device].Add("repairs deferred: the device plane is restarting");
            }
        }
        else if (policy != ReconcilePolicy.ReportOnly && settled.Count > 0)
        {
            var touched = await RepairAsync(inspector, topology, settled, policy, repairs, cancellationToken);
            if (touched.Count > 0)
            {
                // Verify: what a repair left is what the report says (and what the alarm follows).
                var owners = await OwnersAsync(topology, cancellationToken);
                foreach (var (device, again) in await InspectAsync(inspector, snapshot.Network, touched, owners, cancellationToken))
                {
                    if (again.Result is { } result)
                    {
                        settled[device] = (result.Findings, result.Busy);
                    }
                }
            }
        }

        return [.. devices.Select(device =>
        {
            var inspection = inspections[device];
            return settled.TryGetValue(device, out var s)
                ? new DeviceDriftReport(device.Value, at, trigger, name, s.Findings, repairs[device], inspection.Result!.Compared, s.Busy)
                : new DeviceDriftReport(device.Value, at, trigger, name, [], repairs[device], 0, 0, inspection.Error);
        })];
    }

    private async Task<Dictionary<NodeId, (DeviceInspection? Result, string? Error)>> InspectAsync(
        DriftInspector inspector, OpticalNetwork network, IReadOnlyList<NodeId> devices, OwnerTable owners, CancellationToken cancellationToken)
    {
        var results = new ConcurrentDictionary<NodeId, (DeviceInspection?, string?)>();
        await Parallel.ForEachAsync(devices, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Parallelism), CancellationToken = cancellationToken }, async (device, ct) =>
        {
            if (!network.TryGetNode(device, out var node) || node is not (Roadm or Transponder))
            {
                results[device] = (null, network.TryGetNode(device, out _) ? "only ROADMs and transponders carry configuration the controller writes" : $"no node '{device}' in the topology");
                return;
            }

            try
            {
                results[device] = (await inspector.InspectDeviceAsync(device, node is Roadm, owners.IntentsOn(device), owners.Status, ct), null);
            }
            catch (RpcException e)
            {
                results[device] = (null, $"{e.StatusCode}: {e.Status.Detail}");
            }
        });
        return new Dictionary<NodeId, (DeviceInspection?, string?)>(results);
    }

    /// <summary>Applies the policy; returns the devices something was done to.</summary>
    private async Task<List<NodeId>> RepairAsync(
        DriftInspector inspector, PathTopology topology, Dictionary<NodeId, (IReadOnlyList<DriftFinding> Findings, int Busy)> settled,
        ReconcilePolicy policy, Dictionary<NodeId, List<string>> repairs, CancellationToken cancellationToken)
    {
        var touched = new HashSet<NodeId>();
        var reapply = settled.SelectMany(s => s.Value.Findings)
            .Where(f => f.Kind is DriftKind.Missing or DriftKind.Different && f.Lightpath is not null)
            .GroupBy(f => f.Lightpath!, StringComparer.Ordinal);
        foreach (var group in reapply)
        {
            if (!health.IsUp)
            {
                break;
            }

            var view = await grains.GetGrain<ILightpathGrain>(group.Key).Resync();
            var outcome = view.CleanupFailure is { } failure ? $"re-applying lightpath {group.Key} failed: {failure}" : $"re-applied lightpath {group.Key}";
            foreach (var device in group.Select(f => f.Device).Distinct())
            {
                repairs[device].Add(outcome);
                touched.Add(device);
            }
        }

        if (policy == ReconcilePolicy.Repair)
        {
            foreach (var (device, (findings, _)) in settled)
            {
                var remove = new List<DriftFinding>();
                foreach (var orphan in findings.Where(f => f.Kind == DriftKind.Orphan))
                {
                    // Read the owner again just before: an orphan is removed only while its owner still intends nothing there.
                    if (await StillOrphanAsync(topology, orphan, cancellationToken))
                    {
                        remove.Add(orphan);
                    }
                }

                if (remove.Count == 0)
                {
                    continue;
                }

                try
                {
                    await inspector.RemoveAsync(remove, cancellationToken);
                    repairs[device].AddRange(remove.Select(o => $"removed orphan {o.Path} of {o.Lightpath}"));
                }
                catch (RpcException e)
                {
                    repairs[device].Add($"removing {remove.Count} orphans failed: {e.StatusCode} {e.Status.Detail}");
                }

                touched.Add(device);
            }
        }

        return [.. touched];
    }

    private async Task<bool> StillOrphanAsync(PathTopology topology, DriftFinding orphan, CancellationToken cancellationToken)
    {
        var state = await directory.ReadStateAsync(orphan.Lightpath!, cancellationToken);
        if (LightpathIntents.IsGone(state))
        {
            return true;
        }

        if (!LightpathIntents.IsSettled(state!) || Intent(orphan.Lightpath!, state!, topology) is not { } intent || services.GetService<PortMap>() is not { } ports)
        {
            return false;
        }

        return !RenderPlanBuilder.Build(intent, ports).Steps.Any(s => s.Device == orphan.Device && s.Intent.Any(i => i.Path == orphan.Path));
    }

    private LightpathRenderIntent? Intent(string owner, LightpathData data, PathTopology topology)
    {
        try
        {
            return data.Record?.Path is { } path ? LightpathIntents.Of(owner, data, path, topology, PowerDbm) : null;
        }
        catch (ArgumentException)
        {
            // The path crosses a node the current topology no longer has a degree for (a replaced topology): not comparable.
            return null;
        }
    }

    private double PowerDbm => services.GetService<IOptions<ReservationOptions>>()?.Value.TargetOutputPowerDbm ?? 0;

    private PathTopology TopologyOf(NetworkSnapshot snapshot)
    {
        if (_topology is { } cached && cached.Version == snapshot.Version)
        {
            return cached.Topology;
        }

        var topology = new PathTopology(snapshot.Network);
        _topology = (snapshot.Version, topology);
        return topology;
    }

    /// <summary>Every stored lightpath: its status for ownership, the intent of a settled one, and what changes when an operation runs.</summary>
    private async Task<OwnerTable> OwnersAsync(PathTopology topology, CancellationToken cancellationToken)
    {
        var table = new OwnerTable();
        await foreach (var (key, state) in directory.StatesAsync(cancellationToken))
        {
            // Events ever recorded, not the history's length: a long history is trimmed to a fixed length.
            var signature = state.Record is { } r
                ? string.Create(CultureInfo.InvariantCulture, $"{r.State}|{r.CommittedAttempt}|{state.HistoryTrimmed + r.History.Length}|{state.ProtectionForce}|{state.CleanupFailure is null}|{state.StrandedAttempt}|{state.PreviousAttempt}|{state.SourceInterface}|{state.DestinationInterface}")
                : "";
            if (LightpathIntents.IsGone(state))
            {
                table.Add(key, OwnerStatus.Gone, null, signature);
            }
            else if (LightpathIntents.IsSettled(state) && Intent(key, state, topology) is { } intent)
            {
                table.Add(key, OwnerStatus.Settled, intent, signature);
            }
            else
            {
                table.Add(key, OwnerStatus.Busy, null, signature);
            }
        }

        return table;
    }

    public async ValueTask DisposeAsync()
    {
        // Called by the server's stop and again by the container (whose services are gone by then).
        if (Interlocked.Exchange(ref _devices, null) is { } devices)
        {
            devices.DeviceConnected -= OnConnected;
        }

        await _stop.CancelAsync();
        await _periodic.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>The store's lightpaths as reconciliation needs them.</summary>
    private sealed class OwnerTable
    {
        private readonly Dictionary<string, (OwnerStatus Status, string Signature)> _owners = new(StringComparer.Ordinal);
        private readonly Dictionary<NodeId, List<LightpathRenderIntent>> _intents = [];

        public void Add(string key, OwnerStatus status, LightpathRenderIntent? intent, string signature)
        {
            _owners[key] = (status, signature);
            if (intent is null)
            {
                return;
            }

            foreach (var device in intent.Path.Select(h => h.Roadm).Concat(intent.Protection?.Path.Select(h => h.Roadm) ?? []).Append(intent.Source.Transponder).Append(intent.Destination.Transponder).Distinct())
            {
                if (!_intents.TryGetValue(device, out var list))
                {
                    _intents[device] = list = [];
                }

                list.Add(intent);
            }
        }

        public OwnerStatus Status(string owner) => _owners.TryGetValue(owner, out var o) ? o.Status : OwnerStatus.Gone;

        public IReadOnlyCollection<LightpathRenderIntent> IntentsOn(NodeId device) => _intents.TryGetValue(device, out var list) ? list : [];

        /// <summary>Whether the lightpath is as it was in <paramref name="later"/> (no operation changed it between the two reads).</summary>
        public bool Same(OwnerTable later, string owner)
        {
            var had = _owners.TryGetValue(owner, out var a);
            var has = later._owners.TryGetValue(owner, out var b);
            return had == has && (!had || (a.Status == b.Status && a.Signature == b.Signature));
        }
    }
}
