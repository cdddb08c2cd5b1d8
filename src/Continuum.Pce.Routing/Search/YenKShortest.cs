namespace Continuum.Pce.Routing.Search;

/// <summary>
/// Yen's k shortest loopless paths (J. Y. Yen, "Finding the k shortest loopless paths in a network", Management
/// Science 17(11), 1971) with Lawler's (1972) observation that a path only needs spur searches from the node where it
/// deviated from its parent onwards. Each spur search is an A* towards the target whose heuristic is the exact
/// unbanned reverse shortest-path tree, computed once per query, so spur searches settle few nodes. Bans are
/// generation-stamped masks; candidates live in a reusable arena; nothing allocates once warm.
/// </summary>
public sealed partial class SearchContext
{
    private readonly PathSet _yenAccepted;
    private readonly PathSet _yenCandidates;
    private readonly int[] _yenPrev;
    private int[] _yenLive;
    private int _yenLiveCount;
    private bool[] _yenMatch;
    private int _yenSource;
    private int _yenTarget;
    private double _yenMaxCost;
    private PathSet _yenOutput = null!;
    private int _yenK = int.MaxValue;

    /// <summary>
    /// Up to <paramref name="k"/> loopless paths in non-decreasing cost order into <paramref name="output"/> (cleared
    /// first); paths costing more than <paramref name="maxCost"/> are never generated. Returns the number found.
    /// </summary>
    public int KShortestPaths<TCost, TFilter>(int source, int target, int k, TCost cost, TFilter filter, PathSet output, double maxCost = double.PositiveInfinity)
        where TCost : struct, IEdgeCost
        where TFilter : struct, IEdgeFilter => KShortestPaths(source, target, k, cost, filter, output, maxCost, trees: null);

    /// <summary>
    /// As above, with reverse trees kept in (and taken from) <paramref name="trees"/>, which must only ever serve this
    /// one cost and filter policy on this graph.
    /// </summary>
    public int KShortestPaths<TCost, TFilter>(int source, int target, int k, TCost cost, TFilter filter, PathSet output, double maxCost, ReverseTreeStore? trees)
        where TCost : struct, IEdgeCost
        where TFilter : struct, IEdgeFilter
    {
        ArgumentNullException.ThrowIfNull(output);
        if (k <= 0 || !YenBegin(source, target, cost, filter, output, maxCost, trees))
        {
            return output.Count;
        }

        _yenK = k;

        while (output.Count < k && YenNext(cost, filter))
        {
        }

        return output.Count;
    }

    /// <summary>Starts an incremental Yen enumeration: computes the reverse tree and the first (shortest) path.</summary>
    internal bool YenBegin<TCost, TFilter>(int source, int target, in TCost cost, in TFilter filter, PathSet output, double maxCost, ReverseTreeStore? trees = null)
        where TCost : struct, IEdgeCost
        where TFilter : struct, IEdgeFilter
    {
        output.Clear();
        _yenCandidates.Clear();
        _yenLiveCount = 0;
        _yenOutput = output;
        _yenSource = source;
        _yenTarget = target;
        _yenMaxCost = maxCost;
        _yenK = int.MaxValue; // incremental use: every path may be asked for
        if (trees is null || !TryRestoreReverseTree(target, trees))
        {
            ComputeReverseTree(target, cost, filter);
            trees?.TryKeep(target, _h, _hSucc, _hStamp, _hGen);
        }

        if (_hStamp[source] != _hGen || _h[source] > maxCost)
        {
            return false;
        }

        // The first path follows the reverse tree; its cost is re-summed forwards, as spur candidates' costs are.
        var count = 0;
        var total = 0.0;
        for (var v = source; v != target;)
        {
            var e = _hSucc[v];
            _pathBuffer[count++] = e;
            total += cost.Cost(_graph, e);
            v = _graph.TargetArray[e];
        }

        output.Add(_pathBuffer.AsSpan(0, count), [], total, 0);
        return true;
    }

    /// <summary>Generates the next path of the enumeration started by <see cref="YenBegin{TCost, TFilter}"/>.</summary>
    internal bool YenNext<TCost, TFilter>(in TCost cost, in TFilter filter)
        where TCost : struct, IEdgeCost
        where TFilter : struct, IEdgeFilter
    {
        var accepted = _yenOutput;
        var candidates = _yenCandidates;
        var g = _graph;
        var last = accepted.Count - 1;
        var prevLength = accepted.Length(last);
        var prev = _yenPrev.AsSpan(0, prevLength);
        accepted.Edges(last).CopyTo(prev);
        var deviation = accepted.Deviation(last);
        if (_yenMatch.Length < accepted.Count)
        {
            Array.Resize(ref _yenMatch, accepted.Count * 2);
        }

        // match[p]: accepted path p shares prev's first j edges (the current root).
        var rootCost = 0.0;
        for (var p = 0; p < accepted.Count; p++)
        {
            var edges = accepted.Edges(p);
            _yenMatch[p] = edges.Length >= deviation && edges[..deviation].SequenceEqual(prev[..deviation]);
        }

        for (var j = 0; j < deviation; j++)
        {
            rootCost += cost.Cost(g, prev[j]);
        }

        var bound = CandidateBound();
        for (var j = deviation; j < prevLength; j++)
        {
            var spur = j == 0 ? _yenSource : g.TargetArray[prev[j - 1]];
            NewBanGeneration();
            BanNode(_yenSource);
            for (var r = 0; r < j - 1; r++)
            {
                BanNode(g.TargetArray[prev[r]]);
            }

            _nodeBan[spur] = 0;
            for (var p = 0; p < accepted.Count; p++)
            {
                if (_yenMatch[p] && accepted.Length(p) > j)
                {
                    BanEdge(accepted.Edges(p)[j]);
                }
            }

            var spurFound = false;
            var spurCost = 0.0;
            ReadOnlySpan<int> spurPath = default;
            if (Search(spur, _yenTarget, cost, filter, bound - rootCost, useHeuristic: true))
            {
                spurFound = true;
                spurPath = ExtractSpurPath(spur, _yenTarget, cost, out spurCost);
            }

            if (spurFound && rootCost + spurCost <= bound)
            {
                var root = prev[..j];
                if (!candidates.Contains(root, spurPath, _yenLive.AsSpan(0, _yenLiveCount)))
                {
                    var index = candidates.Add(root, spurPath, rootCost + spurCost, j);
                    if (_yenLiveCount == _yenLive.Length)
                    {
                        Array.Resize(ref _yenLive, _yenLiveCount * 2);
                    }

                    _yenLive[_yenLiveCount++] = index;
                    bound = CandidateBound();
                }
            }

            rootCost += cost.Cost(g, prev[j]);
            for (var p = 0; p < accepted.Count; p++)
            {
                _yenMatch[p] = _yenMatch[p] && accepted.Length(p) > j && accepted.Edges(p)[j] == prev[j];
            }
        }

        if (_yenLiveCount == 0)
        {
            return false;
        }

        // Cheapest candidate; ties by fewer edges, then by generation order (deterministic).
        var bestSlot = 0;
        for (var s = 1; s < _yenLiveCount; s++)
        {
            int a = _yenLive[s], b = _yenLive[bestSlot];
            if (candidates.Cost(a) < candidates.Cost(b) || (candidates.Cost(a) == candidates.Cost(b) && candidates.Length(a) < candidates.Length(b)))
            {
                bestSlot = s;
            }
        }

        var best = _yenLive[bestSlot];
        Array.Copy(_yenLive, bestSlot + 1, _yenLive, bestSlot, _yenLiveCount - bestSlot - 1);
        _yenLiveCount--;
        accepted.Add(candidates.Edges(best), [], candidates.Cost(best), candidates.Deviation(best));
        return true;
    }

    /// <summary>
    /// The cost above which a new candidate cannot be among the paths still wanted: when r = k − |A| more paths are
    /// needed and the pool already holds r candidates, the r-th cheapest of them (ties are kept: pruning is strict).
    /// </summary>
    private double CandidateBound()
    {
        var wanted = _yenK == int.MaxValue ? int.MaxValue : _yenK - _yenOutput.Count;
        if (wanted <= 0 || wanted > _yenLiveCount)
        {
            return _yenMaxCost;
        }

        // r-th smallest by repeated selection: the pool is small (tens of paths).
        var candidates = _yenCandidates;
        var previous = double.NegativeInfinity;
        var taken = 0;
        var value = _yenMaxCost;
        while (taken < wanted)
        {
            var next = double.PositiveInfinity;
            var count = 0;
            for (var i = 0; i < _yenLiveCount; i++)
            {
                var c = candidates.Cost(_yenLive[i]);
                if (c > previous && c < next)
                {
                    next = c;
                    count = 1;
                }
                else if (c == next)
                {
                    count++;
                }
            }

            taken += count;
            previous = next;
            value = next;
        }

        return Math.Min(value, _yenMaxCost);
    }

    /// <summary>
    /// The spur path found by the last A* search: the search's own labels from the spur node to the meeting node, then
    /// the reverse tree from there to the target (see <see cref="IsTreeClean"/>); its cost summed forwards.
    /// </summary>
    private ReadOnlySpan<int> ExtractSpurPath<TCost>(int spur, int target, TCost cost, out double pathCost)
        where TCost : struct, IEdgeCost
    {
        var g = _graph;
        var head = ExtractPath(spur, _meet).Length;
        var count = head;
        for (var v = _meet; v != target;)
        {
            var e = _hSucc[v];
            _pathBuffer[count++] = e;
            v = g.TargetArray[e];
        }

        pathCost = 0;
        for (var i = 0; i < count; i++)
        {
            pathCost += cost.Cost(g, _pathBuffer[i]);
        }

        return _pathBuffer.AsSpan(0, count);
    }
}
