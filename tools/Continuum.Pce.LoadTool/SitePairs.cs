using Continuum.Pce.Domain.Network;
using QuikGraph;
using QuikGraph.Algorithms.ShortestPath;

/// <summary>Ordered pairs of distinct sites, optionally only those whose shortest fibre route is at most a distance.</summary>
internal static class SitePairs
{
    public static (int A, int B)[] Within(OpticalNetwork network, string[] sites, double maxKm)
    {
        var bounded = double.IsFinite(maxKm);
        var graph = new AdjacencyGraph<string, TaggedEdge<string, double>>();
        if (bounded)
        {
            foreach (var fiber in network.Fibers)
            {
                graph.AddVerticesAndEdge(new TaggedEdge<string, double>(fiber.Source.Value, fiber.Destination.Value, fiber.LengthKm));
            }
        }

        var pairs = new List<(int, int)>();
        for (var a = 0; a < sites.Length; a++)
        {
            var nearest = bounded ? NearestKm(network, graph, sites[a]) : null;
            for (var b = 0; b < sites.Length; b++)
            {
                if (a != b && (nearest is null || (nearest.TryGetValue(sites[b], out var km) && km <= maxKm)))
                {
                    pairs.Add((a, b));
                }
            }
        }

        return [.. pairs];
    }

    /// <summary>The shortest fibre route, km, from any ROADM of a site to each site it reaches.</summary>
    private static Dictionary<string, double> NearestKm(OpticalNetwork network, AdjacencyGraph<string, TaggedEdge<string, double>> graph, string site)
    {
        var nearest = new Dictionary<string, double>();
        foreach (var root in network.Roadms.Where(r => r.Site.Value == site && graph.ContainsVertex(r.Id.Value)))
        {
            var dijkstra = new DijkstraShortestPathAlgorithm<string, TaggedEdge<string, double>>(graph, e => e.Tag);
            dijkstra.Compute(root.Id.Value);
            foreach (var roadm in network.Roadms)
            {
                if (dijkstra.TryGetDistance(roadm.Id.Value, out var km) && (!nearest.TryGetValue(roadm.Site.Value, out var known) || km < known))
                {
                    nearest[roadm.Site.Value] = km;
                }
            }
        }

        return nearest;
    }
}
