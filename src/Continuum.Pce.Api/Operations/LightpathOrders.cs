using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Geography;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Grains.Abstractions;
using Continuum.Pce.Grains.Lightpaths;

namespace Continuum.Pce.Api.Operations;

/// <summary>Turns the fields of a create, compute, reroute or bundle request into a grain order, or the first bad field.</summary>
public sealed class LightpathOrders(INetworkCatalog catalog, LightpathServices lightpaths)
{
    private static readonly string[] Objectives = ["latency", "distance", "hops", "spectrum", "energy", "cost"];

    private NetworkSnapshot? Snapshot => catalog.Current;

    /// <summary>Checks a request field by field and builds the grain order.</summary>
    public Outcome<LightpathOrder> Check(string id, string tenant, string? source, string? destination, int rateGbps, ConstraintsDto? c)
    {
        if (Snapshot is null)
        {
            return ApiError.NoTopology();
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
            ?? CheckIds("constraints.diverseFrom", c.DiverseFrom, Ids.IsValid, "lightpath");
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
}
