using System.Runtime.CompilerServices;
using Continuum.Pce.Routing.Constraints;
using Continuum.Pce.Routing.Graph;
using Continuum.Pce.Routing.Search;

namespace Continuum.Pce.Routing.Rsa;

/// <summary>Why a pair has fewer candidates than asked (flags kept with the cache entry for Blocked reasons).</summary>
[Flags]
public enum CandidateNotes : byte
{
    None = 0,

    /// <summary>At least one enumerated path exceeded the latency bound.</summary>
    LatencyDropped = 1,

    /// <summary>At least one enumerated path missed an include node or fibre.</summary>
    IncludeDropped = 2,

    /// <summary>The enumeration budget ran out before K valid paths were found.</summary>
    BudgetExhausted = 4,
}

/// <summary>A cached candidate set for one (source, destination, constraints) key: a slice of the cache's store.</summary>
public readonly record struct CandidateSet(int First, int Count, CandidateNotes Notes);

/// <summary>
/// K candidate paths per node pair for one graph version and one metric, computed on first use and then served
/// without allocation. Unconstrained pairs sit in dense per-source rows (graphs up to <see cref="DenseNodeLimit"/>
/// nodes; beyond, in the table); constrained keys (source, destination,
/// <see cref="ConstraintMask.Signature"/>) in an open-addressing table. Paths are validated once when cached (latency
/// bound, include nodes and fibres) by enumerating Yen's paths in cost order until K pass or a budget is spent;
/// include lists are thus handled by candidate filtering, which keeps the K best valid paths in order (exact within the
/// budget) where segment concatenation would not be optimal and could produce loops.
/// </summary>
/// <remarks>
/// Memory: the cache grows with the pairs asked (dense rows cost n entries per source in use, which is why large graphs
/// use the table), up to every pair of the network. <see cref="MemoryBudgetBytes"/> bounds it: <see cref="TrimToBudget"/>, called
/// by the owner between requests (never while it holds a <see cref="CandidateSet"/> or a candidate index), evicts the
/// least recently used half of the entries (<see cref="EvictLeastRecentlyUsed"/>) until the footprint is within the
/// budget, and evicted pairs are computed again on demand. Recency is a stamp per entry written on every lookup (a
/// counter and an array store: nothing allocated per query); the stamps are only sorted when a trim evicts. The
/// simulator keeps candidate indices of live connections, so it never trims; the controller's path computer trims at
/// the start of each request.
/// </remarks>
public sealed class CandidateCache
{
    private const int InitialCandidates = 256;
    private const int InitialEdges = 1024;
    private const int InitialTable = 64;

    /// <summary>Graphs with at most this many nodes keep unconstrained pairs in dense per-source rows.</summary>
    public const int DenseNodeLimit = 2048;

    // Marks an unconstrained key in the table (node indices are below 2^31, so bit 63 of a packed pair is otherwise 0).
    private const ulong UnconstrainedKey = 1UL << 63;

    private readonly CompactGraph _graph;
    private readonly SearchContext _search;
    private readonly PathSet _scratch = new(64, 2048);
    // Per dense row: the last-use stamp of each target, 0 while the pair is not cached.
    private readonly uint[]?[]? _denseStamps;
    private int[] _edges = new int[InitialEdges];
    private int _edgeCount;
    private int[] _start = new int[InitialCandidates];
    private int[] _length = new int[InitialCandidates];
    private double[] _cost = new double[InitialCandidates];
    private double[] _latency = new double[InitialCandidates];
    private double[] _km = new double[InitialCandidates];
    private int _count;
    private readonly CandidateSet[]?[]? _denseSets;
    private int _denseRows;
    private ulong[] _keys = new ulong[InitialTable];
    private ulong[] _sigs = new ulong[InitialTable];
    private CandidateSet[] _tableSets = new CandidateSet[InitialTable];
    private bool[] _used = new bool[InitialTable];
    private uint[] _tableStamps = new uint[InitialTable];
    private int _tableCount;

    // The recency clock: one tick per lookup, never 0 (0 marks a dense pair not cached). After 2^32 lookups it wraps and
    // the entries stamped just before look newest until they are used again: a trim then keeps a few wrong ones, once.
    private uint _clock;

    private readonly WeightedCost _weights;

    public CandidateCache(CompactGraph graph, RouteMetric metric, int k, int enumerationBudget = 0, WeightedCost weights = default)
    {
        _weights = weights;
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        _graph = graph;
        _search = new SearchContext(graph);
        Metric = metric;
        K = k;
        Budget = enumerationBudget > 0 ? enumerationBudget : Math.Max(64, 8 * k);
        // Up to DenseNodeLimit nodes, one dense row per source, allocated on the source's first lookup (n entries per
        // source in use, at most 2,048 × 2,048 × 13 B ≈ 55 MB). Beyond, a row would cost more than the few targets a
        // source is asked for: unconstrained pairs go to the table too, so memory follows the pairs in use.
        if (graph.NodeCount <= DenseNodeLimit)
        {
            _denseStamps = new uint[graph.NodeCount][];
            _denseSets = new CandidateSet[graph.NodeCount][];
        }
    }

    /// <summary>
    /// One picosecond: latencies summed in different orders differ in the last bits, so a path whose latency equals the
    /// bound could be refused by rounding alone. Far below any meaningful latency.
    /// </summary>
    public const double LatencySlackUs = 1e-6;

    public long Version => _graph.Version;

    public RouteMetric Metric { get; }

    public int K { get; }

    /// <summary>Most paths enumerated per key while looking for K valid ones.</summary>
    public int Budget { get; }

    /// <summary>The footprint above which <see cref="TrimToBudget"/> empties the cache; <see cref="long.MaxValue"/> (the default): never.</summary>
    public long MemoryBudgetBytes { get; set; } = long.MaxValue;

    /// <summary>How many times entries were evicted (<see cref="EvictLeastRecentlyUsed"/>, <see cref="Clear"/>).</summary>
    public int Evictions { get; private set; }

    /// <summary>Pairs and constrained keys cached now.</summary>
    public int CachedKeys { get; private set; }

    /// <summary>
    /// The arrays the cache holds, in bytes: dense rows (a stamp and a set per node, per source in use), the candidates'
    /// edges and figures, and the key table. Object headers and the per-source row references are left out.
    /// </summary>
    public long FootprintBytes =>
        (long)_denseRows * _graph.NodeCount * (sizeof(uint) + Unsafe.SizeOf<CandidateSet>())
        + (long)_edges.Length * sizeof(int)
        + (long)_start.Length * (2 * sizeof(int) + 3 * sizeof(double))
        + (long)_keys.Length * (2 * sizeof(ulong) + 1 + sizeof(uint) + Unsafe.SizeOf<CandidateSet>());

    /// <summary>
    /// While <see cref="FootprintBytes"/> is over <see cref="MemoryBudgetBytes"/>, evicts the least recently used half of
    /// the entries; true when it evicted. Every <see cref="CandidateSet"/> and candidate index handed out before is invalid
    /// afterwards: call it only between requests.
    /// </summary>
    public bool TrimToBudget()
    {
        if (FootprintBytes <= MemoryBudgetBytes)
        {
            return false;
        }

        while (FootprintBytes > MemoryBudgetBytes && CachedKeys > 0)
        {
            var before = FootprintBytes;
            EvictLeastRecentlyUsed();
            if (FootprintBytes >= before)
            {
                break;
            }
        }

        return true;
    }

    /// <summary>
    /// Evicts the older half of the entries by last use (all of them when one is left) and compacts what stays into arrays
    /// sized for it. The same rule as <see cref="TrimToBudget"/> on what becomes invalid.
    /// </summary>
    public void EvictLeastRecentlyUsed()
    {
        if (CachedKeys <= 1)
        {
            Clear();
            return;
        }

        // The median stamp splits the entries: those stamped at or before it go.
        var stamps = new uint[CachedKeys];
        var n = 0;
        if (_denseStamps is not null)
        {
            foreach (var row in _denseStamps)
            {
                if (row is null)
                {
                    continue;
                }

                foreach (var stamp in row)
                {
                    if (stamp != 0)
                    {
                        stamps[n++] = stamp;
                    }
                }
            }
        }

        for (var slot = 0; slot < _used.Length; slot++)
        {
            if (_used[slot])
            {
                stamps[n++] = _tableStamps[slot];
            }
        }

        Array.Sort(stamps, 0, n);
        var oldest = stamps[(n / 2) - 1];

        // What stays: sized first, so the compacted arrays hold it exactly.
        var (keptCandidates, keptEdges, keptTable) = (0, 0, 0);
        if (_denseStamps is not null)
        {
            for (var source = 0; source < _denseStamps.Length; source++)
            {
                if (_denseStamps[source] is { } row)
                {
                    var sets = _denseSets![source]!;
                    for (var target = 0; target < row.Length; target++)
                    {
                        if (row[target] > oldest)
                        {
                            Measure(sets[target], ref keptCandidates, ref keptEdges);
                        }
                    }
                }
            }
        }

        for (var slot = 0; slot < _used.Length; slot++)
        {
            if (_used[slot] && _tableStamps[slot] > oldest)
            {
                Measure(_tableSets[slot], ref keptCandidates, ref keptEdges);
                keptTable++;
            }
        }

        var old = new Candidates(_edges, _start, _length, _cost, _latency, _km);
        var (keys, sigs, tableSets, used, tableStamps) = (_keys, _sigs, _tableSets, _used, _tableStamps);
        _edges = new int[Math.Max(InitialEdges, keptEdges)];
        _edgeCount = 0;
        var capacity = Math.Max(InitialCandidates, keptCandidates);
        _start = new int[capacity];
        _length = new int[capacity];
        _cost = new double[capacity];
        _latency = new double[capacity];
        _km = new double[capacity];
        _count = 0;
        var kept = 0;
        if (_denseStamps is not null)
        {
            for (var source = 0; source < _denseStamps.Length; source++)
            {
                if (_denseStamps[source] is not { } row)
                {
                    continue;
                }

                var sets = _denseSets![source]!;
                var inRow = 0;
                for (var target = 0; target < row.Length; target++)
                {
                    if (row[target] > oldest)
                    {
                        sets[target] = CopyFrom(old, sets[target]);
                        inRow++;
                    }
                    else
                    {
                        row[target] = 0;
                        sets[target] = default;
                    }
                }

                if (inRow == 0)
                {
                    _denseStamps[source] = null;
                    _denseSets![source] = null;
                    _denseRows--;
                }

                kept += inRow;
            }
        }

        var size = InitialTable;
        while (size < 2 * (keptTable + 1))
        {
            size *= 2;
        }

        _keys = new ulong[size];
        _sigs = new ulong[size];
        _tableSets = new CandidateSet[size];
        _used = new bool[size];
        _tableStamps = new uint[size];
        _tableCount = 0;
        for (var i = 0; i < used.Length; i++)
        {
            if (used[i] && tableStamps[i] > oldest)
            {
                Reinsert(keys[i], sigs[i], CopyFrom(old, tableSets[i]), tableStamps[i]);
                _tableCount++;
            }
        }

        CachedKeys = kept + _tableCount;
        Evictions++;
    }

    /// <summary>The candidate arrays before a compaction.</summary>
    private readonly record struct Candidates(int[] Edges, int[] Start, int[] Length, double[] Cost, double[] Latency, double[] Km);

    private void Measure(CandidateSet set, ref int candidates, ref int edges)
    {
        candidates += set.Count;
        for (var c = set.First; c < set.First + set.Count; c++)
        {
            edges += _length[c];
        }
    }

    /// <summary>Appends a set's candidates from the old arrays to the new ones; the set at its new place.</summary>
    private CandidateSet CopyFrom(in Candidates old, CandidateSet set)
    {
        var first = _count;
        for (var c = set.First; c < set.First + set.Count; c++)
        {
            var length = old.Length[c];
            Array.Copy(old.Edges, old.Start[c], _edges, _edgeCount, length);
            _start[_count] = _edgeCount;
            _length[_count] = length;
            _cost[_count] = old.Cost[c];
            _latency[_count] = old.Latency[c];
            _km[_count] = old.Km[c];
            _edgeCount += length;
            _count++;
        }

        return set with { First = first };
    }

    /// <summary>Empties the cache (an eviction); the same rule as <see cref="TrimToBudget"/> on what becomes invalid.</summary>
    public void Clear()
    {
        if (_denseStamps is not null)
        {
            Array.Clear(_denseStamps);
            Array.Clear(_denseSets!);
        }

        _denseRows = 0;
        _edges = new int[InitialEdges];
        _edgeCount = 0;
        _start = new int[InitialCandidates];
        _length = new int[InitialCandidates];
        _cost = new double[InitialCandidates];
        _latency = new double[InitialCandidates];
        _km = new double[InitialCandidates];
        _count = 0;
        _keys = new ulong[InitialTable];
        _sigs = new ulong[InitialTable];
        _tableSets = new CandidateSet[InitialTable];
        _used = new bool[InitialTable];
        _tableStamps = new uint[InitialTable];
        _tableCount = 0;
        CachedKeys = 0;
        Evictions++;
    }

    public ReadOnlySpan<int> Edges(int candidate) => _edges.AsSpan(_start[candidate], _length[candidate]);

    public double Cost(int candidate) => _cost[candidate];

    /// <summary>Exact end-to-end latency, µs (source ROADM included).</summary>
    public double LatencyUs(int candidate) => _latency[candidate];

    public double Km(int candidate) => _km[candidate];

    public int Hops(int candidate) => _length[candidate];

    /// <summary>Candidates for a pair under a mask (computed on first use).</summary>
    public CandidateSet Get(int source, int target, ConstraintMask? mask)
    {
        var packed = ((ulong)(uint)source << 32) | (uint)target;
        if (mask is null || mask.IsUnconstrained)
        {
            if (_denseStamps is null)
            {
                return FromTable(packed | UnconstrainedKey, 0, source, target, null);
            }

            var stamps = _denseStamps[source];
            if (stamps is null)
            {
                stamps = _denseStamps[source] = new uint[_graph.NodeCount];
                _denseSets![source] = new CandidateSet[_graph.NodeCount];
                _denseRows++;
            }

            var sets = _denseSets![source]!;
            if (stamps[target] == 0)
            {
                sets[target] = Compute(source, target, null);
                CachedKeys++;
            }

            stamps[target] = Tick();
            return sets[target];
        }

        return FromTable(packed, mask.Signature, source, target, mask);
    }

    private CandidateSet FromTable(ulong packed, ulong signature, int source, int target, ConstraintMask? mask)
    {
        var slot = Slot(packed, signature);
        while (_used[slot])
        {
            if (_keys[slot] == packed && _sigs[slot] == signature)
            {
                _tableStamps[slot] = Tick();
                return _tableSets[slot];
            }

            slot = (slot + 1) & (_keys.Length - 1);
        }

        var set = Compute(source, target, mask);
        if ((_tableCount + 1) * 2 > _keys.Length)
        {
            Grow();
            slot = Slot(packed, signature);
            while (_used[slot])
            {
                slot = (slot + 1) & (_keys.Length - 1);
            }
        }

        _used[slot] = true;
        _keys[slot] = packed;
        _sigs[slot] = signature;
        _tableSets[slot] = set;
        _tableStamps[slot] = Tick();
        _tableCount++;
        CachedKeys++;
        return set;
    }

    private uint Tick()
    {
        var now = _clock + 1;
        _clock = now == 0 ? 1 : now;
        return _clock;
    }

    private int Slot(ulong packed, ulong signature)
    {
        var h = (packed * 0x9E3779B97F4A7C15UL) ^ signature;
        h ^= h >> 29;
        return (int)(h & (ulong)(_keys.Length - 1));
    }

    private void Grow()
    {
        var keys = _keys;
        var sigs = _sigs;
        var sets = _tableSets;
        var used = _used;
        var stamps = _tableStamps;
        _keys = new ulong[keys.Length * 2];
        _sigs = new ulong[keys.Length * 2];
        _tableSets = new CandidateSet[keys.Length * 2];
        _used = new bool[keys.Length * 2];
        _tableStamps = new uint[keys.Length * 2];
        for (var i = 0; i < keys.Length; i++)
        {
            if (used[i])
            {
                Reinsert(keys[i], sigs[i], sets[i], stamps[i]);
            }
        }
    }

    /// <summary>Puts an entry into the (new, larger or emptied) table at the first free slot of its probe sequence.</summary>
    private void Reinsert(ulong key, ulong signature, CandidateSet set, uint stamp)
    {
        var slot = Slot(key, signature);
        while (_used[slot])
        {
            slot = (slot + 1) & (_keys.Length - 1);
        }

        _used[slot] = true;
        _keys[slot] = key;
        _sigs[slot] = signature;
        _tableSets[slot] = set;
        _tableStamps[slot] = stamp;
    }

    private CandidateSet Compute(int source, int target, ConstraintMask? mask)
    {
        return Metric switch
        {
            RouteMetric.Km => Compute(source, target, mask, default(KmCost)),
            RouteMetric.Hops => Compute(source, target, mask, default(HopCost)),
            RouteMetric.Weighted => Compute(source, target, mask, _weights),
            // Energy depends on the spectrum state, so its candidates are cached by latency and ranked per request.
            _ => Compute(source, target, mask, default(LatencyCost)),
        };
    }

    private CandidateSet Compute<TCost>(int source, int target, ConstraintMask? mask, TCost cost)
        where TCost : struct, IEdgeCost
    {
        var needsFiltering = mask is not null && (mask.MaxLatencyUs is not null || mask.IncludeNodes.Length > 0 || mask.IncludeEdges.Length > 0);
        if (!needsFiltering)
        {
            if (mask is null)
            {
                _search.KShortestPaths(source, target, K, cost, default(AllEdges), _scratch);
            }
            else
            {
                _search.KShortestPaths(source, target, K, cost, new MaskFilter(mask), _scratch);
            }

            var first = _count;
            for (var i = 0; i < _scratch.Count; i++)
            {
                Store(_scratch.Edges(i), _scratch.Cost(i));
            }

            return new CandidateSet(first, _scratch.Count, CandidateNotes.None);
        }

        var filter = new MaskFilter(mask!);
        var notes = CandidateNotes.None;
        var start = _count;
        var accepted = 0;
        var maxLatency = mask!.MaxLatencyUs ?? double.PositiveInfinity;
        // With the latency metric the bound also prunes the search itself (labels over the bound are never queued);
        // a hair of slack keeps paths exactly at the bound, which the exact validation below then judges.
        var byLatency = Metric is RouteMetric.Latency or RouteMetric.Energy;
        var searchBound = byLatency && mask.MaxLatencyUs is { } b
            ? b - _graph.NodeLatencyUs(source) + LatencySlackUs
            : double.PositiveInfinity;
        if (!_search.YenBegin(source, target, cost, filter, _scratch, searchBound))
        {
            if (!double.IsPositiveInfinity(searchBound) && _search.TryDistanceTo(source, target, cost, filter, out _))
            {
                notes |= CandidateNotes.LatencyDropped; // connected, but even the fastest path is over the bound
            }
        }
        else
        {
            var examined = 0;
            while (true)
            {
                var p = _scratch.Count - 1;
                var edges = _scratch.Edges(p);
                examined++;
                var latency = _graph.PathLatencyUs(edges);
                if (latency > maxLatency + LatencySlackUs)
                {
                    notes |= CandidateNotes.LatencyDropped;
                    if (byLatency)
                    {
                        break; // Paths come in latency order: every later one is slower still.
                    }
                }
                else if (!mask.SatisfiesIncludes(edges))
                {
                    notes |= CandidateNotes.IncludeDropped;
                }
                else
                {
                    Store(edges, _scratch.Cost(p));
                    accepted++;
                }

                if (accepted == K)
                {
                    break;
                }

                if (examined >= Budget)
                {
                    notes |= CandidateNotes.BudgetExhausted;
                    break;
                }

                if (!_search.YenNext(cost, filter))
                {
                    break;
                }
            }
        }

        return new CandidateSet(start, accepted, notes);
    }

    private void Store(ReadOnlySpan<int> edges, double cost)
    {
        if (_edgeCount + edges.Length > _edges.Length)
        {
            Array.Resize(ref _edges, Math.Max(_edges.Length * 2, _edgeCount + edges.Length));
        }

        if (_count == _start.Length)
        {
            var size = _count * 2;
            Array.Resize(ref _start, size);
            Array.Resize(ref _length, size);
            Array.Resize(ref _cost, size);
            Array.Resize(ref _latency, size);
            Array.Resize(ref _km, size);
        }

        edges.CopyTo(_edges.AsSpan(_edgeCount));
        _start[_count] = _edgeCount;
        _length[_count] = edges.Length;
        _cost[_count] = cost;
        _latency[_count] = _graph.PathLatencyUs(edges);
        _km[_count] = _graph.PathKm(edges);
        _edgeCount += edges.Length;
        _count++;
    }
}
