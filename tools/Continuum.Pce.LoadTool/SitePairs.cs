using Continuum.Pce.Domain.Network;
using QuikGraph;
using QuikGraph.Algorithms.ShortestPath;

/// <summary>Ordered pairs of distinct sites, optionally only those whose shortest fibre route is at most a distance.</summary>
internal static class SitePairs
{
    public static (int A, int B)[] Within(OpticalNetwork network, string[] sites, double maxKm)
    {
        var pairs = new List<(int, int)>();
        if (!double.IsFinite(maxKm))
        {
            for (var a = 0; a < sites.Length; a++)
            {
                for (var b = 0; b < sites.Length; b++)
                {
                    if (a != b)
                    {
                        pairs.Add((a, b));
                    }
                }
            }

            return [.. pairs];
        }

        var graph = new AdjacencyGraph<string, TaggedEdge<string, double>>();
        foreach (var fiber in network.Fibers)
        {
            graph.AddVerticesAndEdge(new TaggedEdge<string, double>(fiber.Source.Value, fiber.Destination.Value, fiber.LengthKm));
        }

        var roadmsOf = network.Roadms.GroupBy(r => r.Site.Value).ToDictionary(g => g.Key, g => g.Select(r => r.Id.Value).ToArray());
        for (var a = 0; a < sites.Length; a++)
        {
            var nearest = new Dictionary<string, double>();
            foreach (var root in roadmsOf[sites[a]].Where(graph.ContainsVertex))
            {
                var dijkstra = new DijkstraShortestPathAlgorithm<string, TaggedEdge<string, double>>(graph, e => e.Tag);
                dijkstra.Compute(root);
                foreach (var roadm in network.Roadms)
                {
                    if (dijkstra.TryGetDistance(roadm.Id.Value, out var km) && (!nearest.TryGetValue(roadm.Site.Value, out var known) || km < known))
                    {
                        nearest[roadm.Site.Value] = km;
                    }
                }
            }

            for (var b = 0; b < sites.Length; b++)
            {
                if (a != b && nearest.TryGetValue(sites[b], out var km) && km <= maxKm)
                {
                    pairs.Add((a, b));
                }
            }
        }

        return [.. pairs];
    }
}
