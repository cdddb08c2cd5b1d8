namespace Continuum.Pce.Routing.Search;

/// <summary>
/// Reverse shortest-path trees kept per target for one (cost, filter) policy that never changes for a graph version —
/// a candidate cache's unconstrained queries. Yen's enumeration starts with a full reverse Dijkstra from the target;
/// with the tree kept, every later pair towards that target copies it instead (on 1,000 nodes the reverse Dijkstra
/// was about half of a first-use candidate computation). Bounded by a memory budget: targets beyond it are computed
/// each time, as without a store. A tree is allocated once, on its target's first use; lookups allocate nothing.
/// </summary>
public sealed class ReverseTreeStore
{
    /// <summary>Bytes the trees of one store may take by default (12 bytes per node per tree).</summary>
    public const long DefaultBudgetBytes = 64L << 20;

    private readonly double[]?[] _h;
    private readonly int[]?[] _succ;
    private readonly int _nodeCount;
    private int _room;

    public ReverseTreeStore(int nodeCount, long budgetBytes = DefaultBudgetBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nodeCount);
        _nodeCount = nodeCount;
        _h = new double[nodeCount][];
        _succ = new int[nodeCount][];
        _room = nodeCount == 0 ? 0 : (int)Math.Min(nodeCount, budgetBytes / (12L * nodeCount));
    }

    /// <summary>Trees held now.</summary>
    public int Count { get; private set; }

    internal bool TryGet(int target, out double[] h, out int[] succ)
    {
        h = _h[target]!;
        succ = _succ[target]!;
        return h is not null;
    }

    /// <summary>Keeps the tree just computed for <paramref name="target"/>: cost to it per node (+∞ when it cannot reach it) and the next edge.</summary>
    internal void TryKeep(int target, ReadOnlySpan<double> h, ReadOnlySpan<int> succ, ReadOnlySpan<int> stamp, int generation)
    {
        if (_room == 0 || _h[target] is not null)
        {
            return;
        }

        var keptH = new double[_nodeCount];
        var keptSucc = new int[_nodeCount];
        for (var v = 0; v < _nodeCount; v++)
        {
            var reached = stamp[v] == generation;
            keptH[v] = reached ? h[v] : double.PositiveInfinity;
            keptSucc[v] = reached ? succ[v] : -1;
        }

        _h[target] = keptH;
        _succ[target] = keptSucc;
        _room--;
        Count++;
    }
}
