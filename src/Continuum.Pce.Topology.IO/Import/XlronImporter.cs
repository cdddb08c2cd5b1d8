using System.Globalization;
using System.Text.Json;
using Continuum.Pce.Domain.Geography;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Topology.IO.Json;
using Continuum.Pce.Topology.IO.Validation;

namespace Continuum.Pce.Topology.IO.Import;

/// <summary>
/// Imports the node-link JSON of XLRON (micdoh/XLRON, MIT) and TopologyBench (Matzner et al. 2024): <c>nodes</c> with
/// <c>id</c> (number or string), optional <c>name</c>, <c>latitude</c>, <c>longitude</c>; <c>links</c> with
/// <c>source</c>, <c>target</c> and <c>distance</c> in km, taken as given. A node without coordinates takes a
/// position from <see cref="ImportOptions.KnownPositions"/> (by name), else a deterministic place on a circle around
/// <see cref="ImportOptions.FallbackCentre"/>; the network's description then says that positions are synthetic.
/// </summary>
public static class XlronImporter
{
    public static ReadResult<OpticalNetwork> Import(string json, string name, ImportOptions? options = null)
    {
        options ??= new ImportOptions();
        var c = new JsonReaderContext();
        c.Issues.AddRange(ImportIssues.CheckOptions(options));
        using var document = JsonReaderContext.Parse(json, c);
        if (document is null || !c.TryObject(document.RootElement, "$"))
        {
            return new ReadResult<OpticalNetwork>(null, [.. c.Issues]);
        }

        var root = document.RootElement;
        var rawNodes = new List<NetworkAssembler.RawNode>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var synthetic = 0;
        if (c.Array(root, "nodes", "$", out var nodeArray))
        {
            var count = nodeArray.GetArrayLength();
            var i = 0;
            foreach (var n in nodeArray.EnumerateArray())
            {
                var path = JsonReaderContext.Item("$.nodes", i);
                var index = i++;
                if (!c.TryObject(n, path) || Key(n, "id", path, c) is not { } key)
                {
                    continue;
                }

                if (!keys.Add(key))
                {
                    c.Error(IssueCodes.DuplicateId, JsonReaderContext.Field(path, "id"), $"node id {key} is listed twice");
                    continue;
                }

                var label = options.NameOfNode.TryGetValue(key, out var given) ? given : c.String(n, "name", path, required: false) ?? $"N{key}";
                var lat = c.Number(n, "latitude", path, required: false, min: -90, max: 90);
                var lon = c.Number(n, "longitude", path, required: false, min: -180, max: 180);
                GeoPoint location;
                if (lat is { } la && lon is { } lo)
                {
                    location = new GeoPoint(la, lo);
                }
                else if (options.KnownPositions.TryGetValue(PositionKeys.Of(label), out var known))
                {
                    location = known;
                }
                else
                {
                    // Deterministic: the k-th of N nodes sits at angle 2πk/N on an ellipse of ±5° latitude, ±8° longitude.
                    synthetic++;
                    var angle = 2 * Math.PI * index / count;
                    location = new GeoPoint(
                        Math.Clamp(options.FallbackCentre.Latitude + 5 * Math.Sin(angle), -90, 90),
                        WrapLongitude(options.FallbackCentre.Longitude + 8 * Math.Cos(angle)));
                }

                rawNodes.Add(new NetworkAssembler.RawNode(key, label, location));
            }
        }

        var links = new List<NetworkAssembler.RawLink>();
        if (c.Array(root, "links", "$", out var linkArray))
        {
            var i = 0;
            foreach (var l in linkArray.EnumerateArray())
            {
                var path = JsonReaderContext.Item("$.links", i++);
                if (!c.TryObject(l, path))
                {
                    continue;
                }

                var source = Key(l, "source", path, c);
                var target = Key(l, "target", path, c);
                var km = c.Number(l, "distance", path, min: 0, exclusiveMin: true);
                foreach (var (end, field) in new[] { (source, "source"), (target, "target") })
                {
                    if (end is not null && !keys.Contains(end))
                    {
                        c.Error(IssueCodes.UnknownNode, JsonReaderContext.Field(path, field), $"node {end} is not listed in $.nodes");
                    }
                }

                if (source is not null && target is not null && km is not null && keys.Contains(source) && keys.Contains(target))
                {
                    links.Add(new NetworkAssembler.RawLink(source, target, km.Value, path));
                }
            }
        }

        if (c.HasErrors)
        {
            return new ReadResult<OpticalNetwork>(null, [.. c.Issues]);
        }

        var description = $"Imported from XLRON/TopologyBench node-link JSON: {rawNodes.Count} nodes, {links.Count} links, link lengths as published; " +
                          $"spans of at most {options.SpanLengthKm.ToString(CultureInfo.InvariantCulture)} km" +
                          (synthetic > 0 ? $"; {synthetic} of {rawNodes.Count} nodes have no coordinates in the source and were placed on a circle (synthetic positions)." : ".");
        var result = NetworkAssembler.Assemble(name, description, rawNodes, links, options);
        return result with { Issues = [.. c.Issues, .. result.Issues] };
    }

    private static double WrapLongitude(double lon) => lon > 180 ? lon - 360 : lon < -180 ? lon + 360 : lon;

    /// <summary>Node ids are numbers in most files and strings in some: both become the same text key.</summary>
    private static string? Key(JsonElement e, string field, string path, JsonReaderContext c)
    {
        if (!e.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            c.Error(IssueCodes.MissingField, JsonReaderContext.Field(path, field), $"required field '{field}' is missing");
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String when !string.IsNullOrWhiteSpace(value.GetString()) => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => Wrong(),
        };

        string? Wrong()
        {
            c.Error(IssueCodes.WrongType, JsonReaderContext.Field(path, field), "expected a node id (a number or a non-empty string)");
            return null;
        }
    }
}
