using Continuum.Pce.Routing.Graph;

namespace Continuum.Pce.Routing.Search;

/// <summary>
/// Bidirectional Dijkstra with the exact tie behaviour of networkx's <c>_bidirectional_dijkstra</c> (the spur search of
/// its <c>shortest_simple_paths</c>), so that k-shortest candidates agree with the reference tools (DeepRMSA, Optical
/// RL-Gym, XLRON) when several paths cost the same:
/// <list type="bullet">
/// <item>a forward and a backward search alternate strictly, one heap pop each turn (a pop of an already settled node
/// still uses the turn);</item>
/// <item>both heaps order entries by (distance, push counter), one counter shared by both directions: among equal
/// distances the node queued first is settled first;</item>
/// <item>a node is relaxed only on strict improvement; each relaxation of a node seen from both sides offers the path
/// through it, which replaces the best so far only when strictly cheaper (the first of equal paths found is kept);</item>
/// <item>the search stops when a node is settled from both sides;</item>
/// <item>neighbours are visited in the order the graph lists them: out-edges in CSR (insertion) order, and, backwards,
/// the reverses of a node's out-edges in that same order, as networkx's undirected adjacency does (in-edges without a
/// reverse fibre come after, by edge index).</item>
/// </list>
/// Bans (Yen's) and the edge filter remove edges and nodes as networkx's <c>ignore_nodes</c>/<c>ignore_edges</c> do.
/// No allocation once warm.
/// </summary>
public sealed partial class SearchContext
{
    private readonly int[] _refInFirst;
    private readonly int[] _refInEdges;
    private readonly int[][] _biFinalStamp = new int[2][];
    private readonly double[][] _biFinal = new double[2][];
    private readonly int[][] _biSeenStamp = new int[2][];
    private readonly double[][] _biSeen = new double[2][];
    private readonly int[][] _biPred = new int[2][];
    private readonly CounterHeap[] _biHeap = new CounterHeap[2];
    private int _biGen;

    private void InitBidirectional(CompactGraph graph, out int[] refInFirst, out int[] refInEdges)
    {
        var n = graph.NodeCount;
        var m = graph.EdgeCount;
        for (var d = 0; d < 2; d++)
        {
            _biFinalStamp[d] = new int[n];
            _biFinal[d] = new double[n];
            _biSeenStamp[d] = new int[n];
            _biSeen[d] = new double[n];
            _biPred[d] = new int[n];
            _biHeap[d] = new CounterHeap(m + 2);
        }

        // Backward neighbour order: a node's out-edges' reverses in CSR order (networkx's undirected adjacency order),
        // then in-edges that are nobody's reverse, by edge index.
        refInFirst = new int[n + 1];
        refInEdges = new int[m];
        var placed = new bool[m];
        var fill = 0;
        for (var v = 0; v < n; v++)
        {
            refInFirst[v] = fill;
            for (var e = graph.FirstEdgeArray[v]; e < graph.FirstEdgeArray[v + 1]; e++)
            {
                if (graph.TryGetReverse(e, out var r) && graph.TargetArray[r] == v && !placed[r])
                {
                    placed[r] = true;
                    refInEdges[fill++] = r;
                }
            }

            for (var i = graph.InFirstEdgeArray[v]; i < graph.InFirstEdgeArray[v + 1]; i++)
            {
                var e = graph.InEdgeArray[i];
                if (!placed[e])
                {
                    placed[e] = true;
                    refInEdges[fill++] = e;
                }
            }
        }

        refInFirst[n] = fill;
    }

    /// <summary>
    /// One networkx-ordered bidirectional search from <paramref name="source"/> to <paramref name="target"/> under the
    /// current bans. The path's edges go to <see cref="_pathBuffer"/>; <paramref name="pathCost"/> is the sum as the
    /// search formed it (forward distance of the meeting node plus its backward distance), as networkx reports it.
    /// </summary>
    private bool BidirectionalSearch<TCost, TFilter>(int source, int target, in TCost cost, in TFilter filter, out int length, out double pathCost)
        where TCost : struct, IEdgeCost
        where TFilter : struct, IEdgeFilter
    {
        length = 0;
        pathCost = 0;
        var banGen = _banGen;
        if (_nodeBan[source] == banGen || _nodeBan[target] == banGen)
        {
            return false;
        }

        if (++_biGen == int.MaxValue)
        {
            for (var d = 0; d < 2; d++)
            {
                Array.Clear(_biFinalStamp[d]);
                Array.Clear(_biSeenStamp[d]);
            }

            _biGen = 1;
        }

        var gen = _biGen;
        var g = _graph;
        var targets = g.TargetArray;
        var sources = g.SourceArray;
        var first = g.FirstEdgeArray;
        var edgeBan = _edgeBan;
        var nodeBan = _nodeBan;
        var forward = _biHeap[0];
        var backward = _biHeap[1];
        forward.Clear();
        backward.Clear();
        var counter = 0;
        _biSeen[0][source] = 0;
        _biSeenStamp[0][source] = gen;
        _biPred[0][source] = -1;
        _biSeen[1][target] = 0;
        _biSeenStamp[1][target] = gen;
        _biPred[1][target] = -1;
        forward.Push(0, counter++, source);
        backward.Push(0, counter++, target);

        var found = false;
        var best = 0.0;
        var meetForward = -1;
        var meetBackward = -1;
        var dir = 1;
        while (forward.Count > 0 && backward.Count > 0)
        {
            dir = 1 - dir;
            var heap = _biHeap[dir];
            var finalStamp = _biFinalStamp[dir];
            var v = heap.Pop(out var dist);
            if (finalStamp[v] == gen)
            {
                continue;
            }

            finalStamp[v] = gen;
            _biFinal[dir][v] = dist;
            if (_biFinalStamp[1 - dir][v] == gen)
            {
                break;
            }

            var seenStamp = _biSeenStamp[dir];
            var seen = _biSeen[dir];
            var pred = _biPred[dir];
            var otherStamp = _biSeenStamp[1 - dir];
            int begin, end;
            if (dir == 0)
            {
                begin = first[v];
                end = first[v + 1];
            }
            else
            {
                begin = _refInFirst[v];
                end = _refInFirst[v + 1];
            }

            for (var i = begin; i < end; i++)
            {
                var e = dir == 0 ? i : _refInEdges[i];
                var w = dir == 0 ? targets[e] : sources[e];
                if (edgeBan[e] == banGen || nodeBan[w] == banGen || !filter.Allows(e) || finalStamp[w] == gen)
                {
                    continue;
                }

                var dw = dist + cost.Cost(g, e);
                if (seenStamp[w] == gen && dw >= seen[w])
                {
                    continue;
                }

                seen[w] = dw;
                seenStamp[w] = gen;
                pred[w] = e;
                heap.Push(dw, counter++, w);
                if (otherStamp[w] == gen)
                {
                    var total = _biSeen[0][w] + _biSeen[1][w];
                    if (!found || best > total)
                    {
                        found = true;
                        best = total;
                        meetForward = _biPred[0][w];
                        meetBackward = _biPred[1][w];
                    }
                }
            }
        }

        if (!found)
        {
            return false;
        }

        // Forward half: from the meeting node back to the source (settled nodes' predecessors no longer change; the
        // meeting node's own were captured when the path was recorded), then the backward half to the target.
        var count = 0;
        for (var e = meetForward; e >= 0; e = _biPred[0][sources[e]])
        {
            count++;
        }

        var buffer = _pathBuffer;
        var k = count;
        for (var e = meetForward; e >= 0; e = _biPred[0][sources[e]])
        {
            buffer[--k] = e;
        }

        for (var e = meetBackward; e >= 0; e = _biPred[1][targets[e]])
        {
            buffer[count++] = e;
        }

        length = count;
        pathCost = best;
        return true;
    }

    /// <summary>A binary min-heap of nodes keyed by (distance, push counter): Python's heapq over (d, count, v) tuples.</summary>
    private sealed class CounterHeap(int capacity)
    {
        private double[] _key = new double[Math.Max(capacity, 4)];
        private int[] _seq = new int[Math.Max(capacity, 4)];
        private int[] _node = new int[Math.Max(capacity, 4)];

        public int Count { get; private set; }

        public void Clear() => Count = 0;

        public void Push(double key, int seq, int node)
        {
            if (Count == _key.Length)
            {
                Array.Resize(ref _key, Count * 2);
                Array.Resize(ref _seq, Count * 2);
                Array.Resize(ref _node, Count * 2);
            }

            var i = Count++;
            while (i > 0)
            {
                var parent = (i - 1) >> 1;
                if (!Less(key, seq, _key[parent], _seq[parent]))
                {
                    break;
                }

                _key[i] = _key[parent];
                _seq[i] = _seq[parent];
                _node[i] = _node[parent];
                i = parent;
            }

            _key[i] = key;
            _seq[i] = seq;
            _node[i] = node;
        }

        public int Pop(out double key)
        {
            var top = _node[0];
            key = _key[0];
            var count = --Count;
            if (count == 0)
            {
                return top;
            }

            var lastKey = _key[count];
            var lastSeq = _seq[count];
            var lastNode = _node[count];
            var i = 0;
            while (true)
            {
                var child = (i << 1) + 1;
                if (child >= count)
                {
                    break;
                }

                if (child + 1 < count && Less(_key[child + 1], _seq[child + 1], _key[child], _seq[child]))
                {
                    child++;
                }

                if (!Less(_key[child], _seq[child], lastKey, lastSeq))
                {
                    break;
                }

                _key[i] = _key[child];
                _seq[i] = _seq[child];
                _node[i] = _node[child];
                i = child;
            }

            _key[i] = lastKey;
            _seq[i] = lastSeq;
            _node[i] = lastNode;
            return top;
        }

        private static bool Less(double ka, int sa, double kb, int sb) => ka < kb || (ka == kb && sa < sb);
    }
}
