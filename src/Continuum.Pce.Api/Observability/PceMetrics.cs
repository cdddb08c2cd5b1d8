using System.Diagnostics;
using System.Diagnostics.Metrics;
using Continuum.Pce.Api.Alarms;
using Continuum.Pce.Api.Events;

namespace Continuum.Pce.Api.Observability;

/// <summary>
/// The server's own instruments (meter and activity source "Continuum.Pce"): path computation latency, lightpath creates
/// and blocks by reason, lightpaths by state, spectrum utilisation per fibre, active alarms by severity. Orleans' and
/// gNMI's meters are exported beside them. A blocked request is counted here (and answered to its caller), never alarmed.
/// </summary>
public sealed class PceMetrics : IDisposable
{
    public const string Name = "Continuum.Pce";

    /// <summary>The counter of blocked lightpath requests (tag "reason").</summary>
    public const string BlockedInstrument = "pce.lightpaths.blocked";

    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Meter _meter;
    private readonly Histogram<double> _pathComputation;
    private readonly Histogram<double> _create;
    private readonly Counter<long> _creates;
    private readonly Counter<long> _blocked;

    public PceMetrics(IMeterFactory meters, ChangeFeed feed, AlarmBook alarms)
    {
        _meter = meters.Create(Name);
        _pathComputation = _meter.CreateHistogram<double>("pce.path_computation.duration", "ms", "Time to compute candidate paths (no reservation)");
        _create = _meter.CreateHistogram<double>("pce.lightpath.create.duration", "ms", "Time to create a lightpath: compute, reserve, render");
        _creates = _meter.CreateCounter<long>("pce.lightpath.creates", "{lightpath}", "Lightpath create requests by outcome");
        // Prometheus: pce_lightpaths_blocked_total{reason}.
        _blocked = _meter.CreateCounter<long>(BlockedInstrument, "{lightpath}", "Lightpath requests blocked, by reason");
        _meter.CreateObservableGauge("pce.lightpaths", () => feed.CountByState.Select(kv => new Measurement<int>(kv.Value, new KeyValuePair<string, object?>("state", kv.Key))),
            "{lightpath}", "Lightpaths by lifecycle state");
        _meter.CreateObservableGauge("pce.fiber.utilisation", () => feed.FiberUtilisation.Select(kv => new Measurement<double>(kv.Value, new KeyValuePair<string, object?>("fiber", kv.Key))),
            "1", "Share of a fibre's slots held or committed");
        _meter.CreateObservableGauge("pce.alarms.active", () => ActiveAlarms(alarms), "{alarm}", "Active alarms by severity");
    }

    public void PathComputed(double milliseconds, bool found) =>
        _pathComputation.Record(milliseconds, new KeyValuePair<string, object?>("found", found));

    public void Created(double milliseconds, string outcome, string? blockReason)
    {
        _create.Record(milliseconds, new KeyValuePair<string, object?>("outcome", outcome));
        _creates.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        if (blockReason is not null)
        {
            _blocked.Add(1, new KeyValuePair<string, object?>("reason", blockReason));
        }
    }

    public void Dispose() => _meter.Dispose();

    /// <summary>Every severity, with 0 where none is active (a series that vanishes is not a series that reads 0).</summary>
    private static IEnumerable<Measurement<int>> ActiveAlarms(AlarmBook alarms)
    {
        var counts = alarms.ActiveBySeverity();
        return AlarmSeverity.All.Select(s => new Measurement<int>(counts.GetValueOrDefault(s), new KeyValuePair<string, object?>("severity", s)));
    }
}
