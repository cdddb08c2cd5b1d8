using Continuum.Pce.Api.Auth;
using Continuum.Pce.Api.Hosting;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Southbound.Gnmi.Rendering;

namespace Continuum.Pce.Api.Operations;

/// <summary>One difference between what the controller intends and what a device holds.</summary>
/// <param name="Path">The configuration path on the device.</param>
/// <param name="Kind">missing, different, orphan or foreign.</param>
/// <param name="Lightpath">The lightpath concerned (its id); null for a foreign entry in nobody's way, or another tenant's lightpath.</param>
/// <param name="Tenant">The lightpath's tenant (when the lightpath is named).</param>
/// <param name="Drift">False for a foreign entry in nobody's way (reported, never alarmed or touched).</param>
/// <param name="Detail">What differs: the leaves with intended and device values, the owner of a foreign entry.</param>
public sealed record DriftFindingDto(string Path, string Kind, string? Lightpath, string? Tenant, bool Drift, string Detail);

/// <summary>A device's reconciliation: what was found (after any repair), what was done, and when.</summary>
public sealed record DeviceDriftDto(
    string Node,
    DateTimeOffset InspectedAt,
    string Trigger,
    string Policy,
    bool InSync,
    int Missing,
    int Different,
    int Orphan,
    int Foreign,
    int Compared,
    int Busy,
    List<DriftFindingDto> Findings,
    List<string> Repairs,
    string? Error);

/// <summary>The network's drift as the last reconciliation of each device left it.</summary>
public sealed record DriftSummaryDto(
    bool Enabled,
    string Policy,
    double IntervalSeconds,
    DateTimeOffset? LastPassAt,
    int DevicesInspected,
    int DevicesWithDrift,
    int DevicesUnreadable,
    List<DeviceDriftDto> Devices);

/// <summary>Body of POST .../reconcile: <c>repair</c> true re-applies and removes orphans, false only reports; absent: the configured policy.</summary>
public sealed class ReconcileRequestDto
{
    public bool? Repair { get; set; }
}

/// <summary>Drift and reconciliation of devices (issue 25): one device live, every device, the network summary.</summary>
public sealed class DriftOperations(DeviceReconciler reconciler, INetworkCatalog catalog)
{
    /// <summary>Inspects the node's device now (report only: nothing is changed) and answers what differs.</summary>
    public async Task<Outcome<DeviceDriftDto>> InspectAsync(string node, Caller caller, CancellationToken cancellationToken)
    {
        if (Check(node) is { } error)
        {
            return error;
        }

        return Dto(await reconciler.ReconcileAsync(new NodeId(node), ReconcilePolicy.ReportOnly, "request", cancellationToken), caller);
    }

    /// <summary>Reconciles the node's device now, repairing by <paramref name="request"/> (or the configured policy).</summary>
    public async Task<Outcome<DeviceDriftDto>> ReconcileAsync(string node, ReconcileRequestDto request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Check(node) is { } error)
        {
            return error;
        }

        return Dto(await reconciler.ReconcileAsync(new NodeId(node), PolicyOf(request), "request", cancellationToken), caller);
    }

    /// <summary>Reconciles every ROADM and transponder now.</summary>
    public async Task<Outcome<DriftSummaryDto>> ReconcileAllAsync(ReconcileRequestDto request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (catalog.Current is null)
        {
            return ApiError.NoTopology();
        }

        await reconciler.ReconcileAllAsync(PolicyOf(request), "request", cancellationToken);
        return Summary(caller);
    }

    /// <summary>The last reconciliation of every device (no device is read).</summary>
    public Outcome<DriftSummaryDto> Summary(Caller caller)
    {
        var reports = reconciler.LastReports;
        var options = reconciler.Options;
        return new DriftSummaryDto(options.Enabled, ReconcileOptions.Name(reconciler.Policy), options.Interval.TotalSeconds, reconciler.LastPassAt,
            reports.Count, reports.Count(r => r.Error is null && r.DriftCount > 0), reports.Count(r => r.Error is not null),
            [.. reports.Select(r => Dto(r, caller))]);
    }

    private ReconcilePolicy PolicyOf(ReconcileRequestDto request) => request.Repair switch
    {
        true => ReconcilePolicy.Repair,
        false => ReconcilePolicy.ReportOnly,
        null => reconciler.Policy,
    };

    private ApiError? Check(string node) =>
        catalog.Current is not { } snapshot ? ApiError.NoTopology()
        : !snapshot.Network.TryGetNode(new NodeId(node), out var found) ? ApiError.NotFound("node", node)
        : found is Domain.Network.InlineAmplifier ? ApiError.Invalid("id", $"node '{node}' is an amplifier: only ROADMs and transponders carry configuration the controller writes")
        : null;

    public static DeviceDriftDto Dto(DeviceDriftReport report, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(caller);
        int Count(DriftKind kind) => report.Findings.Count(f => f.Kind == kind);
        return new DeviceDriftDto(report.Device, report.InspectedAt, report.Trigger, report.Policy, report.Error is null && report.DriftCount == 0,
            Count(DriftKind.Missing), Count(DriftKind.Different), Count(DriftKind.Orphan), Count(DriftKind.Foreign), report.Compared, report.Busy,
            [.. report.Findings.Select(f => Finding(f, caller))], caller.SeesAllTenants ? [.. report.Repairs] : [], report.Error);
    }

    /// <summary>A finding as <paramref name="caller"/> may see it: another tenant's lightpath is not named (as on a fibre's spectrum).</summary>
    private static DriftFindingDto Finding(DriftFinding finding, Caller caller)
    {
        var kind = finding.Kind.ToString().ToLowerInvariant();
        if (finding.Lightpath is null)
        {
            return new DriftFindingDto(finding.Path, kind, null, null, finding.IsDrift, finding.Detail);
        }

        var (tenant, id) = LightpathKey.TryParse(finding.Lightpath, out var key) ? (key.Tenant.Value, key.Id.Value) : ((string?)null, finding.Lightpath);
        var visible = caller.SeesAllTenants || (tenant is not null && tenant == caller.Tenant);
        return visible
            ? new DriftFindingDto(finding.Path, kind, id, tenant, finding.IsDrift, finding.Detail)
            : new DriftFindingDto(finding.Path, kind, null, null, finding.IsDrift, "another tenant's lightpath");
    }
}
