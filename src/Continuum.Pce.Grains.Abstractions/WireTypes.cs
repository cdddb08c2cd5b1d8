using System.Collections.Immutable;
using Orleans;

namespace Continuum.Pce.Grains.Abstractions;

// Messages that cross grain boundaries. Versioned data: every member has a stable [Id], every type a stable [Alias],
// so that renaming a class never breaks a running cluster. They carry primitives and strings only; grains map them to
// and from the domain.

/// <summary>An order for a lightpath, as the northbound hands it to the lightpath grain.</summary>
[GenerateSerializer, Immutable, Alias("pce.LightpathOrder.v1")]
public sealed record LightpathOrder(
    [property: Id(0)] string Id,
    [property: Id(1)] string Tenant,
    [property: Id(2)] string Source,
    [property: Id(3)] string Destination,
    [property: Id(4)] int BitRateGbps)
{
    [Id(5)] public double? MaxLatencyUs { get; init; }

    [Id(6)] public ImmutableArray<string> AllowedJurisdictions { get; init; } = [];

    [Id(7)] public ImmutableArray<string> ForbiddenJurisdictions { get; init; } = [];

    [Id(8)] public ImmutableArray<string> IncludeNodes { get; init; } = [];

    [Id(9)] public ImmutableArray<string> ExcludeNodes { get; init; } = [];

    [Id(10)] public ImmutableArray<string> ExcludeFibers { get; init; } = [];

    [Id(11)] public ImmutableArray<string> ExcludeSrlgs { get; init; } = [];

    [Id(12)] public ImmutableArray<string> ExcludeSites { get; init; } = [];

    /// <summary>latency (default), distance, hops, spectrum, energy, cost.</summary>
    [Id(13)] public string Objective { get; init; } = "latency";

    [Id(14)] public double? MinOsnrMarginDb { get; init; }

    [Id(15)] public ImmutableArray<string> DiverseFrom { get; init; } = [];

    /// <summary>Path computation only: ask for a disjoint working/protection pair (1+1).</summary>
    [Id(16)] public bool Protect { get; init; }
}

/// <summary>One lifecycle event of a lightpath.</summary>
[GenerateSerializer, Immutable, Alias("pce.LightpathEventView.v1")]
public sealed record LightpathEventView(
    [property: Id(0)] string From,
    [property: Id(1)] string To,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string? Reason);

/// <summary>A lightpath as seen from outside its grain.</summary>
[GenerateSerializer, Immutable, Alias("pce.LightpathView.v1")]
public sealed record LightpathView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Tenant,
    [property: Id(2)] string State,
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

    /// <summary>Every fibre whose slots the lightpath holds: <see cref="Fibers"/> (A→Z) and their reverse fibres (Z→A).</summary>
    [Id(30)] public ImmutableArray<string> ReservedFibers { get; init; } = [];
}

/// <summary>A request to hold a slot range of a fibre for one reservation attempt of a lightpath.</summary>
[GenerateSerializer, Immutable, Alias("pce.HoldRequest.v1")]
public sealed record HoldRequest(
    [property: Id(0)] string Lightpath,
    [property: Id(1)] string Attempt,
    [property: Id(2)] int SlotStart,
    [property: Id(3)] int SlotCount);

/// <summary>The fibre's answer to a hold: granted, or refused with the reason and the fibre's current occupancy.</summary>
[GenerateSerializer, Immutable, Alias("pce.HoldReply.v1")]
public sealed record HoldReply(
    [property: Id(0)] bool Granted,
    [property: Id(1)] string Refusal,
    [property: Id(2)] ImmutableArray<ulong> Occupancy);

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
    [property: Id(4)] DateTimeOffset? LastSeen);

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

/// <summary>The outcome of a reroute: the lightpath as it is now, and the refusal reason when it kept its old path.</summary>
[GenerateSerializer, Immutable, Alias("pce.RerouteView.v1")]
public sealed record RerouteView(
    [property: Id(0)] LightpathView Lightpath,
    [property: Id(1)] string? Outcome,
    [property: Id(2)] string? Detail);
