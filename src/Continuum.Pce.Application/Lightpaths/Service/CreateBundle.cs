using Continuum.Pce.Domain.Identity;

namespace Continuum.Pce.Application.Lightpaths.Service;

/// <summary>
/// A bundle order, checked already: <paramref name="Count"/> members named <c>{BundleId}-1</c> … <c>{BundleId}-{Count}</c>
/// in one tenant's id space, whose latencies may differ by at most <paramref name="MaxSkewUs"/>;
/// <paramref name="MaxLatencyUs"/> is the order's own latency bound, if any.
/// </summary>
public sealed record CreateBundleRequest(string BundleId, int Count, double MaxSkewUs, double? MaxLatencyUs = null)
{
    public LightpathId MemberId(int index) => new($"{BundleId}-{index}");
}

/// <summary>What became of one member's create: Active with its latency, or not (blocked or failed, with why).</summary>
public sealed record BundleMemberResult(LightpathId Id, bool IsActive, double? LatencyUs, string? BlockReason = null, string? Detail = null);

/// <summary>
/// The lightpaths a bundle is made of, in one tenant's id space: whether an id is taken, create one member from the
/// bundle's order with a latency bound, delete one. The northbound implements it over the lightpath grains.
/// </summary>
public interface IBundleMembers
{
    Task<bool> ExistsAsync(LightpathId id);

    /// <summary>Creates the member <paramref name="id"/> from the bundle's order, its latency bounded by <paramref name="maxLatencyUs"/> (null: the order's).</summary>
    Task<BundleMemberResult> CreateAsync(LightpathId id, double? maxLatencyUs);

    Task DeleteAsync(LightpathId id);
}

/// <summary>The outcome of a bundle: created, or refused (nothing left behind in either refusal).</summary>
public abstract record CreateBundleOutcome
{
    private CreateBundleOutcome()
    {
    }

    /// <summary>Every member Active, within the skew bound.</summary>
    public sealed record Created(IReadOnlyList<LightpathId> Members, double SkewUs) : CreateBundleOutcome;

    /// <summary>A member id was taken already in the tenant's space: nothing was created.</summary>
    public sealed record IdTaken(LightpathId Id) : CreateBundleOutcome;

    /// <summary>Member <paramref name="Index"/> (1-based) could not be set up; the members made before it were deleted.</summary>
    public sealed record MemberRefused(int Index, string Reason, string? Detail) : CreateBundleOutcome;

    /// <summary>Every member came up but their latencies differ by more than the bound; all were deleted.</summary>
    public sealed record SkewExceeded(double SkewUs) : CreateBundleOutcome;
}

/// <summary>
/// Bundle: N lightpaths between the same endpoints whose latencies differ by at most a skew bound, all or none.
/// Members are created one by one; every member after the first is bounded by the first's latency plus the skew (the
/// first is the lowest-latency one on a latency-first search). When a member cannot be set up the members made so
/// far are deleted; when the final skew still exceeds the bound (the first was not the fastest) all are deleted. A
/// member id already taken in the tenant's space is refused before anything is created, so a rollback deletes only
/// what this bundle made.
/// </summary>
public static class CreateBundle
{
    /// <summary>Latency differences within this of the bound are equal (floating-point noise).</summary>
    private const double SkewToleranceUs = 1e-9;

    public static async Task<CreateBundleOutcome> ExecuteAsync(CreateBundleRequest request, IBundleMembers members)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(members);
        var ids = Enumerable.Range(1, request.Count).Select(request.MemberId).ToList();
        var taken = await Task.WhenAll(ids.Select(members.ExistsAsync));
        for (var i = 0; i < ids.Count; i++)
        {
            if (taken[i])
            {
                return new CreateBundleOutcome.IdTaken(ids[i]);
            }
        }

        var made = new List<BundleMemberResult>();
        double? floor = null;
        for (var i = 0; i < ids.Count; i++)
        {
            double? bound = request.MaxLatencyUs;
            if (floor is { } first)
            {
                var skewBound = first + request.MaxSkewUs;
                bound = bound is { } m ? Math.Min(m, skewBound) : skewBound;
            }

            var member = await members.CreateAsync(ids[i], bound);
            if (!member.IsActive)
            {
                await Task.WhenAll(made.Where(m => m.IsActive).Select(m => members.DeleteAsync(m.Id)));
                return new CreateBundleOutcome.MemberRefused(i + 1, member.BlockReason ?? "Failed", member.Detail);
            }

            made.Add(member);
            floor ??= member.LatencyUs;
        }

        var latencies = made.Select(m => m.LatencyUs ?? 0).ToList();
        var skew = latencies.Max() - latencies.Min();
        if (skew > request.MaxSkewUs + SkewToleranceUs)
        {
            await Task.WhenAll(made.Select(m => members.DeleteAsync(m.Id)));
            return new CreateBundleOutcome.SkewExceeded(skew);
        }

        return new CreateBundleOutcome.Created([.. made.Select(m => m.Id)], skew);
    }
}
