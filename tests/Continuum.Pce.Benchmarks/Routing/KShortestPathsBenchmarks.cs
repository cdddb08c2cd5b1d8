using BenchmarkDotNet.Attributes;
using Continuum.Pce.Routing.Graph;
using Continuum.Pce.Routing.Search;
using QuikGraph;
using QuikGraph.Algorithms.ShortestPath;

namespace Continuum.Pce.Benchmarks.Routing;

/// <summary>
/// k = 5 shortest loopless paths by km, ours (Yen in networkx's tie order, networkx-ordered bidirectional spur searches on a reusable
/// context) against QuikGraph's <see cref="YenShortestPathsAlgorithm{TVertex}"/>, on the same graph and the same
/// seeded pairs. Each operation is one pair; results are per pair.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class KShortestPathsBenchmarks
{
    private const int PairCount = 8;
    private CompactGraph _graph = null!;
    private SearchContext _context = null!;
    private PathSet _paths = null!;
    private AdjacencyGraph<int, EquatableTaggedEdge<int, double>> _quik = null!;
    private (int Source, int Target)[] _pairs = null!;

    [Params(RoutingTopologies.Nsfnet, RoutingTopologies.Usa100, RoutingTopologies.Synthetic1000)]
    public string Topology { get; set; } = RoutingTopologies.Nsfnet;

    [GlobalSetup]
    public void Setup()
    {
        _graph = RoutingTopologies.Load(Topology);
        _context = new SearchContext(_graph);
        _paths = new PathSet();
        _quik = RoutingTopologies.ToQuikGraph(_graph);
        _pairs = RoutingTopologies.Pairs(_graph, PairCount, 2026);
        Ours(); // warm the arenas
    }

    [Benchmark(OperationsPerInvoke = PairCount)]
    public int Ours()
    {
        var total = 0;
        foreach (var (s, t) in _pairs)
        {
            total += _context.KShortestPaths(s, t, 5, default(KmCost), default(AllEdges), _paths);
        }

        return total;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = PairCount)]
    public int QuikGraphYen()
    {
        var total = 0;
        foreach (var (s, t) in _pairs)
        {
            foreach (var _ in new YenShortestPathsAlgorithm<int>(_quik, s, t, 5, e => e.Tag).Execute())
            {
                total++;
            }
        }

        return total;
    }
}
