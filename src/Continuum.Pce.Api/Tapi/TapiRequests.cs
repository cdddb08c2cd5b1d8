using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Continuum.Pce.Api.Operations;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Network;

namespace Continuum.Pce.Api.Tapi;

/// <summary>A TAPI service or path-computation request read into the fields of an /api/v1 request.</summary>
public sealed record TapiRequest(string? Uuid, string Source, string Destination, int RateGbps, ConstraintsDto Constraints)
{
    /// <summary>Connectivity services to be diverse from (diversity-exclusion), by UUID: resolved to lightpaths by the caller.</summary>
    public IReadOnlyList<string> DiverseFromServices { get; init; } = [];

    public RestorationRequestDto? Restoration { get; init; }

    public string? Protection { get; init; }

    /// <summary>The service-interface-points of the two end-points, as requested.</summary>
    public IReadOnlyList<string> Sips { get; init; } = [];
}

/// <summary>
/// Reads connectivity-service and path-comp-service bodies (RFC 7951 JSON) strictly: every member this server does not
/// implement is refused by name (unknown-element, or operation-not-supported for TAPI attributes it does not serve)
/// rather than ignored, so a constraint is never silently dropped. Numbers are read leniently (RFC 7951 64-bit and
/// decimal64 values are strings; plain JSON numbers are taken too), identities with or without their module prefix.
/// </summary>
public sealed class TapiRequestReader(NetworkSnapshot snapshot)
{
    private readonly Dictionary<string, Transponder> _sips = Sips(snapshot.Network);
    private readonly Dictionary<string, string> _nodes = snapshot.Network.Nodes.ToDictionary(n => TapiUuid.Node(n.Id.Value), n => n.Id.Value, StringComparer.Ordinal);
    private readonly Dictionary<string, string[]> _links = snapshot.Network.Fibers.GroupBy(f => f.PairKey().Value, StringComparer.Ordinal)
        .ToDictionary(g => TapiUuid.Link(g.Key), g => g.Select(f => f.Id.Value).ToArray(), StringComparer.Ordinal);

    public const string ServicePath = "/tapi-common:context/tapi-connectivity:connectivity-context/connectivity-service";
    public const string PathServicePath = "/tapi-common:context/tapi-path-computation:path-computation-context/path-comp-service";

    private static readonly HashSet<string> ServiceMembers = ["uuid", "name", "end-point", "connectivity-constraint", "routing-constraint", "topology-constraint",
        "resilience-constraint", "layer-protocol-name", "layer-protocol-qualifier", "direction", "administrative-state"];

    private static readonly HashSet<string> PathServiceMembers = ["uuid", "name", "end-point", "routing-constraint", "topology-constraint", "layer-protocol-name", "direction"];

    private static readonly HashSet<string> EndPointMembers = ["local-id", "name", "layer-protocol-name", "layer-protocol-qualifier", "direction", "role", "protection-role",
        "service-interface-point", "capacity", "layer-protocol-constraint", "administrative-state"];

    /// <summary>Reads the one connectivity-service of a POST on connectivity-context.</summary>
    public (TapiRequest? Request, RestconfError? Error) ReadService(JsonObject body) =>
        Read(body, "tapi-connectivity:connectivity-service", ServicePath, ServiceMembers, service: true);

    /// <summary>Reads the one path-comp-service of a POST on path-computation-context.</summary>
    public (TapiRequest? Request, RestconfError? Error) ReadPathService(JsonObject body) =>
        Read(body, "tapi-path-computation:path-comp-service", PathServicePath, PathServiceMembers, service: false);

    private (TapiRequest?, RestconfError?) Read(JsonObject body, string member, string path, HashSet<string> allowed, bool service)
    {
        if (body.Count != 1 || body[member] is not { } value)
        {
            return Fail(RestconfError.Malformed($"the body must be {{\"{member}\": [ {{...}} ]}}: one entry of the list this resource creates"));
        }

        var entry = value is JsonArray { Count: 1 } one ? one[0] as JsonObject : value as JsonObject;
        if (entry is null)
        {
            return Fail(RestconfError.Malformed($"'{member}' must hold exactly one entry"));
        }

        if (Unknown(entry, allowed, path) is { } unknown)
        {
            return Fail(unknown);
        }

        string? uuid = null;
        if (entry["uuid"] is { } u)
        {
            if (!TryString(u, out var text) || !TapiUuid.IsUuid(text))
            {
                return Fail(RestconfError.Invalid(path + "/uuid", "must be a UUID (RFC 4122 text form)"));
            }

            uuid = TapiUuid.Canonical(text!);
        }

        if (entry["layer-protocol-name"] is { } layer && (!TryString(layer, out var ln) || ln != TapiNames.PhotonicMedia))
        {
            return Fail(RestconfError.NotSupported(path + "/layer-protocol-name", "only PHOTONIC_MEDIA services are served"));
        }

        if (entry["direction"] is { } direction && (!TryString(direction, out var dir) || dir != "BIDIRECTIONAL"))
        {
            return Fail(RestconfError.NotSupported(path + "/direction", "lightpaths are BIDIRECTIONAL"));
        }

        if (entry["administrative-state"] is { } admin && (!TryString(admin, out var st) || st != "UNLOCKED"))
        {
            return Fail(RestconfError.NotSupported(path + "/administrative-state", "a service is created UNLOCKED; LOCKED is not supported"));
        }

        if (entry["end-point"] is not JsonArray { Count: 2 } endPoints)
        {
            return Fail(entry["end-point"] is null
                ? RestconfError.MissingElement(path + "/end-point", "two end-points are required (a point-to-point service)")
                : RestconfError.Invalid(path + "/end-point", "exactly two end-points: point-to-point services only"));
        }

        var ends = new Transponder[2];
        var sips = new string[2];
        int? rate = null;
        var constraints = new ConstraintsDto();
        for (var i = 0; i < 2; i++)
        {
            var ep = endPoints[i] as JsonObject;
            var epPath = $"{path}/end-point[{i}]";
            if (ep is null)
            {
                return Fail(RestconfError.Invalid(epPath, "must be an object"));
            }

            if (Unknown(ep, EndPointMembers, epPath) is { } unknownEp)
            {
                return Fail(unknownEp);
            }

            if (ep["local-id"] is null)
            {
                return Fail(RestconfError.MissingElement(epPath + "/local-id", "the list key local-id is required"));
            }

            if (ep["layer-protocol-constraint"] is { } layerConstraints)
            {
                var (c, error) = Layer0(layerConstraints, epPath + "/layer-protocol-constraint", constraints);
                if (error is not null)
                {
                    return Fail(error);
                }

                constraints = c!;
            }

            if (ep["service-interface-point"]?["service-interface-point-uuid"] is not { } sipNode || !TryString(sipNode, out var sip))
            {
                return Fail(RestconfError.MissingElement(epPath + "/service-interface-point/service-interface-point-uuid", "each end-point names a service-interface-point"));
            }

            if (!_sips.TryGetValue(sip!.ToLowerInvariant(), out var transponder))
            {
                return Fail(RestconfError.Invalid(epPath + "/service-interface-point/service-interface-point-uuid", $"no service-interface-point '{sip}'"));
            }

            ends[i] = transponder;
            sips[i] = sip.ToLowerInvariant();
            if (ep["capacity"] is JsonObject capacity)
            {
                var (r, error) = Rate(capacity, epPath + "/capacity");
                if (error is not null)
                {
                    return Fail(error);
                }

                rate ??= r;
            }
        }

        var diverse = new List<string>();
        RestorationRequestDto? restoration = null;
        string? protection = null;
        if (service && entry["connectivity-constraint"] is { } cc)
        {
            var (r, error) = ConnectivityConstraint(cc, path + "/connectivity-constraint", diverse);
            if (error is not null)
            {
                return Fail(error);
            }

            rate = r ?? rate;
        }

        if (rate is null)
        {
            return Fail(RestconfError.MissingElement(service ? path + "/connectivity-constraint/requested-capacity" : path + "/end-point/capacity",
                "the capacity is required: total-size {value, unit} (e.g. 400 tapi-common:CAPACITY_UNIT_GBPS)"));
        }

        if (entry["routing-constraint"] is { } rc)
        {
            var (c, error) = RoutingConstraint(rc, path + "/routing-constraint", constraints);
            if (error is not null)
            {
                return Fail(error);
            }

            constraints = c!;
        }

        if (entry["topology-constraint"] is { } tc)
        {
            var (c, error) = TopologyConstraint(tc, path + "/topology-constraint", constraints);
            if (error is not null)
            {
                return Fail(error);
            }

            constraints = c!;
        }

        if (service && entry["resilience-constraint"] is { } resilience)
        {
            var error = Resilience(resilience, path + "/resilience-constraint", out restoration, out protection);
            if (error is not null)
            {
                return Fail(error);
            }
        }

        return (new TapiRequest(uuid, ends[0].Id.Value, ends[1].Id.Value, rate.Value, constraints)
        {
            DiverseFromServices = diverse,
            Sips = sips,
            Restoration = restoration,
            Protection = protection,
        }, null);
    }

    /// <summary>Where an /api/v1 field of this request lives in the TAPI body (for error-path).</summary>
    public static string? PathOf(string field, string root) => field switch
    {
        "source" => root + "/end-point[0]/service-interface-point/service-interface-point-uuid",
        "destination" => root + "/end-point[1]/service-interface-point/service-interface-point-uuid",
        "rateGbps" => root + "/connectivity-constraint/requested-capacity/total-size/value",
        "constraints.maxLatencyUs" => root + "/routing-constraint/max-allowed-delay/value",
        "constraints.objective" => root + "/routing-constraint/route-objective-function",
        "constraints.diversity" => root + "/routing-constraint/diversity-policy",
        "constraints.includeNodes" => root + "/topology-constraint/include-node",
        "constraints.excludeNodes" => root + "/topology-constraint/exclude-node",
        "constraints.excludeFibers" => root + "/topology-constraint/exclude-link",
        "constraints.diverseFrom" => root + "/connectivity-constraint/diversity-exclusion",
        "constraints.centralFrequencyThz" => root + "/end-point/layer-protocol-constraint/" + McgSpec + "/otsi-mc-frequency-config-pac/central-frequency",
        "constraints.widthGhz" => root + "/end-point/layer-protocol-constraint/" + McgSpec + "/otsi-mc-frequency-config-pac/spectrum-bandwidth",
        "constraints.mode" => root + "/end-point/layer-protocol-constraint/" + OtsiaSpec + "/otsi-config/common-explicit/standard-modulation-type",
        "constraints.minOsnrDb" => root + "/end-point/layer-protocol-constraint/" + OtsiaSpec + "/otsi-config/common-explicit/min-osnr",
        "restoration.priority" => root + "/resilience-constraint/restore-priority",
        "restoration.policy" => root + "/resilience-constraint/resilience-type/restoration-policy",
        "protection" => root + "/resilience-constraint/resilience-type/protection-type",
        "id" or "uuid" => root + "/uuid",
        _ => null,
    };

    private const string McgSpec = "tapi-photonic-media:otsi-mcg-connectivity-service-end-point-spec";
    private const string OtsiaSpec = "tapi-photonic-media:otsia-connectivity-service-end-point-spec";

    private static readonly HashSet<string> LayerConstraintMembers = ["local-id", "layer-protocol-name", "layer-protocol-qualifier", McgSpec, OtsiaSpec];

    /// <summary>The tapi-photonic-media modulation techniques a request may name (those of the formats this server writes).</summary>
    private static readonly HashSet<string> Modulations = ["RZ", "NRZ", "BPSK", "DPSK", "QPSK", "8QAM", "16QAM", "PAM4", "PAM8"];

    /// <summary>
    /// The layer-0 attributes an end-point requests, in the leaves this server writes in its answers: the media channel's
    /// central-frequency and spectrum-bandwidth (otsi-mc-frequency-config-pac, Hz) and the signal's standard-modulation-type
    /// and min-osnr (otsi-config common-explicit; min-osnr is the OSNR the service must deliver, dB in 0.1 nm). Both
    /// end-points may carry them; they must then agree. Anything else in the specs is refused by name.
    /// </summary>
    private static (ConstraintsDto?, RestconfError?) Layer0(JsonNode node, string path, ConstraintsDto constraints)
    {
        if (node is not JsonArray list)
        {
            return (null, RestconfError.Invalid(path, "must be a list"));
        }

        foreach (var item in list)
        {
            if (item is not JsonObject lpc)
            {
                return (null, RestconfError.Invalid(path, "each entry must be an object"));
            }

            if (Unknown(lpc, LayerConstraintMembers, path) is { } unknown)
            {
                return (null, unknown);
            }

            if (lpc["layer-protocol-name"] is { } layer && (!TryString(layer, out var name) || name != TapiNames.PhotonicMedia))
            {
                return (null, RestconfError.NotSupported(path + "/layer-protocol-name", "only PHOTONIC_MEDIA constraints are served"));
            }

            if (lpc[McgSpec] is { } mcg)
            {
                var mcgPath = $"{path}/{McgSpec}/otsi-mc-frequency-config-pac";
                if (mcg is not JsonObject spec)
                {
                    return (null, RestconfError.Invalid($"{path}/{McgSpec}", "must be an object"));
                }

                if (Unknown(spec, ["otsi-mc-frequency-config-pac"], $"{path}/{McgSpec}") is { } bad)
                {
                    return (null, bad);
                }

                foreach (var pac in Entries(spec["otsi-mc-frequency-config-pac"]))
                {
                    if (Unknown(pac, ["local-id", "central-frequency", "spectrum-bandwidth"], mcgPath) is { } unknownPac)
                    {
                        return (null, unknownPac);
                    }

                    if (pac["central-frequency"] is { } f)
                    {
                        var (c, error) = Hz(f, mcgPath + "/central-frequency", 1e12, constraints.CentralFrequencyThz);
                        if (error is not null)
                        {
                            return (null, error);
                        }

                        constraints = constraints with { CentralFrequencyThz = c };
                    }

                    if (pac["spectrum-bandwidth"] is { } w)
                    {
                        var (c, error) = Hz(w, mcgPath + "/spectrum-bandwidth", 1e9, constraints.WidthGhz);
                        if (error is not null)
                        {
                            return (null, error);
                        }

                        constraints = constraints with { WidthGhz = c };
                    }
                }
            }

            if (lpc[OtsiaSpec] is { } otsia)
            {
                var configPath = $"{path}/{OtsiaSpec}/otsi-config";
                if (otsia is not JsonObject spec)
                {
                    return (null, RestconfError.Invalid($"{path}/{OtsiaSpec}", "must be an object"));
                }

                if (Unknown(spec, ["otsi-config"], $"{path}/{OtsiaSpec}") is { } bad)
                {
                    return (null, bad);
                }

                foreach (var config in Entries(spec["otsi-config"]))
                {
                    if (Unknown(config, ["local-id", "central-frequency", "common-explicit"], configPath) is { } unknownConfig)
                    {
                        return (null, unknownConfig);
                    }

                    if (config["central-frequency"] is { } f)
                    {
                        var (c, error) = Hz(f, configPath + "/central-frequency", 1e12, constraints.CentralFrequencyThz);
                        if (error is not null)
                        {
                            return (null, error);
                        }

                        constraints = constraints with { CentralFrequencyThz = c };
                    }

                    if (config["common-explicit"] is not { } explicitNode)
                    {
                        continue;
                    }

                    var explicitPath = configPath + "/common-explicit";
                    if (explicitNode is not JsonObject common)
                    {
                        return (null, RestconfError.Invalid(explicitPath, "must be an object"));
                    }

                    foreach (var (member, _) in common)
                    {
                        if (member is not ("standard-modulation-type" or "min-osnr"))
                        {
                            return (null, RestconfError.NotSupported($"{explicitPath}/{member}",
                                $"'{member}' follows from the mode: request the mode by standard-modulation-type (served: standard-modulation-type, min-osnr)"));
                        }
                    }

                    if (common["standard-modulation-type"] is { } m)
                    {
                        var modulation = TryString(m, out var text) ? Unprefixed(text!) : null;
                        if (modulation is null || !Modulations.Contains(modulation))
                        {
                            return (null, RestconfError.Invalid(explicitPath + "/standard-modulation-type", $"unknown modulation technique '{m.ToJsonString()}' (served: {string.Join(", ", Modulations)})"));
                        }

                        var format = modulation is "RZ" or "NRZ" or "PAM4" or "PAM8" ? modulation : "DP-" + modulation;
                        if (constraints.Mode is { } earlier && earlier != format)
                        {
                            return (null, RestconfError.Invalid(explicitPath + "/standard-modulation-type", "the two end-points request different modulations"));
                        }

                        constraints = constraints with { Mode = format };
                    }

                    if (common["min-osnr"] is { } o)
                    {
                        if (!TryNumber(o, out var osnr) || !double.IsFinite(osnr))
                        {
                            return (null, RestconfError.Invalid(explicitPath + "/min-osnr", "must be a decimal number of dB"));
                        }

                        if (constraints.MinOsnrDb is { } earlier && earlier != osnr)
                        {
                            return (null, RestconfError.Invalid(explicitPath + "/min-osnr", "the two end-points request different minimum OSNRs"));
                        }

                        constraints = constraints with { MinOsnrDb = osnr };
                    }
                }
            }
        }

        return (constraints, null);
    }

    /// <summary>A frequency leaf in Hz (uint64, a string in RFC 7951) scaled by <paramref name="unit"/>; it must agree with an earlier request of it.</summary>
    private static (double?, RestconfError?) Hz(JsonNode node, string path, double unit, double? earlier)
    {
        if (!TryNumber(node, out var hz) || !(hz > 0) || hz != Math.Floor(hz))
        {
            return (null, RestconfError.Invalid(path, "must be a positive whole number of Hz"));
        }

        var value = hz / unit;
        if (earlier is { } e && Math.Abs(e - value) * unit > 0.5)
        {
            return (null, RestconfError.Invalid(path, "the two end-points (or the media channel and the signal) request different values"));
        }

        return (value, null);
    }

    private static IEnumerable<JsonObject> Entries(JsonNode? node) => node switch
    {
        JsonArray list => list.OfType<JsonObject>(),
        JsonObject one => [one],
        _ => [],
    };

    private static string Unprefixed(string identity) => identity.Contains(':', StringComparison.Ordinal) ? identity[(identity.IndexOf(':', StringComparison.Ordinal) + 1)..] : identity;

    private (int? Rate, RestconfError? Error) ConnectivityConstraint(JsonNode node, string path, List<string> diverse)
    {
        if (node is not JsonObject cc)
        {
            return (null, RestconfError.Invalid(path, "must be an object"));
        }

        foreach (var (name, value) in cc)
        {
            switch (name)
            {
                case "service-type":
                    if (!TryString(value, out var type) || type != "POINT_TO_POINT_CONNECTIVITY")
                    {
                        return (null, RestconfError.NotSupported(path + "/service-type", "only POINT_TO_POINT_CONNECTIVITY is served"));
                    }

                    break;
                case "requested-capacity":
                    break;
                case "diversity-exclusion":
                    if (value is not JsonArray list)
                    {
                        return (null, RestconfError.Invalid(path + "/diversity-exclusion", "must be a list"));
                    }

                    foreach (var item in list)
                    {
                        if (item?["connectivity-service-uuid"] is not { } u || !TryString(u, out var uuid) || !TapiUuid.IsUuid(uuid))
                        {
                            return (null, RestconfError.Invalid(path + "/diversity-exclusion/connectivity-service-uuid", "must be the UUID of a connectivity service"));
                        }

                        diverse.Add(TapiUuid.Canonical(uuid!));
                    }

                    break;
                default:
                    return (null, RestconfError.NotSupported(path + "/" + name, $"connectivity-constraint '{name}' is not supported (served: service-type, requested-capacity, diversity-exclusion)"));
            }
        }

        if (cc["requested-capacity"] is JsonObject capacity)
        {
            return Rate(capacity, path + "/requested-capacity");
        }

        return (null, null);
    }

    private static (ConstraintsDto?, RestconfError?) RoutingConstraint(JsonNode node, string path, ConstraintsDto constraints)
    {
        if (node is not JsonObject rc)
        {
            return (null, RestconfError.Invalid(path, "must be an object"));
        }

        foreach (var (name, value) in rc)
        {
            switch (name)
            {
                case "max-allowed-delay":
                    if (value?["value"] is not { } delay || !TryNumber(delay, out var us) || us <= 0)
                    {
                        return (null, RestconfError.Invalid(path + "/max-allowed-delay/value", "a positive number of microseconds is required"));
                    }

                    constraints = constraints with { MaxLatencyUs = us };
                    break;
                case "diversity-policy":
                    var diversity = TryString(value, out var policy) ? policy switch { "LINK" => "link", "NODE" => "node", "SRLG" => "srlg", _ => null } : null;
                    if (diversity is null)
                    {
                        return (null, RestconfError.NotSupported(path + "/diversity-policy", "served: LINK, NODE, SRLG"));
                    }

                    constraints = constraints with { Diversity = diversity };
                    break;
                case "route-objective-function":
                    var objective = TryString(value, out var function) ? function switch
                    {
                        "MIN_WORK_ROUTE_LATENCY" => "latency",
                        "MIN_WORK_ROUTE_HOP" => "hops",
                        "MIN_WORK_ROUTE_COST" => "cost",
                        _ => null,
                    } : null;
                    if (objective is null)
                    {
                        return (null, RestconfError.NotSupported(path + "/route-objective-function", "served: MIN_WORK_ROUTE_LATENCY, MIN_WORK_ROUTE_HOP, MIN_WORK_ROUTE_COST"));
                    }

                    constraints = constraints with { Objective = objective };
                    break;
                case "is-exclusive":
                    if (value is not JsonValue v || !v.TryGetValue<bool>(out var exclusive) || !exclusive)
                    {
                        return (null, RestconfError.NotSupported(path + "/is-exclusive", "a lightpath's resources are always exclusive (true)"));
                    }

                    break;
                default:
                    return (null, RestconfError.NotSupported(path + "/" + name, $"routing-constraint '{name}' is not supported (served: max-allowed-delay, diversity-policy, route-objective-function, is-exclusive)"));
            }
        }

        return (constraints, null);
    }

    private (ConstraintsDto?, RestconfError?) TopologyConstraint(JsonNode node, string path, ConstraintsDto constraints)
    {
        if (node is not JsonArray list)
        {
            return (null, RestconfError.Invalid(path, "must be a list"));
        }

        List<string> include = [.. constraints.IncludeNodes ?? []], exclude = [.. constraints.ExcludeNodes ?? []], fibers = [.. constraints.ExcludeFibers ?? []];
        foreach (var entry in list)
        {
            if (entry is not JsonObject tc)
            {
                return (null, RestconfError.Invalid(path, "entries must be objects"));
            }

            foreach (var (name, value) in tc)
            {
                switch (name)
                {
                    case "local-id" or "name":
                        break;
                    case "include-node" or "exclude-node":
                        if (value is not JsonArray nodes)
                        {
                            return (null, RestconfError.Invalid($"{path}/{name}", "must be a list"));
                        }

                        foreach (var n in nodes)
                        {
                            if (n?["node-uuid"] is not { } u || !TryString(u, out var uuid) || !_nodes.TryGetValue(uuid!.ToLowerInvariant(), out var id))
                            {
                                return (null, RestconfError.Invalid($"{path}/{name}/node-uuid", $"no node '{n?["node-uuid"]}' in the topology"));
                            }

                            (name == "include-node" ? include : exclude).Add(id);
                        }

                        break;
                    case "exclude-link":
                        if (value is not JsonArray links)
                        {
                            return (null, RestconfError.Invalid($"{path}/{name}", "must be a list"));
                        }

                        foreach (var l in links)
                        {
                            if (l?["link-uuid"] is not { } u || !TryString(u, out var uuid) || !_links.TryGetValue(uuid!.ToLowerInvariant(), out var pair))
                            {
                                return (null, RestconfError.Invalid($"{path}/{name}/link-uuid", $"no fibre link '{l?["link-uuid"]}' in the topology"));
                            }

                            fibers.AddRange(pair);
                        }

                        break;
                    default:
                        return (null, RestconfError.NotSupported($"{path}/{name}", $"topology-constraint '{name}' is not supported (served: include-node, exclude-node, exclude-link)"));
                }
            }
        }

        return (constraints with
        {
            IncludeNodes = include.Count > 0 ? include : null,
            ExcludeNodes = exclude.Count > 0 ? exclude : null,
            ExcludeFibers = fibers.Count > 0 ? fibers : null,
        }, null);
    }

    private static RestconfError? Resilience(JsonNode node, string path, out RestorationRequestDto? restoration, out string? protection)
    {
        restoration = null;
        protection = null;
        if (node is not JsonObject rc)
        {
            return RestconfError.Invalid(path, "must be an object");
        }

        string? policy = null;
        int? priority = null;
        var revertive = false;
        foreach (var (name, value) in rc)
        {
            switch (name)
            {
                case "resilience-type":
                    if (value is not JsonObject type)
                    {
                        return RestconfError.Invalid(path + "/resilience-type", "must be an object");
                    }

                    foreach (var (member, v) in type)
                    {
                        TryString(v, out var text);
                        switch (member, text)
                        {
                            case ("protection-type", "NO_PROTECTION"):
                                protection = "none";
                                break;
                            case ("protection-type", "ONE_PLUS_ONE_PROTECTION"):
                                protection = "1+1";
                                break;
                            case ("restoration-policy", "NA"):
                                break;
                            case ("restoration-policy", "END_TO_END_RESTORATION"):
                                policy = "restore";
                                break;
                            default:
                                return RestconfError.NotSupported($"{path}/resilience-type/{member}",
                                    "served: protection-type NO_PROTECTION or ONE_PLUS_ONE_PROTECTION; restoration-policy NA or END_TO_END_RESTORATION");
                        }
                    }

                    break;
                case "restore-priority":
                    if (!TryNumber(value!, out var p) || p != Math.Floor(p))
                    {
                        return RestconfError.Invalid(path + "/restore-priority", "must be an integer");
                    }

                    priority = (int)Math.Clamp(p, int.MinValue, int.MaxValue);
                    break;
                case "reversion-mode":
                    TryString(value, out var mode);
                    if (mode is not ("REVERTIVE" or "NON_REVERTIVE"))
                    {
                        return RestconfError.Invalid(path + "/reversion-mode", "REVERTIVE or NON_REVERTIVE");
                    }

                    revertive = mode == "REVERTIVE";
                    break;
                default:
                    return RestconfError.NotSupported($"{path}/{name}", $"resilience-constraint '{name}' is not supported (served: resilience-type, restore-priority, reversion-mode)");
            }
        }

        if (policy is not null || priority is not null)
        {
            restoration = new RestorationRequestDto { Policy = policy is null ? null : revertive ? "restore-revertive" : policy, Priority = priority };
        }

        return null;
    }

    private static (int? Rate, RestconfError? Error) Rate(JsonObject capacity, string path)
    {
        if (capacity["total-size"] is not JsonObject size || size["value"] is not { } v || !TryNumber(v, out var value))
        {
            return (null, RestconfError.MissingElement(path + "/total-size/value", "total-size {value, unit} is required"));
        }

        TryString(size["unit"], out var unit);
        var gbps = unit switch
        {
            null => value,
            _ when TapiNames.IsIdentity(unit, "tapi-common:CAPACITY_UNIT_GBPS") => value,
            _ when TapiNames.IsIdentity(unit, "tapi-common:CAPACITY_UNIT_TBPS") => value * 1000,
            _ when TapiNames.IsIdentity(unit, "tapi-common:CAPACITY_UNIT_MBPS") => value / 1000,
            _ => double.NaN,
        };
        if (double.IsNaN(gbps))
        {
            return (null, RestconfError.Invalid(path + "/total-size/unit", $"unit '{unit}' is not a bit rate (CAPACITY_UNIT_GBPS, _TBPS or _MBPS)"));
        }

        if (gbps <= 0 || gbps != Math.Floor(gbps) || gbps > int.MaxValue)
        {
            return (null, RestconfError.Invalid(path + "/total-size/value", $"must be a positive whole number of Gb/s, got {gbps.ToString(CultureInfo.InvariantCulture)}"));
        }

        return ((int)gbps, null);
    }

    private static RestconfError? Unknown(JsonObject entry, HashSet<string> allowed, string path)
    {
        foreach (var (name, _) in entry)
        {
            if (!allowed.Contains(name))
            {
                return name.Contains(':', StringComparison.Ordinal) || IsTapiAttribute(name)
                    ? RestconfError.NotSupported($"{path}/{name}", $"'{name}' is not supported by this server")
                    : RestconfError.UnknownElement($"{path}/{name}", $"unknown member '{name}'");
            }
        }

        return null;
    }

    private static bool IsTapiAttribute(string name) => name is "internal-point" or "connectivity-service" or "schedule" or "service-level" or "objective-function"
        or "optimization-constraint" or "path-set" or "path-set-constraint" or "adopt-orphan-path" or "profile" or "sink-profile" or "source-profile"
        or "peer-fwd-connectivity-service-end-point" or "server-connectivity-service-end-point" or "protecting-connectivity-service-end-point"
        or "assembled-connectivity-service-end-point" or "node-edge-point";

    private static Dictionary<string, Transponder> Sips(OpticalNetwork network)
    {
        var sips = new Dictionary<string, Transponder>(StringComparer.Ordinal);
        foreach (var t in network.Transponders)
        {
            for (var port = 1; port <= t.Interfaces; port++)
            {
                sips[TapiUuid.Sip(t.Id.Value, port)] = t;
            }
        }

        return sips;
    }

    public static bool TryString(JsonNode? node, out string? value)
    {
        value = node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
        return value is not null;
    }

    private static bool TryNumber(JsonNode node, out double value)
    {
        value = 0;
        if (node is not JsonValue v)
        {
            return false;
        }

        return v.GetValueKind() switch
        {
            JsonValueKind.Number => v.TryGetValue(out value) && double.IsFinite(value),
            JsonValueKind.String => double.TryParse(v.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value),
            _ => false,
        };
    }

    private static (TapiRequest?, RestconfError?) Fail(RestconfError error) => (null, error);
}
