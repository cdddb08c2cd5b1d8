namespace Continuum.Pce.TestKit.Routing;

/// <summary>Seeded random topologies for property tests: same seed, same topology.</summary>
public static class RandomTopologies
{
    /// <summary>
    /// A connected random graph: a random spanning tree plus <paramref name="extraLinks"/> random links (no parallel
    /// links, no self-loops), integer lengths 1..<paramref name="maxKm"/> so sums compare exactly, and when
    /// <paramref name="srlgCount"/> &gt; 0 each link joins 0–2 of that many SRLGs.
    /// </summary>
    public static LinkTopology Connected(int seed, int nodes, int extraLinks, int maxKm = 20, int srlgCount = 0)
    {
        var random = new Random(seed);
        var names = new string[nodes];
        for (var i = 0; i < nodes; i++)
        {
            names[i] = $"N{i}";
        }

        var links = new List<TestLink>();
        var present = new HashSet<(int, int)>();
        for (var i = 1; i < nodes; i++)
        {
            Add(random.Next(i), i);
        }

        var attempts = 0;
        while (extraLinks > 0 && attempts++ < 1000)
        {
            var a = random.Next(nodes);
            var b = random.Next(nodes);
            if (a != b && Add(a, b))
            {
                extraLinks--;
            }
        }

        return new LinkTopology($"random-{seed}", names, links);

        bool Add(int a, int b)
        {
            var key = a < b ? (a, b) : (b, a);
            if (!present.Add(key))
            {
                return false;
            }

            string[]? srlgs = null;
            if (srlgCount > 0)
            {
                var k = random.Next(3);
                srlgs = new string[k];
                for (var j = 0; j < k; j++)
                {
                    srlgs[j] = $"S{random.Next(srlgCount)}";
                }

                srlgs = srlgs.Distinct().ToArray();
            }

            links.Add(new TestLink(a, b, random.Next(1, maxKm + 1), srlgs));
            return true;
        }
    }

    /// <summary>
    /// A seeded random geometric graph for scale benchmarks when no generator is at hand: points in a square of side
    /// <paramref name="sideKm"/>, each joined to its nearest predecessor (connected) and then the shortest links among
    /// near neighbours until the average degree is reached.
    /// </summary>
    public static LinkTopology Geometric(int seed, int nodes, double averageDegree = 3.0, double sideKm = 3000)
    {
        var random = new Random(seed);
        var x = new double[nodes];
        var y = new double[nodes];
        for (var i = 0; i < nodes; i++)
        {
            x[i] = random.NextDouble() * sideKm;
            y[i] = random.NextDouble() * sideKm;
        }

        double Km(int a, int b) => Math.Round(Math.Sqrt(((x[a] - x[b]) * (x[a] - x[b])) + ((y[a] - y[b]) * (y[a] - y[b]))) * 1.2, 1);
        var present = new HashSet<(int, int)>();
        var links = new List<TestLink>();
        for (var i = 1; i < nodes; i++)
        {
            var best = 0;
            for (var j = 1; j < i; j++)
            {
                if (Km(i, j) < Km(i, best))
                {
                    best = j;
                }
            }

            present.Add((best, i));
            links.Add(new TestLink(best, i, Math.Max(1, Km(best, i))));
        }

        var candidates = new List<(double Km, int A, int B)>();
        for (var i = 0; i < nodes; i++)
        {
            var near = Enumerable.Range(0, nodes).Where(j => j != i).OrderBy(j => Km(i, j)).Take(6);
            foreach (var j in near)
            {
                candidates.Add((Km(i, j), Math.Min(i, j), Math.Max(i, j)));
            }
        }

        var target = (int)Math.Round(averageDegree * nodes / 2);
        foreach (var (km, a, b) in candidates.OrderBy(c => c.Km).ThenBy(c => c.A).ThenBy(c => c.B))
        {
            if (links.Count >= target)
            {
                break;
            }

            if (present.Add((a, b)))
            {
                links.Add(new TestLink(a, b, Math.Max(1, km)));
            }
        }

        return new LinkTopology($"geometric-{nodes}-{seed}", Enumerable.Range(0, nodes).Select(i => $"G{i}").ToArray(), links);
    }
}
