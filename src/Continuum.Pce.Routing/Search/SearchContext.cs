using System.Runtime.CompilerServices;
using Continuum.Pce.Routing.Graph;

namespace Continuum.Pce.Routing.Search;

/// <summary>
/// Reusable search state for one graph: distance and predecessor arrays validated by generation stamps (so nothing is
/// cleared between searches), an array-backed 4-ary heap, ban masks for Yen's spur searches and the pair searches, the
/// state of the networkx-ordered bidirectional search (<see cref="BidirectionalSearch{TCost, TFilter}"/>), and path
/// arenas. One context per thread; after warm-up no search allocates.
/// </summary>
/// <remarks>Determinism: edges are relaxed in CSR order, a label changes only on strict improvement and the heap
/// breaks key ties by node index, so equal inputs always give the same paths.</remarks>
public sealed partial class SearchContext
{
    private readonly CompactGraph _graph;

    // Forward search labels.
    private readonly double[] _dist;
    private readonly int[] _pred;
    private readonly int[] _distStamp;
    private readonly int[] _doneStamp;
    private int _gen;

    // Bans (Yen's spur searches, SRLG pair searches).
    private readonly int[] _edgeBan;
    private readonly int[] _nodeBan;
    private int _banGen;

    // Reverse shortest-path tree towards a target (distances to it).
    private readonly double[] _h;
    private readonly int[] _hSucc;
    private readonly int[] _hStamp;
    private int _hGen;

    // 4-ary heap with lazy deletion.
    private double[] _heapKey;
    private int[] _heapNode;
    private int _heapCount;

    private int[] _pathBuffer;

    public SearchContext(CompactGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        _graph = graph;
        var n = graph.NodeCount;
        var m = graph.EdgeCount;
        _dist = new double[n];
        _pred = new int[n];
        _distStamp = new int[n];
        _doneStamp = new int[n];
        _edgeBan = new int[m];
        _nodeBan = new int[n];
        _h = new double[n];
        _hSucc = new int[n];
        _hStamp = new int[n];
        _heapKey = new double[m + n + 1];
        _heapNode = new int[m + n + 1];
        _pathBuffer = new int[n + 1];
        _yenAccepted = new PathSet(16, 16 * 32);
        _yenCandidates = new PathSet(64, 64 * 32);
        _yenLive = new int[64];
        _yenMatch = new bool[16];
        _yenPrev = new int[n + 1];
        _pairBuffer = new int[2 * n + 2];
        _srlgStamp = new int[Math.Max(graph.SrlgCount, 1)];
        InitSplit(n);
        InitBidirectional(graph, out _refInFirst, out _refInEdges);
    }

    public CompactGraph Graph => _graph;

    /// <summary>
    /// Shortest path by Dijkstra (1959) from <paramref name="source"/> to <paramref name="target"/> under a cost and
    /// filter policy, pruning labels above <paramref name="maxCost"/>. The path's edges stay valid until the next call.
    /// </summary>
    public bool TryShortestPath<TCost, TFilter>(
        int source,
        int target,
        TCost cost,
        TFilter filter,
        out ReadOnlySpan<int> path,
        out double pathCost,
        double maxCost = double.PositiveInfinity)
        where TCost : struct, IEdgeCost
        where TFilter : struct, IEdgeFilter
    {
        NewBanGeneration();
        if (!Search(source, target, cost, filter, maxCost))
        {
            path = default;
            pathCost = 0;
            return false;
        }

        pathCost = _dist[target];
        path = ExtractPath(source, target);
        return true;
    }

    /// <summary>Cost of the shortest path from every node to <paramref name="target"/> (reverse Dijkstra), for tests and bounds.</summary>
    public bool TryDistanceTo<TCost, TFilter>(int node, int target, TCost cost, TFilter filter, out double distance)
        where TCost : struct, IEdgeCost
        where TFilter : struct, IEdgeFilter
    {
        ComputeReverseTree(target, cost, filter);
        distance = _h[node];
        return _hStamp[node] == _hGen;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void NewBanGeneration()
    {
        if (++_banGen == int.MaxValue)
        {
            Array.Clear(_edgeBan);
            Array.Clear(_nodeBan);
            _banGen = 1;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void NewSearchGeneration()
    {
        if (++_gen == int.MaxValue)
        {
            Array.Clear(_distStamp);
            Array.Clear(_doneStamp);
            _gen = 1;
        }

        _heapCount = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void BanEdge(int edge) => _edgeBan[edge] = _banGen;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void BanNode(int node) => _nodeBan[node] = _banGen;

    /// <summary>
    /// Label-setting search (Dijkstra) from <paramref name="source"/> under the current bans that stops when
    /// <paramref name="target"/> is settled (with a negative target it settles everything reachable), pruning labels
    /// above <paramref name="maxCost"/>.
    /// </summary>
    private bool Search<TCost, TFilter>(int source, int target, in TCost cost, in TFilter filter, double maxCost)
        where TCost : struct, IEdgeCost
        where TFilter : struct, IEdgeFilter
    {
        NewSearchGeneration();
        var g = _graph;
        var first = g.FirstEdgeArray;
        var targets = g.TargetArray;
        var dist = _dist;
        var pred = _pred;
        var distStamp = _distStamp;
        var doneStamp = _doneStamp;
        var edgeBan = _edgeBan;
        var nodeBan = _nodeBan;
        var gen = _gen;
        var banGen = _banGen;
        if (nodeBan[source] == banGen)
        {
            return false;
        }

        if (maxCost < 0)
        {
            return false;
        }

        dist[source] = 0;
        pred[source] = -1;
        distStamp[source] = gen;
        Push(0, source);
        while (_heapCount > 0)
        {
            var u = PopMin();
            if (doneStamp[u] == gen)
            {
                continue;
            }

            doneStamp[u] = gen;
            if (u == target)
            {
                return true;
            }

            var du = dist[u];
            for (var e = first[u]; e < first[u + 1]; e++)
            {
                var v = targets[e];
                if (edgeBan[e] == banGen || nodeBan[v] == banGen || doneStamp[v] == gen || !filter.Allows(e))
                {
                    continue;
                }

                var dv = du + cost.Cost(g, e);
                if (dv > maxCost)
                {
                    continue;
                }

                if (distStamp[v] != gen || dv < dist[v])
                {
                    dist[v] = dv;
                    pred[v] = e;
                    distStamp[v] = gen;
                    Push(dv, v);
                }
            }
        }

        return false;
    }

    /// <summary>Full reverse Dijkstra from <paramref name="target"/> over incoming edges: h(v) = cost of the best v → target path.</summary>
    private void ComputeReverseTree<TCost, TFilter>(int target, in TCost cost, in TFilter filter)
        where TCost : struct, IEdgeCost
        where TFilter : struct, IEdgeFilter
    {
        NewSearchGeneration();
        if (++_hGen == int.MaxValue)
        {
            Array.Clear(_hStamp);
            _hGen = 1;
        }

        var g = _graph;
        var inFirst = g.InFirstEdgeArray;
        var inEdges = g.InEdgeArray;
        var sources = g.SourceArray;
        var h = _h;
        var hStamp = _hStamp;
        var succ = _hSucc;
        var done = _doneStamp;
        var gen = _gen;
        var hGen = _hGen;
        h[target] = 0;
        succ[target] = -1;
        hStamp[target] = hGen;
        Push(0, target);
        while (_heapCount > 0)
        {
            var v = PopMin();
            if (done[v] == gen)
            {
                continue;
            }

            done[v] = gen;
            var hv = h[v];
            for (var i = inFirst[v]; i < inFirst[v + 1]; i++)
            {
                var e = inEdges[i];
                var u = sources[e];
                if (done[u] == gen || !filter.Allows(e))
                {
                    continue;
                }

                var hu = hv + cost.Cost(g, e);
                if (hStamp[u] != hGen || hu < h[u])
                {
                    h[u] = hu;
                    succ[u] = e;
                    hStamp[u] = hGen;
                    Push(hu, u);
                }
            }
        }
    }

    private ReadOnlySpan<int> ExtractPath(int source, int target)
    {
        var count = 0;
        for (var v = target; v != source; v = _graph.SourceArray[_pred[v]])
        {
            count++;
        }

        var buffer = _pathBuffer;
        var i = count;
        for (var v = target; v != source; v = _graph.SourceArray[_pred[v]])
        {
            buffer[--i] = _pred[v];
        }

        return buffer.AsSpan(0, count);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Less(double ka, int na, double kb, int nb) => ka < kb || (ka == kb && na < nb);

    private void Push(double key, int node)
    {
        if (_heapCount == _heapKey.Length)
        {
            Array.Resize(ref _heapKey, _heapCount * 2);
            Array.Resize(ref _heapNode, _heapCount * 2);
        }

        var keys = _heapKey;
        var nodes = _heapNode;
        var i = _heapCount++;
        while (i > 0)
        {
            var parent = (i - 1) >> 2;
            if (!Less(key, node, keys[parent], nodes[parent]))
            {
                break;
            }

            keys[i] = keys[parent];
            nodes[i] = nodes[parent];
            i = parent;
        }

        keys[i] = key;
        nodes[i] = node;
    }

    private int PopMin()
    {
        var keys = _heapKey;
        var nodes = _heapNode;
        var top = nodes[0];
        var count = --_heapCount;
        if (count == 0)
        {
            return top;
        }

        var key = keys[count];
        var node = nodes[count];
        var i = 0;
        while (true)
        {
            var child = (i << 2) + 1;
            if (child >= count)
            {
                break;
            }

            var best = child;
            var end = Math.Min(child + 4, count);
            for (var c = child + 1; c < end; c++)
            {
                if (Less(keys[c], nodes[c], keys[best], nodes[best]))
                {
                    best = c;
                }
            }

            if (!Less(keys[best], nodes[best], key, node))
            {
                break;
            }

            keys[i] = keys[best];
            nodes[i] = nodes[best];
            i = best;
        }

        keys[i] = key;
        nodes[i] = node;
        return top;
    }
}
