using System.Text.Json;

namespace Continuum.Pce.TestKit.Routing;

/// <summary>
/// A tiny reader of the XLRON / networkx node-link JSON (nodes with "id", links with "source", "target" and
/// "distance" or "length" in km). For tests and benchmarks only; the product importer lives in Topology.IO.
/// </summary>
public static class XlronTopologyReader
{
    /// <summary>The shared reference topologies directory.</summary>
    public const string ReferenceDirectory = "/work/shared/reference/topologies/xlron";

    public static LinkTopology Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        var index = new Dictionary<string, int>();
        var names = new List<string>();
        foreach (var node in root.GetProperty("nodes").EnumerateArray())
        {
            var id = node.GetProperty("id").ToString();
            index[id] = names.Count;
            names.Add(node.TryGetProperty("name", out var name) ? name.ToString() : id);
        }

        var links = new List<TestLink>();
        var linkArray = root.TryGetProperty("links", out var l) ? l : root.GetProperty("edges");
        foreach (var link in linkArray.EnumerateArray())
        {
            var km = link.TryGetProperty("distance", out var d) ? d.GetDouble()
                : link.TryGetProperty("length", out var len) ? len.GetDouble()
                : link.GetProperty("weight").GetDouble();
            links.Add(new TestLink(index[link.GetProperty("source").ToString()], index[link.GetProperty("target").ToString()], km));
        }

        return new LinkTopology(Path.GetFileNameWithoutExtension(path), names, links);
    }

    public static LinkTopology Nsfnet() => Read(Path.Combine(ReferenceDirectory, "nsfnet_deeprmsa_undirected.json"));

    public static LinkTopology Usa100() => Read(Path.Combine(ReferenceDirectory, "usa100_undirected.json"));
}
