using Continuum.Pce.Domain.Lightpaths;

namespace Continuum.Pce.Application.Lightpaths.Service;

/// <summary>A delete; <paramref name="Force"/> releases spectrum and interfaces even when the devices could not be cleared.</summary>
public sealed record DeleteLightpathRequest(bool Force = false, string? Reason = null);

/// <summary>
/// Delete: Deleting, the devices cleared, then spectrum and interfaces released, then Deleted. When the devices refuse
/// the cleanup the lightpath stays Deleting with the failure and a retry time (exponential back-off), keeping its
/// claims: nothing is offered for reuse while a device still carries the channel. A forced delete releases anyway and
/// says so in the history.
/// </summary>
public static class DeleteLightpath
{
    public static async Task<LightpathRecord?> ExecuteAsync(LightpathContext lp, DeleteLightpathRequest request)
    {
        ArgumentNullException.ThrowIfNull(lp);
        ArgumentNullException.ThrowIfNull(request);
        var record = lp.Record;
        if (record is null || record.State is LightpathState.Deleted)
        {
            return record;
        }

        if (record.State is LightpathState.Failed && !lp.Data.OwesCleanup)
        {
            // Nothing left on the devices or in the ledgers (a failure releases at once): nothing to delete.
            return record;
        }

        if (record.State is not LightpathState.Deleting and not LightpathState.Failed)
        {
            await lp.SaveAsync(record.Move(LightpathState.Deleting, lp.Now, request.Reason ?? "delete requested"));
        }

        var failure = await ClearAsync(lp);
        if (failure is not null)
        {
            lp.CleanupFailed(failure);
            if (!request.Force)
            {
                await lp.SaveAsync();
                return lp.Record;
            }
        }

        var forced = failure is not null ? $"forced by an operator: devices may still carry the channel ({failure})" : null;
        await lp.ReleaseAllAsync();
        lp.CleanupDone();
        lp.Data.StrandedPath = null;
        lp.Data.StrandedAttempt = null;
        if (lp.Record!.State == LightpathState.Deleting)
        {
            await lp.SaveAsync(lp.Record.Move(LightpathState.Deleted, lp.Now, forced ?? "devices cleared; spectrum and interfaces released"));
        }
        else
        {
            await lp.SaveAsync();
        }

        return lp.Record;
    }

    /// <summary>Clears the current path and any stranded one from the devices; the first failure, or null.</summary>
    private static async Task<string?> ClearAsync(LightpathContext lp)
    {
        if (lp.Data.StrandedPath is { } stranded && await lp.ClearDevicesAsync(stranded) is { } strandedFailure)
        {
            return strandedFailure;
        }

        return lp.Record!.Path is { } path ? await lp.ClearDevicesAsync(path) : null;
    }
}
