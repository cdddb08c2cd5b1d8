namespace Continuum.Pce.Routing.Search;

/// <summary>
/// Yen's k shortest loopless paths (J. Y. Yen, "Finding the k shortest loopless paths in a network", Management
/// Science 17(11), 1971), in the order networkx's <c>shortest_simple_paths</c> yields them, ties included, so that the
/// K candidates of a pair are the ones the reference tools (DeepRMSA, Optical RL-Gym, XLRON) use:
/// <list type="number">
/// <item>the first path is the <see cref="BidirectionalSearch{TCost, TFilter}"/> result;</item>
/// <item>after each accepted path, a spur search runs from <em>every</em> node of it but the target, in order from the
/// source (no Lawler shortcut: it would change which of equal candidates is generated first), with the root's nodes
/// before the spur node banned and, for every accepted path sharing the root, its next edge banned; bans accumulate
/// along the path, as networkx's ignore sets do;</item>
/// <item>a candidate's cost is the root's cost summed from the source plus the spur search's cost; a candidate equal
/// to one still waiting is dropped (the waiting one keeps its place);</item>
/// <item>the next accepted path is the waiting candidate of least cost, ties broken by generation order (networkx's
/// heap of (cost, counter, path)).</item>
/// </list>
/// Paths sharing a node sequence are compared by edges (parallel fibres count as different paths, which networkx's
/// simple graphs cannot express). Candidates that cannot be among the k wanted (more than the r-th cheapest waiting
/// one when r more are needed) are not kept, which changes nothing that is returned. Output costs are re-summed
/// forwards along each path. Bans are generation-stamped masks; candidates live in a reusable arena; nothing
/// allocates once warm.
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
    /// first), equal costs in networkx's order; paths costing more than <paramref name="maxCost"/> are never returned.
    /// Returns the number found.
    /// </summary>
    public int KShortestPaths<TCost, TFilter>(int source, int target, int k, TCost cost, TFilter filter, PathSet output, double maxCost = double.PositiveInfinity)
        where TCost : struct, IEdgeCost
        where TFilter : struct, IEdgeFilter
    {
        ArgumentNullException.ThrowIfNull(output);
        if (k <= 0 || !YenBegin(source, target, cost, filter, output, maxCost))
        {
            return output.Count;
        }

        _yenK = k;

        while (output.Count < k && YenNext(cost, filter))
        {
        }

        return output.Count;
    }

    /// <summary>Starts an incremental Yen enumeration: finds the first (shortest) path.</summary>
    internal bool YenBegin<TCost, TFilter>(int source, int target, in TCost cost, in TFilter filter, PathSet output, double maxCost)
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
        if (source == target)
        {
            return false;
        }

        NewBanGeneration();
        if (!BidirectionalSearch(source, target, cost, filter, out var length, out var pathCost) || pathCost > maxCost)
        {
            return false;
        }

        var path = _pathBuffer.AsSpan(0, length);
        output.Add(path, [], ForwardCost(path, cost), 0);
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
        if (_yenMatch.Length < accepted.Count)
        {
            Array.Resize(ref _yenMatch, accepted.Count * 2);
        }

        // match[p]: accepted path p shares prev's first j edges (the current root); the empty root matches all.
        for (var p = 0; p < accepted.Count; p++)
        {
            _yenMatch[p] = true;
        }

        // One ban generation for the whole pass: banned nodes and edges accumulate along prev, as networkx's do.
        NewBanGeneration();
        var rootCost = 0.0;
        var bound = CandidateBound();
        for (var j = 0; j < prevLength; j++)
        {
            var spur = j == 0 ? _yenSource : g.TargetArray[prev[j - 1]];
            for (var p = 0; p < accepted.Count; p++)
            {
                if (_yenMatch[p] && accepted.Length(p) > j)
                {
                    BanEdge(accepted.Edges(p)[j]);
                }
            }

            if (BidirectionalSearch(spur, _yenTarget, cost, filter, out var spurLength, out var spurCost) && rootCost + spurCost <= bound)
            {
                var root = prev[..j];
                var spurPath = _pathBuffer.AsSpan(0, spurLength);
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

            BanNode(spur);
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

        // Cheapest candidate; ties by generation order (the pool's indices grow with generation).
        var bestSlot = 0;
        for (var s = 1; s < _yenLiveCount; s++)
        {
            int a = _yenLive[s], b = _yenLive[bestSlot];
            if (candidates.Cost(a) < candidates.Cost(b) || (candidates.Cost(a) == candidates.Cost(b) && a < b))
            {
                bestSlot = s;
            }
        }

        var best = _yenLive[bestSlot];
        Array.Copy(_yenLive, bestSlot + 1, _yenLive, bestSlot, _yenLiveCount - bestSlot - 1);
        _yenLiveCount--;
        var edges = candidates.Edges(best);
        accepted.Add(edges, [], ForwardCost(edges, cost), candidates.Deviation(best));
        return true;
    }

    private double ForwardCost<TCost>(ReadOnlySpan<int> edges, in TCost cost)
        where TCost : struct, IEdgeCost
    {
        var total = 0.0;
        foreach (var e in edges)
        {
            total += cost.Cost(_graph, e);
        }

        return total;
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
}
