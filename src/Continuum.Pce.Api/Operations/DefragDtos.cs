namespace Continuum.Pce.Api.Operations;

/// <summary>POST /defrag/plans: which lightpaths the plan may move (admins: any tenant or all; others: their own).</summary>
public sealed class CreateDefragPlanDto
{
    /// <summary>Only lightpaths crossing this fibre (either direction of its pair counts).</summary>
    public string? Fiber { get; set; }

    /// <summary>Only this tenant's lightpaths (admins; an operator's plan is always of their own tenant).</summary>
    public string? Tenant { get; set; }
}

/// <summary>POST /defrag/plans/{id}/apply: dryRun checks every step against the spectrum as it is now and changes nothing.</summary>
public sealed class ApplyDefragPlanDto
{
    public bool? DryRun { get; set; }
}

/// <summary>
/// One step: a lightpath re-tuned on its own path from one slot start to another, how (kind "hitless" or
/// "make-before-break"), and how it went (status pending, running, done, failed, or skipped: not run, the plan stopped
/// before it).
/// </summary>
public sealed record DefragStepDto(int Order, string Lightpath, string Tenant, int FromStart, int ToStart, int SlotCount, string Kind, string Status, string? Error);

/// <summary>Progress of an apply: steps by status, the step running now, when it started and ended, and its pace.</summary>
public sealed record DefragProgressDto(
    int Done,
    int Pending,
    int Failed,
    int Skipped,
    int? CurrentStep,
    bool AbortRequested,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    double? StepsPerSecond);

/// <summary>
/// A defragmentation plan (a job): its scope, what it achieves (highest occupied slot and mean fragmentation, before
/// and after), its ordered steps and, once applied, its progress. State: planned, running, completed, failed, aborted.
/// </summary>
public sealed record DefragPlanDto(
    string Id,
    string State,
    string? Tenant,
    string? Fiber,
    DateTimeOffset CreatedAt,
    int MovableLightpaths,
    int FixedClaims,
    int HighestSlotBefore,
    int HighestSlotAfter,
    double FragmentationBefore,
    double FragmentationAfter,
    double PlanMs,
    IReadOnlyList<DefragStepDto> Steps,
    DefragProgressDto Progress,
    string? Failure);

/// <summary>One step's verdict in a dry run (null problem: it would go through now).</summary>
public sealed record DefragCheckDto(int Order, string Lightpath, string Tenant, bool Ok, string? Problem);

/// <summary>A dry run: every step checked against the spectrum as it is now; nothing changed.</summary>
public sealed record DefragDryRunDto(string Id, bool Passes, int Failing, IReadOnlyList<DefragCheckDto> Steps);
