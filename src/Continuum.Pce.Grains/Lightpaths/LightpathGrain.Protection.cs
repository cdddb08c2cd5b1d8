using Continuum.Pce.Application.Lightpaths.Service;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Application.Telemetry;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Grains.Abstractions;
using Microsoft.Extensions.Logging;
using Orleans;

namespace Continuum.Pce.Grains.Lightpaths;

// 1+1 protection (issue 22): the rules are the lightpath service's (ProtectLightpath); the grain reads the devices'
// protection switches when a fibre of either leg changes, takes manual switch commands, and judges health on the leg
// that carries the traffic. A failed leg is restored through the restoration timers (RestoreLightpath hands a 1+1
// lightpath to ProtectLightpath.RestoreLegAsync).
public sealed partial class LightpathGrain
{
    public async Task<ProtectionSwitchView> SwitchProtection(ProtectionForce force)
    {
        if (Record is null)
        {
            return new ProtectionSwitchView(OrderMapping.Missing(this.GetPrimaryKeyString()), "NotFound", "no such lightpath");
        }

        var down = (state.State.Telemetry?.FibersDown ?? []).Select(o => o.Fiber).ToList();
        var outcome = await ProtectLightpath.SwitchAsync(Context, force, down, [.. _nodesDown.Keys]);
        if (outcome.Done)
        {
            logger.LogInformation("lightpath {Lightpath}: protection switch set to {Force}", this.GetPrimaryKeyString(), force);
        }

        return new ProtectionSwitchView(View(), outcome.Refusal, outcome.Detail);
    }

    public async Task<LightpathView> ReadProtection()
    {
        if (Record is not null)
        {
            await ProtectLightpath.ReadAsync(Context);
        }

        return Record is null ? OrderMapping.Missing(this.GetPrimaryKeyString()) : View();
    }

    /// <summary>After a fibre report on a 1+1 lightpath: where do the switches stand now.</summary>
    private async Task AfterProtectedFiberSignalAsync(string fiber, bool up)
    {
        if (Record is not { Path.Protection: not null, State: LightpathState.Active or LightpathState.Degraded })
        {
            return;
        }

        if (await ProtectLightpath.ReadAsync(Context, $"fibre {fiber} {(up ? "up" : "down")}"))
        {
            logger.LogInformation("lightpath {Lightpath}: protection switches now {Source}/{Destination}", this.GetPrimaryKeyString(), state.State.ActiveAtSource, state.State.ActiveAtDestination);
        }
        ScheduleProtectionReread();
    }

    private IGrainTimer? _reread;
    private int _rereadsLeft;

    /// <summary>
    /// A revertive pair's switches return to the working leg on their own once it has been clear for their
    /// wait-to-restore time, with no fibre event to tell the controller: while a switch is on the protection leg and the
    /// working leg has light, the switches are read again just after that time (once per event that starts the wait:
    /// a repair, a restored working leg; read up to three times, in case the device's switch is late).
    /// </summary>
    private void ScheduleProtectionReread(bool again = false)
    {
        if (Record is not { Path.Protection: not null, State: LightpathState.Active or LightpathState.Degraded } record
            || record.Spec.Restoration != RestorationPolicy.RestoreRevertive
            || (state.State.ActiveAtSource != ProtectionLeg.Protection && state.State.ActiveAtDestination != ProtectionLeg.Protection))
        {
            return;
        }

        if (!again)
        {
            _rereadsLeft = 3;
        }
        else if (--_rereadsLeft <= 0)
        {
            return;
        }

        var wait = TimeSpan.FromMilliseconds(state.State.ProtectionWaitToRestoreMs ?? LightpathIntents.DefaultWaitToRestoreMs) + TimeSpan.FromSeconds(1);
        _reread?.Dispose();
        _reread = this.RegisterGrainTimer(
            async () =>
            {
                _reread?.Dispose();
                _reread = null;
                if (Record is { Path.Protection: not null, State: LightpathState.Active or LightpathState.Degraded }
                    && await ProtectLightpath.ReadAsync(Context, "wait-to-restore elapsed"))
                {
                    logger.LogInformation("lightpath {Lightpath}: protection switches now {Source}/{Destination}", this.GetPrimaryKeyString(), state.State.ActiveAtSource, state.State.ActiveAtDestination);
                }

                ScheduleProtectionReread(again: true);
            },
            new GrainTimerCreationOptions(wait, Timeout.InfiniteTimeSpan) { Interleave = false, KeepAlive = true });
    }

    /// <summary>A ROADM answers again: a leg this 1+1 lightpath left on it while it was unreachable is cleared from it.</summary>
    private async Task ClearStaleLegAsync(bool deleting = false)
    {
        if (state.State.StaleLeg is null || Record is null)
        {
            return;
        }

        var down = (state.State.Telemetry?.FibersDown ?? []).Select(o => o.Fiber).ToList();
        if (await ProtectLightpath.ClearStaleLegAsync(Context, [.. _nodesDown.Keys], down, deleting) && !deleting)
        {
            logger.LogInformation("lightpath {Lightpath}: stale leg cleared", this.GetPrimaryKeyString());
        }
    }

    /// <summary>
    /// The telemetry the health rule judges: a 1+1 lightpath is out of service only when both legs have failed, so the
    /// outages of a single failed leg are left out (they still drive its restoration and show in the view).
    /// </summary>
    private LightpathTelemetry ForHealth(LightpathTelemetry telemetry)
    {
        if (Record?.Path is not { Protection: not null } path || telemetry.FibersDown.IsDefaultOrEmpty)
        {
            return telemetry;
        }

        var (workingDown, protectionDown) = ProtectLightpath.LegsDown(services.Topology, path, [.. telemetry.FibersDown.Select(o => o.Fiber)]);
        return workingDown && protectionDown ? telemetry : telemetry with { FibersDown = [] };
    }
}
