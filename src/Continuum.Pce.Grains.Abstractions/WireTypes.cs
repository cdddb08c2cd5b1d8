using System.Collections.Immutable;
using Orleans;

namespace Continuum.Pce.Grains.Abstractions;

// Messages that cross grain boundaries. Versioned data: every member has a stable [Id], every type a stable [Alias],
// so that renaming a class never breaks a running cluster. Domain values travel typed, through the surrogates
// below (Domain references no Orleans); views carry what callers read.

/// <summary>
/// A checked order for a lightpath, as the northbound hands it to the lightpath grain (or the path computation grain):
/// the application's validator has already resolved the endpoints to ROADMs and parsed every constraint, so the grain
/// receives typed domain values and checks nothing again. <see cref="Source"/> and <see cref="Destination"/> keep the
/// names the caller used (a site, ROADM or transponder id) for the lightpath's view.
/// </summary>
[GenerateSerializer, Immutable, Alias("pce.LightpathOrder.v2")]
public sealed record LightpathOrder(
    [property: Id(0)] Domain.Identity.LightpathId Id,
    [property: Id(1)] Domain.Identity.TenantId Tenant,
    [property: Id(2)] string Source,
    [property: Id(3)] string Destination,
    [property: Id(4)] Domain.Requests.PathRequest Request)
{
    public Domain.Identity.LightpathKey Key => new(Tenant, Id);

    /// <summary>What happens when the path fails.</summary>
    [Id(5)] public Domain.Lightpaths.RestorationPolicy Restoration { get; init; }

    /// <summary>Restoration order in a storm: 0 first, 7 last.</summary>
    [Id(6)] public int RestorationPriority { get; init; } = Domain.Lightpaths.RestorationPriority.Default;
}

/// <summary>A restoration policy on the wire: the domain's enum, carried as its (stable) number.</summary>
[GenerateSerializer, Immutable, Alias("pce.RestorationPolicy.v1")]
public readonly record struct RestorationPolicySurrogate([property: Id(0)] int Value);

[RegisterConverter]
public sealed class RestorationPolicyConverter : IConverter<Domain.Lightpaths.RestorationPolicy, RestorationPolicySurrogate>
{
    public Domain.Lightpaths.RestorationPolicy ConvertFromSurrogate(in RestorationPolicySurrogate surrogate) => (Domain.Lightpaths.RestorationPolicy)surrogate.Value;

    public RestorationPolicySurrogate ConvertToSurrogate(in Domain.Lightpaths.RestorationPolicy value) => new((int)value);
}

/// <summary>A lightpath or tenant id on the wire (the domain's identifiers reference no Orleans).</summary>
[GenerateSerializer, Immutable, Alias("pce.LightpathId.v1")]
public readonly record struct LightpathIdSurrogate([property: Id(0)] string Value);

[GenerateSerializer, Immutable, Alias("pce.TenantId.v1")]
public readonly record struct TenantIdSurrogate([property: Id(0)] string Value);

[RegisterConverter]
public sealed class LightpathIdConverter : IConverter<Domain.Identity.LightpathId, LightpathIdSurrogate>
{
    public Domain.Identity.LightpathId ConvertFromSurrogate(in LightpathIdSurrogate surrogate) => new(surrogate.Value);

    public LightpathIdSurrogate ConvertToSurrogate(in Domain.Identity.LightpathId value) => new(value.Value);
}

[RegisterConverter]
public sealed class TenantIdConverter : IConverter<Domain.Identity.TenantId, TenantIdSurrogate>
{
    public Domain.Identity.TenantId ConvertFromSurrogate(in TenantIdSurrogate surrogate) => new(surrogate.Value);

    public TenantIdSurrogate ConvertToSurrogate(in Domain.Identity.TenantId value) => new(value.Value);
}

/// <summary>
/// A checked path request on the wire: the domain's <see cref="Domain.Requests.PathRequest"/> flattened to its
/// identifiers, ISO 3166 codes and enum numbers (all fixed as wire values). Reading it back builds the same typed
/// request; it does not validate again (a code that is not ISO 3166 here means a corrupt message, and throws).
/// </summary>
[GenerateSerializer, Immutable, Alias("pce.PathRequest.v1")]
public readonly record struct PathRequestSurrogate(
    [property: Id(0)] string Source,
    [property: Id(1)] string Destination,
    [property: Id(2)] int BitRateGbps,
    [property: Id(3)] int Objective,
    [property: Id(4)] int Protection)
{
    [Id(5)] public double? MaxLatencyUs { get; init; }

    [Id(6)] public ImmutableArray<string> AllowedJurisdictions { get; init; } = [];

    [Id(7)] public ImmutableArray<string> ForbiddenJurisdictions { get; init; } = [];

    [Id(8)] public ImmutableArray<string> IncludeNodes { get; init; } = [];

    [Id(9)] public ImmutableArray<string> ExcludeNodes { get; init; } = [];

    [Id(10)] public ImmutableArray<string> IncludeFibers { get; init; } = [];

    [Id(11)] public ImmutableArray<string> ExcludeFibers { get; init; } = [];

    [Id(12)] public ImmutableArray<string> ExcludeSrlgs { get; init; } = [];

    [Id(13)] public ImmutableArray<string> ExcludeSites { get; init; } = [];

    [Id(14)] public ImmutableArray<string> DiverseFrom { get; init; } = [];

    [Id(15)] public int DiversityLevel { get; init; }

    [Id(16)] public double? MinOsnrMarginDb { get; init; }

    /// <summary>The requested channel's central frequency, MHz (absent in orders stored before it existed).</summary>
    [Id(17)] public long? CentralFrequencyMhz { get; init; }

    [Id(18)] public long? ChannelWidthMhz { get; init; }

    [Id(19)] public string? Mode { get; init; }

    [Id(20)] public double? MinOsnrDb { get; init; }
}

[RegisterConverter]
public sealed class PathRequestConverter : IConverter<Domain.Requests.PathRequest, PathRequestSurrogate>
{
    public Domain.Requests.PathRequest ConvertFromSurrogate(in PathRequestSurrogate surrogate)
    {
        var constraints = new Domain.Requests.PathConstraints
        {
            MaxLatencyUs = surrogate.MaxLatencyUs,
            AllowedJurisdictions = [.. Strings(surrogate.AllowedJurisdictions).Select(Domain.Geography.Jurisdiction.Parse)],
            ForbiddenJurisdictions = [.. Strings(surrogate.ForbiddenJurisdictions).Select(Domain.Geography.Jurisdiction.Parse)],
            IncludeNodes = [.. Strings(surrogate.IncludeNodes).Select(n => new Domain.Identity.NodeId(n))],
            ExcludeNodes = [.. Strings(surrogate.ExcludeNodes).Select(n => new Domain.Identity.NodeId(n))],
            IncludeFibers = [.. Strings(surrogate.IncludeFibers).Select(f => new Domain.Identity.FiberId(f))],
            ExcludeFibers = [.. Strings(surrogate.ExcludeFibers).Select(f => new Domain.Identity.FiberId(f))],
            ExcludeSrlgs = [.. Strings(surrogate.ExcludeSrlgs).Select(g => new Domain.Identity.SrlgId(g))],
            ExcludeSites = [.. Strings(surrogate.ExcludeSites).Select(x => new Domain.Identity.SiteId(x))],
            DiverseFrom = [.. Strings(surrogate.DiverseFrom).Select(l => new Domain.Identity.LightpathId(l))],
            DiversityLevel = (Domain.Requests.Disjointness)surrogate.DiversityLevel,
            MinOsnrMarginDb = surrogate.MinOsnrMarginDb,
            CentralFrequency = surrogate.CentralFrequencyMhz is { } mhz ? new Domain.Units.Frequency(mhz) : null,
            ChannelWidthMhz = surrogate.ChannelWidthMhz,
            Mode = surrogate.Mode,
            MinOsnrDb = surrogate.MinOsnrDb,
        };
        return new(new(surrogate.Source), new(surrogate.Destination), surrogate.BitRateGbps, constraints,
            (Domain.Requests.Objective)surrogate.Objective, (Domain.Requests.Protection)surrogate.Protection);
    }

    public PathRequestSurrogate ConvertToSurrogate(in Domain.Requests.PathRequest value)
    {
        var c = value.Constraints;
        return new(value.Source.Value, value.Destination.Value, value.BitRateGbps, (int)value.Objective, (int)value.Protection)
        {
            MaxLatencyUs = c.MaxLatencyUs,
            AllowedJurisdictions = [.. Values(c.AllowedJurisdictions).Select(j => j.ToString())],
            ForbiddenJurisdictions = [.. Values(c.ForbiddenJurisdictions).Select(j => j.ToString())],
            IncludeNodes = [.. Values(c.IncludeNodes).Select(n => n.Value)],
            ExcludeNodes = [.. Values(c.ExcludeNodes).Select(n => n.Value)],
            IncludeFibers = [.. Values(c.IncludeFibers).Select(f => f.Value)],
            ExcludeFibers = [.. Values(c.ExcludeFibers).Select(f => f.Value)],
            ExcludeSrlgs = [.. Values(c.ExcludeSrlgs).Select(g => g.Value)],
            ExcludeSites = [.. Values(c.ExcludeSites).Select(x => x.Value)],
            DiverseFrom = [.. Values(c.DiverseFrom).Select(l => l.Value)],
            DiversityLevel = (int)c.DiversityLevel,
            MinOsnrMarginDb = c.MinOsnrMarginDb,
            CentralFrequencyMhz = c.CentralFrequency?.Mhz,
            ChannelWidthMhz = c.ChannelWidthMhz,
            Mode = c.Mode,
            MinOsnrDb = c.MinOsnrDb,
        };
    }

    private static ImmutableArray<string> Strings(ImmutableArray<string> values) => values.IsDefault ? [] : values;

    private static ImmutableArray<T> Values<T>(ImmutableArray<T> values) => values.IsDefault ? [] : values;
}

/// <summary>One lifecycle event of a lightpath (version 2: the states are the domain's enum).</summary>
[GenerateSerializer, Immutable, Alias("pce.LightpathEventView.v2")]
public sealed record LightpathEventView(
    [property: Id(0)] Domain.Lightpaths.LightpathState From,
    [property: Id(1)] Domain.Lightpaths.LightpathState To,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string? Reason);

/// <summary>
/// The lifecycle state on the wire: the domain's enum, carried as its (stable) number. Domain references no Orleans,
/// so the wire form is this surrogate and its converter.
/// </summary>
[GenerateSerializer, Immutable, Alias("pce.LightpathState.v1")]
public readonly record struct LightpathStateSurrogate([property: Id(0)] int Value);

/// <summary>A path objective on the wire: the domain's enum, carried as its (stable) number.</summary>
[GenerateSerializer, Immutable, Alias("pce.Objective.v1")]
public readonly record struct ObjectiveSurrogate([property: Id(0)] int Value);

[RegisterConverter]
public sealed class ObjectiveConverter : IConverter<Domain.Requests.Objective, ObjectiveSurrogate>
{
    public Domain.Requests.Objective ConvertFromSurrogate(in ObjectiveSurrogate surrogate) => (Domain.Requests.Objective)surrogate.Value;

    public ObjectiveSurrogate ConvertToSurrogate(in Domain.Requests.Objective value) => new((int)value);
}

[RegisterConverter]
public sealed class LightpathStateConverter : IConverter<Domain.Lightpaths.LightpathState, LightpathStateSurrogate>
{
    public Domain.Lightpaths.LightpathState ConvertFromSurrogate(in LightpathStateSurrogate surrogate) => (Domain.Lightpaths.LightpathState)surrogate.Value;

    public LightpathStateSurrogate ConvertToSurrogate(in Domain.Lightpaths.LightpathState value) => new((int)value);
}

/// <summary>A lightpath as seen from outside its grain (version 2: the state is the domain's enum, no longer its name).</summary>
[GenerateSerializer, Immutable, Alias("pce.LightpathView.v2")]
public sealed record LightpathView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Tenant,
    [property: Id(2)] Domain.Lightpaths.LightpathState State,
    [property: Id(3)] string Source,
    [property: Id(4)] string Destination,
    [property: Id(5)] int BitRateGbps)
{
    [Id(6)] public ImmutableArray<string> Nodes { get; init; } = [];

    [Id(7)] public ImmutableArray<string> Fibers { get; init; } = [];

    [Id(8)] public int? SlotStart { get; init; }

    [Id(9)] public int? SlotCount { get; init; }

    [Id(10)] public string? Mode { get; init; }

    [Id(11)] public double? LatencyUs { get; init; }

    [Id(12)] public double? LengthKm { get; init; }

    [Id(13)] public double? GsnrDb { get; init; }

    [Id(14)] public double? MarginDb { get; init; }

    /// <summary>The block reason (no-path, jurisdiction, latency, qot, spectrum, diversity, ...), when blocked.</summary>
    [Id(15)] public string? BlockReason { get; init; }

    [Id(16)] public string? FailureReason { get; init; }

    [Id(17)] public ImmutableArray<LightpathEventView> History { get; init; } = [];

    [Id(18)] public bool Exists { get; init; } = true;

    [Id(19)] public int LineRateGbps { get; init; }

    /// <summary>The lowest OSNR (0.1 nm, dB) the lightpath's receivers report while they see a signal.</summary>
    [Id(20)] public double? MeasuredOsnrDb { get; init; }

    /// <summary>When the newest telemetry figure of the lightpath was measured.</summary>
    [Id(21)] public DateTimeOffset? MeasuredAt { get; init; }

    /// <summary>Fibres of the path reported down by telemetry.</summary>
    [Id(22)] public ImmutableArray<string> FibersDown { get; init; } = [];

    /// <summary>Every fibre whose slots the lightpath holds: <see cref="Fibers"/> (A→Z) and their reverse fibres (Z→A).</summary>
    [Id(30)] public ImmutableArray<string> ReservedFibers { get; init; } = [];

    /// <summary>
    /// Set while the devices still carry a channel the lightpath no longer wants (a delete or reroute whose device
    /// cleanup failed): why the last cleanup failed. Its spectrum and interfaces stay claimed until cleanup succeeds or
    /// an operator forces it.
    /// </summary>
    [Id(31)] public string? CleanupFailure { get; init; }

    /// <summary>When the next automatic cleanup attempt is due (while <see cref="CleanupFailure"/> is set).</summary>
    [Id(32)] public DateTimeOffset? CleanupRetryAt { get; init; }

    /// <summary>What happens when the path fails, and in which order in a storm (0 first).</summary>
    [Id(33)] public Domain.Lightpaths.RestorationPolicy Restoration { get; init; }

    [Id(34)] public int RestorationPriority { get; init; } = Domain.Lightpaths.RestorationPriority.Default;

    /// <summary>Set while an automatic restoration could not move the lightpath off a failure: why.</summary>
    [Id(35)] public string? RestorationFailure { get; init; }

    /// <summary>A restored revertive lightpath: the fibres of the path it returns to after wait-to-restore.</summary>
    [Id(36)] public ImmutableArray<string> HomeFibers { get; init; } = [];

    /// <summary>1+1 protection: the protection leg and where the protection switches stand (null when unprotected).</summary>
    [Id(40)] public ProtectionView? Protection { get; init; }

    /// <summary>The transponder line interfaces (1-based) the lightpath holds at its source and destination ends.</summary>
    [Id(41)] public int? SourceInterface { get; init; }

    [Id(42)] public int? DestinationInterface { get; init; }

    /// <summary>Lifecycle events dropped from <see cref="History"/> (it keeps the request and the newest events: Pce:Retention:HistoryEntries).</summary>
    [Id(43)] public int HistoryTrimmed { get; init; }
}

/// <summary>
/// The protection of a 1+1 lightpath: its protection leg (the working leg is the lightpath's own path; both carry the
/// same mode and slots), the switches' positions as the devices last reported them, and a manual switch in force.
/// </summary>
[GenerateSerializer, Immutable, Alias("pce.ProtectionView.v1")]
public sealed record ProtectionView(
    [property: Id(0)] ImmutableArray<string> Nodes,
    [property: Id(1)] ImmutableArray<string> Fibers,
    [property: Id(2)] double LatencyUs,
    [property: Id(3)] double LengthKm)
{
    [Id(4)] public double? GsnrDb { get; init; }

    [Id(5)] public double? MarginDb { get; init; }

    /// <summary>The leg the source end's switch selects (what it receives from), null until read.</summary>
    [Id(6)] public Domain.Lightpaths.ProtectionLeg? ActiveAtSource { get; init; }

    [Id(7)] public Domain.Lightpaths.ProtectionLeg? ActiveAtDestination { get; init; }

    [Id(8)] public Domain.Lightpaths.ProtectionForce Force { get; init; }

    /// <summary>Whether each leg crosses a fibre reported down.</summary>
    [Id(9)] public bool WorkingDown { get; init; }

    [Id(10)] public bool ProtectionDown { get; init; }

    [Id(11)] public DateTimeOffset? ReadAt { get; init; }

    /// <summary>How the legs are disjoint: link, srlg or node.</summary>
    [Id(12)] public Domain.Requests.Disjointness Diversity { get; init; }
}

/// <summary>The outcome of a protection switch command: the lightpath as it is now, and the refusal when it was not switched.</summary>
[GenerateSerializer, Immutable, Alias("pce.ProtectionSwitchView.v1")]
public sealed record ProtectionSwitchView(
    [property: Id(0)] LightpathView Lightpath,
    [property: Id(1)] string? Outcome,
    [property: Id(2)] string? Detail);

/// <summary>A request to hold a slot range of a fibre for one reservation attempt of a lightpath.</summary>
[GenerateSerializer, Immutable, Alias("pce.HoldRequest.v1")]
public sealed record HoldRequest(
    [property: Id(0)] string Lightpath,
    [property: Id(1)] string Attempt,
    [property: Id(2)] int SlotStart,
    [property: Id(3)] int SlotCount);

/// <summary>
/// The fibre pair's answer to a hold: granted on both fibres, or refused with the reason, the fibre that refused and
/// that fibre's current occupancy.
/// </summary>
[GenerateSerializer, Immutable, Alias("pce.HoldReply.v1")]
public sealed record HoldReply(
    [property: Id(0)] bool Granted,
    [property: Id(1)] string Refusal,
    [property: Id(2)] ImmutableArray<ulong> Occupancy)
{
    /// <summary>The fibre whose ledger refused (empty when granted).</summary>
    [Id(3)]
    public string Fiber { get; init; } = "";
}

/// <summary>One claim on a fibre's spectrum.</summary>
[GenerateSerializer, Immutable, Alias("pce.SpectrumClaimView.v1")]
public sealed record SpectrumClaimView(
    [property: Id(0)] string Lightpath,
    [property: Id(1)] string Attempt,
    [property: Id(2)] int SlotStart,
    [property: Id(3)] int SlotCount,
    [property: Id(4)] string Status,
    [property: Id(5)] DateTimeOffset HeldAt);

/// <summary>A fibre's spectrum: its claims, whether it is up, and its occupancy bitmap.</summary>
[GenerateSerializer, Immutable, Alias("pce.FiberSpectrumView.v1")]
public sealed record FiberSpectrumView(
    [property: Id(0)] string Fiber,
    [property: Id(1)] int SlotCount,
    [property: Id(2)] bool IsUp,
    [property: Id(3)] ImmutableArray<SpectrumClaimView> Claims,
    [property: Id(4)] ImmutableArray<ulong> Occupancy)
{
    public int OccupiedSlots => Claims.Sum(c => c.SlotCount);

    public double Utilisation => SlotCount == 0 ? 0 : (double)OccupiedSlots / SlotCount;
}

/// <summary>How a reservation attempt ended, as its owner lightpath knows it.</summary>
public enum AttemptOutcome
{
    /// <summary>The attempt is still in flight on a live activation: leave the hold.</summary>
    Pending,

    Committed,

    /// <summary>The attempt did not commit and never will (presumed abort): release the hold.</summary>
    Aborted,
}

/// <summary>Health and binding of an optical node.</summary>
[GenerateSerializer, Immutable, Alias("pce.NodeStatusView.v1")]
public sealed record NodeStatusView(
    [property: Id(0)] string Node,
    [property: Id(1)] string Kind,
    [property: Id(2)] string Health,
    [property: Id(3)] string? DeviceAddress,
    [property: Id(4)] DateTimeOffset? LastSeen)
{
    /// <summary>The latest telemetry of each component (optical channels, ports), by component name.</summary>
    [Id(5)] public ImmutableArray<ComponentTelemetryView> Components { get; init; } = [];

    /// <summary>The latest oper-status of each media channel (ROADMs).</summary>
    [Id(6)] public ImmutableArray<MediaChannelStatusView> MediaChannels { get; init; } = [];

    /// <summary>Transponder line interfaces in use and the lightpath on each, in interface order.</summary>
    [Id(7)] public ImmutableArray<InterfaceUseView> Interfaces { get; init; } = [];
}

/// <summary>One transponder line interface in use.</summary>
[GenerateSerializer, Immutable, Alias("pce.InterfaceUseView.v1")]
public sealed record InterfaceUseView([property: Id(0)] int Interface, [property: Id(1)] string Lightpath);

/// <summary>The latest telemetry of one component of a device.</summary>
[GenerateSerializer, Immutable, Alias("pce.ComponentTelemetryView.v1")]
public sealed record ComponentTelemetryView(
    [property: Id(0)] string Component,
    [property: Id(1)] bool? Active,
    [property: Id(2)] double? OsnrDb,
    [property: Id(3)] double? InputPowerDbm,
    [property: Id(4)] double? OutputPowerDbm,
    [property: Id(5)] double? PreFecBer,
    [property: Id(6)] DateTimeOffset At);

/// <summary>The latest oper-status of one media channel.</summary>
[GenerateSerializer, Immutable, Alias("pce.MediaChannelStatusView.v1")]
public sealed record MediaChannelStatusView(
    [property: Id(0)] uint Index,
    [property: Id(1)] bool Up,
    [property: Id(2)] DateTimeOffset At);

/// <summary>What a telemetry sample is about.</summary>
public static class TelemetryKinds
{
    /// <summary>Optical-channel state of a transponder line interface (OSNR, powers, pre-FEC BER).</summary>
    public const string OpticalChannel = "optical-channel";

    /// <summary>Oper-status of a component (an optical channel, a ROADM port).</summary>
    public const string Component = "component";

    /// <summary>Oper-status of a ROADM media channel.</summary>
    public const string MediaChannel = "media-channel";

    /// <summary>A ROADM media channel that is no longer configured (its reading is dropped).</summary>
    public const string MediaChannelRemoved = "media-channel-removed";

    /// <summary>The device's state was sent in full; media channels not in <see cref="DeviceTelemetry.MediaChannels"/> are gone.</summary>
    public const string Synchronised = "synchronised";

    /// <summary>
    /// The device's telemetry stream broke and re-subscribing failed (<see cref="DeviceTelemetry.Component"/> carries
    /// the reason): the device is unreachable until its next <see cref="Synchronised"/>.
    /// </summary>
    public const string Unreachable = "unreachable";
}

/// <summary>One telemetry sample of a device, as the silo's telemetry ingestion hands it to the node grain.</summary>
[GenerateSerializer, Immutable, Alias("pce.DeviceTelemetry.v1")]
public sealed record DeviceTelemetry(
    [property: Id(0)] string Kind,
    [property: Id(1)] string Component,
    [property: Id(2)] DateTimeOffset At)
{
    /// <summary>The transponder line interface of an optical channel (1-based), when known.</summary>
    [Id(3)] public int? Interface { get; init; }

    /// <summary>The line degree of a ROADM port component, when known.</summary>
    [Id(4)] public int? Degree { get; init; }

    /// <summary>Whether the port is a receiving side (line input).</summary>
    [Id(5)] public bool IsInput { get; init; }

    [Id(6)] public bool? Active { get; init; }

    [Id(7)] public double? OsnrDb { get; init; }

    [Id(8)] public double? InputPowerDbm { get; init; }

    [Id(9)] public double? OutputPowerDbm { get; init; }

    [Id(10)] public double? PreFecBer { get; init; }

    [Id(11)] public uint? MediaChannelIndex { get; init; }

    /// <summary>With <see cref="TelemetryKinds.Synchronised"/>: every media channel the device has.</summary>
    [Id(12)] public uint[]? MediaChannels { get; init; }
}

/// <summary>The latest figures of one receiver of a lightpath (a transponder line interface at one end).</summary>
[GenerateSerializer, Immutable, Alias("pce.ReceiverTelemetry.v1")]
public sealed record ReceiverTelemetry(
    [property: Id(0)] string Transponder,
    [property: Id(1)] int Interface,
    [property: Id(2)] DateTimeOffset At)
{
    /// <summary>False on loss of signal, true when the signal is back; null when the sample carries figures only.</summary>
    [Id(3)] public bool? SignalPresent { get; init; }

    [Id(4)] public double? OsnrDb { get; init; }

    [Id(5)] public double? InputPowerDbm { get; init; }

    [Id(6)] public double? PreFecBer { get; init; }
}

/// <summary>A topology version summary.</summary>
[GenerateSerializer, Immutable, Alias("pce.TopologySummary.v1")]
public sealed record TopologySummary(
    [property: Id(0)] string Name,
    [property: Id(1)] long Version,
    [property: Id(2)] int Sites,
    [property: Id(3)] int Nodes,
    [property: Id(4)] int Fibers);

/// <summary>The outcome of a path computation: candidates, or the block reason and its detail.</summary>
[GenerateSerializer, Immutable, Alias("pce.PathComputationView.v1")]
public sealed record PathComputationView(
    [property: Id(0)] ImmutableArray<LightpathView> Candidates,
    [property: Id(1)] string? BlockReason,
    [property: Id(2)] string? BlockDetail)
{
    public bool IsFound => BlockReason is null && !Candidates.IsDefaultOrEmpty;
}

/// <summary>A retune of a lightpath on its own path: the slots it must be on now, the new start (same width), how, and why.</summary>
[GenerateSerializer, Immutable, Alias("pce.RetuneOrder.v1")]
public sealed record RetuneOrder(
    [property: Id(0)] int FromStart,
    [property: Id(1)] int SlotCount,
    [property: Id(2)] int ToStart,
    [property: Id(3)] bool Hitless,
    [property: Id(4)] string Cause);

/// <summary>The outcome of a reroute: the lightpath as it is now, and the refusal reason when it kept its old path.</summary>
[GenerateSerializer, Immutable, Alias("pce.RerouteView.v1")]
public sealed record RerouteView(
    [property: Id(0)] LightpathView Lightpath,
    [property: Id(1)] string? Outcome,
    [property: Id(2)] string? Detail);
