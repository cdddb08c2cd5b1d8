using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Continuum.Pce.Domain.Geography;

namespace Continuum.Pce.Topology.IO.Tests.Fuzzing;

/// <summary>
/// An independent judge of network documents: the rules of docs/topology-format.md written again, directly over the
/// JSON, without the reader's code. The fuzzers assert that nothing the reader accepts breaks one of these rules
/// (0 accepted invalid files). It covers the rules the mutations can break, not every rule of the format.
/// </summary>
public static partial class TopologyOracle
{
    private static readonly HashSet<string> Tiers = ["core-dc", "regional-dc", "colo", "telco-edge", "enterprise", "industrial", "amplifier-hut"];
    private static readonly HashSet<string> Kinds = ["roadm", "transponder", "amplifier"];

    [GeneratedRegex("^[A-Z]{2}(-[A-Z0-9]{1,3})?$")]
    private static partial Regex IsoShape();

    /// <summary>The rules <paramref name="text"/> breaks (empty when it is valid as far as this oracle knows).</summary>
    public static List<string> Violations(string text, IReadOnlySet<string> fiberTypes, TopologyLimits limits)
    {
        var v = new List<string>();
        JsonNode? root;
        try
        {
            if (System.Text.Encoding.UTF8.GetByteCount(text) > limits.MaxDocumentBytes)
            {
                return ["document over MaxDocumentBytes"];
            }

            // Comments are allowed by the format; trailing commas and duplicate names are not.
            root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = limits.MaxDepth, AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            return [$"not JSON under the format's rules: {e.Message}"];
        }

        if (root is not JsonObject doc)
        {
            return ["root is not an object"];
        }

        if (Str(doc, "format") != "continuum-pce/network@1")
        {
            v.Add("format");
        }

        if (string.IsNullOrWhiteSpace(Str(doc, "name")))
        {
            v.Add("name");
        }

        CheckStrings(doc, limits, v, "$");
        var sites = List(doc, "sites", limits.MaxSites, v);
        var nodes = List(doc, "nodes", limits.MaxNodes, v);
        var fibers = List(doc, "fibers", limits.MaxFibers, v);
        var siteIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var site in sites)
        {
            if (Str(site, "id") is not { Length: > 0 } id || !siteIds.Add(id))
            {
                v.Add("site id missing or duplicate");
            }

            if (Str(site, "tier") is not { } tier || !Tiers.Contains(tier))
            {
                v.Add("site tier");
            }

            if (!IsJurisdiction(Str(site, "jurisdiction")))
            {
                v.Add($"site jurisdiction {site["jurisdiction"]?.ToJsonString()}");
            }

            InRange(site, "latitude", -90, 90, required: true, v);
            InRange(site, "longitude", -180, 180, required: true, v);
            InRange(site, "electricityPricePerKwh", 0, 10, required: false, v);
            InRange(site, "carbonIntensityGramsPerKwh", 0, 2000, required: false, v);
        }

        var nodeKinds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            var kind = Str(node, "kind");
            if (kind is null || !Kinds.Contains(kind))
            {
                v.Add($"node kind {kind}");
            }

            if (Str(node, "id") is not { Length: > 0 } id || !nodeKinds.TryAdd(id, kind ?? ""))
            {
                v.Add("node id missing or duplicate");
            }

            if (Str(node, "site") is not { } site || !siteIds.Contains(site))
            {
                v.Add("node site");
            }

            if (string.IsNullOrWhiteSpace(Str(node, "type")))
            {
                v.Add("node type");
            }

            if (kind == "roadm")
            {
                InRange(node, "degrees", 1, 64, required: true, v);
            }
        }

        foreach (var node in nodes.Where(n => Str(n, "kind") == "transponder"))
        {
            if (Str(node, "attachedRoadm") is not { } roadm || nodeKinds.GetValueOrDefault(roadm) != "roadm")
            {
                v.Add("transponder attachedRoadm");
            }
        }

        // Guard bands are narrower than the grid: slotCount from $.grid, else the C-band flexgrid's 768.
        var slotCount = doc["grid"] is JsonObject grid && grid["slotCount"] is JsonValue sc && sc.TryGetValue<double>(out var count) ? count : 768;
        var fiberIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fiber in fibers)
        {
            if (Str(fiber, "id") is not { Length: > 0 } id || !fiberIds.Add(id))
            {
                v.Add("fibre id missing or duplicate");
            }

            var source = Str(fiber, "source");
            var destination = Str(fiber, "destination");
            if (source is null || destination is null || nodeKinds.GetValueOrDefault(source) != "roadm" || nodeKinds.GetValueOrDefault(destination) != "roadm" || source == destination)
            {
                v.Add("fibre ends");
            }

            if (fiber["guardBandSlots"] is JsonValue g && (g.GetValueKind() != JsonValueKind.Number || !g.TryGetValue<double>(out var guard) || guard < 0 || guard >= slotCount || guard != Math.Floor(guard)))
            {
                v.Add("guardBandSlots");
            }

            if (fiber["jurisdictions"] is JsonArray codes && (codes.Count > limits.MaxJurisdictionsPerFiber || codes.Any(c => c is not JsonValue cv || !cv.TryGetValue<string>(out var s) || !IsJurisdiction(s))))
            {
                v.Add("fibre jurisdictions");
            }

            if (fiber["spans"] is not JsonArray spans || spans.Count == 0 || spans.Count > limits.MaxSpansPerFiber)
            {
                v.Add("fibre spans count");
                continue;
            }

            foreach (var span in spans.OfType<JsonObject>())
            {
                InRange(span, "lengthKm", double.Epsilon, 1000, required: true, v);
                InRange(span, "lossDbPerKm", double.Epsilon, 1, required: false, v);
                InRange(span, "connectorInDb", 0, 10, required: false, v);
                InRange(span, "connectorOutDb", 0, 10, required: false, v);
                if (Str(span, "fiberType") is not { } type || !fiberTypes.Contains(type))
                {
                    v.Add("span fiberType");
                }
            }

            if (spans.Any(s => s is not JsonObject))
            {
                v.Add("span not an object");
            }
        }

        return v;
    }

    private static bool IsJurisdiction(string? code) =>
        code is not null && IsoShape().IsMatch(code) && Iso3166.IsAssigned(code[..2]) && (code.Length == 2 || Iso3166.IsSubdivision(code));

    private static string? Str(JsonObject o, string name) => o[name] is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;

    private static List<JsonObject> List(JsonObject doc, string name, int max, List<string> v)
    {
        if (doc[name] is not JsonArray array)
        {
            v.Add($"{name} is not an array");
            return [];
        }

        if (array.Count > max)
        {
            v.Add($"{name} over its bound");
        }

        if (array.Any(x => x is not JsonObject))
        {
            v.Add($"an item of {name} is not an object");
        }

        return [.. array.OfType<JsonObject>()];
    }

    private static void InRange(JsonObject o, string name, double min, double max, bool required, List<string> v)
    {
        var node = o[name];
        if (node is null)
        {
            if (required)
            {
                v.Add($"{name} missing");
            }

            return;
        }

        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.Number || !value.TryGetValue<double>(out var x) || x < min || x > max)
        {
            v.Add($"{name} = {node.ToJsonString()}");
        }
    }

    private static void CheckStrings(JsonNode node, TopologyLimits limits, List<string> v, string path)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    if (value is not null)
                    {
                        CheckStrings(value, limits, v, $"{path}.{key}");
                    }
                }

                break;
            case JsonArray a:
                foreach (var item in a.OfType<JsonNode>())
                {
                    CheckStrings(item, limits, v, path);
                }

                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Length > limits.MaxStringLength:
                v.Add($"string over MaxStringLength at {path}");
                break;
        }
    }
}
