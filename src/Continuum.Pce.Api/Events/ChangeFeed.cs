using System.Collections.Concurrent;
using System.Threading.Channels;
using Continuum.Pce.Api.Alarms;
using Continuum.Pce.Application.Lightpaths.Service;
using Continuum.Pce.Application.Reservation;
using Continuum.Pce.Grains.Abstractions;
using Continuum.Pce.Grains.Lightpaths;
using Continuum.Pce.Grains.Nodes;
using Continuum.Pce.Grains.Spectrum;
using Continuum.Pce.Grains.Storage;

namespace Continuum.Pce.Api.Events;

/// <summary>A lifecycle transition of a lightpath, with the lightpath as it is after it.</summary>
public sealed record LightpathChange(LightpathView Lightpath, string From, string To, DateTimeOffset At, string? Reason);

/// <summary>
/// The server's live view of what the grains of this silo write: lightpath transitions (for watch streams and metrics),
/// per-state lightpath counts and fibre utilisation; each lightpath, fibre and node it sees goes to the
/// <see cref="AlarmMonitor"/>, and the alarm book's changes go out to alarm watch streams. Fed by the grain storage after
/// each durable write, so it sees exactly what was committed. With several silos the lightpath changes of the other silos'
/// grains arrive through <see cref="Grains.Hosting.ClusterEventRelay"/> (<see cref="OnRemoteChange"/>), so every
/// server's watch streams are cluster-wide; fibre and node states (utilisation, their alarms) are this silo's.
/// </summary>
public sealed class ChangeFeed : IGrainStateObserver, ILightpathEventSink, Grains.Hosting.IClusterLightpathListener
{
    private readonly ConcurrentDictionary<string, string> _states = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, Channel<LightpathChange>> _lightpathWatchers = new();
    private readonly ConcurrentDictionary<Guid, Channel<AlarmChange>> _alarmWatchers = new();
    private readonly ConcurrentDictionary<string, double> _fiberUtilisation = new(StringComparer.Ordinal);
    private readonly AlarmMonitor _alarms;
    private long _watchesOpened;

    public ChangeFeed(AlarmMonitor alarms)
    {
        ArgumentNullException.ThrowIfNull(alarms);
        _alarms = alarms;
        alarms.Book.Changed += change =>
        {
            if (change.Kind != AlarmChangeKind.Removed)
            {
                foreach (var watcher in _alarmWatchers.Values)
                {
                    watcher.Writer.TryWrite(change);
                }
            }
        };
    }

    public event Action<LightpathChange>? Changed;

    /// <summary>
    /// A lightpath's durable change, from the lightpath service (after the write): the alarms see every change (a
    /// cleanup failure adds no lifecycle event); watch streams and metrics see each lifecycle transition once.
    /// </summary>
    public void Publish(LightpathChanged change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var view = OrderMapping.ToView(change.Data);
        _states[change.Key.ToString()] = view.State.ToString();
        _alarms.Lightpath(view);
        if (change.Transition is not { } transition)
        {
            return;
        }

        var published = new LightpathChange(view, transition.From.ToString(), transition.To.ToString(), transition.At, transition.Reason);
        Changed?.Invoke(published);
        foreach (var watcher in _lightpathWatchers.Values)
        {
            watcher.Writer.TryWrite(published);
        }
    }

    /// <summary>A lightpath change committed on another silo: the same treatment as one of this silo's.</summary>
    public void OnRemoteChange(LightpathChangeNotice change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var view = change.Lightpath;
        _states[LightpathGrains.KeyOf(view.Tenant, view.Id)] = view.State.ToString();
        _alarms.Lightpath(view);
        if (change.From is not { } from || change.To is not { } to)
        {
            return;
        }

        var published = new LightpathChange(view, from.ToString(), to.ToString(), change.At, change.Reason);
        Changed?.Invoke(published);
        foreach (var watcher in _lightpathWatchers.Values)
        {
            watcher.Writer.TryWrite(published);
        }
    }

    /// <summary>How many lightpaths this silo has seen in each state (seeded from the store at start).</summary>
    public IReadOnlyDictionary<string, int> CountByState =>
        _states.Values.GroupBy(s => s, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    public IReadOnlyDictionary<string, double> FiberUtilisation => _fiberUtilisation;

    public void OnWritten(string grainType, string grainKey, object? state)
    {
        switch (state)
        {
            case FiberGrainState fibers:
                Seed(grainKey, fibers);
                break;
            case OpticalNodeState node:
                Seed(grainKey, node);
                break;
        }
    }

    /// <summary>Records a lightpath read from the store at start (no event is published).</summary>
    public void Seed(LightpathView view)
    {
        _states[LightpathGrains.KeyOf(view.Tenant, view.Id)] = view.State.ToString();
        _alarms.Lightpath(view);
    }

    /// <summary>Records a node's health (at start, and after each write).</summary>
    public void Seed(string node, OpticalNodeState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _alarms.Node(node, state.Health);
    }

    /// <summary>Every stored lightpath, fibre and node has been seeded: alarms whose condition cleared while the server was down clear now.</summary>
    public void SeedCompleted() => _alarms.StartupComplete();

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
        _alarms.Fiber(fiber, ledger);
    }

    /// <summary>A stream of lightpath changes until <paramref name="cancellationToken"/> fires; a slow reader loses the oldest.</summary>
    public IAsyncEnumerable<LightpathChange> WatchLightpaths(CancellationToken cancellationToken) => Watch(_lightpathWatchers, 4096, cancellationToken);

    /// <summary>Alarms as they are raised, acknowledged and cleared, until cancelled.</summary>
    public IAsyncEnumerable<AlarmChange> WatchAlarms(CancellationToken cancellationToken) => Watch(_alarmWatchers, 1024, cancellationToken);

    /// <summary>How many watch streams are open (for tests and the health page).</summary>
    public int Watchers => _lightpathWatchers.Count + _alarmWatchers.Count;

    /// <summary>How many watch streams were ever opened (monotonic: a test waits for it to grow, whatever closes meanwhile).</summary>
    public long WatchesOpened => Interlocked.Read(ref _watchesOpened);

    // The watcher is registered when the stream is asked for, not when it is first read: a caller that answers its client
    // (response headers) between the two loses no change made in between. Cancellation removes it even if never read.
    private IAsyncEnumerable<T> Watch<T>(ConcurrentDictionary<Guid, Channel<T>> watchers, int capacity, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid();
        var channel = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        watchers[id] = channel;
        Interlocked.Increment(ref _watchesOpened);
        var registration = cancellationToken.Register(() => watchers.TryRemove(id, out _));
        return Read(channel, id, watchers, registration, cancellationToken);
    }

    private static async IAsyncEnumerable<T> Read<T>(Channel<T> channel, Guid id, ConcurrentDictionary<Guid, Channel<T>> watchers, CancellationTokenRegistration registration, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
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
            await registration.DisposeAsync();
        }
    }
}
