using Continuum.Pce.Application.Lightpaths.Service;
using Microsoft.Extensions.Options;

namespace Continuum.Pce.Grains.Lightpaths;

/// <summary>
/// The silo's restoration turnstile: at most <see cref="RestorationOptions.Concurrency"/> restorations run at once,
/// and those waiting are admitted by priority (0 first), then in arrival order. A storm's first arrivals are gathered
/// for <see cref="RestorationOptions.GatherWindow"/> before any starts, so the first batch is in priority order too.
/// The reservation protocol keeps concurrent restorations from double-booking; this keeps them in the order the
/// operator asked for and bounds the load on path computation and the devices.
/// </summary>
public sealed class RestorationScheduler
{
    private readonly object _gate = new();
    private readonly PriorityQueue<TaskCompletionSource<IDisposable>, (int Priority, long Arrival)> _waiting = new();
    private readonly RestorationOptions _options;
    private readonly TimeProvider _time;
    private ITimer? _gather;
    private int _running;
    private long _arrivals;

    public RestorationScheduler(IOptions<RestorationOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
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
