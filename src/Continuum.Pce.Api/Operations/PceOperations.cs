using System.Collections.Immutable;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Continuum.Pce.Api.Auth;
using Continuum.Pce.Api.Hosting;
using Continuum.Pce.Api.Observability;
using Continuum.Pce.Application.Planning;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Geography;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.Grains.Abstractions;
using Continuum.Pce.Grains.Lightpaths;
using Continuum.Pce.Topology.IO;
using Continuum.Pce.Topology.IO.Analysis;
using Continuum.Pce.Topology.IO.Validation;

namespace Continuum.Pce.Api.Operations;

/// <summary>
/// The northbound operations, shared by REST and gRPC: input checked field by field (every bad input is a 4xx naming
/// the field), tenants enforced (another tenant's lightpath is "not found"), then handed to the grains.
/// </summary>
public sealed partial class PceOperations(
    IGrainFactory grains,
    INetworkCatalog catalog,
    LightpathServices lightpaths,
    LightpathDirectory directory,
    PceMetrics metrics,
    ApiKeyStore keys,
    DevicePlane devices,
    ILogger<PceOperations> logger)
{
    public const int DefaultCandidates = 5;
    public const int MaxCandidatesLimit = 16;
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;
    private static readonly string[] Objectives = ["latency", "distance", "hops", "spectrum", "energy", "cost"];

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, double?> _power = new(StringComparer.Ordinal);

    private NetworkSnapshot? Snapshot => catalog.Current;

    // ---- topology ----

    public async Task<Outcome<TopologyDocumentDto>> GetTopologyAsync()
    {
        var documents = await grains.GetGrain<ITopologyGrain>("default").GetDocuments();
        return documents is not { } d
            ? ApiError.NotFound("topology", "default")
            : new TopologyDocumentDto(d.Version, JsonNode.Parse(d.Network), JsonNode.Parse(d.Equipment));
    }

    public async Task<ValidationReportDto> ValidateTopologyAsync(string networkJson, string? equipmentJson)
    {
        var (report, _, _) = await ValidateAsync(networkJson, equipmentJson);
        return report;
    }

    public async Task<Outcome<TopologySummaryDto>> LoadTopologyAsync(string networkJson, string? equipmentJson)
    {
        var (report, network, equipment) = await ValidateAsync(networkJson, equipmentJson);
        if (!report.Valid)
        {
            return ApiError.Unprocessable("Topology rejected", $"the network document has {report.Errors.Count} error(s)").With("errors", report.Errors);
        }

        // A replacement may not pull a fibre or node from under a live lightpath.
        var stranded = new List<string>();
        await foreach (var lp in directory.AllAsync())
        {
            if (lp.State is not ("Deleted" or "Failed") && !lp.Fibers.IsDefaultOrEmpty &&
                (lp.Fibers.Any(f => !network!.TryGetFiber(new FiberId(f), out _)) || lp.Nodes.Any(n => !network!.TryGetNode(new NodeId(n), out _))))
            {
                stranded.Add(lp.Id);
            }
        }

        if (stranded.Count > 0)
        {
            return ApiError.Conflict($"{stranded.Count} live lightpath(s) use fibres or nodes the new topology removes; delete or reroute them first")
                .With("lightpaths", stranded.Take(100).ToArray());
        }

        var summary = await grains.GetGrain<ITopologyGrain>("default").Load(networkJson, equipment!);
        if (catalog.Current is { } published && published.Version == summary.Version)
        {
            await devices.FollowAsync(published, grains, logger);
        }

        return new TopologySummaryDto(summary.Name, summary.Version, summary.Sites, summary.Nodes, summary.Fibers);
    }

    private async Task<(ValidationReportDto Report, OpticalNetwork? Network, string? EquipmentJson)> ValidateAsync(string networkJson, string? equipmentJson)
    {
        equipmentJson ??= (await grains.GetGrain<ITopologyGrain>("default").GetDocuments())?.Equipment;
        if (equipmentJson is null)
        {
            return (new ValidationReportDto(false, [new ValidationIssueDto("$", "missing-equipment", "no equipment library: send one with the network")], []), null, null);
        }

        var library = TopologyReader.ReadEquipment(equipmentJson, "equipment");
        if (!library.IsSuccess)
        {
            return (Report(library.Issues, []), null, null);
        }

        var result = TopologyReader.ReadNetwork(networkJson, library.Value!);
        var warnings = result.Value is { } loaded ? TopologyAnalysis.Warnings(loaded.Network) : [];
        return (Report(result.Issues, warnings), result.IsSuccess ? result.Value!.Network : null, equipmentJson);
    }

    private static ValidationReportDto Report(IEnumerable<TopologyIssue> issues, IEnumerable<TopologyIssue> extraWarnings)
    {
        var all = issues.Concat(extraWarnings).ToList();
        var errors = all.Where(i => i.IsError).Select(Issue).ToList();
        var warnings = all.Where(i => !i.IsError).Select(Issue).ToList();
        return new ValidationReportDto(errors.Count == 0, errors, warnings);

        static ValidationIssueDto Issue(TopologyIssue i) => new(i.Source is null or "network" ? i.Path : $"{i.Source}:{i.Path}", i.Code, i.Message);
    }

    // ---- inventory ----

    public Outcome<IReadOnlyList<SiteDto>> ListSites()
    {
        if (Snapshot is not { } s)
        {
            return NoTopology();
        }

        return s.Network.Sites.Select(site => SiteDto(s.Network, site)).ToList();
    }

    public Outcome<SiteDto> GetSite(string id) =>
        Snapshot is not { } s ? NoTopology()
        : s.Network.TryGetSite(new SiteId(id), out var site) ? SiteDto(s.Network, site)
        : ApiError.NotFound("site", id);

    public async Task<Outcome<IReadOnlyList<NodeDto>>> ListNodesAsync(string? kind)
    {
        if (Snapshot is not { } s)
        {
            return NoTopology();
        }

        if (kind is not null && kind is not ("roadm" or "transponder" or "amplifier"))
        {
            return ApiError.Invalid("kind", $"unknown node kind '{kind}' (expected roadm, transponder or amplifier)");
        }

        var nodes = s.Network.Nodes.Where(n => kind is null || KindOf(n) == kind).ToList();
        var statuses = await Task.WhenAll(nodes.Select(n => grains.GetGrain<IOpticalNodeGrain>(n.Id.Value).GetStatus()));
        return nodes.Select((n, i) => NodeDto(s.Network, n, statuses[i])).ToList();
    }

    public async Task<Outcome<NodeDto>> GetNodeAsync(string id)
    {
        if (Snapshot is not { } s)
        {
            return NoTopology();
        }

        if (!s.Network.TryGetNode(new NodeId(id), out var node))
        {
            return ApiError.NotFound("node", id);
        }

        return NodeDto(s.Network, node, await grains.GetGrain<IOpticalNodeGrain>(id).GetStatus());
    }

    public async Task<Outcome<IReadOnlyList<FiberDto>>> ListFibersAsync()
    {
        if (Snapshot is not { } s)
        {
            return NoTopology();
        }

        var spectra = await Task.WhenAll(s.Network.Fibers.Select(f => grains.GetGrain<IFiberGrain>(f.Id.Value).GetSpectrum()));
        return s.Network.Fibers.Select((f, i) => FiberDto(f, spectra[i], s.Network.Grid)).ToList();
    }

    public async Task<Outcome<FiberDto>> GetFiberAsync(string id)
    {
        if (Snapshot is not { } s)
        {
            return NoTopology();
        }

        if (!s.Network.TryGetFiber(new FiberId(id), out var fiber))
        {
            return ApiError.NotFound("fibre", id);
        }

        return FiberDto(fiber, await grains.GetGrain<IFiberGrain>(id).GetSpectrum(), s.Network.Grid);
    }

    /// <summary>
    /// A fibre's claims as <paramref name="caller"/> may see them: its own tenant's with their plain ids, every other
    /// tenant's as occupied slots with neither id nor tenant; admins see every claim with its tenant.
    /// </summary>
    public async Task<Outcome<SpectrumDto>> GetSpectrumAsync(string id, Caller caller)
    {
        if (Snapshot is not { } s)
        {
            return NoTopology();
        }

        if (!s.Network.TryGetFiber(new FiberId(id), out _))
        {
            return ApiError.NotFound("fibre", id);
        }

        var view = await grains.GetGrain<IFiberGrain>(id).GetSpectrum();
        var grid = s.Network.Grid;
        var slotCount = view.SlotCount == 0 ? grid.SlotCount : view.SlotCount;
        return new SpectrumDto(id, slotCount, grid.SlotWidthMhz / 1000.0, (grid.Start.Mhz + (grid.SlotWidthMhz / 2.0)) / 1e6, view.IsUp,
            view.OccupiedSlots, slotCount == 0 ? 0 : (double)view.OccupiedSlots / slotCount,
            [.. view.Claims.OrderBy(c => c.SlotStart).Select(c => Claim(c, caller, grid))]);
    }

    private static SpectrumClaimDto Claim(SpectrumClaimView claim, Caller caller, SpectrumGrid grid)
    {
        // Claims are owned by lightpath keys ("tenant/id"); an owner without a tenant was written before ids were per
        // tenant, and only an admin may see it, as any tenant's.
        var (tenant, lightpath) = LightpathKey.TryParse(claim.Lightpath, out var key) ? (key.Tenant.Value, key.Id.Value) : ((string?)null, claim.Lightpath);
        var visible = caller.SeesAllTenants || (tenant is not null && tenant == caller.Tenant);
        return new SpectrumClaimDto(visible ? lightpath : null, claim.SlotStart, claim.SlotCount, claim.Status, CentreThz(grid, claim.SlotStart, claim.SlotCount))
        {
            Tenant = visible ? tenant : null,
        };
    }

    // ---- paths ----

    public async Task<Outcome<PathComputationDto>> ComputeAsync(PathRequestDto request, Caller caller)
    {
        var max = request.MaxCandidates ?? DefaultCandidates;
        if (max is < 1 or > MaxCandidatesLimit)
        {
            return ApiError.Invalid("maxCandidates", $"must be between 1 and {MaxCandidatesLimit}, got {max}");
        }

        var order = CheckOrder("compute", caller.Tenant, request.Source, request.Destination, request.RateGbps, request.Constraints);
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
            return Blocked(result.BlockReason ?? "NoPath", result.BlockDetail ?? "no candidate");
        }

        IReadOnlyList<CandidateDto>? pair = null;
        if (request.Protect)
        {
            var protectedResult = await grain.Compute(order.Value! with { Protect = true }, 2);
            if (!protectedResult.IsFound || protectedResult.Candidates.Length < 2)
            {
                return Blocked(protectedResult.BlockReason ?? "Diversity", protectedResult.BlockDetail ?? "no disjoint working/protection pair");
            }

            pair = [.. protectedResult.Candidates.Select(Candidate)];
        }

        return new PathComputationDto([.. result.Candidates.Select(Candidate)], pair);
    }

    // ---- lightpaths ----

    public async Task<Outcome<LightpathDto>> CreateAsync(CreateLightpathDto body, Caller caller, string? idempotencyKey)
    {
        var tenant = TenantFor(body.Tenant, caller);
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
            if (!IdPattern().IsMatch(body.Id))
            {
                return ApiError.Invalid("id", "must be 1 to 64 letters, digits, '.', '_', ':' or '-'");
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

        var order = CheckOrder(id, tenant.Value!, body.Source, body.Destination, body.RateGbps, body.Constraints);
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

            return Lightpath(existing);
        }

        var started = Stopwatch.GetTimestamp();
        using var activity = PceMetrics.ActivitySource.StartActivity("pce.lightpath.create");
        activity?.SetTag("pce.lightpath", id);
        var view = await grain.Create(order.Value!);
        var outcome = view.State switch
        {
            "Active" => "active",
            "Failed" when view.BlockReason is not null => "blocked",
            "Failed" => "failed",
            _ => view.State.ToLowerInvariant(),
        };
        metrics.Created(Stopwatch.GetElapsedTime(started).TotalMilliseconds, outcome, view.BlockReason);
        activity?.SetTag("pce.outcome", outcome);
        if (view.BlockReason is not null)
        {
            return Blocked(view.BlockReason, view.History.IsDefaultOrEmpty ? view.BlockReason : view.History[^1].Reason ?? view.BlockReason)
                .With("lightpath", Lightpath(view));
        }

        if (view.State == "Failed")
        {
            return new ApiError(502, "Device configuration failed", view.FailureReason ?? "the devices refused the configuration").With("lightpath", Lightpath(view));
        }

        return Outcome<LightpathDto>.Created(Lightpath(view));
    }

    public async Task<Outcome<LightpathDto>> GetAsync(string id, Caller caller, string? tenant = null)
    {
        var (view, refused) = await Visible(id, caller, tenant);
        if (refused is not null)
        {
            return refused;
        }

        return view is null ? ApiError.NotFound("lightpath", id) : Lightpath(view);
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
            : new LightpathHistoryDto(id, [.. view.History.Select(e => new LightpathEventDto(e.From, e.To, e.At, e.Reason))]);
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
        var deleted = Lightpath(force ? await grain.ForceDelete() : await grain.Delete());
        return deleted.CleanupFailure is not null ? Outcome<LightpathDto>.Accepted(deleted) : deleted;
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

        if (view.State is not ("Active" or "Degraded"))
        {
            return ApiError.Conflict($"lightpath '{id}' is {view.State}; only Active or Degraded lightpaths can be rerouted");
        }

        LightpathOrder? constraints = null;
        if (body.Constraints is not null)
        {
            var order = CheckOrder(id, view.Tenant, view.Source, view.Destination, view.BitRateGbps, body.Constraints);
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
            return Blocked(refusal, rerouted.Detail ?? refusal).With("lightpath", Lightpath(rerouted.Lightpath));
        }

        return Lightpath(rerouted.Lightpath);
    }

    public async Task<Outcome<LightpathPageDto>> ListAsync(Caller caller, string? tenant, string? state, string? cursor, int? limit)
    {
        var size = limit ?? DefaultPageSize;
        if (size is < 1 or > MaxPageSize)
        {
            return ApiError.Invalid("limit", $"must be between 1 and {MaxPageSize}, got {size}");
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
        return new LightpathPageDto([.. page.Items.Select(Lightpath)], page.NextCursor is null ? null : EncodeCursor(page.NextCursor));
    }

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

        if (body.IdPrefix is not null && !IdPattern().IsMatch(body.IdPrefix + "-64"))
        {
            return ApiError.Invalid("idPrefix", "must be letters, digits, '.', '_', ':' or '-' (at most 60)");
        }

        var tenant = TenantFor(body.Tenant, caller);
        if (tenant.Error is { } tenantError)
        {
            return tenantError;
        }

        var check = CheckOrder("bundle", tenant.Value!, body.Source, body.Destination, body.RateGbps, body.Constraints);
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
                return Blocked(reason, $"member {i} of {body.Count} could not be set up within the skew bound ({view.History.LastOrDefault()?.Reason ?? view.FailureReason}); the bundle was rolled back")
                    .With("bundle", bundleId);
            }

            floor ??= view.LatencyUs;
        }

        var latencies = members.Select(m => m.LatencyUs ?? 0).ToList();
        var skew = latencies.Max() - latencies.Min();
        if (skew > body.MaxSkewUs + 1e-9)
        {
            await Task.WhenAll(members.Select(m => grains.Lightpath(m).Delete()));
            return Blocked("Latency", $"the members' latencies differ by {skew:F1} µs, above the {body.MaxSkewUs} µs bound; the bundle was rolled back");
        }

        return Outcome<BundleDto>.Created(new BundleDto(bundleId, [.. members.Select(Lightpath)], skew));
    }

    // ---- keys (alarms: Alarms/AlarmOperations) ----

    public async Task<Outcome<ApiKeyDto>> IssueKeyAsync(CreateApiKeyDto body)
    {
        if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > 100)
        {
            return ApiError.Invalid("name", "required, at most 100 characters");
        }

        if (body.Role is null || !Roles.IsKnown(body.Role))
        {
            return ApiError.Invalid("role", $"unknown role '{body.Role}' (expected viewer, operator or admin)");
        }

        var tenant = body.Tenant ?? "default";
        if (!IdPattern().IsMatch(tenant))
        {
            return ApiError.Invalid("tenant", "must be 1 to 64 letters, digits, '.', '_', ':' or '-'");
        }

        var issued = await keys.IssueAsync(body.Name, body.Role, tenant);
        return Outcome<ApiKeyDto>.Created(new ApiKeyDto(issued.Record.Id, issued.Record.Name, issued.Record.Role, issued.Record.Tenant, issued.Record.CreatedAt, issued.Key));
    }

    public async Task<IReadOnlyList<ApiKeyDto>> ListKeysAsync() =>
        [.. (await keys.ListAsync()).Select(r => new ApiKeyDto(r.Id, r.Name, r.Role, r.Tenant, r.CreatedAt, null))];

    public async Task<Outcome<bool>> RevokeKeyAsync(string id) =>
        await keys.RevokeAsync(id) ? true : ApiError.NotFound("API key", id);

    // ---- mapping and checks ----

    /// <summary>Checks a request field by field and builds the grain order.</summary>
    public Outcome<LightpathOrder> CheckOrder(string id, string tenant, string? source, string? destination, int rateGbps, ConstraintsDto? c)
    {
        if (Snapshot is null)
        {
            return NoTopology();
        }

        var topology = lightpaths.Topology;
        if (string.IsNullOrWhiteSpace(source))
        {
            return ApiError.Invalid("source", "required: a site, ROADM or transponder id");
        }

        if (string.IsNullOrWhiteSpace(destination))
        {
            return ApiError.Invalid("destination", "required: a site, ROADM or transponder id");
        }

        if (!topology.TryResolveRoadm(source, out var a))
        {
            return ApiError.Invalid("source", $"unknown node or site '{source}'");
        }

        if (!topology.TryResolveRoadm(destination, out var b))
        {
            return ApiError.Invalid("destination", $"unknown node or site '{destination}'");
        }

        if (a == b)
        {
            return ApiError.Invalid("destination", "must differ from the source");
        }

        if (rateGbps <= 0)
        {
            return ApiError.Invalid("rateGbps", $"must be a positive bit rate in Gb/s, got {rateGbps}");
        }

        c ??= new ConstraintsDto();
        if (c.MaxLatencyUs is { } latency && !(latency > 0 && double.IsFinite(latency)))
        {
            return ApiError.Invalid("constraints.maxLatencyUs", $"must be a positive number of microseconds, got {latency}");
        }

        if (c.MinOsnrMarginDb is { } margin && !double.IsFinite(margin))
        {
            return ApiError.Invalid("constraints.minOsnrMarginDb", "must be a finite number of dB");
        }

        var objective = c.Objective ?? "latency";
        if (!Objectives.Contains(objective))
        {
            return ApiError.Invalid("constraints.objective", $"unknown objective '{objective}' (expected {string.Join(", ", Objectives)})");
        }

        var network = Snapshot.Network;
        var jurisdictionError = CheckJurisdictions("constraints.allowedJurisdictions", c.AllowedJurisdictions) ?? CheckJurisdictions("constraints.forbiddenJurisdictions", c.ForbiddenJurisdictions);
        if (jurisdictionError is not null)
        {
            return jurisdictionError;
        }

        var idError = CheckIds("constraints.includeNodes", c.IncludeNodes, n => network.TryGetNode(new NodeId(n), out _), "node")
            ?? CheckIds("constraints.excludeNodes", c.ExcludeNodes, n => network.TryGetNode(new NodeId(n), out _), "node")
            ?? CheckIds("constraints.excludeFibers", c.ExcludeFibers, f => network.TryGetFiber(new FiberId(f), out _), "fibre")
            ?? CheckIds("constraints.excludeSites", c.ExcludeSites, s => network.TryGetSite(new SiteId(s), out _), "site")
            ?? CheckIds("constraints.excludeSrlgs", c.ExcludeSrlgs, s => network.Fibers.Any(f => f.Srlgs.Any(x => x.Value == s)), "SRLG")
            ?? CheckIds("constraints.diverseFrom", c.DiverseFrom, IdPattern().IsMatch, "lightpath");
        if (idError is not null)
        {
            return idError;
        }

        return new LightpathOrder(id, tenant, source, destination, rateGbps)
        {
            MaxLatencyUs = c.MaxLatencyUs,
            AllowedJurisdictions = [.. c.AllowedJurisdictions ?? []],
            ForbiddenJurisdictions = [.. c.ForbiddenJurisdictions ?? []],
            IncludeNodes = [.. c.IncludeNodes ?? []],
            ExcludeNodes = [.. c.ExcludeNodes ?? []],
            ExcludeFibers = [.. c.ExcludeFibers ?? []],
            ExcludeSrlgs = [.. c.ExcludeSrlgs ?? []],
            ExcludeSites = [.. c.ExcludeSites ?? []],
            DiverseFrom = [.. c.DiverseFrom ?? []],
            MinOsnrMarginDb = c.MinOsnrMarginDb,
            Objective = objective,
        };
    }

    private static ApiError? CheckJurisdictions(string field, List<string>? codes)
    {
        for (var i = 0; codes is not null && i < codes.Count; i++)
        {
            if (!Jurisdiction.TryParse(codes[i], out _, out var error))
            {
                return ApiError.Invalid($"{field}[{i}]", $"'{codes[i]}' is not an ISO 3166 code: {error}");
            }
        }

        return null;
    }

    private static ApiError? CheckIds(string field, List<string>? ids, Func<string, bool> exists, string what)
    {
        for (var i = 0; ids is not null && i < ids.Count; i++)
        {
            if (string.IsNullOrEmpty(ids[i]) || !exists(ids[i]))
            {
                return ApiError.Invalid($"{field}[{i}]", $"unknown {what} '{ids[i]}'");
            }
        }

        return null;
    }

    private static Outcome<string> TenantFor(string? requested, Caller caller)
    {
        if (requested is null || requested == caller.Tenant)
        {
            return caller.Tenant;
        }

        if (!caller.SeesAllTenants)
        {
            return new ApiError(403, "Forbidden", "only admin keys may act for another tenant", "tenant");
        }

        return IdPattern().IsMatch(requested) ? requested : ApiError.Invalid("tenant", "must be 1 to 64 letters, digits, '.', '_', ':' or '-'");
    }

    /// <summary>
    /// The caller's lightpath <paramref name="id"/>: looked up in the caller's tenant's id space (an admin may name
    /// another tenant), so another tenant's lightpath of the same id is never reached, nor its existence learnt.
    /// </summary>
    private async Task<(LightpathView? View, ApiError? Refused)> Visible(string id, Caller caller, string? tenant)
    {
        var space = TenantFor(tenant, caller);
        if (space.Error is { } refused)
        {
            return (null, refused);
        }

        if (!IdPattern().IsMatch(id))
        {
            return (null, ApiError.NotFound("lightpath", id));
        }

        var view = await grains.Lightpath(space.Value!, id).Get();
        return view.Exists && caller.Sees(view.Tenant) ? (view, null) : (null, ApiError.NotFound("lightpath", id));
    }

    private static ApiError Blocked(string reason, string detail) =>
        ApiError.Unprocessable("Request blocked", detail).With("reason", reason);

    private static ApiError NoTopology() => new(503, "No topology", "no topology is loaded yet");

    public LightpathDto Lightpath(LightpathView v)
    {
        var grid = Snapshot?.Network.Grid;
        return new LightpathDto(v.Id, v.Tenant, v.BlockReason is not null ? "Blocked" : v.State, v.Source, v.Destination, v.BitRateGbps,
            [.. v.Nodes], [.. v.Fibers], v.SlotStart, v.SlotCount,
            grid is not null && v.SlotStart is { } s && v.SlotCount is { } n ? CentreThz(grid, s, n) : null,
            v.Mode, v.LineRateGbps, v.LatencyUs, v.LengthKm, v.GsnrDb, v.MarginDb,
            v.Mode is not null && !v.Fibers.IsDefaultOrEmpty ? PowerW(v.Id, v.Nodes, v.Fibers, v.Mode, v.SlotStart ?? 0, v.SlotCount ?? 1) : null,
            v.BlockReason, v.FailureReason,
            v.History.IsDefaultOrEmpty ? null : v.History[0].At,
            v.History.IsDefaultOrEmpty ? null : v.History[^1].At)
        {
            CleanupFailure = v.CleanupFailure,
            CleanupRetryAt = v.CleanupRetryAt,
        };
    }

    private CandidateDto Candidate(LightpathView v)
    {
        var grid = Snapshot!.Network.Grid;
        return new CandidateDto([.. v.Nodes], [.. v.Fibers], v.LatencyUs ?? 0, v.LengthKm ?? 0, v.Fibers.Length, v.Mode ?? "", v.LineRateGbps,
            v.GsnrDb, v.MarginDb, v.SlotStart ?? 0, v.SlotCount ?? 0,
            v.SlotStart is { } s && v.SlotCount is { } n ? CentreThz(grid, s, n) : null,
            PowerW(v.Id, v.Nodes, v.Fibers, v.Mode ?? "", v.SlotStart ?? 0, v.SlotCount ?? 1));
    }

    /// <summary>Power of one lightpath on its own: transponders at both ends in its mode, and the amplifiers and ROADM degrees of its fibres.</summary>
    private double? PowerW(string id, ImmutableArray<string> nodes, ImmutableArray<string> fibers, string mode, int slotStart, int slotCount)
    {
        if (Snapshot is not { } s || nodes.IsDefaultOrEmpty || fibers.IsDefaultOrEmpty ||
            PlannedLightpaths.Of(lightpaths.Topology, id, nodes, fibers, mode, slotStart, slotCount) is not { } planned)
        {
            return null;
        }

        // The figure depends on the route, the mode and the topology only: memoised (the model walks the whole network).
        var key = $"{s.Version}|{mode}|{slotCount}|{string.Join(',', fibers)}";
        if (_power.TryGetValue(key, out var watts))
        {
            return watts;
        }

        try
        {
            watts = Math.Round(EnergyModel.Evaluate(s.Network, s.Equipment, [planned]).Lightpaths[0].TotalWatts, 1);
        }
        catch (ArgumentException)
        {
            watts = null; // the transponder type has no such mode: no figure rather than a wrong one
        }

        if (_power.Count > 100_000)
        {
            _power.Clear();
        }

        _power[key] = watts;
        return watts;
    }

    private static double CentreThz(SpectrumGrid grid, int start, int count) =>
        Math.Round((grid.Start.Mhz + (grid.SlotWidthMhz * (start + (count / 2.0)))) / 1e6, 6);

    private static SiteDto SiteDto(OpticalNetwork network, Domain.Sites.Site site) => new(
        site.Id.Value, site.Name, site.Tier.ToString(), site.Jurisdiction.ToString(), site.Location.Latitude, site.Location.Longitude,
        [.. network.Nodes.Where(n => n.Site == site.Id).Select(n => n.Id.Value)]);

    private static NodeDto NodeDto(OpticalNetwork network, OpticalNode node, NodeStatusView status) => new(
        node.Id.Value, node.Name, KindOf(node), node.Site.Value, network.Site(node.Site).Jurisdiction.ToString(), status.Health, status.DeviceAddress, status.LastSeen);

    private static string KindOf(OpticalNode node) => node switch
    {
        Roadm => "roadm",
        Transponder => "transponder",
        _ => "amplifier",
    };

    private static FiberDto FiberDto(Fiber f, FiberSpectrumView spectrum, SpectrumGrid grid)
    {
        var slots = spectrum.SlotCount == 0 ? grid.SlotCount : spectrum.SlotCount;
        return new FiberDto(f.Id.Value, f.Source.Value, f.Destination.Value, Math.Round(f.LengthKm, 3), Math.Round(f.PropagationLatencyUs, 3), f.Spans.Length,
            [.. f.Srlgs.Select(s => s.Value)], [.. f.Jurisdictions.Select(j => j.ToString())], slots, spectrum.OccupiedSlots,
            slots == 0 ? 0 : Math.Round((double)spectrum.OccupiedSlots / slots, 4), spectrum.IsUp);
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

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,64}$")]
    private static partial Regex IdPattern();
}
