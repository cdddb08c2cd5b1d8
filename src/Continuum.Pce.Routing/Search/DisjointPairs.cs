using Continuum.Pce.Domain.Requests;

namespace Continuum.Pce.Routing.Search;

/// <summary>How a disjoint-pair search ended.</summary>
public enum PairSearchOutcome
{
    /// <summary>An optimal pair is in the output.</summary>
    Found,

    /// <summary>No pair exists under the constraints (proven).</summary>
    NotFound,

    /// <summary>
    /// The SRLG search spent its budget before proving optimality. The output holds the best SRLG-disjoint pair seen,
    /// if any (check its count); it is valid but possibly not the cheapest.
    /// </summary>
    BudgetExhausted,
}

/// <summary>
/// Shortest pairs of disjoint paths.
/// <list type="bullet">
/// <item>Link- and node-disjoint: Suurballe's algorithm (J. W. Suurballe, "Disjoint paths in a network", Networks 4,
/// 1974) in Bhandari's form (R. Bhandari, "Survivable Networks", 1999): a full Dijkstra tree gives potentials d and the
/// first path P1; a second search runs on the residual graph with reduced costs c + d(u) − d(v) ≥ 0, P1's edges
/// reversed at zero reduced cost; P1 edges that P2 traverses backwards cancel, and the union splits into the optimal
/// pair. It is never "shortest, then remove". Node-disjointness splits each interior node of P1 into an in- and an
/// out-state (node splitting) without materialising a new graph.</item>
/// <item>Link-disjoint also means duplex-disjoint: P2 may not use the reverse fibre of a P1 fibre (same cable). Such a
/// fibre is dominated by the zero-cost residual arc, so excluding it keeps the result optimal.</item>
/// </list>
/// </summary>
public sealed partial class SearchContext
{
    private const byte ViaEdge = 0;
    private const byte ViaReverseP1 = 1;
    private const byte ViaSplit = 2;

    private double[] _pot = null!;
    private int[] _p1In = null!;
    private int[] _p1Stamp = null!;
    private double[] _sDist = null!;
    private int[] _sPredState = null!;
    private int[] _sPredEdge = null!;
    private byte[] _sPredKind = null!;
    private int[] _sStamp = null!;
    private int[] _sDone = null!;
    private int[] _unionStamp = null!;
    private int[] _walkStamp = null!;
    private int[] _walkPos = null!;
    private readonly int[] _pairBuffer;
    private readonly int[] _srlgStamp;
    private int _pairGen;
    private int _srlgGen;
    private int _walkGen;

    private void InitSplit(int n)
    {
        _pot = new double[n];
        _p1In = new int[n];
        _p1Stamp = new int[n];
        _sDist = new double[2 * n];
        _sPredState = new int[2 * n];
        _sPredEdge = new int[2 * n];
        _sPredKind = new byte[2 * n];
        _sStamp = new int[2 * n];
        _sDone = new int[2 * n];
        _unionStamp = new int[_graph.EdgeCount];
        _walkStamp = new int[n];
        _walkPos = new int[n];
    }

    /// <summary>
    /// The cheapest pair of link- or node-disjoint paths (Suurballe/Bhandari) into <paramref name="output"/> (cleared;
    /// the cheaper path first). For <see cref="Disjointness.Srlg"/> it delegates to <see cref="SrlgDisjointPair{TCost, TFilter}"/>.
    /// </summary>
    public PairSearchOutcome DisjointPair<TCost, TFilter>(int source, int target, Disjointness mode, TCost cost, TFilter filter, PathSet output)
        where TCost : struct, IEdgeCost
        where TFilter : struct, IEdgeFilter
    {
        ArgumentNullException.ThrowIfNull(output);
        if (mode == Disjointness.Srlg)
        {
            return SrlgDisjointPair(source, target, cost, filter, output);
        }

        output.Clear();
        if (source == target)
        {
            return PairSearchOutcome.NotFound;
        }

        var g = _graph;
        var n = g.NodeCount;

        // 1. Full shortest-path tree from the source: potentials and P1.
        NewBanGeneration();
        Search(source, -1, cost, filter, double.PositiveInfinity);
        if (_distStamp[target] != _gen)
        {
            return PairSearchOutcome.NotFound;
        }

        var gen = _gen;
        for (var v = 0; v < n; v++)
        {
            _pot[v] = _distStamp[v] == gen ? _dist[v] : double.PositiveInfinity;
        }

        if (++_pairGen == int.MaxValue)
        {
            Array.Clear(_p1Stamp);
            Array.Clear(_unionStamp);
            Array.Clear(_walkStamp);
            _pairGen = 1;
        }

        var pg = _pairGen;

        // Mark P1: its edges (and their reverse fibres) are banned as forward arcs; each P1 node records its in-edge.
        NewBanGeneration();
        for (var v = target; v != source;)
        {
            var e = _pred[v];
            _p1In[v] = e;
            _p1Stamp[v] = pg;
            _unionStamp[e] = pg;
            BanEdge(e);
            if (g.TryGetReverse(e, out var r))
            {
                BanEdge(r);
            }

            v = g.SourceArray[e];
        }

        var nodeMode = mode == Disjointness.Node;

        // 2. Residual search on reduced costs. State 2v = v (or v_in), 2v + 1 = v_out for interior P1 nodes in node mode.
        if (!ResidualSearch(source, target, nodeMode, cost, filter))
        {
            return PairSearchOutcome.NotFound;
        }

        // 3. Union of P1 and P2 with cancelled edges removed (a P2 edge always has stamp != pg before it is added).
        var targetState = 2 * target;
        for (var s = targetState; s != 2 * source;)
        {
            var kind = _sPredKind[s];
            var e = _sPredEdge[s];
            if (kind == ViaEdge)
            {
                _unionStamp[e] = pg;
            }
            else if (kind == ViaReverseP1)
            {
                _unionStamp[e] = 0;
            }

            s = _sPredState[s];
        }

        // 4. Decompose the union into two simple source → target paths.
        var firstLength = Walk(source, target, pg, 0);
        var secondLength = Walk(source, target, pg, firstLength);
        var first = _pairBuffer.AsSpan(0, firstLength);
        var second = _pairBuffer.AsSpan(firstLength, secondLength);
        var c1 = SumCost(first, cost);
        var c2 = SumCost(second, cost);
        if (c2 < c1)
        {
            output.Add(second, c2);
            output.Add(first, c1);
        }
        else
        {
            output.Add(first, c1);
            output.Add(second, c2);
        }

        return PairSearchOutcome.Found;
    }

    private bool ResidualSearch<TCost, TFilter>(int source, int target, bool nodeMode, in TCost cost, in TFilter filter)
        where TCost : struct, IEdgeCost
        where TFilter : struct, IEdgeFilter
    {
        NewSearchGeneration();
        var g = _graph;
        var first = g.FirstEdgeArray;
        var targets = g.TargetArray;
        var sources = g.SourceArray;
        var gen = _gen;
        var pg = _pairGen;
        var banGen = _banGen;
        var start = 2 * source;
        _sDist[start] = 0;
        _sStamp[start] = gen;
        Push(0, start);
        while (_heapCount > 0)
        {
            var s = PopMin();
            if (_sDone[s] == gen)
            {
                continue;
            }

            _sDone[s] = gen;
            var u = s >> 1;
            if (u == target)
            {
                return true;
            }

            var ds = _sDist[s];
            var interior = _p1Stamp[u] == pg && u != source;
            var isOut = (s & 1) == 1;

            // Backward along P1 (the residual arc of P1's in-edge), landing at the predecessor's out-state.
            if (interior && (!nodeMode || !isOut))
            {
                var e = _p1In[u];
                var w = sources[e];
                var ws = nodeMode && w != source ? 2 * w + 1 : 2 * w;
                Relax(s, ws, ds, ViaReverseP1, e, gen);
            }

            // In node mode an interior node's in-state can only go backwards along P1.
            if (nodeMode && interior && !isOut)
            {
                continue;
            }

            if (nodeMode && interior)
            {
                // Reverse of the split arc v_in → v_out.
                Relax(s, 2 * u, ds, ViaSplit, -1, gen);
            }

            var pu = _pot[u];
            for (var e = first[u]; e < first[u + 1]; e++)
            {
                if (_edgeBan[e] == banGen || !filter.Allows(e))
                {
                    continue;
                }

                var v = targets[e];
                var pv = _pot[v];
                if (double.IsPositiveInfinity(pv))
                {
                    continue;
                }

                var reduced = Math.Max(0.0, cost.Cost(g, e) + pu - pv);
                Relax(s, 2 * v, ds + reduced, ViaEdge, e, gen);
            }
        }

        return false;
    }

    private void Relax(int from, int to, double d, byte kind, int edge, int gen)
    {
        if (_sDone[to] == gen)
        {
            return;
        }

        if (_sStamp[to] != gen || d < _sDist[to])
        {
            _sDist[to] = d;
            _sStamp[to] = gen;
            _sPredState[to] = from;
            _sPredEdge[to] = edge;
            _sPredKind[to] = kind;
            Push(d, to);
        }
    }

    /// <summary>Follows unused union edges (lowest index first) from source to target; a revisited node cuts the loop out.</summary>
    private int Walk(int source, int target, int pg, int offset)
    {
        var g = _graph;
        var buffer = _pairBuffer;
        var length = 0;
        if (++_walkGen == int.MaxValue)
        {
            Array.Clear(_walkStamp);
            _walkGen = 1;
        }

        var walkGen = _walkGen;
        _walkStamp[source] = walkGen;
        _walkPos[source] = 0;
        var u = source;
        while (u != target)
        {
            var next = -1;
            for (var e = g.FirstEdgeArray[u]; e < g.FirstEdgeArray[u + 1]; e++)
            {
                if (_unionStamp[e] == pg)
                {
                    next = e;
                    break;
                }
            }

            _unionStamp[next] = 0;
            u = g.TargetArray[next];
            if (_walkStamp[u] == walkGen)
            {
                // A zero- or positive-cost cycle: drop it (the pair can only get cheaper).
                var keep = _walkPos[u];
                for (var i = keep; i < length; i++)
                {
                    _walkStamp[g.TargetArray[buffer[offset + i]]] = 0;
                }

                _walkStamp[u] = walkGen;
                length = keep;
                continue;
            }

            buffer[offset + length++] = next;
            _walkStamp[u] = walkGen;
            _walkPos[u] = length;
        }

        return length;
    }

    private double SumCost<TCost>(ReadOnlySpan<int> edges, in TCost cost)
        where TCost : struct, IEdgeCost
    {
        var total = 0.0;
        foreach (var e in edges)
        {
            total += cost.Cost(_graph, e);
        }

        return total;
    }
}
