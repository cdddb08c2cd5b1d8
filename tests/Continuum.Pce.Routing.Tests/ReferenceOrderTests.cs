using Continuum.Pce.Routing.Graph;
using Continuum.Pce.Routing.Search;
using Continuum.Pce.TestKit.Routing;
using Xunit;

namespace Continuum.Pce.Routing.Tests;

/// <summary>
/// The k shortest paths, ties included, in the order of networkx's <c>shortest_simple_paths</c> (the reference tools'
/// candidates). Goldens in TestData were written by TestData/networkx_ksp.py with networkx 3.6.1.
/// </summary>
public sealed class ReferenceOrderTests
{
    [Fact]
    public void Yen_OnAUnitGridFullOfTies_ListsTenPathsOfEveryPairInNetworkxOrder()
    {
        var topology = XlronTopologyReader.Read(Path.Combine(AppContext.BaseDirectory, "TestData", "grid4x4_undirected.json"));
        AssertMatchesGolden(topology.ToGraph(), "networkx-ksp-grid4x4.txt", 10);
    }

    [Fact]
    public void Yen_OnDeepRmsaCost239_ListsTheFiveCandidatesOfEveryPairInNetworkxOrder()
    {
        var topology = XlronTopologyReader.Read(Path.Combine(XlronTopologyReader.ReferenceDirectory, "cost239_deeprmsa_undirected.json"));
        AssertMatchesGolden(topology.ToGraph(), "networkx-ksp-cost239_deeprmsa.txt", 5);
    }

    [Fact]
    public void Yen_OnDeepRmsaNsfnet_ListsTheFiveCandidatesOfEveryPairInNetworkxOrder()
    {
        AssertMatchesGolden(XlronTopologyReader.Nsfnet().ToGraph(), "networkx-ksp-nsfnet_deeprmsa.txt", 5);
    }

    [Fact]
    public void Yen_OnThreeEqualDetours_KeepsThemInNetworkxOrder()
    {
        // 0-1 direct (300), then three detours of equal length (400): 0-4-1 is listed first at node 0, but the spur
        // search's backward half relaxes node 1's neighbours first, in 1's own link order (3, 4, 2), and the first
        // meeting is kept, so networkx 3.6.1 yields [[0, 1], [0, 3, 1], [0, 4, 1], [0, 2, 1]]. Ties by node number,
        // by the source's adjacency or by in-edge index would not.
        var builder = new CompactGraphBuilder();
        for (var i = 0; i < 5; i++)
        {
            builder.AddNode($"n{i}");
        }

        builder.AddDuplex("a", 0, 4, 200);
        builder.AddDuplex("b", 0, 1, 300);
        builder.AddDuplex("c", 0, 2, 200);
        builder.AddDuplex("d", 0, 3, 200);
        builder.AddDuplex("e", 3, 1, 200);
        builder.AddDuplex("f", 4, 1, 200);
        builder.AddDuplex("g", 2, 1, 200);
        var graph = builder.Freeze(1);
        var output = new PathSet();
        new SearchContext(graph).KShortestPaths(0, 1, 4, default(KmCost), default(AllEdges), output);
        Assert.Equal(["0 1", "0 3 1", "0 4 1", "0 2 1"], Enumerable.Range(0, output.Count).Select(i => Nodes(graph, output.Edges(i))));
    }

    private static void AssertMatchesGolden(CompactGraph graph, string golden, int k)
    {
        var context = new SearchContext(graph);
        var output = new PathSet();
        var pairs = 0;
        var mismatches = new List<string>();
        foreach (var line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "TestData", golden)))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var ends = line[..colon].Split(' ');
            var expected = line[(colon + 1)..].Split('|', StringSplitOptions.TrimEntries);
            context.KShortestPaths(int.Parse(ends[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(ends[1], System.Globalization.CultureInfo.InvariantCulture), k, default(KmCost), default(AllEdges), output);
            var actual = Enumerable.Range(0, output.Count).Select(i => Nodes(graph, output.Edges(i))).ToArray();
            if (!expected.SequenceEqual(actual))
            {
                mismatches.Add($"{line[..colon]}: expected {string.Join(" | ", expected)}; got {string.Join(" | ", actual)}");
            }

            pairs++;
        }

        Assert.True(pairs == graph.NodeCount * (graph.NodeCount - 1), $"golden {golden} covers {pairs} pairs");
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {pairs} pairs differ:\n{string.Join('\n', mismatches.Take(10))}");
    }

    private static string Nodes(CompactGraph graph, ReadOnlySpan<int> edges)
    {
        var nodes = new List<int> { graph.Source(edges[0]) };
        foreach (var e in edges)
        {
            nodes.Add(graph.Target(e));
        }

        return string.Join(' ', nodes);
    }
}
