using Continuum.Pce.Contracts.V1;
using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.Domain.Units;

namespace Continuum.Pce.Cli.Commands.Server;

// The JSON documents of the server commands (camelCase; documented in docs/cli.md). They are the CLI's own contract:
// built from the gRPC messages field by field, so a new proto field changes nothing here until it is added on purpose.

public sealed record SiteJson(string Id, string Name, string Tier, string Jurisdiction, double Latitude, double Longitude, IReadOnlyList<string> Nodes)
{
    public static SiteJson Of(Site s) => new(s.Id, s.Name, s.Tier, s.Jurisdiction, s.Latitude, s.Longitude, [.. s.Nodes]);
}

public sealed record NodeJson(string Id, string Name, string Kind, string Site, string Jurisdiction, string? Health, string? DeviceAddress)
{
    public static NodeJson Of(Node n) => new(n.Id, n.Name, n.Kind, n.Site, n.Jurisdiction, Empty(n.Health), Empty(n.DeviceAddress));

    private static string? Empty(string s) => s.Length == 0 ? null : s;
}

public sealed record FiberJson(
    string Id, string From, string To, double LengthKm, double LatencyUs, bool Up, int SlotCount, int OccupiedSlots, double Utilisation,
    IReadOnlyList<string> Srlgs, IReadOnlyList<string> Jurisdictions)
{
    public static FiberJson Of(Fiber f) =>
        new(f.Id, f.From, f.To, f.LengthKm, f.LatencyUs, f.Up, f.SlotCount, f.OccupiedSlots, f.Utilisation, [.. f.Srlgs], [.. f.Jurisdictions]);
}

/// <summary>One claim; <see cref="Lightpath"/> and <see cref="Tenant"/> are null on another tenant's claim (the server hides them).</summary>
public sealed record SpectrumClaimJson(string? Lightpath, string? Tenant, int SlotStart, int SlotCount, string Status, double CentreThz, double WidthGhz);

public sealed record SpectrumJson(
    string Fiber, bool Up, int SlotCount, double SlotWidthGhz, long FirstSlotCentreMhz, int OccupiedSlots, double Utilisation, IReadOnlyList<SpectrumClaimJson> Claims)
{
    public static SpectrumJson Of(FiberSpectrum s) => new(
        s.Fiber, s.Up, s.SlotCount, s.SlotWidthGhz, s.FirstSlotCentreMhz, s.OccupiedSlots, s.Utilisation,
        [.. s.Claims.OrderBy(c => c.SlotStart).Select(c => new SpectrumClaimJson(NullIfEmpty(c.Lightpath), NullIfEmpty(c.Tenant), c.SlotStart, c.SlotCount, c.Status,
            Math.Round(CentreThz(s, c.SlotStart, c.SlotCount), 6), c.SlotCount * s.SlotWidthGhz))]);

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;

    /// <summary>Centre of a run of slots, by the grid's own rule (<see cref="SpectrumGrid.RangeCentre"/>), from the grid the server describes.</summary>
    public static double CentreThz(FiberSpectrum s, int start, int count)
    {
        var slotWidthMhz = (long)Math.Round(s.SlotWidthGhz * 1000);
        var grid = new SpectrumGrid(new Frequency(s.FirstSlotCentreMhz - (slotWidthMhz / 2)), slotWidthMhz, Math.Max(s.SlotCount, start + count));
        return grid.RangeCentre(new SlotRange(start, count)).Mhz / 1e6;
    }
}

public sealed record CandidateJson(
    int Rank, IReadOnlyList<string> Nodes, IReadOnlyList<string> Fibers, double LatencyUs, double LengthKm, int Hops, string Mode, int LineRateGbps,
    double? GsnrDb, double? MarginDb, int SlotStart, int SlotCount, double PowerW)
{
    public static CandidateJson Of(PathCandidate c, int rank) => new(
        rank, [.. c.Nodes], [.. c.Fibers], c.LatencyUs, c.LengthKm, c.Hops, c.Mode, c.LineRateGbps,
        c.HasGsnrDb ? c.GsnrDb : null, c.HasMarginDb ? c.MarginDb : null, c.SlotStart, c.SlotCount, c.PowerW);
}

public sealed record PathComputationJson(
    string Source, string Destination, int RateGbps, bool Found, string? BlockReason, string? BlockDetail,
    IReadOnlyList<CandidateJson> Candidates, IReadOnlyList<CandidateJson>? ProtectionPair)
{
    public static PathComputationJson Of(PathRequest request, PathComputation p) => new(
        request.Source, request.Destination, request.RateGbps, p.Found,
        p.Found ? null : p.BlockReason, p.Found ? null : p.BlockDetail,
        [.. p.Candidates.Select((c, i) => CandidateJson.Of(c, i + 1))],
        p.ProtectionPair.Count == 0 ? null : [.. p.ProtectionPair.Select((c, i) => CandidateJson.Of(c, i + 1))]);
}

public sealed record LightpathJson(
    string Id, string Tenant, string State, string Source, string Destination, int RateGbps, string? Mode, int? LineRateGbps,
    IReadOnlyList<string> Nodes, IReadOnlyList<string> Fibers, int? SlotStart, int? SlotCount, double? FrequencyThz,
    double? LatencyUs, double? LengthKm, double? GsnrDb, double? MarginDb, double? PowerW, string? BlockReason, string? FailureReason)
{
    /// <summary>Set while the devices still carry a channel the lightpath gave up (a refused cleanup); the server retries.</summary>
    public string? CleanupFailure { get; init; }

    public DateTimeOffset? CleanupRetryAt { get; init; }

    public RestorationJson? Restoration { get; init; }

    public ProtectionJson? Protection { get; init; }

    public static LightpathJson Of(Lightpath l) => new(
        l.Id, l.Tenant, l.State, l.Source, l.Destination, l.RateGbps, Empty(l.Mode), l.LineRateGbps == 0 ? null : l.LineRateGbps,
        [.. l.Nodes], [.. l.Fibers], l.HasSlotStart ? l.SlotStart : null, l.HasSlotCount ? l.SlotCount : null, l.HasFrequencyThz ? l.FrequencyThz : null,
        l.HasLatencyUs ? l.LatencyUs : null, l.HasLengthKm ? l.LengthKm : null, l.HasGsnrDb ? l.GsnrDb : null, l.HasMarginDb ? l.MarginDb : null,
        l.HasPowerW ? l.PowerW : null, Empty(l.BlockReason), Empty(l.FailureReason))
    {
        CleanupFailure = Empty(l.CleanupFailure),
        CleanupRetryAt = l.CleanupRetryAt?.ToDateTimeOffset(),
        Restoration = l.Restoration is { } r
            ? new RestorationJson(r.Policy, r.HasPriority ? r.Priority : 4, r.HomeFibers.Count == 0 ? null : [.. r.HomeFibers], Empty(r.Failure))
            : null,
        Protection = l.Protection is { } p
            ? new ProtectionJson(p.Type, p.Diversity, [.. p.Nodes], [.. p.Fibers], p.LatencyUs, p.LengthKm, p.HasGsnrDb ? p.GsnrDb : null, p.HasMarginDb ? p.MarginDb : null,
                Empty(p.ActiveAtSource), Empty(p.ActiveAtDestination), p.Force, p.WorkingDown, p.ProtectionDown, p.ReadAt?.ToDateTimeOffset())
            : null,
    };

    private static string? Empty(string s) => s.Length == 0 ? null : s;
}

/// <summary>A 1+1 lightpath's protection leg and switches (as the REST API's <c>protection</c>).</summary>
public sealed record ProtectionJson(
    string Type, string Diversity, IReadOnlyList<string> Nodes, IReadOnlyList<string> Fibers, double LatencyUs, double LengthKm, double? GsnrDb, double? MarginDb,
    string? ActiveAtSource, string? ActiveAtDestination, string Force, bool WorkingDown, bool ProtectionDown, DateTimeOffset? ReadAt);

/// <summary>A lightpath's restoration policy and priority; a revertive lightpath's home path; why it could not be restored.</summary>
public sealed record RestorationJson(string Policy, int Priority, IReadOnlyList<string>? HomeFibers, string? Failure);

public sealed record LightpathEventJson(DateTimeOffset At, string From, string To, string? Reason);

public sealed record LightpathHistoryJson(string Id, IReadOnlyList<LightpathEventJson> Events)
{
    public static LightpathHistoryJson Of(LightpathHistory h) =>
        new(h.Id, [.. h.Events.Select(e => new LightpathEventJson(e.At?.ToDateTimeOffset() ?? default, e.From, e.To, e.Reason.Length == 0 ? null : e.Reason))]);
}

public sealed record LightpathWatchJson(DateTimeOffset At, string? From, string To, string? Reason, LightpathJson Lightpath)
{
    public static LightpathWatchJson Of(LightpathEvent e) => new(
        e.At?.ToDateTimeOffset() ?? DateTimeOffset.UtcNow, e.From.Length == 0 ? null : e.From, e.To, e.Reason.Length == 0 ? null : e.Reason, LightpathJson.Of(e.Lightpath));
}

public sealed record BundleJson(string Id, double SkewUs, IReadOnlyList<LightpathJson> Lightpaths)
{
    public static BundleJson Of(Bundle b) => new(b.Id, b.SkewUs, [.. b.Lightpaths.Select(LightpathJson.Of)]);
}

public sealed record AlarmJson(
    string Id,
    string Severity,
    string Kind,
    string Resource,
    string Message,
    string? Tenant,
    string State,
    DateTimeOffset RaisedAt,
    DateTimeOffset? AcknowledgedAt,
    string? AcknowledgedBy,
    DateTimeOffset? ClearedAt)
{
    public static AlarmJson Of(Alarm a) => new(a.Id, a.Severity, a.Kind, a.Resource, a.Message, a.Tenant.Length == 0 ? null : a.Tenant, a.State,
        a.RaisedAt?.ToDateTimeOffset() ?? default, a.AcknowledgedAt?.ToDateTimeOffset(), a.AcknowledgedBy.Length == 0 ? null : a.AcknowledgedBy, a.ClearedAt?.ToDateTimeOffset());
}

/// <summary>One event of an alarm stream: <see cref="Change"/> is active (sent first), raised, acknowledged or cleared.</summary>
public sealed record AlarmEventJson(string Change, bool Cleared, AlarmJson Alarm);

public sealed record TopologySummaryJson(string Name, long Version, int Sites, int Nodes, int Fibers);

public sealed record ValidationIssueJson(string Path, string Code, string Message);
