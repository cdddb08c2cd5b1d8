using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Geography;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Requests;
using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.Domain.Units;

namespace Continuum.Pce.Application.Lightpaths.Requests;

/// <summary>The constraints of a request as the caller sent them (any list may be absent).</summary>
public sealed record ConstraintFields
{
    public double? MaxLatencyUs { get; init; }

    public IReadOnlyList<string>? AllowedJurisdictions { get; init; }

    public IReadOnlyList<string>? ForbiddenJurisdictions { get; init; }

    public IReadOnlyList<string>? IncludeNodes { get; init; }

    public IReadOnlyList<string>? ExcludeNodes { get; init; }

    public IReadOnlyList<string>? ExcludeFibers { get; init; }

    public IReadOnlyList<string>? ExcludeSrlgs { get; init; }

    public IReadOnlyList<string>? ExcludeSites { get; init; }

    public IReadOnlyList<string>? DiverseFrom { get; init; }

    public double? MinOsnrMarginDb { get; init; }

    /// <summary>The requested central frequency of the channel, THz (on the network's grid).</summary>
    public double? CentralFrequencyThz { get; init; }

    /// <summary>The requested channel width, GHz (a whole number of grid slots).</summary>
    public double? WidthGhz { get; init; }

    /// <summary>The requested mode: a mode id of the transceiver or a modulation format (DP-16QAM).</summary>
    public string? Mode { get; init; }

    /// <summary>The minimum OSNR at the receiver, dB in 0.1 nm.</summary>
    public double? MinOsnrDb { get; init; }

    public string? Objective { get; init; }

    /// <summary>
    /// How disjoint from each other the legs of a 1+1 lightpath are, and this path from its <see cref="DiverseFrom"/>
    /// lightpaths: link, srlg or node. Absent: srlg for 1+1, link otherwise.
    /// </summary>
    public string? Diversity { get; init; }
}

/// <summary>A lightpath (or path) request as raw fields, before any check: what a northbound DTO maps to.</summary>
public sealed record LightpathRequestFields(string Id, string Tenant, string? Source, string? Destination, int RateGbps, ConstraintFields? Constraints = null)
{
    /// <summary>Ask for a disjoint working/protection pair (path computation).</summary>
    public bool Protect { get; init; }

    /// <summary>The protection by name: none (default) or 1+1 (a working and a protection leg, both lit).</summary>
    public string? Protection { get; init; }

    /// <summary>The restoration policy by name: none (default), restore, restore-revertive.</summary>
    public string? Restoration { get; init; }

    /// <summary>Restoration priority, 0 (first) to 7 (last); 4 when absent.</summary>
    public int? RestorationPriority { get; init; }
}

/// <summary>One bad field: its path in the request (<c>constraints.excludeNodes[2]</c>) and why.</summary>
public sealed record FieldError(string Field, string Reason);

/// <summary>The checked request: the typed spec, or the bad fields in the order they were checked (never both).</summary>
public sealed record LightpathRequestValidation(LightpathSpec? Spec, ImmutableArray<FieldError> Errors)
{
    public bool IsValid => Spec is not null;
}

/// <summary>
/// Checks a lightpath or path request once, field by field, against the loaded network: endpoints (resolved to their
/// ROADMs), rate, constraint bounds, objective, ISO 3166 jurisdictions and every referenced id. Independent checks all
/// report; a check that needs an earlier field valid (source ≠ destination) is skipped when that field is bad.
/// </summary>
public static partial class LightpathRequestValidator
{
    /// <summary>The objectives a request may name, in the order the error message lists them.</summary>
    public static ImmutableArray<string> Objectives { get; } = ["latency", "distance", "hops", "spectrum", "energy", "cost"];

    /// <param name="equipment">The equipment library, to check a requested mode against (any transceiver's mode ids and formats); null skips that check.</param>
    public static LightpathRequestValidation Validate(LightpathRequestFields request, OpticalNetwork network, PathTopology topology, EquipmentLibrary? equipment = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(topology);
        var errors = ImmutableArray.CreateBuilder<FieldError>();

        NodeId? a = null, b = null;
        if (string.IsNullOrWhiteSpace(request.Source))
        {
            errors.Add(new("source", "required: a site, ROADM or transponder id"));
        }

        if (string.IsNullOrWhiteSpace(request.Destination))
        {
            errors.Add(new("destination", "required: a site, ROADM or transponder id"));
        }

        if (!string.IsNullOrWhiteSpace(request.Source))
        {
            if (topology.TryResolveRoadm(request.Source, out var resolved))
            {
                a = resolved;
            }
            else
            {
                errors.Add(new("source", $"unknown node or site '{request.Source}'"));
            }
        }

        if (!string.IsNullOrWhiteSpace(request.Destination))
        {
            if (topology.TryResolveRoadm(request.Destination, out var resolved))
            {
                b = resolved;
            }
            else
            {
                errors.Add(new("destination", $"unknown node or site '{request.Destination}'"));
            }
        }

        if (a is { } s && b is { } d && s == d)
        {
            errors.Add(new("destination", "must differ from the source"));
        }

        if (request.RateGbps <= 0)
        {
            errors.Add(new("rateGbps", $"must be a positive bit rate in Gb/s, got {request.RateGbps}"));
        }

        var c = request.Constraints ?? new ConstraintFields();
        if (c.MaxLatencyUs is { } latency && !(latency > 0 && double.IsFinite(latency)))
        {
            errors.Add(new("constraints.maxLatencyUs", $"must be a positive number of microseconds, got {latency}"));
        }

        if (c.MinOsnrMarginDb is { } margin && !double.IsFinite(margin))
        {
            errors.Add(new("constraints.minOsnrMarginDb", "must be a finite number of dB"));
        }

        var (centre, width) = Channel(c, network.Grid, errors);
        if (c.Mode is { } modeName && (string.IsNullOrWhiteSpace(modeName) || (equipment is not null && !KnowsMode(equipment, modeName))))
        {
            IEnumerable<string> formats = equipment is null ? [] : equipment.Transceivers.SelectMany(t => t.Modes).Select(m => m.Format).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
            errors.Add(new("constraints.mode", $"unknown mode '{modeName}': name a mode id of the transceiver or a modulation format ({string.Join(", ", formats)})"));
        }

        if (c.MinOsnrDb is { } minOsnr && !double.IsFinite(minOsnr))
        {
            errors.Add(new("constraints.minOsnrDb", "must be a finite number of dB (0.1 nm reference bandwidth)"));
        }

        var objectiveName = c.Objective ?? "latency";
        var objective = Objective.Latency;
        if (!Objectives.Contains(objectiveName) || !Enum.TryParse(objectiveName, ignoreCase: true, out objective))
        {
            errors.Add(new("constraints.objective", $"unknown objective '{objectiveName}' (expected {string.Join(", ", Objectives)})"));
        }

        var restoration = RestorationPolicy.None;
        if (request.Restoration is { } policyName && !TryRestoration(policyName, out restoration))
        {
            errors.Add(new("restoration.policy", $"unknown restoration policy '{policyName}' (expected {string.Join(", ", RestorationPolicies)})"));
        }

        var priority = request.RestorationPriority ?? Domain.Lightpaths.RestorationPriority.Default;
        if (!Domain.Lightpaths.RestorationPriority.IsValid(priority))
        {
            errors.Add(new("restoration.priority", $"must be between {Domain.Lightpaths.RestorationPriority.Highest} (restored first) and {Domain.Lightpaths.RestorationPriority.Lowest}, got {priority}"));
        }

        var protect = request.Protect;
        if (request.Protection is { } protectionName)
        {
            switch (protectionName)
            {
                case "none":
                    break;
                case "1+1":
                    protect = true;
                    break;
                default:
                    errors.Add(new("protection", $"unknown protection '{protectionName}' (expected none or 1+1)"));
                    break;
            }
        }

        var diversity = protect ? Disjointness.Srlg : Disjointness.Link;
        if (c.Diversity is { } diversityName)
        {
            if (diversityName is "link" or "srlg" or "node")
            {
                diversity = diversityName == "link" ? Disjointness.Link : diversityName == "srlg" ? Disjointness.Srlg : Disjointness.Node;
            }
            else
            {
                errors.Add(new("constraints.diversity", $"unknown diversity '{diversityName}' (expected link, srlg or node)"));
            }
        }

        var allowed = Jurisdictions("constraints.allowedJurisdictions", c.AllowedJurisdictions, errors);
        var forbidden = Jurisdictions("constraints.forbiddenJurisdictions", c.ForbiddenJurisdictions, errors);
        var includeNodes = Ids("constraints.includeNodes", c.IncludeNodes, n => network.TryGetNode(new NodeId(n), out _), "node", errors, n => new NodeId(n));
        var excludeNodes = Ids("constraints.excludeNodes", c.ExcludeNodes, n => network.TryGetNode(new NodeId(n), out _), "node", errors, n => new NodeId(n));
        var excludeFibers = Ids("constraints.excludeFibers", c.ExcludeFibers, f => network.TryGetFiber(new FiberId(f), out _), "fibre", errors, f => new FiberId(f));
        var excludeSites = Ids("constraints.excludeSites", c.ExcludeSites, x => network.TryGetSite(new SiteId(x), out _), "site", errors, x => new SiteId(x));
        var excludeSrlgs = Ids("constraints.excludeSrlgs", c.ExcludeSrlgs, x => network.Fibers.Any(f => f.Srlgs.Any(g => g.Value == x)), "SRLG", errors, x => new SrlgId(x));
        var diverseFrom = Ids("constraints.diverseFrom", c.DiverseFrom, IsId, "lightpath", errors, x => new LightpathId(x));

        if (errors.Count > 0 || a is null || b is null)
        {
            return new(null, errors.ToImmutable());
        }

        var constraints = new PathConstraints
        {
            MaxLatencyUs = c.MaxLatencyUs,
            AllowedJurisdictions = allowed,
            ForbiddenJurisdictions = forbidden,
            IncludeNodes = includeNodes,
            ExcludeNodes = excludeNodes,
            ExcludeFibers = excludeFibers,
            ExcludeSrlgs = excludeSrlgs,
            ExcludeSites = excludeSites,
            DiverseFrom = diverseFrom,
            DiversityLevel = diversity,
            MinOsnrMarginDb = c.MinOsnrMarginDb,
            CentralFrequency = centre,
            ChannelWidthMhz = width,
            Mode = c.Mode,
            MinOsnrDb = c.MinOsnrDb,
        };
        var path = new PathRequest(a.Value, b.Value, request.RateGbps, constraints, objective, protect ? Protection.OnePlusOne : Protection.None);
        return new(new LightpathSpec(new LightpathId(request.Id), new TenantId(request.Tenant), path)
        {
            Restoration = restoration,
            RestorationPriority = priority,
        }, []);
    }

    /// <summary>The restoration policies a request may name.</summary>
    public static ImmutableArray<string> RestorationPolicies { get; } = ["none", "restore", "restore-revertive"];

    /// <summary>The wire name of a restoration policy (the inverse of the names a request may use).</summary>
    public static string NameOf(RestorationPolicy policy) => policy switch
    {
        RestorationPolicy.Restore => "restore",
        RestorationPolicy.RestoreRevertive => "restore-revertive",
        _ => "none",
    };

    private static bool TryRestoration(string name, out RestorationPolicy policy)
    {
        policy = name switch
        {
            "none" => RestorationPolicy.None,
            "restore" => RestorationPolicy.Restore,
            "restore-revertive" => RestorationPolicy.RestoreRevertive,
            _ => (RestorationPolicy)(-1),
        };
        return Enum.IsDefined(policy);
    }

    /// <summary>True when a mode id or a modulation format of some transceiver of the library is <paramref name="name"/> (ignoring case).</summary>
    public static bool KnowsMode(EquipmentLibrary equipment, string name)
    {
        ArgumentNullException.ThrowIfNull(equipment);
        return equipment.Transceivers.SelectMany(t => t.Modes).Any(m =>
            string.Equals(m.Id.Value, name, StringComparison.OrdinalIgnoreCase) || string.Equals(m.Format, name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The requested centre and width in grid units, each checked against the network's grid.</summary>
    private static (Frequency? Centre, long? WidthMhz) Channel(ConstraintFields c, SpectrumGrid grid, ImmutableArray<FieldError>.Builder errors)
    {
        long? width = null;
        if (c.WidthGhz is { } ghz)
        {
            var mhz = double.IsFinite(ghz) ? Math.Round(ghz * 1000) : double.NaN;
            if (!(ghz > 0) || !double.IsFinite(ghz) || Math.Abs((ghz * 1000) - mhz) > 1e-6 || mhz > long.MaxValue / 2)
            {
                errors.Add(new("constraints.widthGhz", $"must be a positive width in GHz, to the MHz, got {ghz}"));
            }
            else if (RequestedChannel.CheckWidth(grid, (long)mhz) is { } why)
            {
                errors.Add(new("constraints.widthGhz", why));
            }
            else
            {
                width = (long)mhz;
            }
        }

        Frequency? centre = null;
        if (c.CentralFrequencyThz is { } thz)
        {
            var mhz = double.IsFinite(thz) ? Math.Round(thz * 1_000_000) : double.NaN;
            if (!(thz > 0) || !double.IsFinite(thz) || Math.Abs((thz * 1_000_000) - mhz) > 1e-3 || mhz > long.MaxValue / 2)
            {
                errors.Add(new("constraints.centralFrequencyThz", $"must be a positive frequency in THz, to the MHz, got {thz}"));
            }
            else if (RequestedChannel.CheckCentre(grid, new Frequency((long)mhz), width) is { } why)
            {
                errors.Add(new("constraints.centralFrequencyThz", why));
            }
            else
            {
                centre = new Frequency((long)mhz);
            }
        }

        return (centre, width);
    }

    /// <summary>The id rule of lightpaths and tenants: 1 to 64 letters, digits, '.', '_', ':' or '-'.</summary>
    public static bool IsId(string id) => IdPattern().IsMatch(id);

    private static ImmutableArray<Jurisdiction> Jurisdictions(string field, IReadOnlyList<string>? codes, ImmutableArray<FieldError>.Builder errors)
    {
        var parsed = ImmutableArray.CreateBuilder<Jurisdiction>();
        for (var i = 0; codes is not null && i < codes.Count; i++)
        {
            if (Jurisdiction.TryParse(codes[i], out var j, out var error))
            {
                parsed.Add(j);
            }
            else
            {
                errors.Add(new($"{field}[{i}]", $"'{codes[i]}' is not an ISO 3166 code: {error}"));
            }
        }

        return parsed.ToImmutable();
    }

    private static ImmutableArray<T> Ids<T>(string field, IReadOnlyList<string>? ids, Func<string, bool> exists, string what, ImmutableArray<FieldError>.Builder errors, Func<string, T> make)
    {
        var parsed = ImmutableArray.CreateBuilder<T>();
        for (var i = 0; ids is not null && i < ids.Count; i++)
        {
            if (string.IsNullOrEmpty(ids[i]) || !exists(ids[i]))
            {
                errors.Add(new($"{field}[{i}]", $"unknown {what} '{ids[i]}'"));
            }
            else
            {
                parsed.Add(make(ids[i]));
            }
        }

        return parsed.ToImmutable();
    }

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,64}$")]
    private static partial Regex IdPattern();
}
