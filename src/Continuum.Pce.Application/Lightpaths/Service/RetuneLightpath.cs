using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Domain.Spectrum;

namespace Continuum.Pce.Application.Lightpaths.Service;

/// <summary>
/// A re-tune of one lightpath to other slots on its own path (a step of a spectrum defragmentation plan): the slots it
/// must be on now (the plan's view; a lightpath that moved since is refused), where it goes, how, and why.
/// </summary>
public sealed record RetuneLightpathRequest(SlotRange From, SlotRange To, bool Hitless, string Cause = "defragmentation");

/// <summary>The lightpath after a retune, and why it stayed where it was (null when it moved).</summary>
public sealed record RetuneOutcome(LightpathRecord? Record, string? Refusal, string? Detail)
{
    public bool Moved => Refusal is null;
}

/// <summary>
/// Retune: moves an Active lightpath to other slots on the same path without taking it down. Spectrum first, make
/// before break: the new slots are held and committed (and, for a hitless slide, the free slots between old and new,
/// which the carrier sweeps over) while the old ones stay claimed; then the devices (<see cref="IDeviceRenderer.RetuneAsync"/>);
/// then the old claims are released. When the devices refuse, their applied steps are undone, the lightpath stays on
/// its old slots (recorded in the history) and the new claims are released. The lifecycle state does not change: the
/// history records a "defragmentation retune" event (Active → Active) with the cause. A crash in the middle is finished
/// by <see cref="ResumeAsync"/> (the host's reconcile): forward when the new slots had committed, else back.
/// </summary>
public static class RetuneLightpath
{
    public static async Task<RetuneOutcome> ExecuteAsync(LightpathContext lp, RetuneLightpathRequest request)
    {
        ArgumentNullException.ThrowIfNull(lp);
        ArgumentNullException.ThrowIfNull(request);
        if (lp.Record is not { State: LightpathState.Active, Path: { } oldPath, CommittedAttempt: { } oldAttempt } record ||
            lp.Intent(oldPath) is not { } oldIntent)
        {
            return new RetuneOutcome(lp.Record, "InvalidState", "only an Active lightpath can be retuned");
        }

        if (lp.Data.OwesCleanup || lp.Data.StrandedPath is not null || lp.Data.Retuning)
        {
            return new RetuneOutcome(record, "InvalidState", "the lightpath has device work in flight (a cleanup or another retune); retry once it is done");
        }

        if (oldPath.Protection is not null)
        {
            return new RetuneOutcome(record, "NotSupported", "1+1 protected lightpaths are not retuned");
        }

        if (oldPath.Slots != request.From)
        {
            return new RetuneOutcome(record, "Moved", $"the lightpath is on slots {oldPath.Slots}, not {request.From}");
        }

        if (request.To.Count != request.From.Count || request.To == request.From)
        {
            return new RetuneOutcome(record, "InvalidRequest", $"a retune keeps the width ({request.From.Count} slots) and changes the slots");
        }

        if (request.Hitless && !lp.Topology.RetunesHitlessly(oldPath))
        {
            return new RetuneOutcome(record, "NotHitless", "the transponders at the ends of the path do not retune hitlessly");
        }

        if (!request.Hitless && request.To.Overlaps(request.From))
        {
            return new RetuneOutcome(record, "InvalidRequest", $"make before break needs new slots disjoint from the old ones ({request.From})");
        }

        var newPath = oldPath with { Slots = request.To };

        // A hitless slide sweeps the carrier over the slots between old and new: they must stay free while it does.
        var gapStart = Math.Min(request.From.End, request.To.End);
        var gapEnd = Math.Max(request.From.Start, request.To.Start);
        if (request.Hitless && gapEnd > gapStart)
        {
            var sweep = oldPath with { Slots = new SlotRange(gapStart, gapEnd - gapStart) };
            var sweepAttempt = LightpathContext.NewAttempt("g", 1);
            var held = await lp.TryReserveAsync(sweep, sweepAttempt, () =>
            {
                lp.Data.RetuneSweepAttempt = sweepAttempt;
                lp.Data.RetuneSweepPath = sweep;
                return lp.Record;
            });
            if (!held)
            {
                return new RetuneOutcome(lp.Record, "Spectrum", $"slots {sweep.Slots}, which a hitless slide passes over, are no longer free on every fibre of the path");
            }
        }

        var attempt = LightpathContext.NewAttempt("t", 1);
        var committed = await lp.TryReserveAsync(newPath, attempt, () =>
        {
            lp.Data.RetuneFromAttempt = oldAttempt;
            lp.Data.RetuneFromPath = oldPath;
            lp.Data.RetuneHitless = request.Hitless;
            lp.Data.RetuneCause = request.Cause;
            return lp.Record! with { Path = newPath, CommittedAttempt = attempt };
        });
        if (!committed)
        {
            await ReleaseSweepAsync(lp);
            await lp.SaveAsync();
            return new RetuneOutcome(lp.Record, "Spectrum", $"slots {request.To} are no longer free on every fibre of the path");
        }

        return await FinishAsync(lp, oldIntent);
    }

    /// <summary>After a crash during a retune: finish it when the new slots had committed (the devices converge), else undo the holds.</summary>
    public static async Task<RetuneOutcome> ResumeAsync(LightpathContext lp)
    {
        ArgumentNullException.ThrowIfNull(lp);
        if (!lp.Data.Retuning || lp.Record is not { Path: not null } record)
        {
            return new RetuneOutcome(lp.Record, null, null);
        }

        if (lp.Data.RetuneFromPath is { } oldPath && record.CommittedAttempt != lp.Data.RetuneFromAttempt && lp.Intent(oldPath) is { } oldIntent)
        {
            return await FinishAsync(lp, oldIntent);
        }

        // The new slots never committed: the devices were never touched.
        ClearRetune(lp);
        await ReleaseSweepAsync(lp);
        await lp.SaveAsync();
        return new RetuneOutcome(lp.Record, "Interrupted", "the retune was interrupted by a restart before its new slots committed");
    }

    private static async Task<RetuneOutcome> FinishAsync(LightpathContext lp, LightpathRenderIntent oldIntent)
    {
        var record = lp.Record!;
        var newPath = record.Path!;
        var newAttempt = record.CommittedAttempt!;
        var oldPath = lp.Data.RetuneFromPath!;
        var oldAttempt = lp.Data.RetuneFromAttempt!;
        var hitless = lp.Data.RetuneHitless;
        var cause = lp.Data.RetuneCause ?? "defragmentation";
        var how = hitless ? "hitless" : "make-before-break";
        var result = await lp.Renderer.RetuneAsync(oldIntent, lp.Intent(newPath)!, hitless ? RetuneMethod.Hitless : RetuneMethod.MakeBeforeBreak, CancellationToken.None);
        if (result is RenderResult.Failed failed)
        {
            var reason = failed.Failure.ToString();
            if (!failed.RolledBack && await lp.Renderer.ProvisionAsync(oldIntent, CancellationToken.None) is RenderResult.Failed lost)
            {
                // The old channel could not be put back whole: the push is owed and retried with back-off (the lightpath's
                // own reconcile), the new slots stay claimed until it succeeds.
                lp.Data.StrandedPath = newPath;
                lp.Data.StrandedAttempt = newAttempt;
                lp.CleanupFailed($"a failed retune could not put the old channel back: {lost.Failure}");
            }

            ClearRetune(lp);
            await lp.SaveAsync((record with { Path = oldPath, CommittedAttempt = oldAttempt })
                .Note(lp.Now, $"defragmentation retune failed, old slots {oldPath.Slots} kept: {reason} ({cause})"));
            if (lp.Data.StrandedAttempt != newAttempt)
            {
                await lp.Reservation.ReleaseAsync(lp.Owner, newAttempt, newPath.AllFibers());
            }

            await ReleaseSweepAsync(lp);
            await lp.SaveAsync();
            return new RetuneOutcome(lp.Record, "Render", reason);
        }

        ClearRetune(lp);
        await lp.SaveAsync(record.Note(lp.Now, $"defragmentation retune ({how}): slots {oldPath.Slots} → {newPath.Slots}; {cause}"));
        await lp.Reservation.ReleaseAsync(lp.Owner, oldAttempt, oldPath.AllFibers());
        await ReleaseSweepAsync(lp);
        await lp.SaveAsync();
        return new RetuneOutcome(lp.Record, null, null);
    }

    private static async Task ReleaseSweepAsync(LightpathContext lp)
    {
        if (lp.Data.RetuneSweepAttempt is { } sweep && lp.Data.RetuneSweepPath is { } path)
        {
            await lp.Reservation.ReleaseAsync(lp.Owner, sweep, path.AllFibers());
        }

        lp.Data.RetuneSweepAttempt = null;
        lp.Data.RetuneSweepPath = null;
    }

    private static void ClearRetune(LightpathContext lp)
    {
        lp.Data.RetuneFromAttempt = null;
        lp.Data.RetuneFromPath = null;
        lp.Data.RetuneHitless = false;
        lp.Data.RetuneCause = null;
    }
}
