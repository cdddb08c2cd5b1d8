using System.Diagnostics;
using Continuum.Pce.Api.Auth;
using Continuum.Pce.Api.Observability;
using Continuum.Pce.Domain.Requests;
using Continuum.Pce.Grains.Abstractions;

namespace Continuum.Pce.Api.Operations;

/// <summary>Path computation: candidates (and a protected pair) for an order; nothing is reserved.</summary>
public sealed class PathOperations(IGrainFactory grains, LightpathOrders orders, LightpathDtos dtos, PceMetrics metrics)
{
    public const int DefaultCandidates = 5;
    public const int MaxCandidatesLimit = 16;

    public async Task<Outcome<PathComputationDto>> ComputeAsync(PathRequestDto request, Caller caller)
    {
        var max = request.MaxCandidates ?? DefaultCandidates;
        if (max is < 1 or > MaxCandidatesLimit)
        {
            return ApiError.Invalid("maxCandidates", $"must be between 1 and {MaxCandidatesLimit}, got {max}");
        }

        var order = orders.Check("compute", caller.Tenant, request.Source, request.Destination, request.RateGbps, request.Constraints);
        if (order.Error is { } invalid)
        {
            return invalid;
        }

        var started = Stopwatch.GetTimestamp();
        using var activity = PceMetrics.ActivitySource.StartActivity("pce.compute");
        var grain = grains.GetGrain<IPathComputationGrain>(0);
        var result = await grain.Compute(order.Value!, max);
        metrics.PathComputed(Stopwatch.GetElapsedTime(started).TotalMilliseconds, result.IsFound);
        if (!result.IsFound)
        {
            return ApiError.Blocked(result.BlockReason ?? "NoPath", result.BlockDetail ?? "no candidate");
        }

        IReadOnlyList<CandidateDto>? pair = null;
        if (request.Protect)
        {
            var protectedResult = await grain.Compute(order.Value! with { Request = order.Value!.Request with { Protection = Protection.OnePlusOne } }, 2);
            if (!protectedResult.IsFound || protectedResult.Candidates.Length < 2)
            {
                return ApiError.Blocked(protectedResult.BlockReason ?? "Diversity", protectedResult.BlockDetail ?? "no disjoint working/protection pair");
            }

            pair = [.. protectedResult.Candidates.Select(dtos.Candidate)];
        }

        return new PathComputationDto([.. result.Candidates.Select(dtos.Candidate)], pair);
    }
}
