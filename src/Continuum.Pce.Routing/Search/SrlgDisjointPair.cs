namespace Continuum.Pce.Routing.Search;

/// <summary>
/// Shortest SRLG-disjoint pair. The problem is NP-hard in general (Hu, "Diverse routing in optical mesh networks",
/// IEEE Trans. Commun. 2003), so this is an exact search with a budget: Yen's enumeration supplies candidate first
/// paths A in non-decreasing cost; for each, the cheapest B that shares no fibre, reverse fibre or SRLG with A is a
/// Dijkstra with A's risks banned. In any optimal pair the cheaper path costs at most half the pair, so once
/// 2·cost(A) reaches the best pair found no later A can improve it and the answer is proven optimal. If the budget of
/// first paths runs out first, the outcome is <see cref="PairSearchOutcome.BudgetExhausted"/>. A returned pair never
/// shares an SRLG, whatever the outcome.
/// </summary>
public sealed partial class SearchContext
{
    private readonly PathSet _srlgFirst = new(32, 32 * 32);

    /// <summary>Default number of first-path candidates the SRLG-disjoint search may examine.</summary>
    public const int DefaultSrlgBudget = 256;

    public PairSearchOutcome SrlgDisjointPair<TCost, TFilter>(int source, int target, TCost cost, TFilter filter, PathSet output, int budget = DefaultSrlgBudget)
        where TCost : struct, IEdgeCost
        where TFilter : struct, IEdgeFilter
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Clear();
        if (source == target || !YenBegin(source, target, cost, filter, _srlgFirst, double.PositiveInfinity))
        {
            return PairSearchOutcome.NotFound;
        }

        var g = _graph;
        var best = double.PositiveInfinity;
        var examined = 0;
        while (true)
        {
            var a = _srlgFirst.Count - 1;
            var costA = _srlgFirst.Cost(a);
            if (2 * costA >= best)
            {
                return PairSearchOutcome.Found;
            }

            if (examined == budget)
            {
                return PairSearchOutcome.BudgetExhausted;
            }

            examined++;

            // Ban A's fibres, their reverses, and every fibre in any SRLG of A.
            NewBanGeneration();
            if (++_srlgGen == int.MaxValue)
            {
                Array.Clear(_srlgStamp);
                _srlgGen = 1;
            }

            foreach (var e in _srlgFirst.Edges(a))
            {
                BanEdge(e);
                if (g.TryGetReverse(e, out var r))
                {
                    BanEdge(r);
                }

                foreach (var s in g.Srlgs(e))
                {
                    if (_srlgStamp[s] == _srlgGen)
                    {
                        continue;
                    }

                    _srlgStamp[s] = _srlgGen;
                    foreach (var shared in g.EdgesInSrlg(s))
                    {
                        BanEdge(shared);
                    }
                }
            }

            if (Search(source, target, cost, filter, best - costA))
            {
                var costB = _dist[target];
                if (costA + costB < best)
                {
                    best = costA + costB;
                    var pathB = ExtractPath(source, target);
                    output.Clear();
                    if (costB < costA)
                    {
                        output.Add(pathB, costB);
                        output.Add(_srlgFirst.Edges(a), costA);
                    }
                    else
                    {
                        output.Add(_srlgFirst.Edges(a), costA);
                        output.Add(pathB, costB);
                    }
                }
            }

            // The Yen state lives in the context and survives the ban searches above: its next spur search starts
            // a fresh ban generation.
            if (!YenNext(cost, filter))
            {
                return output.Count == 2 ? PairSearchOutcome.Found : PairSearchOutcome.NotFound;
            }
        }
    }
}
