using System.Security.Cryptography;
using Continuum.Pce.Api.Auth;
using Continuum.Pce.Grains.Abstractions;
using Continuum.Pce.Grains.Lightpaths;

namespace Continuum.Pce.Api.Operations;

/// <summary>Bundles: N lightpaths between two endpoints whose latencies differ by at most a skew bound; all or none.</summary>
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

        // Members are created by this request only: a member id already taken in the tenant's own space is a conflict
        // (never another tenant's lightpath: ids live in their tenant's space), so the rollback deletes only what it made.
        var taken = await Task.WhenAll(Enumerable.Range(1, body.Count).Select(i => grains.Lightpath(tenant.Value!, $"{bundleId}-{i}").Get()));
        if (taken.FirstOrDefault(v => v.Exists) is { } clash)
        {
            return ApiError.Conflict($"lightpath '{clash.Id}' already exists: choose another idPrefix").With("field", "idPrefix");
        }
        var members = new List<LightpathView>();
        double? floor = null;
        for (var i = 1; i <= body.Count; i++)
        {
            var id = $"{bundleId}-{i}";
            var order = check.Value! with { Id = id };
            if (floor is { } first)
            {
                // Every further member must arrive within the skew of the first (the lowest-latency one on a latency-first search).
                var bound = first + body.MaxSkewUs;
                order = order with { MaxLatencyUs = order.MaxLatencyUs is { } m ? Math.Min(m, bound) : bound };
            }

            var view = await grains.Lightpath(order).Create(order);
            members.Add(view);
            if (view.State != "Active")
            {
                await Task.WhenAll(members.Where(m => m.State == "Active").Select(m => grains.Lightpath(m).Delete()));
                var reason = view.BlockReason ?? "Failed";
                return ApiError.Blocked(reason, $"member {i} of {body.Count} could not be set up within the skew bound ({view.History.LastOrDefault()?.Reason ?? view.FailureReason}); the bundle was rolled back")
                    .With("bundle", bundleId);
            }

            floor ??= view.LatencyUs;
        }

        var latencies = members.Select(m => m.LatencyUs ?? 0).ToList();
        var skew = latencies.Max() - latencies.Min();
        if (skew > body.MaxSkewUs + 1e-9)
        {
            await Task.WhenAll(members.Select(m => grains.Lightpath(m).Delete()));
            return ApiError.Blocked("Latency", $"the members' latencies differ by {skew:F1} µs, above the {body.MaxSkewUs} µs bound; the bundle was rolled back");
        }

        return Outcome<BundleDto>.Created(new BundleDto(bundleId, [.. members.Select(dtos.Lightpath)], skew));
    }
}
