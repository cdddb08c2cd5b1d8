using System.Text.Json.Nodes;

namespace Continuum.Pce.Api.Operations;

// The northbound's data shapes (REST bodies as JSON, camelCase; the gRPC service maps its messages to these).

/// <summary>Routing constraints of a path computation or lightpath.</summary>
public sealed record ConstraintsDto
{
    /// <summary>Upper bound on end-to-end latency (fibre and equipment), µs.</summary>
    public double? MaxLatencyUs { get; init; }

    /// <summary>ISO 3166 codes ("DE", "FR", "DE-BY") the path may cross; empty: any.</summary>
    public List<string>? AllowedJurisdictions { get; init; }

    public List<string>? ForbiddenJurisdictions { get; init; }

    public List<string>? IncludeNodes { get; init; }

    public List<string>? ExcludeNodes { get; init; }

    public List<string>? ExcludeFibers { get; init; }

    public List<string>? ExcludeSrlgs { get; init; }

    public List<string>? ExcludeSites { get; init; }

    /// <summary>Lightpaths whose fibres, nodes and SRLGs the path must avoid.</summary>
    public List<string>? DiverseFrom { get; init; }

    /// <summary>Least OSNR margin above the mode's requirement, dB.</summary>
    public double? MinOsnrMarginDb { get; init; }

    /// <summary>The requested central frequency of the channel, THz, on the grid (193.1 THz + n × 6.25 GHz on the C-band flexgrid); absent: chosen by the server.</summary>
    public double? CentralFrequencyThz { get; init; }

    /// <summary>The requested channel width, GHz, a whole number of grid slots; absent: the mode's width.</summary>
    public double? WidthGhz { get; init; }

    /// <summary>The requested mode: a mode id of the transceiver (400G-DP-QPSK-131GBd) or a modulation format (DP-16QAM); absent: chosen by the server.</summary>
    public string? Mode { get; init; }

    /// <summary>The minimum OSNR the lightpath must deliver at the receiver, dB in 0.1 nm.</summary>
    public double? MinOsnrDb { get; init; }

    /// <summary>latency (default), distance, hops, spectrum, energy or cost.</summary>
    public string? Objective { get; init; }

    /// <summary>How disjoint the legs of a 1+1 lightpath (and this path from diverseFrom) are: link, srlg or node; srlg for 1+1 when absent, else link.</summary>
    public string? Diversity { get; init; }
}

public sealed record PathRequestDto
{
    public string? Source { get; init; }

    public string? Destination { get; init; }

    public int RateGbps { get; init; }

    public ConstraintsDto? Constraints { get; init; }

    /// <summary>How many candidates to return (1–16, default 5).</summary>
    public int? MaxCandidates { get; init; }

    /// <summary>Also return a fibre- and node-disjoint working/protection pair.</summary>
    public bool Protect { get; init; }
}

public sealed record CandidateDto(
    IReadOnlyList<string> Nodes,
    IReadOnlyList<string> Fibers,
    double LatencyUs,
    double LengthKm,
    int Hops,
    string Mode,
    int LineRateGbps,
    double? GsnrDb,
    double? MarginDb,
    int SlotStart,
    int SlotCount,
    double? FrequencyThz,
    double? PowerW);

public sealed record PathComputationDto(IReadOnlyList<CandidateDto> Candidates, IReadOnlyList<CandidateDto>? ProtectionPair);

public sealed record CreateLightpathDto
{
    /// <summary>Optional id (letters, digits, '.', '_', ':', '-'; at most 64); generated when absent.</summary>
    public string? Id { get; init; }

    public string? Source { get; init; }

    public string? Destination { get; init; }

    public int RateGbps { get; init; }

    public ConstraintsDto? Constraints { get; init; }

    /// <summary>Admin keys only: the tenant that owns the lightpath (others create in their own tenant).</summary>
    public string? Tenant { get; init; }

    /// <summary>What happens when the path fails (absent: no automatic restoration).</summary>
    public RestorationRequestDto? Restoration { get; init; }

    /// <summary>none (default) or 1+1: a working and a protection leg on disjoint paths, both lit, behind protection switches.</summary>
    public string? Protection { get; init; }
}

/// <summary>A manual protection switch: hold both ends on the working or the protection leg, or return to automatic (auto).</summary>
public sealed record ProtectionSwitchDto
{
    public string? To { get; init; }
}

/// <summary>
/// The protection of a 1+1 lightpath: its protection leg (the working leg is the lightpath's own nodes and fibres; both
/// legs carry the same mode and slots), how the legs are disjoint, where each end's protection switch stands as the
/// devices last reported (working, protection, or null before the first read), the manual switch in force (auto when
/// none), and whether each leg crosses a fibre reported down.
/// </summary>
public sealed record ProtectionDto(
    string Type,
    string Diversity,
    IReadOnlyList<string> Nodes,
    IReadOnlyList<string> Fibers,
    double LatencyUs,
    double LengthKm,
    double? GsnrDb,
    double? MarginDb,
    string? ActiveAtSource,
    string? ActiveAtDestination,
    string Force,
    bool WorkingDown,
    bool ProtectionDown,
    DateTimeOffset? ReadAt);

/// <summary>A lightpath's restoration policy: none, restore or restore-revertive; priority 0 (first) to 7 (4 when absent).</summary>
public sealed record RestorationRequestDto
{
    public string? Policy { get; init; }

    public int? Priority { get; init; }
}

/// <summary>
/// A lightpath's restoration: its policy and priority; for a restored revertive lightpath, the fibres of the home
/// path it returns to; while a restoration could not move it, why.
/// </summary>
public sealed record RestorationDto(string Policy, int Priority, IReadOnlyList<string>? HomeFibers, string? Failure);

public sealed record LightpathEventDto(string From, string To, DateTimeOffset At, string? Reason);

public sealed record LightpathDto(
    string Id,
    string Tenant,
    string State,
    string Source,
    string Destination,
    int RateGbps,
    IReadOnlyList<string> Nodes,
    IReadOnlyList<string> Fibers,
    int? SlotStart,
    int? SlotCount,
    double? FrequencyThz,
    string? Mode,
    int LineRateGbps,
    double? LatencyUs,
    double? LengthKm,
    double? GsnrDb,
    double? MarginDb,
    double? PowerW,
    string? BlockReason,
    string? FailureReason,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt)
{
    /// <summary>Set while the devices still carry a channel this lightpath gave up (a delete or reroute whose device cleanup failed): the last failure.</summary>
    public string? CleanupFailure { get; init; }

    /// <summary>When the next automatic cleanup attempt is due.</summary>
    public DateTimeOffset? CleanupRetryAt { get; init; }

    public RestorationDto? Restoration { get; init; }

    /// <summary>1+1 lightpaths: the protection leg and switch state (absent when unprotected).</summary>
    public ProtectionDto? Protection { get; init; }

    /// <summary>The transponder interface (1-based) the lightpath holds at its source end, once allocated.</summary>
    public int? SourceInterface { get; init; }

    /// <summary>The transponder interface (1-based) the lightpath holds at its destination end, once allocated.</summary>
    public int? DestinationInterface { get; init; }

    /// <summary>Lifecycle events dropped from the history, which keeps the request and the newest events (Pce:Retention:HistoryEntries).</summary>
    public int HistoryTrimmed { get; init; }
}

public sealed record LightpathPageDto(IReadOnlyList<LightpathDto> Items, string? NextCursor);

public sealed record LightpathHistoryDto(string Id, IReadOnlyList<LightpathEventDto> Events)
{
    /// <summary>Events dropped between the first (the request) and the newest kept (Pce:Retention:HistoryEntries).</summary>
    public int Trimmed { get; init; }
}

public sealed record RerouteDto
{
    /// <summary>New constraints; when absent the lightpath keeps its own.</summary>
    public ConstraintsDto? Constraints { get; init; }
}

public sealed record CreateBundleDto
{
    public string? Source { get; init; }

    public string? Destination { get; init; }

    public int Count { get; init; }

    public int RateGbps { get; init; }

    /// <summary>Largest latency difference between any two members, µs.</summary>
    public double MaxSkewUs { get; init; }

    public ConstraintsDto? Constraints { get; init; }

    public string? Tenant { get; init; }

    /// <summary>Member ids are "&lt;prefix&gt;-1" … ; generated when absent.</summary>
    public string? IdPrefix { get; init; }
}

public sealed record BundleDto(string Id, IReadOnlyList<LightpathDto> Lightpaths, double SkewUs);

public sealed record TopologySummaryDto(string Name, long Version, int Sites, int Nodes, int Fibers);

public sealed record ValidationIssueDto(string Path, string Code, string Message);

public sealed record ValidationReportDto(bool Valid, IReadOnlyList<ValidationIssueDto> Errors, IReadOnlyList<ValidationIssueDto> Warnings);

public sealed record SiteDto(string Id, string Name, string Tier, string Jurisdiction, double Latitude, double Longitude, IReadOnlyList<string> Nodes);

public sealed record NodeDto(string Id, string Name, string Kind, string Site, string Jurisdiction, string? Health, string? DeviceAddress, DateTimeOffset? LastSeen);

public sealed record FiberDto(
    string Id,
    string From,
    string To,
    double LengthKm,
    double LatencyUs,
    int Spans,
    IReadOnlyList<string> Srlgs,
    IReadOnlyList<string> Jurisdictions,
    int SlotCount,
    int OccupiedSlots,
    double Utilisation,
    bool Up);

/// <summary>
/// One claim on a fibre. Another tenant's claim is occupied slots only: no lightpath id and no tenant (admins see both).
/// </summary>
public sealed record SpectrumClaimDto(string? Lightpath, int SlotStart, int SlotCount, string Status, double CentreThz)
{
    /// <summary>The owner's tenant: the caller's own, or any for an admin; null when hidden or unknown.</summary>
    public string? Tenant { get; init; }
}

public sealed record SpectrumDto(string Fiber, int SlotCount, double SlotWidthGhz, double FirstSlotThz, bool Up, int OccupiedSlots, double Utilisation, IReadOnlyList<SpectrumClaimDto> Claims);

public sealed record CreateApiKeyDto
{
    public string? Name { get; init; }

    public string? Role { get; init; }

    public string? Tenant { get; init; }
}

public sealed record ApiKeyDto(string Id, string Name, string Role, string Tenant, DateTimeOffset CreatedAt, string? Key);

/// <summary>A network document as the topology endpoints return it.</summary>
public sealed record TopologyDocumentDto(long Version, JsonNode? Network, JsonNode? Equipment);
