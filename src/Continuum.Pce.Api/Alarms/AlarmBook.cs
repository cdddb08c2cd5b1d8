using System.Security.Cryptography;

namespace Continuum.Pce.Api.Alarms;

/// <summary>Which alarms a list wants by lifecycle state.</summary>
public enum AlarmStateFilter
{
    Active,
    Cleared,
    All,
}

/// <summary>A position in the newest-first order of alarms: the last alarm of a page.</summary>
public readonly record struct AlarmCursor(DateTimeOffset RaisedAt, string Id);

/// <summary>
/// A filtered page of alarms. <see cref="Viewer"/> is the caller's tenant (null for an admin: every tenant);
/// <see cref="Tenant"/> keeps only that tenant's own alarms (network-wide ones have none).
/// </summary>
public sealed record AlarmQuery
{
    public string? Viewer { get; init; }

    public string? Tenant { get; init; }

    public string? Severity { get; init; }

    public string? Kind { get; init; }

    public string? Resource { get; init; }

    public AlarmStateFilter State { get; init; } = AlarmStateFilter.Active;

    public AlarmCursor? After { get; init; }

    public int Limit { get; init; } = 100;

    public bool Matches(Alarm alarm)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        return alarm.VisibleTo(Viewer) &&
               (Tenant is null || alarm.Tenant == Tenant) &&
               (Severity is null || alarm.Severity == Severity) &&
               (Kind is null || alarm.Kind == Kind) &&
               (Resource is null || alarm.Resource == Resource) &&
               State switch
               {
                   AlarmStateFilter.Active => alarm.IsActive,
                   AlarmStateFilter.Cleared => !alarm.IsActive,
                   _ => true,
               } &&
               (After is not { } after || NewestFirst.Compare(alarm, after) > 0);
    }

    public static class NewestFirst
    {
        /// <summary>Negative when <paramref name="alarm"/> comes before the cursor position in newest-first order, positive after it.</summary>
        public static int Compare(Alarm alarm, AlarmCursor cursor)
        {
            var byTime = cursor.RaisedAt.CompareTo(alarm.RaisedAt);
            return byTime != 0 ? byTime : string.CompareOrdinal(cursor.Id, alarm.Id);
        }

        public static int Compare(Alarm x, Alarm y) => Compare(x, new AlarmCursor(y.RaisedAt, y.Id));
    }
}

/// <summary>One page of alarms, newest first, and where the next page starts (null on the last page).</summary>
public sealed record AlarmPage(IReadOnlyList<Alarm> Items, AlarmCursor? Next);

/// <summary>
/// The alarms of this server: at most one active alarm per <see cref="AlarmKey"/>, raised when its condition starts to
/// hold and cleared when it stops; cleared alarms are kept for the retention of <see cref="AlarmOptions"/>. Every change
/// is published, in order, to <see cref="Changed"/> (the journal persists them, watch streams relay them). No I/O: the
/// rules are tested without a server.
/// </summary>
public sealed class AlarmBook
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Alarm> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<AlarmKey, string> _activeByKey = [];
    private readonly AlarmOptions _options;
    private readonly TimeProvider _time;
    private readonly Func<string> _newId;
    private HashSet<AlarmKey>? _heldSinceLoad;
    private int _cleared;

    public AlarmBook(AlarmOptions? options = null, TimeProvider? time = null, Func<string>? newId = null)
    {
        _options = options ?? new AlarmOptions();
        _time = time ?? TimeProvider.System;
        _newId = newId ?? (() => "al-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));
    }

    /// <summary>Every change, in the order it happened; called under the book's lock: handlers must be quick and must not call back.</summary>
    public event Action<AlarmChange>? Changed;

    public int ActiveCount
    {
        get
        {
            lock (_gate)
            {
                return _activeByKey.Count;
            }
        }
    }

    /// <summary>Active alarms by severity (for the metrics).</summary>
    public IReadOnlyDictionary<string, int> ActiveBySeverity()
    {
        lock (_gate)
        {
            return _activeByKey.Values.Select(id => _byId[id].Severity).GroupBy(s => s, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        }
    }

    /// <summary>
    /// Takes the alarms read from the store at start, then opens the start-up window: an active alarm whose condition is
    /// not seen to hold again before <see cref="CompleteStartup"/> is cleared then (its condition cleared while the
    /// server was down). A stored active alarm whose key is already active keeps its place (it is older).
    /// </summary>
    public void Load(IEnumerable<Alarm> stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        lock (_gate)
        {
            _heldSinceLoad = [.. _activeByKey.Keys];
            foreach (var alarm in stored.OrderBy(a => a.RaisedAt))
            {
                if (_byId.ContainsKey(alarm.Id))
                {
                    continue;
                }

                if (alarm.IsActive && _activeByKey.TryGetValue(alarm.Key, out var current))
                {
                    var raisedHere = _byId[current];
                    if (raisedHere.RaisedAt <= alarm.RaisedAt)
                    {
                        // Two active alarms for one condition in the store (two servers, or a crash between writes): one is enough.
                        Publish(AlarmChangeKind.Cleared, alarm.Clear(_time.GetUtcNow()), add: true);
                        continue;
                    }

                    _byId.Remove(current);
                    Publish(AlarmChangeKind.Removed, raisedHere, add: false);
                }

                _byId[alarm.Id] = alarm;
                if (alarm.IsActive)
                {
                    _activeByKey[alarm.Key] = alarm.Id;
                }
                else
                {
                    _cleared++;
                }
            }

            PruneLocked();
        }
    }

    /// <summary>Ends the start-up window: clears the loaded alarms whose condition was not seen to hold since <see cref="Load"/>.</summary>
    public void CompleteStartup()
    {
        lock (_gate)
        {
            if (_heldSinceLoad is not { } held)
            {
                return;
            }

            _heldSinceLoad = null;
            foreach (var key in _activeByKey.Keys.Where(k => !held.Contains(k)).ToList())
            {
                ClearLocked(key);
            }
        }
    }

    /// <summary>Raises the alarm of <paramref name="key"/> when <paramref name="condition"/> holds and none is active; clears the active one when it does not.</summary>
    public void Apply(AlarmKey key, AlarmCondition? condition)
    {
        lock (_gate)
        {
            if (condition is null)
            {
                ClearLocked(key);
                return;
            }

            _heldSinceLoad?.Add(key);
            if (_activeByKey.ContainsKey(key))
            {
                return;
            }

            var alarm = Alarm.Raise(_newId(), condition, _time.GetUtcNow());
            _activeByKey[key] = alarm.Id;
            Publish(AlarmChangeKind.Raised, alarm, add: true);
        }
    }

    public void Apply((AlarmKey Key, AlarmCondition? Condition) condition) => Apply(condition.Key, condition.Condition);

    public void Apply(IEnumerable<(AlarmKey Key, AlarmCondition? Condition)> conditions)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        foreach (var (key, condition) in conditions)
        {
            Apply(key, condition);
        }
    }

    /// <summary>The alarm when it exists and a caller of <paramref name="viewer"/> (null: admin) sees it.</summary>
    public Alarm? Find(string id, string? viewer)
    {
        lock (_gate)
        {
            return _byId.TryGetValue(id, out var alarm) && alarm.VisibleTo(viewer) ? alarm : null;
        }
    }

    /// <summary>Acknowledges the alarm (active or cleared; the first acknowledgement stays); null when the caller does not see it.</summary>
    public Alarm? Acknowledge(string id, string by, string? viewer)
    {
        lock (_gate)
        {
            if (!_byId.TryGetValue(id, out var alarm) || !alarm.VisibleTo(viewer))
            {
                return null;
            }

            if (alarm.IsAcknowledged)
            {
                return alarm;
            }

            var acknowledged = alarm.Acknowledge(by, _time.GetUtcNow());
            Publish(AlarmChangeKind.Acknowledged, acknowledged, add: true);
            return acknowledged;
        }
    }

    /// <summary>One page of the alarms <paramref name="query"/> selects, newest first.</summary>
    public AlarmPage Query(AlarmQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        List<Alarm> selected;
        lock (_gate)
        {
            IEnumerable<Alarm> candidates = query.State == AlarmStateFilter.Active ? _activeByKey.Values.Select(id => _byId[id]) : _byId.Values;
            selected = [.. candidates.Where(query.Matches)];
        }

        selected.Sort(AlarmQuery.NewestFirst.Compare);
        if (selected.Count <= query.Limit)
        {
            return new AlarmPage(selected, null);
        }

        var page = selected.GetRange(0, query.Limit);
        return new AlarmPage(page, new AlarmCursor(page[^1].RaisedAt, page[^1].Id));
    }

    /// <summary>Every alarm a caller of <paramref name="viewer"/> sees that <paramref name="state"/> selects, newest first.</summary>
    public IReadOnlyList<Alarm> All(string? viewer, AlarmStateFilter state = AlarmStateFilter.Active) =>
        Query(new AlarmQuery { Viewer = viewer, State = state, Limit = int.MaxValue }).Items;

    /// <summary>Removes cleared alarms past their retention (by age, then by count).</summary>
    public void Prune()
    {
        lock (_gate)
        {
            PruneLocked();
        }
    }

    private void ClearLocked(AlarmKey key)
    {
        if (!_activeByKey.Remove(key, out var id))
        {
            return;
        }

        Publish(AlarmChangeKind.Cleared, _byId[id].Clear(_time.GetUtcNow()), add: true);
        _cleared++;
        if (_cleared > _options.MaxCleared)
        {
            PruneLocked();
        }
    }

    private void PruneLocked()
    {
        var oldest = _time.GetUtcNow() - _options.ClearedRetention;
        var cleared = _byId.Values.Where(a => !a.IsActive).OrderBy(a => a.ClearedAt).ToList();
        var excess = Math.Max(0, cleared.Count - _options.MaxCleared);
        foreach (var alarm in cleared.TakeWhile((a, i) => i < excess || a.ClearedAt < oldest))
        {
            _byId.Remove(alarm.Id);
            Publish(AlarmChangeKind.Removed, alarm, add: false);
        }

        _cleared = _byId.Count - _activeByKey.Count;
    }

    private void Publish(AlarmChangeKind kind, Alarm alarm, bool add)
    {
        if (add)
        {
            _byId[alarm.Id] = alarm;
        }

        Changed?.Invoke(new AlarmChange(kind, alarm));
    }
}
