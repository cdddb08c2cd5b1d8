using System.Security.Cryptography;
using Continuum.Pce.Api.Auth;
using Continuum.Pce.Application.Lightpaths.Service;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Grains.Abstractions;
using Continuum.Pce.Grains.Lightpaths;

namespace Continuum.Pce.Api.Operations;

/// <summary>Bundles: N lightpaths between two endpoints whose latencies differ by at most a skew bound; all or none.</summary>
/// <remarks>The use case is the application's (<see cref="CreateBundle"/>); this checks the request and runs it over the grains.</remarks>
public sealed class BundleOperations(IGrainFactory grains, LightpathOrders orders, LightpathDtos dtos)
{
    public async Task<Outcome<BundleDto>> CreateBundleAsync(CreateBundleDto body, Caller caller)
    {
        if (body.Count is < 1 or > 64)
        {
            return ApiError.Invalid("count", $"must be between 1 and 64, got {body.Count}");
        }

        if (!(body.MaxSkewUs >= 0) || double.IsInfinity(body.MaxSkewUs))
        {
            return ApiError.Invalid("maxSkewUs", "must be a finite number ≥ 0");
        }

        if (body.IdPrefix is not null && !Ids.IsValid(body.IdPrefix + "-64"))
        {
            return ApiError.Invalid("idPrefix", "must be letters, digits, '.', '_', ':' or '-' (at most 60)");
        }

        var tenant = Tenants.For(body.Tenant, caller);
        if (tenant.Error is { } tenantError)
        {
            return tenantError;
        }

        var check = orders.Check("bundle", tenant.Value!, body.Source, body.Destination, body.RateGbps, body.Constraints);
        if (check.Error is { } invalid)
        {
            return invalid;
        }

        var bundleId = body.IdPrefix ?? "bundle-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var members = new GrainBundleMembers(grains, check.Value!);
        var outcome = await CreateBundle.ExecuteAsync(new CreateBundleRequest(bundleId, body.Count, body.MaxSkewUs, check.Value!.Request.Constraints.MaxLatencyUs), members);
        return outcome switch
        {
            CreateBundleOutcome.Created created => Outcome<BundleDto>.Created(
                new BundleDto(bundleId, [.. created.Members.Select(id => dtos.Lightpath(members.Views[id]))], created.SkewUs),
                $"/api/v1/bundles/{Uri.EscapeDataString(bundleId)}" + (tenant.Value == caller.Tenant ? "" : $"?tenant={Uri.EscapeDataString(tenant.Value!)}")),
            CreateBundleOutcome.IdTaken taken => ApiError.Conflict($"lightpath '{taken.Id}' already exists: choose another idPrefix").With("field", "idPrefix"),
            CreateBundleOutcome.MemberRefused refused => ApiError.Blocked(refused.Reason,
                    $"member {refused.Index} of {body.Count} could not be set up within the skew bound ({refused.Detail}); the bundle was rolled back")
                .With("bundle", bundleId),
            CreateBundleOutcome.SkewExceeded skew => ApiError.Blocked("Latency",
                $"the members' latencies differ by {skew.SkewUs:F1} µs, above the {body.MaxSkewUs} µs bound; the bundle was rolled back"),
            _ => throw new InvalidOperationException($"unknown bundle outcome {outcome}"),
        };
    }

    /// <summary>
    /// A bundle as its members read now: the lightpaths <c>{id}-1</c>, <c>{id}-2</c>, ... of the caller's tenant (admins: of
    /// <paramref name="tenant"/>) up to the first missing one; the skew is between the members' latencies now.
    /// </summary>
    public async Task<Outcome<BundleDto>> GetBundleAsync(string id, Caller caller, string? tenant)
    {
        var space = Tenants.For(tenant, caller);
        if (space.Error is { } refused)
        {
            return refused;
        }

        var members = new List<LightpathDto>();
        for (var index = 1; index <= 64 && Ids.IsValid($"{id}-{index}"); index++)
        {
            var view = await grains.Lightpath(space.Value!, $"{id}-{index}").Get();
            if (!view.Exists || !caller.Sees(view.Tenant))
            {
                break;
            }

            members.Add(dtos.Lightpath(view));
        }

        if (members.Count == 0)
        {
            return ApiError.NotFound("bundle", id);
        }

        var latencies = members.Where(m => m.LatencyUs is not null).Select(m => m.LatencyUs!.Value).ToList();
        return new BundleDto(id, members, latencies.Count == 0 ? 0 : latencies.Max() - latencies.Min());
    }

    /// <summary>The bundle's members as lightpath grains of the order's tenant; keeps the view of each member it created.</summary>
    private sealed class GrainBundleMembers(IGrainFactory grains, LightpathOrder order) : IBundleMembers
    {
        public Dictionary<LightpathId, LightpathView> Views { get; } = [];

        public async Task<bool> ExistsAsync(LightpathId id) => (await grains.Lightpath(order.Tenant.Value, id.Value).Get()).Exists;

        public async Task<BundleMemberResult> CreateAsync(LightpathId id, double? maxLatencyUs)
        {
            var member = order with
            {
                Id = id,
                Request = order.Request with { Constraints = order.Request.Constraints with { MaxLatencyUs = maxLatencyUs } },
            };
            var view = await grains.Lightpath(member).Create(member);
            Views[id] = view;
            return new BundleMemberResult(id, view.State == LightpathState.Active, view.LatencyUs, view.BlockReason, view.History.LastOrDefault()?.Reason ?? view.FailureReason);
        }

        public async Task DeleteAsync(LightpathId id) =>
            await (Views.TryGetValue(id, out var view) ? grains.Lightpath(view) : grains.Lightpath(order.Tenant.Value, id.Value)).Delete();
    }
}
