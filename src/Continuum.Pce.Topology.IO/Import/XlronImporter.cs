using System.Globalization;
using System.Text.Json;
using Continuum.Pce.Domain.Geography;
using Continuum.Pce.Domain.Network;

namespace Continuum.Pce.Topology.IO.Import;

/// <summary>
/// Imports the node-link JSON of XLRON and TopologyBench (<c>nodes</c> with <c>id</c>, optional <c>name</c>,
/// <c>latitude</c>, <c>longitude</c>; <c>links</c> with <c>source</c>, <c>target</c> and <c>distance</c> in km). Link
/// lengths are taken as given. Files without coordinates get positions on a circle around a point
/// (<see cref="FallbackCentre"/>), marked as synthetic in the description.
/// </summary>
public static class XlronImporter
{
    public static GeoPoint FallbackCentre { get; set; } = new(39.5, -98.35);

    public static OpticalNetwork Import(string json, string name, ImportOptions? options = null)
    {
        options ??= new ImportOptions();
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var rawNodes = new List<NetworkAssembler.RawNode>();
        var nodes = root.GetProperty("nodes").EnumerateArray().ToList();
        var synthetic = false;
        for (var i = 0; i < nodes.Count; i++)
        {
            var n = nodes[i];
            var key = Scalar(n.GetProperty("id"));
            var label = options.NameOfNode.TryGetValue(key, out var given) ? given
                : n.TryGetProperty("name", out var nm) && nm.ValueKind == JsonValueKind.String ? nm.GetString()! : $"N{key}";
            GeoPoint location;
            if (n.TryGetProperty("latitude", out var lat) && n.TryGetProperty("longitude", out var lon))
            {
                location = new GeoPoint(lat.GetDouble(), lon.GetDouble());
            }
            else if (options.KnownPositions.TryGetValue(PositionKeys.Of(label), out var known))
            {
                location = known;
            }
            else
            {
                synthetic = true;
                var angle = 2 * Math.PI * i / nodes.Count;
                location = new GeoPoint(FallbackCentre.Latitude + 5 * Math.Sin(angle), FallbackCentre.Longitude + 8 * Math.Cos(angle));
            }

            rawNodes.Add(new NetworkAssembler.RawNode(key, label, location));
        }

        var links = root.GetProperty("links").EnumerateArray()
            .Select(l => new NetworkAssembler.RawLink(Scalar(l.GetProperty("source")), Scalar(l.GetProperty("target")), l.GetProperty("distance").GetDouble()))
            .ToList();
        var description = $"Imported from XLRON/TopologyBench node-link JSON: {rawNodes.Count} nodes, {links.Count} links, link lengths as published" +
                          (synthetic ? "; the source has no coordinates, so site positions are synthetic (a circle)." : ".");
        return NetworkAssembler.Assemble(name, description, rawNodes, links, options);
    }

    private static string Scalar(JsonElement e) => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText().Trim().ToString(CultureInfo.InvariantCulture);
}
