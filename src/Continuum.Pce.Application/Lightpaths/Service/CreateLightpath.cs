using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Domain.Requests;

namespace Continuum.Pce.Application.Lightpaths.Service;

/// <summary>A create, validated: the typed spec (endpoints resolved to ROADMs) and the names the caller used for them.</summary>
public sealed record CreateLightpathRequest(LightpathSpec Spec, string SourceName, string DestinationName);

/// <summary>
/// Create: compute candidates, reserve one (hold on every fibre, commit, confirm), allocate transponder interfaces,
/// render to the devices. Blocked with the reason when no candidate can be reserved; Failed when the devices refuse
/// (the plan is rolled back and everything released). Idempotent: a lightpath that exists is returned as it is.
/// </summary>
public static class CreateLightpath
{
    public static async Task<LightpathRecord> ExecuteAsync(LightpathContext lp, CreateLightpathRequest request)
    {
        ArgumentNullException.ThrowIfNull(lp);
        ArgumentNullException.ThrowIfNull(request);
        if (lp.Record is { } existing)
        {
            return existing;
        }

        var spec = request.Spec;
        lp.Data.Source = request.SourceName;
        lp.Data.Destination = request.DestinationName;
        var record = LightpathRecord.Requested(spec, lp.Now);
        var diverse = await DiversityFibers.ResolveAsync(lp, spec);
        if (diverse.Blocked is { } unknown)
        {
            await lp.SaveAsync(record.Block(unknown, lp.Now));
            return lp.Record!;
        }

        var computation = lp.PathComputer.Compute(spec.Request, lp.Spectrum, lp.Options.MaxCandidates, diverse.Fibers);
        if (!computation.IsFound)
        {
            await lp.SaveAsync(record.Block(computation.Blocked ?? new Blocked(BlockReason.NoPath, "no candidate"), lp.Now));
            return lp.Record!;
        }

        // Candidates are tried in turn; a refused hold teaches this silo's spectrum view what another request took, so
        // when every candidate was taken the computation runs once more on the corrected view before giving up.
        var attemptNumber = 0;
        var tried = 0;
        for (var round = 0; round < 2; round++)
        {
            if (round > 0)
            {
                computation = lp.PathComputer.Compute(spec.Request, lp.Spectrum, lp.Options.MaxCandidates, diverse.Fibers);
                if (!computation.IsFound)
                {
                    break;
                }
            }

            foreach (var candidate in computation.Candidates)
            {
                if (spec.Request.Protection == Protection.OnePlusOne && (candidate.Protection is null || !lp.Topology.CanProtect(candidate)))
                {
                    await lp.SaveAsync(record.Block(new Blocked(BlockReason.Equipment,
                        "1+1 protection needs a second add/drop group at both end ROADMs (the line protection card's secondary port)"), lp.Now));
                    return lp.Record!;
                }

                tried++;
                var attempt = LightpathContext.NewAttempt("", ++attemptNumber);

                // The commit point: one write records Reserved and the start of provisioning. Provisioning is resumable
                // (interfaces are re-allocated idempotently and the render plan converges), so nothing is lost by not
                // persisting the two states apart.
                if (await lp.TryReserveAsync(candidate, attempt, () =>
                    {
                        if (!record.TryCommit(attempt, candidate, lp.Now, out var committed))
                        {
                            return null;
                        }

                        // A 1+1 pair is held under one attempt: both legs' claims are committed together.
                        lp.Data.ProtectionAttempt = candidate.Protection is null ? null : attempt;
                        if (candidate.Protection is not null)
                        {
                            lp.Data.ProtectionHoldOffMs = Milliseconds(lp.Options.ProtectionHoldOff);
                            lp.Data.ProtectionWaitToRestoreMs = Milliseconds(lp.Options.ProtectionWaitToRestore);
                        }

                        return committed.Move(LightpathState.Provisioning, lp.Now, candidate.Protection is null ? "rendering to devices" : "rendering both legs and the protection switches to devices");
                    }))
                {
                    return await ProvisionAsync(lp);
                }
            }
        }

        await lp.SaveAsync(record.Block(new Blocked(BlockReason.Spectrum, $"all {tried} candidates were taken by concurrent requests"), lp.Now));
        return lp.Record!;
    }

    /// <summary>A request refused before anything was computed (unknown endpoint, bad input): recorded as blocked.</summary>
    public static async Task<LightpathRecord> RefuseAsync(LightpathContext lp, LightpathSpec placeholder, string sourceName, string destinationName, Blocked blocked)
    {
        ArgumentNullException.ThrowIfNull(lp);
        if (lp.Record is { } existing)
        {
            return existing;
        }

        lp.Data.Source = sourceName;
        lp.Data.Destination = destinationName;
        await lp.SaveAsync(LightpathRecord.Requested(placeholder, lp.Now).Block(blocked, lp.Now));
        return lp.Record!;
    }

    /// <summary>Reserved or Provisioning → Active: interfaces, then the render plan. Resumable after a crash.</summary>
    public static async Task<LightpathRecord> ProvisionAsync(LightpathContext lp)
    {
        ArgumentNullException.ThrowIfNull(lp);
        var reserved = lp.Record!;
        var path = reserved.Path!;
        var nodes = lp.Topology;
        if (!nodes.TryGetTransponder(path.Nodes[0], out var srcTrx) || !nodes.TryGetTransponder(path.Nodes[^1], out var dstTrx))
        {
            return await BlockAndReleaseAsync(lp, new Blocked(BlockReason.Equipment, "no transponder is attached to an end ROADM"));
        }

        var allocated = await Task.WhenAll(lp.Interfaces.AllocateAsync(srcTrx, lp.Owner), lp.Interfaces.AllocateAsync(dstTrx, lp.Owner));
        var (si, di) = (allocated[0], allocated[1]);
        if (si is null || di is null)
        {
            return await BlockAndReleaseAsync(lp, new Blocked(BlockReason.Equipment, $"no free transponder interface at {(si is null ? srcTrx : dstTrx)}"));
        }

        lp.Data.SourceInterface = si;
        lp.Data.DestinationInterface = di;
        if (reserved.State == LightpathState.Reserved)
        {
            await lp.SaveAsync(reserved.Move(LightpathState.Provisioning, lp.Now, "rendering to devices"));
        }

        var result = await lp.Renderer.ProvisionAsync(lp.Intent(path)!, CancellationToken.None);
        if (result is Ports.RenderResult.Failed failed)
        {
            // The rollback undoes only the steps this run applied: a step found already in place (a provisioning resumed
            // after a crash) stays, and a rollback can fail. So the devices are cleared before anything is released; when
            // even that fails, the claims stay until a cleanup has cleared them.
            if (await lp.ClearDevicesAsync(path) is { } clearFailure)
            {
                lp.CleanupFailed($"render failed ({failed.Failure}) and the devices could not be cleared: {clearFailure}");
                await lp.SaveAsync(lp.Record!.Fail($"render failed: {failed.Failure}", lp.Now));
                return lp.Record!;
            }

            return await FailAndReleaseAsync(lp, $"render failed: {failed.Failure}");
        }

        await lp.SaveAsync(lp.Record!.Move(LightpathState.Active, lp.Now, "devices configured"));
        return lp.Record!;
    }

    // The decision is persisted before anything is released: a crash in between leaves a Failed lightpath whose
    // resources Reconcile releases, never a live-looking lightpath whose spectrum is already gone. A release that fails
    // (a fibre or node grain not answering) is owed like a device cleanup, so the back-off retries it: without that
    // the claims would stay until a fibre restart checked them with their owner.
    internal static async Task<LightpathRecord> FailAndReleaseAsync(LightpathContext lp, string reason)
    {
        await lp.SaveAsync(lp.Record!.Fail(reason, lp.Now));
        await ReleaseOrOweAsync(lp);
        return lp.Record!;
    }

    private static async Task<LightpathRecord> BlockAndReleaseAsync(LightpathContext lp, Blocked blocked)
    {
        await lp.SaveAsync(lp.Record!.Block(blocked, lp.Now));
        await ReleaseOrOweAsync(lp);
        return lp.Record!;
    }

    private static uint Milliseconds(TimeSpan time) => (uint)Math.Clamp(time.TotalMilliseconds, 0, uint.MaxValue);

    private static async Task ReleaseOrOweAsync(LightpathContext lp)
    {
        try
        {
            await lp.ReleaseAllAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            lp.CleanupFailed($"spectrum and interfaces not released yet ({e.GetType().Name}: {e.Message})");
            await lp.SaveAsync();
        }
    }
}

/// <summary>Resolves <see cref="PathConstraints.DiverseFrom"/>: the fibres of the named lightpaths of the same tenant.</summary>
internal static class DiversityFibers
{
    public static async Task<(IReadOnlyCollection<FiberId>? Fibers, Blocked? Blocked)> ResolveAsync(LightpathContext lp, LightpathSpec spec)
    {
        var named = spec.Request.Constraints.DiverseFrom;
        if (named.IsDefaultOrEmpty)
        {
            return (null, null);
        }

        var fibers = new HashSet<FiberId>();
        foreach (var id in named)
        {
            if (id == spec.Id)
            {
                return (null, new Blocked(BlockReason.InvalidRequest, $"diverseFrom: a lightpath cannot be diverse from itself ('{id}')"));
            }

            var path = await lp.Paths.FibersOfAsync(new LightpathKey(spec.Tenant, id));
            if (path is null)
            {
                return (null, new Blocked(BlockReason.InvalidRequest, $"diverseFrom: no live lightpath '{id}'"));
            }

            fibers.UnionWith(lp.Topology.BothWays(path));
        }

        return (fibers, null);
    }
}
