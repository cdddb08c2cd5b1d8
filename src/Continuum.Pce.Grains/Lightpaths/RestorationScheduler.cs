using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Lightpaths.Service;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Application.Restoration;
using Continuum.Pce.Grains.Spectrum;
using Microsoft.Extensions.Options;

namespace Continuum.Pce.Grains.Lightpaths;

/// <summary>What the scheduler answered a restoration: its plan and, when a path was planned, its turn (already queued).</summary>
public sealed record RestorationTicket(RestorationPlan Plan, Task<IDisposable>? Turn);

/// <summary>
/// The silo's restoration planner and turnstile. A storm's restorations are gathered for
/// <see cref="RestorationOptions.GatherWindow"/> and planned as one batch (<see cref="RestorationBatchPlanner"/>): in
/// priority order against one snapshot of the silo's spectrum view, each answer booked into the snapshot, so the batch
/// never plans two lightpaths onto the same slots. Those the batch finds no path for are answered at once (the
/// lightpath reports itself unrestorable and retries later) and never take a turn; the others get a turn, queued in
/// priority order, to reserve their planned path (the fibre grains decide) and configure the devices, at most
/// <see cref="RestorationOptions.Concurrency"/> at a time. A plan stays booked in later batches' snapshots until its
/// lightpath settles (<see cref="Settle"/>), so a second batch arriving while the first is still reserving does not plan
/// onto its slots either. Restorations that are not planned (1+1 legs, reverts, a host without a path computer) take
/// turns through <see cref="EnterAsync"/> as before.
/// </summary>
public sealed class RestorationScheduler
{
    /// <summary>A plan whose lightpath never settled (it crashed) stops being booked in later snapshots after this.</summary>
    private static readonly TimeSpan OutstandingLimit = TimeSpan.FromSeconds(30);

    private readonly object _gate = new();
    private readonly Lock _planning = new();
    private readonly PriorityQueue<TaskCompletionSource<IDisposable>, (int Priority, long Arrival)> _waiting = new();
    private readonly List<(RestorationDemand Demand, TaskCompletionSource<RestorationTicket> Ticket)> _demands = [];
    private readonly Dictionary<string, (PathCandidate Path, DateTimeOffset At)> _outstanding = new(StringComparer.Ordinal);
    private readonly RestorationOptions _options;
    private readonly TimeProvider _time;
    private readonly IPathComputer? _computer;
    private readonly ISpectrumView? _spectrum;
    private readonly INetworkCatalog? _catalog;
    private ITimer? _gather;
    private ITimer? _batch;
    private int _running;
    private long _arrivals;
    private long _batches;

    /// <summary>A turnstile only: restorations are not planned in batches (<see cref="PlanAsync"/> answers <see cref="RestorationPlan.None"/>).</summary>
    public RestorationScheduler(IOptions<RestorationOptions> options, TimeProvider time)
        : this(options, time, null, null, null)
    {
    }

    /// <summary>A planner and turnstile: batches are computed with <paramref name="computer"/> against snapshots of <paramref name="spectrum"/>.</summary>
    public RestorationScheduler(IOptions<RestorationOptions> options, TimeProvider time, IPathComputer? computer, SiloSpectrumView? spectrum, INetworkCatalog? catalog)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
        _computer = computer;
        _spectrum = spectrum;
        _catalog = catalog;
    }

    /// <summary>Restorations running now.</summary>
    public int Running
    {
        get
        {
            lock (_gate)
            {
                return _running;
            }
        }
    }

    /// <summary>Plans booked in the snapshots of later batches until their lightpaths settle.</summary>
    public int Outstanding
    {
        get
        {
            lock (_gate)
            {
                return _outstanding.Count;
            }
        }
    }

    /// <summary>Batches planned since the silo started.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>
    /// Joins the next batch; answers once the batch is planned. A <see cref="RestorationPlanKind.Planned"/> ticket
    /// carries a turn (dispose it when done) and must be settled with <see cref="Settle"/>.
    /// </summary>
    public Task<RestorationTicket> PlanAsync(RestorationDemand demand)
    {
        ArgumentNullException.ThrowIfNull(demand);
        if (_computer is null || _spectrum is null || _catalog is null)
        {
            return Task.FromResult(new RestorationTicket(RestorationPlan.None, null));
        }

        var ticket = new TaskCompletionSource<RestorationTicket>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _demands.Add((demand with { Arrival = _arrivals++ }, ticket));
            _batch ??= _time.CreateTimer(_ => PlanBatch(), null, _options.GatherWindow > TimeSpan.Zero ? _options.GatherWindow : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }

        return ticket.Task;
    }

    /// <summary>The lightpath's planned restoration is over (moved, or not): its plan stops being booked in later snapshots.</summary>
    public void Settle(string owner)
    {
        lock (_gate)
        {
            _outstanding.Remove(owner);
        }
    }

    /// <summary>Waits for a turn; dispose the result when the restoration is over.</summary>
    public Task<IDisposable> EnterAsync(int priority)
    {
        var turn = new TaskCompletionSource<IDisposable>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _waiting.Enqueue(turn, (priority, _arrivals++));
            if (_running == 0 && _gather is null && _options.GatherWindow > TimeSpan.Zero)
            {
                _gather = _time.CreateTimer(_ => Dispatch(gathered: true), null, _options.GatherWindow, Timeout.InfiniteTimeSpan);
            }
            else if (_gather is null)
            {
                AdmitLocked();
            }
        }

        return turn.Task;
    }

    private void PlanBatch()
    {
        // One batch at a time: the next one snapshots the spectrum with this one's plans booked.
        lock (_planning)
        {
            List<(RestorationDemand Demand, TaskCompletionSource<RestorationTicket> Ticket)> batch;
            List<PathCandidate> booked;
            lock (_gate)
            {
                _batch?.Dispose();
                _batch = null;
                batch = [.. _demands];
                _demands.Clear();
                var now = _time.GetUtcNow();
                foreach (var stale in _outstanding.Where(o => now - o.Value.At > OutstandingLimit).Select(o => o.Key).ToList())
                {
                    _outstanding.Remove(stale);
                }

                booked = [.. _outstanding.Values.Select(o => o.Path)];
            }

            if (batch.Count == 0)
            {
                return;
            }

            var tickets = batch.ToDictionary(b => b.Demand, b => b.Ticket);
            try
            {
                var network = (_catalog!.Current ?? throw new InvalidOperationException("no topology is loaded")).Network;
                var view = new BatchSpectrumView(network, _spectrum!);
                foreach (var path in booked)
                {
                    view.Book(path.AllFibers(), path.Slots);
                }

                // Each lightpath hears its plan as soon as it is made: the first planned start reserving (in their
                // turns, priority first) while the rest of the batch is still being planned.
                RestorationBatchPlanner.Plan(batch.Select(b => b.Demand), view, _computer!, (demand, plan) => Answer(demand, plan, tickets[demand]));
                Interlocked.Increment(ref _batches);
            }
            catch (Exception)
            {
                // No plan (no topology, or one being replaced): every lightpath of the batch not answered yet restores
                // itself the per-lightpath way. A timer callback must not throw, and no ticket may be left unanswered.
                foreach (var (_, ticket) in batch)
                {
                    ticket.TrySetResult(new RestorationTicket(RestorationPlan.None, null));
                }
            }
        }
    }

    private void Answer(RestorationDemand demand, RestorationPlan plan, TaskCompletionSource<RestorationTicket> ticket)
    {
        Task<IDisposable>? turn = null;
        lock (_gate)
        {
            if (plan.Kind == RestorationPlanKind.Planned)
            {
                _outstanding[demand.Owner] = (plan.Path!, _time.GetUtcNow());
                var queued = new TaskCompletionSource<IDisposable>(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiting.Enqueue(queued, (demand.Priority, demand.Arrival));
                turn = queued.Task;
                if (_gather is null)
                {
                    AdmitLocked();
                }
            }
        }

        ticket.TrySetResult(new RestorationTicket(plan, turn));
    }

    private void Dispatch(bool gathered)
    {
        lock (_gate)
        {
            if (gathered)
            {
                _gather?.Dispose();
                _gather = null;
            }

            AdmitLocked();
        }
    }

    private void AdmitLocked()
    {
        var limit = Math.Max(1, _options.Concurrency);
        while (_running < limit && _waiting.TryDequeue(out var turn, out _))
        {
            _running++;
            turn.TrySetResult(new Turn(this));
        }
    }

    private void Exit()
    {
        lock (_gate)
        {
            _running--;
            if (_gather is null)
            {
                AdmitLocked();
            }
        }
    }

    private sealed class Turn(RestorationScheduler owner) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Exit();
            }
        }
    }
}
