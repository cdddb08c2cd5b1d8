using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Routing.Graph;
using Continuum.Pce.TestKit.Routing;
using Continuum.Pce.Topology.IO.Import;
using Continuum.Pce.TopologyGenerator;
using QuikGraph;

namespace Continuum.Pce.Benchmarks.Routing;

/// <summary>The three benchmark networks as routing graphs, and the same graphs for QuikGraph.</summary>
public static class RoutingTopologies
{
    public const string Nsfnet = "NSFNET";
    public const string Usa100 = "USA100";
    public const string Synthetic1000 = "Synthetic1000";

    /// <summary>Only the ROADM type matters to routing; 0 µs node latency as in the DeepRMSA setting.</summary>
    private static readonly EquipmentLibrary BenchLibrary =
        new("bench", "USD", [], [], [], [new RoadmType(new RoadmTypeId("roadm-cdc"), "CDC", 0, 0, 40, 0, 0, 0, 0)]);

    public static CompactGraph Load(string name) => name switch
    {
        Nsfnet => Imported("nsfnet_deeprmsa_undirected.json", "NSFNET"),
        Usa100 => Imported("usa100_undirected.json", "USA100"),
        Synthetic1000 => Synthetic(1000),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown topology"),
    };

    /// <summary>An XLRON file through the product importer (Topology.IO), link lengths as published; ROADMs at 0 µs.</summary>
    public static CompactGraph Imported(string file, string name)
    {
        var json = File.ReadAllText(Path.Combine(XlronTopologyReader.ReferenceDirectory, file));
        var imported = XlronImporter.Import(json, name);
        return CompactGraphBuilder.FromNetwork(imported.Value ?? throw new InvalidOperationException(string.Join("\n", imported.Errors)), BenchLibrary, 1);
    }

    /// <summary>Each XLRON link becomes a duplex pair of fibres; nodes have no equipment latency (as in DeepRMSA).</summary>
    public static CompactGraph FromLinks(LinkTopology topology)
    {
        var builder = new CompactGraphBuilder();
        foreach (var node in topology.Nodes)
        {
            builder.AddNode(node);
        }

        for (var i = 0; i < topology.Links.Count; i++)
        {
            var link = topology.Links[i];
            builder.AddDuplex($"L{i}", link.A, link.B, link.Km);
        }

        return builder.Freeze(1);
    }

    /// <summary>The lead's deterministic generator (seed 1, average degree 3), ROADMs with 0 µs latency.</summary>
    public static CompactGraph Synthetic(int nodes)
    {
        var network = SyntheticNetworkGenerator.Generate(new SyntheticNetworkOptions { Nodes = nodes, AverageDegree = 3.0, Seed = 1 });
        return CompactGraphBuilder.FromNetwork(network, BenchLibrary, 1);
    }

    public static AdjacencyGraph<int, EquatableTaggedEdge<int, double>> ToQuikGraph(CompactGraph graph)
    {
        var g = new AdjacencyGraph<int, EquatableTaggedEdge<int, double>>(allowParallelEdges: false);
        for (var v = 0; v < graph.NodeCount; v++)
        {
            g.AddVertex(v);
        }

        for (var e = 0; e < graph.EdgeCount; e++)
        {
            g.AddEdge(new EquatableTaggedEdge<int, double>(graph.Source(e), graph.Target(e), graph.Km(e)));
        }

        return g;
    }

    /// <summary>Seeded distinct source/destination pairs.</summary>
    public static (int Source, int Target)[] Pairs(CompactGraph graph, int count, int seed)
    {
        var random = new Random(seed);
        var pairs = new (int, int)[count];
        for (var i = 0; i < count; i++)
        {
            int s, t;
            do
            {
                s = random.Next(graph.NodeCount);
                t = random.Next(graph.NodeCount);
            }
            while (s == t);
            pairs[i] = (s, t);
        }

        return pairs;
    }
}
