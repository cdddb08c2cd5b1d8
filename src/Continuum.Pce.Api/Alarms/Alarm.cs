namespace Continuum.Pce.Api.Alarms;

/// <summary>How bad an alarm is (ITU-T X.733 perceived severities, without "indeterminate").</summary>
public static class AlarmSeverity
{
    public const string Critical = "critical";
    public const string Major = "major";
    public const string Minor = "minor";
    public const string Warning = "warning";

    public static readonly IReadOnlyList<string> All = [Critical, Major, Minor, Warning];

    public static bool IsKnown(string severity) => severity is Critical or Major or Minor or Warning;
}

/// <summary>The kinds of alarm the server raises.</summary>
public static class AlarmKind
{
    public const string LightpathFailed = "lightpath-failed";
    public const string LightpathDegraded = "lightpath-degraded";
    public const string LightpathCleanupFailed = "lightpath-cleanup-failed";
    public const string LightpathUnrestorable = "lightpath-unrestorable";
    public const string FiberDown = "fiber-down";
    public const string NodeUnreachable = "node-unreachable";
    public const string DeviceDrift = "device-drift";
}

/// <summary>
/// What an alarm is about: one kind on one resource, in one tenant's space (null: network-wide). At most one alarm per
/// key is active at a time; a condition that comes back after clearing raises a new alarm (a new id).
/// </summary>
public readonly record struct AlarmKey(string Kind, string Resource, string? Tenant);

/// <summary>A condition that holds now and should be alarmed: the alarm it raises, less its identity and times.</summary>
public sealed record AlarmCondition(AlarmKey Key, string Severity, string Message);

/// <summary>
/// An alarm through its lifecycle: raised, then perhaps acknowledged, then cleared when its condition is gone.
/// Acknowledging records who saw it and never clears it; clearing is the server's alone.
/// </summary>
public sealed record Alarm(
    string Id,
    string Severity,
    string Resource,
    string Kind,
    string Message,
    string? Tenant,
    DateTimeOffset RaisedAt)
{
    public DateTimeOffset? AcknowledgedAt { get; init; }

    public string? AcknowledgedBy { get; init; }

    public DateTimeOffset? ClearedAt { get; init; }

    public AlarmKey Key => new(Kind, Resource, Tenant);

    public bool IsActive => ClearedAt is null;

    public bool IsAcknowledged => AcknowledgedAt is not null;

    /// <summary>"active" or "cleared".</summary>
    public string State => IsActive ? "active" : "cleared";

    public static Alarm Raise(string id, AlarmCondition condition, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return new(id, condition.Severity, condition.Key.Resource, condition.Key.Kind, condition.Message, condition.Key.Tenant, at);
    }

    /// <summary>The alarm acknowledged by <paramref name="by"/>; an alarm already acknowledged keeps its first acknowledgement.</summary>
    public Alarm Acknowledge(string by, DateTimeOffset at) => IsAcknowledged ? this : this with { AcknowledgedAt = at, AcknowledgedBy = by };

    /// <summary>The alarm cleared at <paramref name="at"/>; an alarm already cleared keeps its first clearing time.</summary>
    public Alarm Clear(DateTimeOffset at) => IsActive ? this with { ClearedAt = at } : this;

    /// <summary>Whether a caller of <paramref name="tenant"/> (null: every tenant, an admin) sees this alarm: network-wide ones are everyone's.</summary>
    public bool VisibleTo(string? tenant) => tenant is null || Tenant is null || Tenant == tenant;
}

/// <summary>What happened to an alarm: it was raised, acknowledged, cleared, or removed at the end of its retention.</summary>
public enum AlarmChangeKind
{
    Raised,
    Acknowledged,
    Cleared,
    Removed,
}

/// <summary>One change of the alarm book, with the alarm as it is after it (as it was, for a removal).</summary>
public sealed record AlarmChange(AlarmChangeKind Kind, Alarm Alarm);
