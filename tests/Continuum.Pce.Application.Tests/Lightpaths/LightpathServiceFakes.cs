using System.Collections.Immutable;
using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Lightpaths.Service;
using Continuum.Pce.Application.Paths;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.TestKit.Topology;

namespace Continuum.Pce.Application.Tests.Lightpaths;

/// <summary>
/// An in-memory world for the lightpath use cases: fibre ledgers with the hold/confirm protocol, transponder
/// interfaces, devices that remember which lightpath's channel they carry (and can refuse), and one store per lightpath.
/// </summary>
public sealed class LightpathWorld : ISpectrumView, ILightpathReservation, ITransponderInterfaces, ILightpathPaths, IDeviceRenderer, IPathTopologySource, ILightpathEventSink
{
    private readonly Dictionary<FiberId, List<Claim>> _ledgers = [];
    private readonly Dictionary<NodeId, Dictionary<string, int>> _interfaces = [];
    private readonly Dictionary<NodeId, Dictionary<string, SlotRange>> _devices = [];
    private readonly Dictionary<string, Lightpath> _lightpaths = [];
    private readonly RoutingPathComputer _computer;
    private long _version;

    /// <summary>A triangle A–B–C with a direct A–C: two routes between any two sites.</summary>
    public LightpathWorld(OpticalNetwork? network = null)
    {
        network ??= new NetworkBuilder().Site("A", interfaces: 4).Site("B", interfaces: 4).Site("C", interfaces: 4)
            .Link("A", "B", 80).Link("B", "C", 80).Link("A", "C", 120).Build();
        Snapshot = new NetworkSnapshot(network, TestEquipment.Library, 1);
        Topology = new PathTopology(network);
        var catalog = new InMemoryNetworkCatalog();
        catalog.Publish(Snapshot);
        _computer = new RoutingPathComputer(catalog);
    }

    public NetworkSnapshot Snapshot { get; }

    public PathTopology Topology { get; }

    public DateTimeOffset Now { get; set; } = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);

    public List<LightpathChanged> Published { get; } = [];

    /// <summary>Device faults to apply to the next calls: each entry refuses one provisioning or removal.</summary>
    public Queue<DeviceFault> Faults { get; } = new();

    /// <summary>When it answers true for a provisioning, that call throws (once): the host died there.</summary>
    public Func<LightpathRenderIntent, bool>? CrashOnProvision { get; set; }

    /// <summary>The next this many spectrum releases throw (a fibre grain that does not answer).</summary>
    public int FailingReleases { get; set; }

    /// <summary>Called when a removal starts, before it is applied (lets a test look at the world mid-reroute).</summary>
    public Action<LightpathRenderIntent>? OnRemoval { get; set; }

    public long Version => _version;

    public IReadOnlyDictionary<FiberId, List<Claim>> Ledgers => _ledgers;

    public IReadOnlyDictionary<NodeId, Dictionary<string, SlotRange>> Devices => _devices;

    public IEnumerable<Lightpath> Lightpaths => _lightpaths.Values;

    public Lightpath Lightpath(string tenant, string id)
    {
        var key = new LightpathKey(new TenantId(tenant), new LightpathId(id));
        if (!_lightpaths.TryGetValue(key.ToString(), out var lp))
        {
            lp = new Lightpath(this, key);
            _lightpaths[key.ToString()] = lp;
        }

        return lp;
    }

    public CreateLightpathRequest Create(string tenant, string id, string from, string to, int rate = 100, Func<Domain.Requests.PathConstraints, Domain.Requests.PathConstraints>? constraints = null)
    {
        var request = new Domain.Requests.PathRequest(NetworkBuilder.RoadmOf(from), NetworkBuilder.RoadmOf(to), rate,
            (constraints ?? (c => c))(Domain.Requests.PathConstraints.None));
        return new CreateLightpathRequest(new LightpathSpec(new LightpathId(id), new TenantId(tenant), request), from, to);
    }

    // ---- ISpectrumView ----
    public void CopyOccupancy(FiberId fiber, Span<ulong> words)
    {
        words.Clear();
        foreach (var claim in _ledgers.GetValueOrDefault(fiber) ?? [])
        {
            for (var s = claim.Slots.Start; s < claim.Slots.End; s++)
            {
                words[s / 64] |= 1UL << (s % 64);
            }
        }
    }

    public bool IsUp(FiberId fiber) => true;

    // ---- ILightpathReservation ----
    public Task<bool> TryHoldAsync(string owner, string attempt, PathCandidate path)
    {
        var fibers = Topology.BothWays(path.Fibers);
        if (fibers.Any(f => (_ledgers.GetValueOrDefault(f) ?? []).Any(c => c.Owner != owner && c.Slots.Overlaps(path.Slots))))
        {
            return Task.FromResult(false);
        }

        foreach (var f in fibers)
        {
            Ledger(f).Add(new Claim(owner, attempt, path.Slots, Committed: false));
        }

        _version++;
        return Task.FromResult(true);
    }

    public void Confirm(string owner, string attempt, PathCandidate path)
    {
        foreach (var f in Topology.BothWays(path.Fibers))
        {
            var ledger = Ledger(f);
            var i = ledger.FindIndex(c => c.Owner == owner && c.Attempt == attempt);
            if (i >= 0)
            {
                ledger[i] = ledger[i] with { Committed = true };
            }
        }
    }

    /// <summary>Called when a spectrum release starts, before it is applied (owner, attempt).</summary>
    public Action<string, string?>? OnRelease { get; set; }

    public Task ReleaseAsync(string owner, string? attempt, ImmutableArray<FiberId> fibers)
    {
        OnRelease?.Invoke(owner, attempt);
        if (FailingReleases > 0)
        {
            FailingReleases--;
            throw new TimeoutException("the fibre did not answer");
        }

        foreach (var f in Topology.BothWays(fibers))
        {
            Ledger(f).RemoveAll(c => c.Owner == owner && (attempt is null || c.Attempt == attempt));
        }

        _version++;
        return Task.CompletedTask;
    }

    // ---- ITransponderInterfaces ----
    public Task<int?> AllocateAsync(NodeId transponder, string owner)
    {
        var used = _interfaces.TryGetValue(transponder, out var u) ? u : _interfaces[transponder] = [];
        if (used.TryGetValue(owner, out var mine))
        {
            return Task.FromResult<int?>(mine);
        }

        for (var i = 1; i <= 4; i++)
        {
            if (!used.ContainsValue(i))
            {
                used[owner] = i;
                return Task.FromResult<int?>(i);
            }
        }

        return Task.FromResult<int?>(null);
    }

    Task ITransponderInterfaces.ReleaseAsync(NodeId transponder, string owner)
    {
        _interfaces.GetValueOrDefault(transponder)?.Remove(owner);
        return Task.CompletedTask;
    }

    public IEnumerable<string> InterfaceOwners => _interfaces.Values.SelectMany(d => d.Keys);

    // ---- ILightpathPaths ----
    public Task<IReadOnlyList<FiberId>?> FibersOfAsync(LightpathKey key) =>
        Task.FromResult<IReadOnlyList<FiberId>?>(_lightpaths.TryGetValue(key.ToString(), out var lp) && lp.Data.Record is { Path: { } path, State: not (LightpathState.Deleted or LightpathState.Failed) }
            ? path.Fibers
            : null);

    // ---- IDeviceRenderer: each ROADM of the path and each end transponder carries (owner → slots) ----
    public Task<RenderResult> ProvisionAsync(LightpathRenderIntent intent, CancellationToken cancellationToken)
    {
        if (CrashOnProvision?.Invoke(intent) == true)
        {
            CrashOnProvision = null;
            throw new InvalidOperationException("simulated crash: the process died before the devices were touched");
        }

        var slots = SlotsOf(intent);
        var devices = DevicesOf(intent);
        var applied = new List<NodeId>();
        foreach (var device in devices)
        {
            if (Faults.TryPeek(out var fault) && fault.Device == device && fault.Kind != FaultKind.RefuseRemoval)
            {
                Faults.Dequeue();
                if (fault.Kind == FaultKind.RefuseProvisioning)
                {
                    foreach (var d in applied)
                    {
                        Device(d).Remove(intent.Lightpath.Value);
                    }
                }

                return Task.FromResult<RenderResult>(new RenderResult.Failed(new RenderFailure(device, "/x", "ABORTED", "fault"), fault.Kind == FaultKind.RefuseProvisioning, []));
            }

            Device(device)[intent.Lightpath.Value] = slots;
            applied.Add(device);
        }

        return Task.FromResult<RenderResult>(new RenderResult.Succeeded([]));
    }

    public Task<RenderResult> DeleteAsync(LightpathRenderIntent intent, CancellationToken cancellationToken)
    {
        OnRemoval?.Invoke(intent);
        foreach (var device in DevicesOf(intent))
        {
            if (Faults.TryPeek(out var fault) && fault.Device == device && fault.Kind == FaultKind.RefuseRemoval)
            {
                Faults.Dequeue();
                return Task.FromResult<RenderResult>(new RenderResult.Failed(new RenderFailure(device, "/x", "UNAVAILABLE", "fault"), false, []));
            }

            Device(device).Remove(intent.Lightpath.Value);
        }

        return Task.FromResult<RenderResult>(new RenderResult.Succeeded([]));
    }

    // ---- ILightpathEventSink ----
    public void Publish(LightpathChanged change) => Published.Add(change);

    public IPathComputer Computer => _computer;

    private static SlotRange SlotsOf(LightpathRenderIntent intent) => FromSpectrum(intent.Spectrum);

    private static SlotRange FromSpectrum(ChannelSpectrum spectrum)
    {
        var grid = SpectrumGrid.CBandFlex;
        var start = (int)((spectrum.Lower.Mhz - grid.Start.Mhz) / grid.SlotWidthMhz);
        var end = (int)((spectrum.Upper.Mhz - grid.Start.Mhz) / grid.SlotWidthMhz);
        return new SlotRange(start, end - start);
    }

    private static IEnumerable<NodeId> DevicesOf(LightpathRenderIntent intent) =>
        [intent.Source.Transponder, .. intent.Path.Select(h => h.Roadm), intent.Destination.Transponder];

    private Dictionary<string, SlotRange> Device(NodeId id) => _devices.TryGetValue(id, out var d) ? d : _devices[id] = [];

    private List<Claim> Ledger(FiberId f) => _ledgers.TryGetValue(f, out var l) ? l : _ledgers[f] = [];
}

public sealed record Claim(string Owner, string Attempt, SlotRange Slots, bool Committed);

public enum FaultKind
{
    /// <summary>The device refuses a provisioning Set; what was applied is rolled back.</summary>
    RefuseProvisioning,

    /// <summary>The device refuses a provisioning Set and the rollback fails too (the earlier devices keep the channel).</summary>
    RefuseProvisioningNoRollback,

    /// <summary>The device refuses the removal.</summary>
    RefuseRemoval,
}

public sealed record DeviceFault(NodeId Device, FaultKind Kind);

/// <summary>One lightpath of the world: its data (the grain's state) and a context over the world's ports.</summary>
public sealed class Lightpath : ILightpathStateStore
{
    public Lightpath(LightpathWorld world, LightpathKey key)
    {
        Context = new LightpathContext(key, this, world, world.Computer, world, world, world, world, world, world, new WorldClock(world), new LightpathServiceOptions());
    }

    public LightpathContext Context { get; }

    public LightpathData Data { get; } = new();

    public int Writes { get; private set; }

    public Task WriteAsync()
    {
        Writes++;
        return Task.CompletedTask;
    }

    private sealed class WorldClock(LightpathWorld world) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => world.Now;
    }
}
