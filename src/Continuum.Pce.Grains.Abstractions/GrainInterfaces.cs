using System.Collections.Immutable;
using Orleans;
using Orleans.Concurrency;

namespace Continuum.Pce.Grains.Abstractions;

/// <summary>
/// A directed fibre, addressed by its id. Spectrum lives per duplex pair: the grain keyed by the pair's key (the
/// ordinally smaller id of a fibre and its reverse) keeps both fibres' ledgers, and a hold, confirm or release there
/// applies to both at once (a bidirectional lightpath takes the same slots both ways: one call and one write instead of
/// two). The grain keyed by the other fibre of a pair holds nothing and passes every call on to the pair's grain; the
/// per-fibre calls (spectrum, up/down, line signal) answer for the fibre of the key they were addressed to.
/// </summary>
[Alias("pce.IFiberGrain")]
public interface IFiberGrain : IGrainWithStringKey
{
    /// <summary>Holds the slots on every fibre of the pair, all or none.</summary>
    [Alias("Hold")]
    Task<HoldReply> Hold(HoldRequest request);

    /// <summary>
    /// Turns a hold into a commitment on every fibre of the pair; nothing when there is no such hold (it expired and was
    /// released). One-way: the lightpath has committed before it sends this, and a confirm that never arrives is made
    /// good by stale-hold recovery, which asks the lightpath and hears Committed.
    /// </summary>
    [Alias("Confirm")]
    [OneWay]
    Task Confirm(string lightpath, string attempt);

    /// <summary>Releases the lightpath's claims on every fibre of the pair (of one attempt, or all when attempt is null). Idempotent.</summary>
    [Alias("Release")]
    Task Release(string lightpath, string? attempt);

    /// <summary>The spectrum of the fibre this grain is addressed by.</summary>
    [Alias("GetSpectrum")]
    [ReadOnly]
    Task<FiberSpectrumView> GetSpectrum();

    /// <summary>
    /// Whether both fibres of the pair (this one and its reverse, when it has one) are up: the cheap question of a
    /// revertive lightpath watching its home path (no spectrum copied).
    /// </summary>
    [Alias("IsPairUp")]
    [ReadOnly]
    Task<bool> IsPairUp();

    /// <summary>Marks the fibre this grain is addressed by up or down.</summary>
    [Alias("SetUp")]
    Task SetUp(bool isUp);

    /// <summary>Resolves the pair's holds older than the hold timeout with their owners (presumed abort); returns how many were resolved.</summary>
    [Alias("RecoverStaleHolds")]
    Task<int> RecoverStaleHolds();

    /// <summary>
    /// Telemetry at the receive end of the fibre this grain is addressed by: light present or lost (loss of signal on the
    /// line input). A change marks the fibre up or down (as <see cref="SetUp"/>) and tells every lightpath with spectrum
    /// on it, with the evidence.
    /// </summary>
    [Alias("ReportLineSignal")]
    Task ReportLineSignal(bool present, string evidence, DateTimeOffset at);

    /// <summary>The spectrum of one fibre of the pair (called by the grain of the pair's other fibre).</summary>
    [Alias("GetFiberSpectrum")]
    [ReadOnly]
    Task<FiberSpectrumView> GetFiberSpectrum(string fiber);

    /// <summary>Marks one fibre of the pair up or down (called by the grain of the pair's other fibre).</summary>
    [Alias("SetFiberUp")]
    Task SetFiberUp(string fiber, bool isUp);

    /// <summary>A line signal change on one fibre of the pair (called by the grain of the pair's other fibre).</summary>
    [Alias("ReportFiberLineSignal")]
    Task ReportFiberLineSignal(string fiber, bool present, string evidence, DateTimeOffset at);
}

/// <summary>One lightpath service. Key: the lightpath id.</summary>
[Alias("pce.ILightpathGrain")]
public interface ILightpathGrain : IGrainWithStringKey
{
    /// <summary>Computes, reserves and provisions. Idempotent: a second call with the same order returns the lightpath as it is.</summary>
    [Alias("Create")]
    Task<LightpathView> Create(LightpathOrder order);

    [Alias("Get")]
    [ReadOnly]
    Task<LightpathView> Get();

    /// <summary>
    /// Deletes: the devices cleared, then spectrum and interfaces released. When the devices refuse the cleanup the
    /// lightpath stays Deleting with <see cref="LightpathView.CleanupFailure"/> set and keeps its claims; the cleanup is
    /// retried with back-off.
    /// </summary>
    [Alias("Delete")]
    Task<LightpathView> Delete();

    /// <summary>An operator's forced delete: releases spectrum and interfaces even when the devices cannot be cleared (recorded in the history).</summary>
    [Alias("ForceDelete")]
    Task<LightpathView> ForceDelete();

    /// <summary>
    /// Moves an Active or Degraded lightpath to another path (new constraints when given): spectrum make-before-break
    /// (the new slots are held and committed before the old ones are released), devices reconfigured old-out/new-in,
    /// and the old path restored if the new one cannot be configured.
    /// </summary>
    [Alias("Reroute")]
    Task<RerouteView> Reroute(LightpathOrder? constraints);

    /// <summary>
    /// Moves an Active lightpath to other slots on its own path without taking it down (a defragmentation step): hitless
    /// slide or make-before-break, spectrum claimed before the devices move and released after. Refused (the lightpath
    /// left as it is) when it is not on <see cref="RetuneOrder.FromStart"/> any more, the new slots are taken, or a device
    /// refuses (its applied steps undone).
    /// </summary>
    [Alias("Retune")]
    Task<RerouteView> Retune(RetuneOrder order);

    /// <summary>
    /// Pushes an Active or Degraded lightpath's configuration to its devices again (steps already in place are skipped):
    /// after a device lost its configuration (a restart of the emulator, a replaced line card). Harmless otherwise.
    /// </summary>
    [Alias("Resync")]
    Task<LightpathView> Resync();

    /// <summary>
    /// 1+1: holds both ends' protection switches on a leg (a manual switch), or returns them to automatic. Refused for an
    /// unprotected lightpath, one not in service, or a switch onto a leg that is down.
    /// </summary>
    Task<ProtectionSwitchView> SwitchProtection(Domain.Lightpaths.ProtectionForce force);

    /// <summary>1+1: reads where the devices' protection switches stand now (recording a change), then the view.</summary>
    Task<LightpathView> ReadProtection();

    /// <summary>Finishes a lifecycle step a crash interrupted (provisioning, deleting); harmless otherwise.</summary>
    [Alias("Reconcile")]
    Task<LightpathView> Reconcile();

    /// <summary>Asked by fibres holding a stale hold of this lightpath: did that attempt commit?</summary>
    [Alias("ResolveAttempt")]
    [AlwaysInterleave]
    Task<AttemptOutcome> ResolveAttempt(string attempt);

    /// <summary>
    /// The latest figures of one of the lightpath's receivers (from its transponder's node grain). An active lightpath
    /// whose receiver loses the signal or whose OSNR falls below the mode's requirement plus margin becomes Degraded;
    /// it returns to Active when every receiver is healthy again and no fibre of its path is down.
    /// </summary>
    [Alias("ReportReceiver")]
    Task ReportReceiver(ReceiverTelemetry reading);

    /// <summary>
    /// A fibre of the path went down (loss of signal at its receive end) or came back up. One-way: the fibre grain does
    /// not wait while a lightpath restores itself (which calls fibre grains).
    /// </summary>
    [Alias("ReportFiberSignal")]
    [OneWay]
    Task ReportFiberSignal(string fiber, bool up, string evidence, DateTimeOffset at);

    /// <summary>
    /// A ROADM of the path became unreachable (its gNMI session is lost and re-subscribing fails) or answers again.
    /// One-way for the same reason as <see cref="ReportFiberSignal"/>.
    /// </summary>
    [Alias("ReportNodeReachability")]
    [OneWay]
    Task ReportNodeReachability(string node, bool reachable, string evidence, DateTimeOffset at);
}

/// <summary>Path computation without reservation, on a silo-local frozen graph and spectrum view.</summary>
[Alias("pce.IPathComputationGrain")]
public interface IPathComputationGrain : IGrainWithIntegerKey
{
    /// <summary>Candidates in the order's objective order, or the reason none exists (unknown endpoint, constraints, spectrum).</summary>
    [Alias("Compute")]
    Task<PathComputationView> Compute(LightpathOrder order, int maxCandidates);
}

/// <summary>The versioned topology. Key: "default".</summary>
[Alias("pce.ITopologyGrain")]
public interface ITopologyGrain : IGrainWithStringKey
{
    /// <summary>Replaces the topology with a network document; returns the new summary, or throws with every validation error.</summary>
    [Alias("Load")]
    Task<TopologySummary> Load(string networkJson, string equipmentJson);

    /// <summary>
    /// Loads the documents only when no topology is stored yet (servers that start together race for the first load;
    /// exactly one wins); returns the summary of what is stored afterwards, whoever loaded it.
    /// </summary>
    [Alias("LoadInitial")]
    Task<TopologySummary> LoadInitial(string networkJson, string equipmentJson);

    [Alias("GetSummary")]
    [ReadOnly]
    Task<TopologySummary?> GetSummary();

    /// <summary>The stored version (0: none loaded), cheap enough for every silo to poll.</summary>
    [Alias("GetVersion")]
    [ReadOnly]
    Task<long> GetVersion();

    /// <summary>The stored documents (network, equipment) and their version, for silos that must rebuild their local view.</summary>
    [Alias("GetDocuments")]
    [ReadOnly]
    Task<(string Network, string Equipment, long Version)?> GetDocuments();
}

/// <summary>A ROADM, transponder or amplifier: health and device binding. Key: the node id.</summary>
[Alias("pce.IOpticalNodeGrain")]
public interface IOpticalNodeGrain : IGrainWithStringKey
{
    [Alias("GetStatus")]
    [ReadOnly]
    Task<NodeStatusView> GetStatus();

    [Alias("Bind")]
    Task Bind(string deviceAddress);

    [Alias("ReportHealth")]
    Task ReportHealth(string health, DateTimeOffset at);

    /// <summary>Gives a transponder line interface (1-based) to a lightpath; the same one again if it already has one; null when all are taken.</summary>
    [Alias("AllocateInterface")]
    Task<int?> AllocateInterface(string lightpath);

    [Alias("ReleaseInterface")]
    Task ReleaseInterface(string lightpath);

    /// <summary>
    /// After a crash: frees the interfaces whose lightpath has ended (a release answered but not yet written); returns
    /// how many. Runs by itself once after such an activation; callable to wait for it.
    /// </summary>
    [Alias("RecoverInterfaces")]
    Task<int> RecoverInterfaces();

    /// <summary>
    /// A sample of the device's telemetry: kept as the latest value of its component (shown on <see cref="GetStatus"/>)
    /// and forwarded: a transponder's optical channel to the lightpath using that interface, a ROADM line input's loss of
    /// signal to the fibre that arrives there.
    /// </summary>
    [Alias("ReportTelemetry")]
    Task ReportTelemetry(DeviceTelemetry telemetry);
}

/// <summary>Addresses lightpath grains by their key in the tenant's own id space (<see cref="Domain.Identity.LightpathKey"/>).</summary>
public static class LightpathGrains
{
    /// <summary>The grain of lightpath <paramref name="id"/> of <paramref name="tenant"/>.</summary>
    public static ILightpathGrain Lightpath(this IGrainFactory grains, string tenant, string id)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<ILightpathGrain>(KeyOf(tenant, id));
    }

    /// <summary>The grain an order is for.</summary>
    public static ILightpathGrain Lightpath(this IGrainFactory grains, LightpathOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return grains.Lightpath(order.Tenant.Value, order.Id.Value);
    }

    /// <summary>The grain of a lightpath as seen from outside.</summary>
    public static ILightpathGrain Lightpath(this IGrainFactory grains, LightpathView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return grains.Lightpath(view.Tenant, view.Id);
    }

    public static string KeyOf(string tenant, string id) =>
        new Domain.Identity.LightpathKey(new Domain.Identity.TenantId(tenant), new Domain.Identity.LightpathId(id)).ToString();
}
