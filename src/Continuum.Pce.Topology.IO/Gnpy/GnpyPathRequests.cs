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
    IReadOnlyList<string> ExplicitRoute);

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
    IReadOnlyList<string> Route) : GnpyPathResult(RequestId);

/// <summary>No path: GNPy's reason code (NO_PATH, MODE_NOT_FEASIBLE, NO_FEASIBLE_MODE, ...) and a description.</summary>
public sealed record GnpyNoPath(string RequestId, string Reason, string Description) : GnpyPathResult(RequestId);

/// <summary>Reads GNPy path requests and writes GNPy-shaped responses (<c>response[]</c> with <c>path-properties</c> or <c>no-path</c>).</summary>
public static class GnpyPathRequests
{
    public static IReadOnlyList<GnpyPathRequest> Load(string path) => Parse(TopologyInput.ReadFile(path));

    public static IReadOnlyList<GnpyPathRequest> Parse(string json)
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
            if (request.Obj("explicit-route-objects").ValueKind == JsonValueKind.Object
                && request.Obj("explicit-route-objects").TryGetProperty("route-object-include-exclude", out var hops)
                && hops.ValueKind == JsonValueKind.Array)
            {
                foreach (var hop in hops.EnumerateArray().OrderBy(h => h.Num("index") ?? 0))
                {
                    if (hop.Obj("num-unnum-hop").Str("node-id") is { } node)
                    {
                        route.Add(node);
                    }
                }
            }

            requests.Add(new GnpyPathRequest(
                id,
                source,
                destination,
                bandwidth.Str("trx_type"),
                bandwidth.Str("trx_mode"),
                bandwidth.Num("spacing"),
                bandwidth.Num("output-power"),
                bandwidth.Num("path_bandwidth"),
                route));
            i++;
        }

        if (errors.Count > 0)
        {
            throw new GnpyFormatException(errors);
        }

        return requests;
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
