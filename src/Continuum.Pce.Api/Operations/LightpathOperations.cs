using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Continuum.Pce.Api.Auth;
using Continuum.Pce.Api.Observability;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Grains.Abstractions;
using Continuum.Pce.Grains.Lightpaths;

namespace Continuum.Pce.Api.Operations;

/// <summary>
/// The lightpath resource: create (idempotent by key), read, history, list, delete, reroute. Ids live in the tenant's
/// own space: another tenant's lightpath is "not found".
/// </summary>
public sealed class LightpathOperations(IGrainFactory grains, LightpathDirectory directory, LightpathOrders orders, LightpathDtos dtos, PceMetrics metrics)
{
    public async Task<Outcome<LightpathDto>> CreateAsync(CreateLightpathDto body, Caller caller, string? idempotencyKey)
    {
        var tenant = Tenants.For(body.Tenant, caller);
        if (tenant.Error is { } tenantError)
        {
            return tenantError;
        }

        if (idempotencyKey is { Length: 0 or > 255 })
        {
            return ApiError.Invalid("Idempotency-Key", "must be 1 to 255 characters");
        }

        string id;
        if (body.Id is not null)
        {
            if (!Ids.IsValid(body.Id))
            {
                return ApiError.Invalid("id", Ids.Rule);
            }

            id = body.Id;
        }
        else
        {
            // The same key from the same tenant names the same lightpath: a retry finds the first attempt's grain.
            id = idempotencyKey is null
                ? "lp-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))
                : "lp-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(tenant.Value + "\n" + idempotencyKey)))[..16];
        }

        var order = orders.Check(id, tenant.Value!, body.Source, body.Destination, body.RateGbps, body.Constraints, body.Restoration, body.Protection);
        if (order.Error is { } invalid)
        {
            return invalid;
        }

        // Ids live in the tenant's own space: the grain is the tenant's, whatever other tenants named theirs.
        var grain = grains.Lightpath(tenant.Value!, id);
        var existing = await grain.Get();
        if (existing.Exists)
        {
            if (existing.Source != body.Source || existing.Destination != body.Destination || existing.BitRateGbps != body.RateGbps)
            {
                return ApiError.Conflict(idempotencyKey is null
                    ? $"lightpath '{id}' already exists with another request"
                    : "the Idempotency-Key was used before with a different request");
            }

            return dtos.Lightpath(existing);
        }

        var started = Stopwatch.GetTimestamp();
        using var activity = PceMetrics.ActivitySource.StartActivity("pce.lightpath.create");
        activity?.SetTag("pce.lightpath", id);
        var view = await grain.Create(order.Value!);
        var outcome = view.State switch
        {
            LightpathState.Active => "active",
            LightpathState.Failed when view.BlockReason is not null => "blocked",
            LightpathState.Failed => "failed",
            _ => view.State.ToString().ToLowerInvariant(),
        };
        metrics.Created(Stopwatch.GetElapsedTime(started).TotalMilliseconds, outcome, view.BlockReason);
        activity?.SetTag("pce.outcome", outcome);
        if (view.BlockReason is not null)
        {
            return ApiError.Blocked(view.BlockReason, view.History.IsDefaultOrEmpty ? view.BlockReason : view.History[^1].Reason ?? view.BlockReason)
                .With("lightpath", dtos.Lightpath(view));
        }

        if (view.State == LightpathState.Failed)
        {
            return new ApiError(502, "Device configuration failed", view.FailureReason ?? "the devices refused the configuration").With("lightpath", dtos.Lightpath(view));
        }

        return Outcome<LightpathDto>.Created(dtos.Lightpath(view), Location(id, tenant.Value!, caller));
    }

    public async Task<Outcome<LightpathDto>> GetAsync(string id, Caller caller, string? tenant = null)
    {
        var (view, refused) = await Visible(id, caller, tenant);
        if (refused is not null)
        {
            return refused;
        }

        return view is null ? ApiError.NotFound("lightpath", id) : dtos.Lightpath(view);
    }

    public async Task<Outcome<LightpathHistoryDto>> HistoryAsync(string id, Caller caller, string? tenant = null)
    {
        var (view, refused) = await Visible(id, caller, tenant);
        if (refused is not null)
        {
            return refused;
        }

        return view is null
            ? ApiError.NotFound("lightpath", id)
            : new LightpathHistoryDto(id, [.. view.History.Select(e => new LightpathEventDto(e.From.ToString(), e.To.ToString(), e.At, e.Reason))]) { Trimmed = view.HistoryTrimmed };
    }

    /// <summary>
    /// Deletes a lightpath. When a device refuses the cleanup the lightpath stays Deleting with the failure, keeps its
    /// spectrum and interfaces, and the cleanup is retried with back-off: the answer is 202 (accepted, not done), never
    /// "Deleted" while a device still carries the channel. <paramref name="force"/> releases anyway.
    /// </summary>
    public async Task<Outcome<LightpathDto>> DeleteAsync(string id, Caller caller, string? tenant = null, bool force = false)
    {
        var (view, refused) = await Visible(id, caller, tenant);
        if (refused is not null)
        {
            return refused;
        }

        if (view is null)
        {
            return ApiError.NotFound("lightpath", id);
        }

        using var activity = PceMetrics.ActivitySource.StartActivity("pce.lightpath.delete");
        activity?.SetTag("pce.lightpath", id);
        var grain = grains.Lightpath(view);
        var deleted = dtos.Lightpath(force ? await grain.ForceDelete() : await grain.Delete());
        return deleted.CleanupFailure is not null ? Outcome<LightpathDto>.Accepted(deleted) : deleted;
    }

    /// <summary>
    /// A manual protection switch of a 1+1 lightpath: both ends held on the working or the protection leg, or back to
    /// automatic. 422 (reason NotProtected, InvalidState, LegDown or Render) when the lightpath is not protected, not in
    /// service, the leg asked for is down, or a device refused.
    /// </summary>
    public async Task<Outcome<LightpathDto>> SwitchProtectionAsync(string id, ProtectionSwitchDto body, Caller caller, string? tenant = null)
    {
        var force = body.To switch
        {
            "working" => Domain.Lightpaths.ProtectionForce.Working,
            "protection" => Domain.Lightpaths.ProtectionForce.Protection,
            "auto" => Domain.Lightpaths.ProtectionForce.Auto,
            null => (Domain.Lightpaths.ProtectionForce?)null,
            _ => null,
        };
        if (force is null)
        {
            return ApiError.Invalid("to", body.To is null ? "required: working, protection or auto" : $"unknown leg '{body.To}' (expected working, protection or auto)");
        }

        var (view, refused) = await Visible(id, caller, tenant);
        if (refused is not null)
        {
            return refused;
        }

        if (view is null)
        {
            return ApiError.NotFound("lightpath", id);
        }

        using var activity = PceMetrics.ActivitySource.StartActivity("pce.lightpath.protection.switch");
        var switched = await grains.Lightpath(view).SwitchProtection(force.Value);
        if (switched.Outcome is { } refusal)
        {
            return ApiError.Blocked(refusal, switched.Detail ?? refusal).With("lightpath", dtos.Lightpath(switched.Lightpath));
        }

        return dtos.Lightpath(switched.Lightpath);
    }

    /// <summary>A 1+1 lightpath with its protection switches read from the devices now (not the last reading).</summary>
    public async Task<Outcome<LightpathDto>> ReadProtectionAsync(string id, Caller caller, string? tenant = null)
    {
        var (view, refused) = await Visible(id, caller, tenant);
        if (refused is not null)
        {
            return refused;
        }

        if (view is null)
        {
            return ApiError.NotFound("lightpath", id);
        }

        if (view.Protection is null)
        {
            return ApiError.Blocked("NotProtected", $"lightpath '{id}' is not 1+1 protected");
        }

        return dtos.Lightpath(await grains.Lightpath(view).ReadProtection());
    }

    public async Task<Outcome<LightpathDto>> RerouteAsync(string id, RerouteDto body, Caller caller, string? tenant = null)
    {
        var (view, refused) = await Visible(id, caller, tenant);
        if (refused is not null)
        {
            return refused;
        }

        if (view is null)
        {
            return ApiError.NotFound("lightpath", id);
        }

        if (view.State is not (LightpathState.Active or LightpathState.Degraded))
        {
            return ApiError.Conflict($"lightpath '{id}' is {view.State}; only Active or Degraded lightpaths can be rerouted");
        }

        LightpathOrder? constraints = null;
        if (body.Constraints is not null)
        {
            var order = orders.Check(id, view.Tenant, view.Source, view.Destination, view.BitRateGbps, body.Constraints);
            if (order.Error is { } invalid)
            {
                return invalid;
            }

            constraints = order.Value;
        }

        using var activity = PceMetrics.ActivitySource.StartActivity("pce.lightpath.reroute");
        var rerouted = await grains.Lightpath(view).Reroute(constraints);
        if (rerouted.Outcome is { } refusal)
        {
            return ApiError.Blocked(refusal, rerouted.Detail ?? refusal).With("lightpath", dtos.Lightpath(rerouted.Lightpath));
        }

        return dtos.Lightpath(rerouted.Lightpath);
    }

    public async Task<Outcome<LightpathPageDto>> ListAsync(Caller caller, string? tenant, string? state, string? cursor, int? limit)
    {
        if (!Paging.TryLimit(limit, out var size, out var badLimit))
        {
            return badLimit!;
        }

        LightpathState? filter = null;
        if (state is not null)
        {
            if (!Enum.TryParse<LightpathState>(state, ignoreCase: true, out var parsed) || int.TryParse(state, out _))
            {
                return ApiError.Invalid("state", $"unknown state '{state}' (expected one of {string.Join(", ", Enum.GetNames<LightpathState>())})");
            }

            filter = parsed;
        }

        string? after = null;
        if (cursor is not null && !TryDecodeCursor(cursor, out after))
        {
            return ApiError.Invalid("cursor", "not a cursor this server issued");
        }

        if (tenant is not null && !caller.SeesAllTenants && tenant != caller.Tenant)
        {
            return new LightpathPageDto([], null);
        }

        var page = await directory.ListAsync(caller.SeesAllTenants ? tenant : caller.Tenant, filter, after, size);
        return new LightpathPageDto([.. page.Items.Select(dtos.Lightpath)], page.NextCursor is null ? null : EncodeCursor(page.NextCursor));
    }

    public LightpathDto Lightpath(LightpathView v) => dtos.Lightpath(v);

    /// <summary>
    /// The caller's lightpath <paramref name="id"/>: looked up in the caller's tenant's id space (an admin may name
    /// another tenant), so another tenant's lightpath of the same id is never reached, nor its existence learnt.
    /// </summary>
    /// <summary>Where the caller reads a lightpath: its id, and the tenant when it is not the caller's own (an admin's order for another tenant).</summary>
    internal static string Location(string id, string tenant, Caller caller) =>
        $"/api/v1/lightpaths/{Uri.EscapeDataString(id)}" + (tenant == caller.Tenant ? "" : $"?tenant={Uri.EscapeDataString(tenant)}");

    private async Task<(LightpathView? View, ApiError? Refused)> Visible(string id, Caller caller, string? tenant)
    {
        var space = Tenants.For(tenant, caller);
        if (space.Error is { } refused)
        {
            return (null, refused);
        }

        if (!Ids.IsValid(id))
        {
            return (null, ApiError.NotFound("lightpath", id));
        }

        var view = await grains.Lightpath(space.Value!, id).Get();
        return view.Exists && caller.Sees(view.Tenant) ? (view, null) : (null, ApiError.NotFound("lightpath", id));
    }

    private static string EncodeCursor(string key) => Convert.ToBase64String(Encoding.UTF8.GetBytes("lp:" + key)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryDecodeCursor(string cursor, out string? key)
    {
        key = null;
        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(padded));
            if (!text.StartsWith("lp:", StringComparison.Ordinal))
            {
                return false;
            }

            key = text[3..];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

}
