using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Lightpaths;

namespace Continuum.Pce.Application.Lightpaths.Service;

/// <summary>
/// Brings a lightpath and its devices back into agreement: finishes a lifecycle step a crash interrupted
/// (provisioning, deleting, a reroute), retries a device cleanup still owed, and pushes a live lightpath's
/// configuration to its devices again (after a device lost it). Harmless when there is nothing to do.
/// </summary>
public static class ReconcileLightpath
{
    /// <summary>True when the lightpath has unfinished business (the host schedules <see cref="ExecuteAsync"/>).</summary>
    public static bool IsPending(LightpathData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.OwesCleanup || data.Retuning ||
            data.Record?.State is LightpathState.Reserved or LightpathState.Provisioning or LightpathState.Deleting or LightpathState.Restoring ||
            (data.Record?.State is LightpathState.Failed && data.Record.Path is not null);
    }

    public static async Task<LightpathRecord?> ExecuteAsync(LightpathContext lp)
    {
        ArgumentNullException.ThrowIfNull(lp);
        switch (lp.Record?.State)
        {
            case LightpathState.Reserved:
            case LightpathState.Provisioning:
                return await CreateLightpath.ProvisionAsync(lp);
            case LightpathState.Deleting:
                return await DeleteLightpath.ExecuteAsync(lp, new DeleteLightpathRequest());
            case LightpathState.Restoring:
                return (await RerouteLightpath.ResumeAsync(lp)).Record;
            case LightpathState.Failed when lp.Data.OwesCleanup:
                return await DeleteLightpath.ExecuteAsync(lp, new DeleteLightpathRequest());
            case LightpathState.Failed when lp.Record.Path is not null:
                // A failure decided after the commit point: make sure nothing is still held (idempotent).
                await lp.ReleaseAllAsync();
                return lp.Record;
            case LightpathState.Active or LightpathState.Degraded when lp.Data.Retuning:
                return (await RetuneLightpath.ResumeAsync(lp)).Record;
            case LightpathState.Active or LightpathState.Degraded when lp.Data.StrandedPath is { } stranded:
                return await ClearStrandedAsync(lp, stranded);
            case LightpathState.Active or LightpathState.Degraded when lp.Data.OwesCleanup:
                return await RepushAsync(lp);
            default:
                return lp.Record;
        }
    }

    /// <summary>Pushes a live lightpath's configuration to its devices again (steps already in place are skipped); null on success.</summary>
    public static async Task<string?> ResyncAsync(LightpathContext lp)
    {
        ArgumentNullException.ThrowIfNull(lp);
        if (lp.Record is { State: LightpathState.Active or LightpathState.Degraded, Path: { } path } && lp.Intent(path) is { } intent &&
            await lp.Renderer.ProvisionAsync(intent, CancellationToken.None) is RenderResult.Failed failed)
        {
            return failed.Failure.ToString();
        }

        return null;
    }

    private static async Task<LightpathRecord?> ClearStrandedAsync(LightpathContext lp, PathCandidate stranded)
    {
        if (await lp.ClearDevicesAsync(stranded) is { } failure)
        {
            lp.CleanupFailed($"a path the lightpath left could not be cleared: {failure}");
            await lp.SaveAsync();
            return lp.Record;
        }

        await lp.Reservation.ReleaseAsync(lp.Owner, lp.Data.StrandedAttempt, stranded.AllFibers());
        lp.Data.StrandedPath = null;
        lp.Data.StrandedAttempt = null;

        // Both paths use the lightpath's media-channel index: clearing the stranded one may have taken the live one's
        // entries off a ROADM they share, so the live path is pushed again (steps in place are skipped).
        return await RepushAsync(lp);
    }

    /// <summary>Pushes the live path again; until that succeeds the lightpath owes it (retried like a cleanup).</summary>
    private static async Task<LightpathRecord?> RepushAsync(LightpathContext lp)
    {
        if (await ResyncAsync(lp) is { } failure)
        {
            lp.CleanupFailed($"the live path could not be pushed to its devices again: {failure}");
        }
        else
        {
            lp.CleanupDone();
        }

        await lp.SaveAsync();
        return lp.Record;
    }
}
