using System.Text.Json.Nodes;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Models;
using Gnmi;
using Grpc.Core;
using GnmiPath = Gnmi.Path;

namespace Continuum.Pce.DeviceEmulator;

/// <summary>
/// The emulated devices of one network and the in-process control API: one OpenConfig tree per transponder, ROADM and
/// in-line amplifier, Set applied atomically, telemetry recomputed after every change (media-channel oper-status by
/// tracing light back to its add port, optical-channel power and OSNR, amplifier input power), and fault injection:
/// reject the next Set, stall a device, drop its streams, cut and repair a fibre.
/// </summary>
public sealed partial class DeviceEmulator
{
    /// <summary>Input power reported on loss of signal, dBm.</summary>
    public const double LossOfSignalDbm = -40.0;

    private readonly Lock _sync = new();
    // Replaced whole (never changed in place) when the network is adopted, so gRPC handlers may look devices up without the lock.
    private volatile Dictionary<string, EmulatedDevice> _devices = new(StringComparer.Ordinal);
    private readonly bool _defaultQuality;
    private readonly HashSet<FiberId> _cut = [];
    private RoadmDegrees? _degrees;
    private readonly TimeProvider _time;
    private Dictionary<(string Device, string Component), Reception> _receptions = [];
    private Dictionary<FiberId, List<EmulatedCarrier>> _loadByFiber = [];
    private readonly Dictionary<NodeId, Fiber> _amplifiedFiber = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _version;
    private long _recomputedAt;

    // Derived state (config mirrored into state, telemetry) is recomputed lazily: a Set marks it dirty, every read
    // recomputes first when dirty, and a background pass recomputes within ~200 ms for the subscription streams. A burst of
    // Sets costs one recompute, not one each (the recompute covers the whole network: channel quality is a network property).
    // The background pass also keeps its distance from the last one in proportion to what that one cost (the recompute
    // runs under the lock every Set waits on): with thousands of lit channels a recompute takes long enough that passes
    // 200 ms apart would hold the lock most of the time and starve the Sets; spaced at three times their own duration
    // they hold it at most a quarter of the time, and telemetry lags by at most four recomputes.
    private static readonly TimeSpan RecomputeDelay = TimeSpan.FromMilliseconds(200);
    private const int RecomputeSpacing = 3;
    private long _lastRecomputeTicks;
    private bool _dirty;
    private readonly SemaphoreSlim _dirtySignal = new(0, 1);
    private readonly CancellationTokenSource _stopping = new();

    /// <param name="quality">The OSNR source; by default the physics engine with <paramref name="equipment"/> (or the shipped
    /// library), or the linear placeholder when that library does not describe the network's equipment.</param>
    public DeviceEmulator(OpticalNetwork network, IChannelQualityModel? quality = null, TimeProvider? time = null, Continuum.Pce.Domain.Equipment.EquipmentLibrary? equipment = null)
    {
        Network = network;
        var library = equipment ?? PhysicsChannelQualityModel.DefaultEquipment;
        Equipment = library;
        _defaultQuality = quality is null;
        Quality = quality ?? DefaultQuality(network, library);
        _time = time ?? TimeProvider.System;
        foreach (var node in network.Nodes)
        {
            if (NewDevice(node) is { } device)
            {
                _devices.Add(device.Name, device);
            }
        }

        lock (_sync)
        {
            Recompute();
        }

        _ = Task.Run(RecomputeInBackground);
    }

    public OpticalNetwork Network { get; private set; }

    /// <summary>The equipment library: the transponders advertise its modes (<see cref="OperationalModeCatalog"/>).</summary>
    public Continuum.Pce.Domain.Equipment.EquipmentLibrary Equipment { get; private set; }

    public IChannelQualityModel Quality { get; set; }

    /// <summary>
    /// Follows a replaced topology, as a lab would after re-cabling: devices of new nodes appear (empty), devices of
    /// removed nodes go (their streams end), and devices that stay keep their configuration, gaining any port the new
    /// topology gives them (a ROADM with a new degree, a shelf with more interfaces). Light is traced on the new fibres.
    /// </summary>
    public void Adopt(OpticalNetwork network, Continuum.Pce.Domain.Equipment.EquipmentLibrary? equipment = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        lock (_sync)
        {
            Network = network;
            Equipment = equipment ?? Equipment;
            if (_defaultQuality)
            {
                Quality = DefaultQuality(network, equipment ?? PhysicsChannelQualityModel.DefaultEquipment);
            }

            _degrees = null;
            _amplifiedFiber.Clear();
            _cut.RemoveWhere(f => !network.TryGetFiber(f, out _));
            var devices = new Dictionary<string, EmulatedDevice>(StringComparer.Ordinal);
            foreach (var node in network.Nodes)
            {
                if (NewDevice(node) is not { } fresh)
                {
                    continue;
                }

                if (_devices.TryGetValue(fresh.Name, out var kept) && kept.Kind == fresh.Kind)
                {
                    kept.Node = node;
                    kept.Root = DataTree.Graft(kept.Root, fresh.Root);
                    devices.Add(kept.Name, kept);
                }
                else
                {
                    devices.Add(fresh.Name, fresh);
                }
            }

            foreach (var (name, gone) in _devices)
            {
                if (!devices.TryGetValue(name, out var now) || !ReferenceEquals(now, gone))
                {
                    gone.Streams.Cancel();
                }
            }

            _devices = devices;
            Recompute();
        }
    }

    private static IChannelQualityModel DefaultQuality(OpticalNetwork network, Continuum.Pce.Domain.Equipment.EquipmentLibrary library) =>
        PhysicsChannelQualityModel.Covers(network, library) ? new PhysicsChannelQualityModel(network, library) : new PlaceholderChannelQualityModel();

    private EmulatedDevice? NewDevice(OpticalNode node) => node switch
    {
        Roadm r => new EmulatedDevice(node, DeviceKind.Roadm, RoadmTree(r)),
        Transponder t => new EmulatedDevice(node, DeviceKind.Transponder, TransponderTree(t)),
        InlineAmplifier a => new EmulatedDevice(node, DeviceKind.Amplifier, AmplifierTree(a)),
        _ => null,
    };

    public IReadOnlyCollection<string> DeviceNames => _devices.Keys;

    /// <summary>Increases on every change of any device tree (Set, fibre cut or repair).</summary>
    public long Version => Interlocked.Read(ref _version);

    public EmulatedDevice Device(string target)
    {
        if (string.IsNullOrEmpty(target))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "the request prefix must name the device in Path.target"));
        }

        return _devices.TryGetValue(target, out var device)
            ? device
            : throw new RpcException(new Status(StatusCode.NotFound, $"no device '{target}' behind this emulator"));
    }

    // ---- control API -------------------------------------------------------------------------------------------

    /// <summary>The next Set on the device fails with <paramref name="code"/> and applies nothing.</summary>
    public void RejectNextSet(string device, StatusCode code = StatusCode.Aborted, string message = "rejected by fault injection")
    {
        lock (_sync)
        {
            Device(device).RejectNextSet = (code, message);
        }
    }

    /// <summary>Every RPC to the device waits (until its deadline) until <see cref="Resume"/>.</summary>
    public void Stall(string device)
    {
        lock (_sync)
        {
            Device(device).Stall ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Resume(string device)
    {
        lock (_sync)
        {
            var d = Device(device);
            d.Stall?.TrySetResult();
            d.Stall = null;
        }
    }

    /// <summary>
    /// Makes the device unreachable: its open streams end with UNAVAILABLE and every later RPC naming it answers
    /// UNAVAILABLE until <see cref="MakeReachable"/>. Light still passes (only the management plane is lost) and its
    /// configuration is kept, so a controller that moved lightpaths away meanwhile finds their stale entries on return.
    /// </summary>
    public void MakeUnreachable(string device)
    {
        lock (_sync)
        {
            Device(device).Unreachable = true;
        }

        DropStreams(device);
    }

    /// <summary>Ends <see cref="MakeUnreachable"/>: the device answers again, with the configuration it had.</summary>
    public void MakeReachable(string device)
    {
        lock (_sync)
        {
            Device(device).Unreachable = false;
        }
    }

    /// <summary>The device for a gNMI request: as <see cref="Device"/>, and UNAVAILABLE while it is unreachable.</summary>
    internal EmulatedDevice Reachable(string target)
    {
        var device = Device(target);
        if (device.Unreachable)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, $"device '{target}' is unreachable (fault injection)"));
        }

        lock (_sync)
        {
            if (device.Restarting)
            {
                device.Restarting = false;
                throw new RpcException(new Status(StatusCode.Unavailable, $"device '{target}' is restarting"));
            }
        }

        return device;
    }

    /// <summary>Cuts every fibre of a shared-risk link group (a duct or a conduit): one event, one telemetry recomputation.</summary>
    public IReadOnlyList<FiberId> CutSrlg(string srlg)
    {
        var fibers = FibersOf(srlg);
        CutFibers(fibers);
        return fibers;
    }

    /// <summary>Repairs every fibre of a shared-risk link group.</summary>
    public IReadOnlyList<FiberId> RepairSrlg(string srlg)
    {
        var fibers = FibersOf(srlg);
        RepairFibers(fibers);
        return fibers;
    }

    /// <summary>Cuts several fibres as one event (a backhoe through a duct): one telemetry recomputation for all.</summary>
    public void CutFibers(IEnumerable<FiberId> fibers)
    {
        ArgumentNullException.ThrowIfNull(fibers);
        var list = fibers.ToList();
        foreach (var fiber in list)
        {
            _ = Network.Fiber(fiber);
        }

        lock (_sync)
        {
            var changed = false;
            foreach (var fiber in list)
            {
                changed |= _cut.Add(fiber);
            }

            if (changed)
            {
                Recompute();
            }
        }
    }

    /// <summary>Repairs several fibres as one event.</summary>
    public void RepairFibers(IEnumerable<FiberId> fibers)
    {
        ArgumentNullException.ThrowIfNull(fibers);
        lock (_sync)
        {
            var changed = false;
            foreach (var fiber in fibers)
            {
                changed |= _cut.Remove(fiber);
            }

            if (changed)
            {
                Recompute();
            }
        }
    }

    private List<FiberId> FibersOf(string srlg)
    {
        var fibers = Network.Fibers.Where(f => f.Srlgs.Any(s => s.Value == srlg)).Select(f => f.Id).ToList();
        return fibers.Count > 0 ? fibers : throw new RpcException(new Status(StatusCode.NotFound, $"no fibre belongs to SRLG '{srlg}'"));
    }

    /// <summary>Ends every open Subscribe stream of the device with UNAVAILABLE.</summary>
    public void DropStreams(string device)
    {
        CancellationTokenSource old;
        lock (_sync)
        {
            var d = Device(device);
            old = d.Streams;
            d.Streams = new CancellationTokenSource();
        }

        old.Cancel();
        old.Dispose();
    }

    /// <summary>Cuts a fibre: light stops on it, downstream media channels go DOWN, receivers report loss of signal.</summary>
    public void CutFiber(FiberId fiber)
    {
        _ = Network.Fiber(fiber);
        lock (_sync)
        {
            if (_cut.Add(fiber))
            {
                Recompute();
            }
        }
    }

    public void RepairFiber(FiberId fiber)
    {
        lock (_sync)
        {
            if (_cut.Remove(fiber))
            {
                Recompute();
            }
        }
    }

    public bool IsCut(FiberId fiber)
    {
        lock (_sync)
        {
            return _cut.Contains(fiber);
        }
    }

    /// <summary>The JSON_IETF of a path of a device (null when absent): an in-process read for tests and tools.</summary>
    public string? ReadJson(string device, string path, DataFilter filter = DataFilter.All)
    {
        lock (_sync)
        {
            RecomputeIfDirty();
            try
            {
                return DataTree.ToJson(DataTree.Resolve(Device(device).Root, PathText.Parse(path), create: false), filter);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                return null;
            }
        }
    }

    /// <summary>Re-evaluates telemetry (after the quality model changed, for example).</summary>
    public void Refresh()
    {
        lock (_sync)
        {
            Recompute();
        }
    }

    // ---- gNMI operations -----------------------------------------------------------------------------------------

    internal async Task WaitIfStalledAsync(EmulatedDevice device, CancellationToken cancellationToken)
    {
        // A reference read is atomic: no need to queue behind the tree lock just to learn there is no stall.
        var gate = Volatile.Read(ref device.StallGate)?.Task;
        if (gate is not null)
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One transaction: deletes, then replaces, then updates on a copy of the tree; committed only if all succeed.</summary>
    internal SetResponse Set(EmulatedDevice device, SetRequest request)
    {
        if (request.UnionReplace.Count > 0)
        {
            throw new RpcException(new Status(StatusCode.Unimplemented, "union_replace is not supported"));
        }

        lock (_sync)
        {
            if (device.RejectNextSet is { } reject)
            {
                device.RejectNextSet = null;
                throw new RpcException(new Status(reject.Code, reject.Message));
            }

            var prefix = request.Prefix ?? new GnmiPath();
            var deleted = request.Delete.Select(path => PathText.Join(prefix, path)).ToList();
            var replaced = request.Replace.Select(u => PathText.Join(prefix, u.Path)).ToList();
            var updated = request.Update.Select(u => PathText.Join(prefix, u.Path)).ToList();
            List<GnmiPath> removedOrReplaced = [.. deleted, .. replaced];
            List<GnmiPath> changed = [.. removedOrReplaced, .. updated];
            var copy = DataTree.Fork(device.Root, updated, removedOrReplaced);
            var response = new SetResponse { Prefix = prefix, Timestamp = Now() };
            foreach (var path in request.Delete)
            {
                DataTree.Delete(copy, PathText.Join(prefix, path));
                response.Response.Add(new UpdateResult { Path = path, Op = UpdateResult.Types.Operation.Delete });
            }

            foreach (var update in request.Replace)
            {
                DataTree.Write(copy, PathText.Join(prefix, update.Path), update.Val ?? throw DataTree.Invalid("replace without a value"), replace: true);
                response.Response.Add(new UpdateResult { Path = update.Path, Op = UpdateResult.Types.Operation.Replace });
            }

            foreach (var update in request.Update)
            {
                DataTree.Write(copy, PathText.Join(prefix, update.Path), update.Val ?? throw DataTree.Invalid("update without a value"), replace: false);
                response.Response.Add(new UpdateResult { Path = update.Path, Op = UpdateResult.Types.Operation.Update });
            }

            DataTree.CheckLeafrefs(copy, deleted, replaced, updated);
            DataTree.CheckMediaChannels(copy, changed);
            device.Root = copy;
            device.SetCount++;
            ForgetRemovedSwitches(device);
            MarkDirty();

            return response;
        }
    }

    internal GetResponse Get(EmulatedDevice device, GetRequest request)
    {
        var filter = request.Type switch
        {
            GetRequest.Types.DataType.Config => DataFilter.Config,
            GetRequest.Types.DataType.State or GetRequest.Types.DataType.Operational => DataFilter.State,
            _ => DataFilter.All,
        };
        if (request.Encoding is not (global::Gnmi.Encoding.JsonIetf or global::Gnmi.Encoding.Json))
        {
            throw new RpcException(new Status(StatusCode.Unimplemented, $"Get supports JSON_IETF and JSON, not {request.Encoding}"));
        }

        var prefix = request.Prefix ?? new GnmiPath();
        var paths = request.Path.Count == 0 ? [new GnmiPath()] : request.Path.ToList();
        var response = new GetResponse();
        lock (_sync)
        {
            device.GetCount++;
            if (filter != DataFilter.Config)
            {
                RecomputeIfDirty(); // configuration is always current; state and telemetry are derived
            }

            foreach (var path in paths)
            {
                var full = PathText.Join(prefix, path);
                var notification = new Notification { Timestamp = Now(), Prefix = new GnmiPath { Target = prefix.Target, Origin = prefix.Origin } };
                if (IsWildcard(full))
                {
                    foreach (var (concrete, node) in DataTree.Match(device.Root, full))
                    {
                        if (DataTree.ToJson(node, filter) is { } json)
                        {
                            notification.Update.Add(new Update { Path = concrete, Val = JsonValues.JsonIetf(json) });
                        }
                    }
                }
                else
                {
                    var node = DataTree.Resolve(device.Root, full, create: false);
                    var json = DataTree.ToJson(node, filter)
                        ?? throw new RpcException(new Status(StatusCode.NotFound, $"{PathText.Format(full)} holds no {filter} data"));
                    notification.Update.Add(new Update { Path = path, Val = JsonValues.JsonIetf(json) });
                }

                if (notification.Update.Count == 0)
                {
                    throw new RpcException(new Status(StatusCode.NotFound, $"{PathText.Format(full)} matches nothing"));
                }

                response.Notification.Add(notification);
            }
        }

        return response;
    }

    /// <summary>Every leaf the subscription covers, by path text, with its value (for snapshots and change detection).</summary>
    internal Dictionary<string, (GnmiPath Path, JsonNode Value, SchemaNode Schema)> Leaves(EmulatedDevice device, GnmiPath prefix, IEnumerable<Subscription> subscriptions) =>
        Leaves(device, prefix, subscriptions, out _);

    /// <summary>
    /// As the other overload, with the time the derived state it read was computed (gNMI timestamps a notification with
    /// when its values were measured, not when it was sent: a stream that wakes late must not make an old reading look new).
    /// </summary>
    internal Dictionary<string, (GnmiPath Path, JsonNode Value, SchemaNode Schema)> Leaves(EmulatedDevice device, GnmiPath prefix, IEnumerable<Subscription> subscriptions, out long measuredAt)
    {
        var leaves = new Dictionary<string, (GnmiPath, JsonNode, SchemaNode)>(StringComparer.Ordinal);
        lock (_sync)
        {
            measuredAt = _recomputedAt;
            foreach (var subscription in subscriptions)
            {
                var full = PathText.Join(prefix, subscription.Path);
                foreach (var (path, node) in DataTree.Match(device.Root, full))
                {
                    foreach (var (leafPath, leaf) in DataTree.Leaves(node, path))
                    {
                        leaves[PathText.Format(leafPath)] = (leafPath, leaf.Value!.DeepClone(), leaf.Schema);
                    }
                }
            }
        }

        return leaves;
    }

    /// <summary>Completes at the next change after the current version (derived state is recomputed in the background).</summary>
    internal Task ChangedAsync()
    {
        lock (_sync)
        {
            return _changed.Task;
        }
    }

    /// <summary>Stops the background recompute and ends every Subscribe stream (the host calls it when it stops).</summary>
    internal void Stop() => _stopping.Cancel();

    /// <summary>Cancelled when the emulator stops: open streams end then, so its server need not wait for their clients.</summary>
    internal CancellationToken Stopping => _stopping.Token;

    private void MarkDirty()
    {
        _dirty = true;
        if (_dirtySignal.CurrentCount == 0)
        {
            try
            {
                _dirtySignal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled.
            }
        }
    }

    /// <summary>Call under the lock before reading derived state.</summary>
    private void RecomputeIfDirty()
    {
        if (_dirty)
        {
            _dirty = false;
            Recompute();
        }
    }

    private async Task RecomputeInBackground()
    {
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                await _dirtySignal.WaitAsync(_stopping.Token).ConfigureAwait(false);
                // Telemetry streams lag configuration by at most this much (plus the recompute); a burst of Sets costs one recompute.
                var spacing = TimeSpan.FromTicks(Interlocked.Read(ref _lastRecomputeTicks) * RecomputeSpacing);
                await Task.Delay(spacing > RecomputeDelay ? spacing : RecomputeDelay, _stopping.Token).ConfigureAwait(false);
                lock (_sync)
                {
                    RecomputeIfDirty();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    internal long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000;

    private static bool IsWildcard(GnmiPath path) =>
        path.Elem.Any(e => e.Name is "*" or "..." || e.Key.Values.Any(v => v == "*")) || path.Elem.Any(e => IsListWithoutKeys(path, e));

    private static bool IsListWithoutKeys(GnmiPath path, PathElem elem)
    {
        var node = OpenConfigSchema.Root;
        foreach (var e in path.Elem)
        {
            node = node?.Child(e.Name);
            if (ReferenceEquals(e, elem))
            {
                return node is { Kind: SchemaKind.List } && e.Key.Count == 0;
            }
        }

        return false;
    }
}
