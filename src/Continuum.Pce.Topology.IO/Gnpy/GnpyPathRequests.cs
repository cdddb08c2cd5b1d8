using System.Text.Json;
using System.Text.Json.Nodes;

namespace Continuum.Pce.Topology.IO.Gnpy;

/// <summary>One GNPy path request (<c>path-request[]</c> of GNPy's service file).</summary>
/// <param name="TrxMode">Requested mode; null lets the computation choose the best feasible one.</param>
/// <param name="SpacingHz">Channel spacing, Hz.</param>
/// <param name="OutputPowerW">Per-channel launch power, W (GNPy's <c>output-power</c>).</param>
/// <param name="PathBandwidthBps">Requested capacity, bit/s.</param>
/// <param name="ExplicitRoute">Node uids the path must include, in order (<c>route-include-ero</c>).</param>
public sealed record GnpyPathRequest(
    string RequestId,
    string Source,
    string Destination,
    string? TrxType,
    string? TrxMode,
    double? SpacingHz,
    double? OutputPowerW,
    double? PathBandwidthBps,
    IReadOnlyList<string> ExplicitRoute)
{
    /// <summary>GNPy's <c>bidirectional</c>: the reverse direction must be feasible too, on the same spectrum.</summary>
    public bool Bidirectional { get; init; }

    /// <summary>
    /// Per hop of <see cref="ExplicitRoute"/>, whether it is loose (<c>hop-type</c> LOOSE) rather than strict; empty
    /// means every hop is strict.
    /// </summary>
    public IReadOnlyList<bool> LooseHops { get; init; } = [];

    /// <summary>
    /// GNPy's <c>effective-freq-slot</c> entries: requested centre N (6.25 GHz steps from 193.1 THz) and half-width M
    /// (12.5 GHz units), either possibly null (chosen by first fit); empty when none is requested.
    /// </summary>
    public IReadOnlyList<(int? N, int? M)> FrequencySlots { get; init; } = [];
}

/// <summary>How the requests of a synchronization group must be disjoint.</summary>
public enum GnpyDisjointness
{
    /// <summary>No fibre in common.</summary>
    Link,

    /// <summary>No fibre and no ROADM in common, the ROADMs the transceivers are attached to excepted.</summary>
    Node,
}

/// <summary>One entry of GNPy's <c>synchronization[]</c>: requests to be routed disjoint from each other.</summary>
public sealed record GnpySynchronization(string Id, GnpyDisjointness Disjointness, bool Relaxable, IReadOnlyList<string> RequestIds);

/// <summary>A service file: its path requests and synchronization (disjointness) groups.</summary>
public sealed record GnpyServiceFile(IReadOnlyList<GnpyPathRequest> Requests, IReadOnlyList<GnpySynchronization> Synchronization);

/// <summary>The answer to one path request.</summary>
public abstract record GnpyPathResult(string RequestId);

/// <summary>A computed path: GSNR and OSNR in signal bandwidth and in 0.1 nm (dB, means over the channel).</summary>
public sealed record GnpyPathFound(
    string RequestId,
    string TrxType,
    string TrxMode,
    double SnrBandwidthDb,
    double Snr01nmDb,
    double OsnrBandwidthDb,
    double Osnr01nmDb,
    double ReferencePowerW,
    double PathBandwidthBps,
    IReadOnlyList<string> Route) : GnpyPathResult(RequestId)
{
    /// <summary>Spectrum assigned: centre N (6.25 GHz steps from 193.1 THz) and half-width M (12.5 GHz units), GNPy's label-hop.</summary>
    public (int N, int M)? Spectrum { get; init; }

    /// <summary>For a bidirectional request, the reverse direction's route and figures.</summary>
    public GnpyPathFound? Reverse { get; init; }
}

/// <summary>No path: GNPy's reason code (NO_PATH, MODE_NOT_FEASIBLE, NO_FEASIBLE_MODE, ...) and a description.</summary>
public sealed record GnpyNoPath(string RequestId, string Reason, string Description) : GnpyPathResult(RequestId);

/// <summary>Reads GNPy path requests and writes GNPy-shaped responses (<c>response[]</c> with <c>path-properties</c> or <c>no-path</c>).</summary>
public static class GnpyPathRequests
{
    public static IReadOnlyList<GnpyPathRequest> Load(string path) => Parse(TopologyInput.ReadFile(path));

    public static IReadOnlyList<GnpyPathRequest> Parse(string json) => ParseServiceFile(json).Requests;

    /// <summary>Reads a service file with its synchronization groups.</summary>
    public static GnpyServiceFile LoadServiceFile(string path) => ParseServiceFile(TopologyInput.ReadFile(path));

    public static GnpyServiceFile ParseServiceFile(string json)
    {
        using var document = JsonDocument.Parse(json);
        var errors = new List<string>();
        var requests = new List<GnpyPathRequest>();
        if (!document.RootElement.TryGetProperty("path-request", out var array) || array.ValueKind != JsonValueKind.Array)
        {
            throw new GnpyFormatException(["$: needs a path-request array"]);
        }

        var i = 0;
        foreach (var request in array.EnumerateArray())
        {
            var id = request.TryGetProperty("request-id", out var rid) ? rid.ToString() : null;
            var source = request.Str("source");
            var destination = request.Str("destination");
            if (id is null || source is null || destination is null)
            {
                errors.Add($"$.path-request[{i}]: needs request-id, source and destination");
                i++;
                continue;
            }

            var bandwidth = request.Obj("path-constraints").Obj("te-bandwidth");
            var route = new List<string>();
            var loose = new List<bool>();
            if (request.Obj("explicit-route-objects").ValueKind == JsonValueKind.Object
                && request.Obj("explicit-route-objects").TryGetProperty("route-object-include-exclude", out var hops)
                && hops.ValueKind == JsonValueKind.Array)
            {
                var hopIndex = 0;
                foreach (var hop in hops.EnumerateArray().OrderBy(h => h.Num("index") ?? 0))
                {
                    var usage = hop.Str("explicit-route-usage");
                    if (usage is not null && usage != "route-include-ero")
                    {
                        errors.Add($"$.path-request[{i}].explicit-route-objects.route-object-include-exclude[{hopIndex}].explicit-route-usage: '{usage}' is not supported (route-include-ero only)");
                    }

                    var hopType = hop.Obj("num-unnum-hop").Str("hop-type");
                    if (hopType is not null && hopType is not ("LOOSE" or "STRICT"))
                    {
                        errors.Add($"$.path-request[{i}].explicit-route-objects.route-object-include-exclude[{hopIndex}].num-unnum-hop.hop-type: '{hopType}' is not LOOSE or STRICT");
                    }

                    if (hop.Obj("num-unnum-hop").Str("node-id") is { } node)
                    {
                        route.Add(node);
                        loose.Add(hopType == "LOOSE");
                    }

                    hopIndex++;
                }
            }

            var slots = ReadFrequencySlots(bandwidth, $"$.path-request[{i}].path-constraints.te-bandwidth.effective-freq-slot", errors);

            requests.Add(new GnpyPathRequest(
                id,
                source,
                destination,
                bandwidth.Str("trx_type"),
                bandwidth.Str("trx_mode"),
                bandwidth.Num("spacing"),
                bandwidth.Num("output-power"),
                bandwidth.Num("path_bandwidth"),
                route)
            {
                Bidirectional = request.TryGetProperty("bidirectional", out var bidir) && bidir.ValueKind == JsonValueKind.True,
                LooseHops = loose,
                FrequencySlots = slots,
            });
            i++;
        }

        var synchronization = ReadSynchronization(document.RootElement, requests, errors);
        if (errors.Count > 0)
        {
            throw new GnpyFormatException(errors);
        }

        return new GnpyServiceFile(requests, synchronization);
    }

    /// <summary>GNPy's <c>effective-freq-slot</c>: a list of {N, M}, each possibly null (or GNPy's string "null").</summary>
    private static List<(int? N, int? M)> ReadFrequencySlots(JsonElement bandwidth, string path, List<string> errors)
    {
        var slots = new List<(int? N, int? M)>();
        if (bandwidth.ValueKind != JsonValueKind.Object
            || !bandwidth.TryGetProperty("effective-freq-slot", out var array)
            || array.ValueKind == JsonValueKind.Null)
        {
            return slots;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            errors.Add($"{path}: must be an array of {{N, M}}");
            return slots;
        }

        var k = 0;
        foreach (var slot in array.EnumerateArray())
        {
            int? Read(string name)
            {
                if (slot.ValueKind != JsonValueKind.Object || !slot.TryGetProperty(name, out var value)
                    || value.ValueKind == JsonValueKind.Null || (value.ValueKind == JsonValueKind.String && value.GetString() == "null"))
                {
                    return null;
                }

                if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
                {
                    return number;
                }

                errors.Add($"{path}[{k}].{name}: must be an integer or null");
                return null;
            }

            var n = Read("N");
            var m = Read("M");
            if (m is <= 0)
            {
                errors.Add($"{path}[{k}].M: must be positive");
            }

            slots.Add((n, m));
            k++;
        }

        return slots;
    }

    private static List<GnpySynchronization> ReadSynchronization(JsonElement root, List<GnpyPathRequest> requests, List<string> errors)
    {
        var groups = new List<GnpySynchronization>();
        if (!root.TryGetProperty("synchronization", out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return groups;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            errors.Add("$.synchronization: must be an array");
            return groups;
        }

        var known = requests.Select(r => r.RequestId).ToHashSet(StringComparer.Ordinal);
        var k = 0;
        foreach (var entry in array.EnumerateArray())
        {
            var path = $"$.synchronization[{k++}]";
            var svec = entry.Obj("svec");
            var id = entry.TryGetProperty("synchronization-id", out var sid) ? sid.ToString() : path;
            var disjointness = svec.Str("disjointness");
            GnpyDisjointness kind;
            if (disjointness is null)
            {
                errors.Add($"{path}.svec.disjointness: missing");
                continue;
            }
            else if (disjointness.Contains("node", StringComparison.Ordinal))
            {
                kind = GnpyDisjointness.Node;
            }
            else if (disjointness.Contains("link", StringComparison.Ordinal))
            {
                kind = GnpyDisjointness.Link;
            }
            else
            {
                errors.Add($"{path}.svec.disjointness: '{disjointness}' is not supported (node or link disjointness only)");
                continue;
            }

            var ids = new List<string>();
            if (svec.TryGetProperty("request-id-number", out var numbers) && numbers.ValueKind == JsonValueKind.Array)
            {
                var j = 0;
                foreach (var n in numbers.EnumerateArray())
                {
                    var rid = n.ToString();
                    if (!known.Contains(rid))
                    {
                        errors.Add($"{path}.svec.request-id-number[{j}]: no path request '{rid}'");
                    }

                    ids.Add(rid);
                    j++;
                }
            }

            if (ids.Count < 2)
            {
                errors.Add($"{path}.svec.request-id-number: needs at least two request ids");
                continue;
            }

            var relaxable = svec.TryGetProperty("relaxable", out var r) && r.ValueKind == JsonValueKind.True;
            groups.Add(new GnpySynchronization(id, kind, relaxable, ids));
        }

        return groups;
    }

    /// <summary>The response document for a list of results, in request order.</summary>
    public static string WriteResponse(IEnumerable<GnpyPathResult> results)
    {
        var responses = new JsonArray();
        foreach (var result in results)
        {
            var response = new JsonObject { ["response-id"] = result.RequestId };
            switch (result)
            {
                case GnpyPathFound found:
                    response["path-properties"] = new JsonObject
                    {
                        ["path-metric"] = new JsonArray(
                            Metric("SNR-bandwidth", found.SnrBandwidthDb),
                            Metric("SNR-0.1nm", found.Snr01nmDb),
                            Metric("OSNR-bandwidth", found.OsnrBandwidthDb),
                            Metric("OSNR-0.1nm", found.Osnr01nmDb),
                            Metric("reference_power", found.ReferencePowerW, rounded: false),
                            Metric("path_bandwidth", found.PathBandwidthBps, rounded: false)),
                        ["path-route-objects"] = new JsonArray([.. found.Route.Select((uid, index) => (JsonNode)new JsonObject
                        {
                            ["path-route-object"] = new JsonObject
                            {
                                ["index"] = index,
                                ["num-unnum-hop"] = new JsonObject { ["node-id"] = uid, ["link-tp-id"] = uid },
                            },
                        })]),
                        ["transponder"] = new JsonObject { ["transponder-type"] = found.TrxType, ["transponder-mode"] = found.TrxMode },
                    };
                    if (found.Spectrum is { } slot)
                    {
                        response["path-properties"]!["spectrum"] = new JsonObject { ["N"] = slot.N, ["M"] = slot.M };
                    }

                    if (found.Reverse is { } reverse)
                    {
                        response["path-properties"]!["z-a-path-metric"] = new JsonArray(
                            Metric("SNR-bandwidth", reverse.SnrBandwidthDb),
                            Metric("SNR-0.1nm", reverse.Snr01nmDb),
                            Metric("OSNR-bandwidth", reverse.OsnrBandwidthDb),
                            Metric("OSNR-0.1nm", reverse.Osnr01nmDb));
                    }
                    break;
                case GnpyNoPath noPath:
                    response["no-path"] = new JsonObject { ["no-path"] = noPath.Reason, ["description"] = noPath.Description };
                    break;
            }

            responses.Add((JsonNode)response);
        }

        return new JsonObject { ["response"] = responses }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static JsonObject Metric(string type, double value, bool rounded = true) =>
        new() { ["metric-type"] = type, ["accumulative-value"] = rounded ? Math.Round(value, 2) : value };
}
