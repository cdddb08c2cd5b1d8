using System.Collections.Concurrent;
using System.Threading.Channels;
using Continuum.Pce.Application.Reservation;
using Continuum.Pce.Grains.Abstractions;
using Continuum.Pce.Grains.Lightpaths;
using Continuum.Pce.Grains.Nodes;
using Continuum.Pce.Grains.Spectrum;
using Continuum.Pce.Grains.Storage;

namespace Continuum.Pce.Api.Events;

/// <summary>A lifecycle transition of a lightpath, with the lightpath as it is after it.</summary>
public sealed record LightpathChange(LightpathView Lightpath, string From, string To, DateTimeOffset At, string? Reason);

/// <summary>An alarm on a resource; <see cref="ClearedAt"/> is set when the condition is gone.</summary>
public sealed record Alarm(string Id, string Severity, string Resource, string Kind, string Message, DateTimeOffset RaisedAt, string? Tenant)
{
    public DateTimeOffset? ClearedAt { get; init; }
}

/// <summary>
/// The server's live view of what the grains of this silo write: lightpath transitions (for watch streams and metrics),
/// active alarms (failed or degraded lightpaths, fibres down, unreachable nodes) and per-state lightpath counts.
/// Fed by the grain storage after each durable write, so it sees exactly what was committed. With several silos each
/// server streams the changes of the grains its own silo hosts.
/// </summary>
public sealed class ChangeFeed : IGrainStateObserver
{
    private readonly ConcurrentDictionary<string, string> _states = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Alarm> _alarms = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, Channel<LightpathChange>> _lightpathWatchers = new();
    private readonly ConcurrentDictionary<Guid, Channel<Alarm>> _alarmWatchers = new();
    private readonly ConcurrentDictionary<string, double> _fiberUtilisation = new(StringComparer.Ordinal);
    private long _watchesOpened;

    public event Action<LightpathChange>? Changed;

    /// <summary>Active alarms, newest first.</summary>
    public IReadOnlyList<Alarm> ActiveAlarms => [.. _alarms.Values.OrderByDescending(a => a.RaisedAt)];

    /// <summary>How many lightpaths this silo has seen in each state (seeded from the store at start).</summary>
    public IReadOnlyDictionary<string, int> CountByState =>
        _states.Values.GroupBy(s => s, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    public IReadOnlyDictionary<string, double> FiberUtilisation => _fiberUtilisation;

    public void OnWritten(string grainType, string grainKey, object? state)
    {
        switch (state)
        {
            case LightpathGrainState { Record: { } record } lp:
                var view = OrderMapping.ToView(record, lp.Source, lp.Destination);
                _states[grainKey] = view.State;
                var last = record.History.IsDefaultOrEmpty ? null : record.History[^1];
                var change = new LightpathChange(view, last?.From.ToString() ?? "", last?.To.ToString() ?? view.State, last?.At ?? DateTimeOffset.UtcNow, last?.Reason);
                UpdateLightpathAlarms(view, change);
                Changed?.Invoke(change);
                foreach (var watcher in _lightpathWatchers.Values)
                {
                    watcher.Writer.TryWrite(change);
                }

                break;
            case FiberGrainState fibers:
                Seed(grainKey, fibers);
                break;
            case OpticalNodeState node:
                var nodeAlarm = $"node-unreachable:{grainKey}";
                if (node.Health is "unreachable" or "down")
                {
                    Raise(new Alarm(nodeAlarm, "major", $"node:{grainKey}", "node-unreachable", $"node {grainKey} is {node.Health}", DateTimeOffset.UtcNow, null));
                }
                else
                {
                    Clear(nodeAlarm);
                }

                break;
        }
    }

    /// <summary>Records a lightpath read from the store at start (no event is published).</summary>
    public void Seed(LightpathView view)
    {
        _states[view.Id] = view.State;
        UpdateLightpathAlarms(view, null);
    }

    /// <summary>Records the fibres of a stored fibre-pair state (at start, and after each write).</summary>
    public void Seed(string grainKey, FiberGrainState stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (stored.Ledger is { } single)
        {
            // A version-2 record: one fibre, under its own id.
            Seed(grainKey, single);
        }

        foreach (var (fiber, ledger) in stored.Ledgers)
        {
            Seed(fiber, ledger);
        }
    }

    /// <summary>Records a fibre's state (at start, and after each write).</summary>
    public void Seed(string fiber, FiberLedger ledger)
    {
        _fiberUtilisation[fiber] = ledger.SlotCount == 0 ? 0 : (double)ledger.OccupiedSlots / ledger.SlotCount;
        var id = $"fiber-down:{fiber}";
        if (!ledger.IsUp)
        {
            Raise(new Alarm(id, "critical", $"fiber:{fiber}", "fiber-down", $"fibre {fiber} is down (loss of signal)", DateTimeOffset.UtcNow, null));
        }
        else
        {
            Clear(id);
        }
    }

    /// <summary>A stream of lightpath changes until <paramref name="cancellationToken"/> fires; a slow reader loses the oldest.</summary>
    public IAsyncEnumerable<LightpathChange> WatchLightpaths(CancellationToken cancellationToken) => Watch(_lightpathWatchers, 4096, cancellationToken);

    /// <summary>Alarms as they are raised and cleared until cancelled.</summary>
    public IAsyncEnumerable<Alarm> WatchAlarms(CancellationToken cancellationToken) => Watch(_alarmWatchers, 1024, cancellationToken);

    /// <summary>How many watch streams are open (for tests and the health page).</summary>
    public int Watchers => _lightpathWatchers.Count + _alarmWatchers.Count;

    /// <summary>How many watch streams were ever opened (monotonic: a test waits for it to grow, whatever closes meanwhile).</summary>
    public long WatchesOpened => Interlocked.Read(ref _watchesOpened);

    private async IAsyncEnumerable<T> Watch<T>(ConcurrentDictionary<Guid, Channel<T>> watchers, int capacity, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid();
        var channel = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        watchers[id] = channel;
        Interlocked.Increment(ref _watchesOpened);
        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return item;
            }
        }
        finally
        {
            watchers.TryRemove(id, out _);
        }
    }

    private void UpdateLightpathAlarms(LightpathView view, LightpathChange? change)
    {
        var degraded = $"lightpath-degraded:{view.Id}";
        var failed = $"lightpath-failed:{view.Id}";
        switch (view.State)
        {
            case "Degraded":
                Raise(new Alarm(degraded, "major", $"lightpath:{view.Id}", "lightpath-degraded",
                    $"lightpath {view.Id} is degraded: {change?.Reason ?? "see its history"}", change?.At ?? DateTimeOffset.UtcNow, view.Tenant));
                break;
            case "Failed" when change is not null && view.FailureReason is not null:
                // A failure is raised when it happens; it stays until the server restarts (the lightpath keeps its reason).
                Raise(new Alarm(failed, "critical", $"lightpath:{view.Id}", "lightpath-failed", $"lightpath {view.Id} failed: {view.FailureReason}", change.At, view.Tenant));
                break;
            default:
                Clear(degraded);
                if (view.State is "Deleted")
                {
                    Clear(failed);
                }

                break;
        }
    }

    private void Raise(Alarm alarm)
    {
        if (_alarms.TryAdd(alarm.Id, alarm))
        {
            Publish(alarm);
        }
    }

    private void Clear(string id)
    {
        if (_alarms.TryRemove(id, out var alarm))
        {
            Publish(alarm with { ClearedAt = DateTimeOffset.UtcNow });
        }
    }

    private void Publish(Alarm alarm)
    {
        foreach (var watcher in _alarmWatchers.Values)
        {
            watcher.Writer.TryWrite(alarm);
        }
    }
}
