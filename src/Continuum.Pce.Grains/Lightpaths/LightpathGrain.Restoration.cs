using System.Collections.Immutable;
using Continuum.Pce.Application.Lightpaths.Service;
using Continuum.Pce.Application.Telemetry;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Grains.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;

namespace Continuum.Pce.Grains.Lightpaths;

// Automatic restoration (issue 22): the rules are the lightpath service's (RestoreLightpath, RevertLightpath); the
// grain keeps the timers (hold-off, guard, retry back-off, the wait-to-restore watch of a revertive lightpath's home
// path) and takes its turn in the silo's RestorationScheduler. Timers are memory only: after a restart the fibre
// reports arrive again, a restoration in flight is finished by Reconcile (it is a reroute), and a restored revertive
// lightpath resumes watching its home path from its stored HomePath.
public sealed partial class LightpathGrain
{
    private RestorationOptions? _restorationOptions;
    private RestorationScheduler? _scheduler;
    private IGrainTimer? _restoreTimer;
    private IGrainTimer? _revertTimer;
    private DateTimeOffset? _lastMovedAt;
    private DateTimeOffset? _homeUpSince;
    private int _restoreFailures;

    private RestorationOptions RestorationSettings => _restorationOptions ??= ServiceProvider.GetService<IOptions<RestorationOptions>>()?.Value ?? new RestorationOptions();

    private RestorationScheduler? Scheduler => _scheduler ??= ServiceProvider.GetService<RestorationScheduler>();

    /// <summary>The failed fibres of the current path, both directions (empty when the path is whole).</summary>
    private ImmutableArray<FiberOutage> DownOnPath()
    {
        if (Record?.Path is not { } path || state.State.Telemetry is not { } telemetry || telemetry.FibersDown.IsDefaultOrEmpty)
        {
            return [];
        }

        var fibers = services.Topology.BothWays(path.AllFibers()); // both legs of a 1+1 lightpath
        return [.. telemetry.FibersDown.Where(o => fibers.Contains(o.Fiber))];
    }

    /// <summary>After a fibre report: start the hold-off when the path has failed, or stand down when it is whole again.</summary>
    private async Task ConsiderRestorationAsync()
    {
        if (Record is not { } record || record.Spec.Restoration == RestorationPolicy.None)
        {
            return;
        }

        if (DownOnPath().IsEmpty)
        {
            _restoreTimer?.Dispose();
            _restoreTimer = null;
            _restoreFailures = 0;
            await RestoreLightpath.ClearFailureAsync(Context);
            return;
        }

        if (record.State is LightpathState.Active or LightpathState.Degraded && _restoreTimer is null)
        {
            var now = time.GetUtcNow();
            var due = now + RestorationSettings.HoldOff;
            if (_lastMovedAt is { } moved && moved + RestorationSettings.Guard > due)
            {
                due = moved + RestorationSettings.Guard;
            }

            ScheduleRestoration(due - now);
        }
    }

    private void ScheduleRestoration(TimeSpan delay)
    {
        _restoreTimer?.Dispose();
        _restoreTimer = this.RegisterGrainTimer(
            RestoreAsync,
            new GrainTimerCreationOptions(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = false, KeepAlive = true });
    }

    private async Task RestoreAsync()
    {
        _restoreTimer?.Dispose();
        _restoreTimer = null;
        var down = DownOnPath();
        if (Record is not { State: LightpathState.Active or LightpathState.Degraded } record || down.IsEmpty || record.Spec.Restoration == RestorationPolicy.None)
        {
            return;
        }

        var cause = string.Join(", ", down.Select(o => $"fibre {o.Fiber.Value} down ({o.Evidence})"));
        using (await EnterTurnAsync(record.Spec.RestorationPriority))
        {
            // The failure may have cleared, or a manual operation moved the lightpath, while it waited for its turn.
            down = DownOnPath();
            if (down.IsEmpty || Record is not { State: LightpathState.Active or LightpathState.Degraded })
            {
                return;
            }

            var outcome = await RestoreLightpath.ExecuteAsync(Context, new RestoreLightpathRequest([.. down.Select(o => o.Fiber)], cause));
            if (outcome.Moved)
            {
                logger.LogInformation("lightpath {Lightpath}: restored around {Cause}", this.GetPrimaryKeyString(), cause);
                _lastMovedAt = time.GetUtcNow();
                _restoreFailures = 0;
                StartRevertWatch();
            }
            else if (outcome.Refusal is not ("NotAffected" or "InvalidState"))
            {
                var retry = RestorationSettings.RetryDelay(++_restoreFailures);
                logger.LogWarning("lightpath {Lightpath}: not restorable ({Detail}); retry in {Retry}", this.GetPrimaryKeyString(), outcome.Detail, retry);
                ScheduleRestoration(retry);
            }
        }

        AfterOperation();
    }

    private async Task<IDisposable> EnterTurnAsync(int priority) =>
        Scheduler is { } scheduler ? await scheduler.EnterAsync(priority) : NoTurn.Instance;

    /// <summary>A revertive lightpath away from home checks its home path until it has been up for wait-to-restore.</summary>
    private void StartRevertWatch()
    {
        if (state.State.HomePath is null || Record?.Spec.Restoration != RestorationPolicy.RestoreRevertive || _revertTimer is not null)
        {
            return;
        }

        _homeUpSince = null;
        var every = RestorationSettings.RevertCheckInterval;
        _revertTimer = this.RegisterGrainTimer(CheckHomeAsync, new GrainTimerCreationOptions(every, every) { Interleave = false, KeepAlive = true });
    }

    private void StopRevertWatch()
    {
        _revertTimer?.Dispose();
        _revertTimer = null;
        _homeUpSince = null;
    }

    private async Task CheckHomeAsync()
    {
        if (state.State.HomePath is not { } home || Record is not { } record || record.Spec.Restoration != RestorationPolicy.RestoreRevertive)
        {
            StopRevertWatch();
            return;
        }

        if (record.State is not (LightpathState.Active or LightpathState.Degraded))
        {
            return;
        }

        var up = true;
        foreach (var fiber in services.Topology.BothWays(home.Fibers))
        {
            up &= (await GrainFactory.GetGrain<IFiberGrain>(fiber.Value).GetSpectrum()).IsUp;
        }

        var now = time.GetUtcNow();
        if (!up)
        {
            _homeUpSince = null;
            return;
        }

        _homeUpSince ??= now;
        if (now - _homeUpSince < RestorationSettings.WaitToRestore || (_lastMovedAt is { } moved && now - moved < RestorationSettings.Guard))
        {
            return;
        }

        using (await EnterTurnAsync(record.Spec.RestorationPriority))
        {
            var outcome = await RevertLightpath.ExecuteAsync(Context);
            if (outcome.Moved)
            {
                logger.LogInformation("lightpath {Lightpath}: reverted to its home path", this.GetPrimaryKeyString());
                _lastMovedAt = time.GetUtcNow();
                StopRevertWatch();
            }
            else
            {
                // The home route is busy (its spectrum taken meanwhile) or failed again: keep watching.
                _homeUpSince = null;
            }
        }

        AfterOperation();
    }

    /// <summary>On activation: resume what a restart interrupted (a pending restoration retry, a revert watch).</summary>
    private void ResumeRestoration()
    {
        if (Record?.Spec.Restoration is null or RestorationPolicy.None)
        {
            return;
        }

        if (state.State.RestorationFailure is not null)
        {
            ScheduleRestoration(RestorationSettings.HoldOff);
        }

        StartRevertWatch();
    }

    private sealed class NoTurn : IDisposable
    {
        public static readonly NoTurn Instance = new();

        public void Dispose()
        {
        }
    }
}
