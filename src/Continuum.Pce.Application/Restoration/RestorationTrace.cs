using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Continuum.Pce.Application.Restoration;

/// <summary>The hops of a loss of light on its way to a restored lightpath, in the order they happen.</summary>
public static class RestorationStages
{
    /// <summary>The silo's telemetry ingestion received the device's loss-of-light sample (gNMI update, mapped).</summary>
    public const string TelemetryReceived = "telemetry_received";

    /// <summary>The node grain took the sample and the fibre grain wrote the fibre down (returned to the ingestion).</summary>
    public const string TelemetryProcessed = "telemetry_processed";

    /// <summary>The fibre grain wrote the fibre down, before telling the lightpaths on it.</summary>
    public const string FiberDown = "fiber_down";

    /// <summary>A lightpath grain on the fibre heard of it (its turn began).</summary>
    public const string LightpathNotified = "lightpath_notified";

    /// <summary>The lightpath's hold-off expired and its restoration began.</summary>
    public const string HoldOffFired = "holdoff_fired";

    /// <summary>The silo's restoration batch answered the lightpath with a path.</summary>
    public const string Planned = "planned";

    /// <summary>The silo's restoration batch answered the lightpath that nothing is left for it (reported unrestorable).</summary>
    public const string Unrestorable = "unrestorable";

    /// <summary>The lightpath got its restoration turn.</summary>
    public const string Turn = "turn";

    /// <summary>The lightpath wrote Restoring (the history's restoration start).</summary>
    public const string Restoring = "restoring";

    /// <summary>The new path's spectrum was held and committed at its fibres.</summary>
    public const string Reserved = "reserved";

    /// <summary>The old path's devices were cleared and the new path's configured over gNMI.</summary>
    public const string Configured = "configured";

    /// <summary>The lightpath wrote Active on its new path.</summary>
    public const string Active = "active";
}

/// <summary>
/// The breakdown of a restoration storm that stays in the product: one histogram,
/// <c>pce.restoration.stage</c> (seconds, tag <c>stage</c>, see <see cref="RestorationStages"/>), of the time from the
/// device's own loss-of-light timestamp (the gNMI notification's) to each hop of its way to a restored lightpath, and
/// a matching event on the current activity. Every measure shares the origin, so the p50 of one stage minus the p50
/// of the one before is what that hop adds. Meter and activity source "Continuum.Pce", the server's own (exported on
/// <c>/metrics</c> with the rest).
/// </summary>
public static class RestorationTrace
{
    public const string MeterName = "Continuum.Pce";

    public const string StageInstrument = "pce.restoration.stage";

    /// <summary>The activity of one lightpath's restoration (<c>pce.lightpath.restore</c>) carries the stages as events.</summary>
    public static readonly ActivitySource ActivitySource = new(MeterName);

    private static readonly Meter s_meter = new(MeterName);
    private static readonly Histogram<double> s_stage = s_meter.CreateHistogram<double>(
        StageInstrument, "s", "Time from a device's loss-of-light timestamp to each stage of the restoration it causes (tag stage)");

    private static readonly AsyncLocal<DateTimeOffset?> s_origin = new();

    /// <summary>The loss-of-light stamp the restoration running in this flow measures from (null outside one).</summary>
    public static DateTimeOffset? Origin => s_origin.Value;

    /// <summary>Records that <paramref name="stage"/> was reached at <paramref name="now"/> for a loss stamped <paramref name="origin"/>.</summary>
    public static void Record(string stage, DateTimeOffset origin, DateTimeOffset now)
    {
        if (s_stage.Enabled)
        {
            s_stage.Record((now - origin).TotalSeconds, new KeyValuePair<string, object?>("stage", stage));
        }

        Activity.Current?.AddEvent(new ActivityEvent("restoration." + stage, now));
    }

    /// <summary>
    /// Marks the restoration that runs in this asynchronous flow as caused by a loss stamped <paramref name="origin"/>:
    /// <see cref="Mark"/> below it (in the lightpath service) measures from there. Dispose to end it.
    /// </summary>
    public static IDisposable Begin(DateTimeOffset origin)
    {
        var previous = s_origin.Value;
        s_origin.Value = origin;
        return new Scope(previous);
    }

    /// <summary>Records <paramref name="stage"/> for the restoration of this flow, if one is running (else nothing).</summary>
    public static void Mark(string stage, DateTimeOffset now)
    {
        if (s_origin.Value is { } origin)
        {
            Record(stage, origin, now);
        }
    }

    private sealed class Scope(DateTimeOffset? previous) : IDisposable
    {
        public void Dispose() => s_origin.Value = previous;
    }
}
