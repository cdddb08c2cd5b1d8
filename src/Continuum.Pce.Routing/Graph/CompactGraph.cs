using Continuum.Pce.Domain.Geography;
using Continuum.Pce.Domain.Identity;

namespace Continuum.Pce.Routing.Graph;

/// <summary>
/// A frozen, read-only directed graph in compressed sparse row (CSR) form: node <c>v</c>'s outgoing edges are the
/// dense edge indices <c>FirstEdge(v) .. FirstEdge(v + 1) - 1</c>, ordered by the order they were added. Every
/// per-edge attribute is a parallel array indexed by edge, so a search touches only flat arrays of primitives.
/// Nodes are ROADMs and edges are directed fibres; domain identifiers appear only in the boundary maps.
/// </summary>
/// <remarks>
/// Latency attribution: an edge's latency is the fibre's propagation delay plus the latency of the ROADM it
/// <em>enters</em>. The source ROADM's latency is held apart in <see cref="NodeLatencyUs"/> and added once per path,
/// so a path s → … → t is charged every ROADM it passes exactly once (including both ends) and the search costs
/// stay non-negative and additive. Use <see cref="PathLatencyUs"/> for the exact end-to-end figure.
/// </remarks>
public sealed class CompactGraph
{
    internal readonly int[] FirstEdgeArray;
    internal readonly int[] SourceArray;
    internal readonly int[] TargetArray;
    internal readonly double[] KmArray;
    internal readonly double[] LatencyArray;
    internal readonly double[] HopArray;
    internal readonly int[] ReverseArray;
    internal readonly int[] GuardArray;
    internal readonly int[] SrlgOffsetArray;
    internal readonly int[] SrlgArray;
    internal readonly int[] EdgeJurisdictionOffsetArray;
    internal readonly int[] EdgeJurisdictionArray;
    internal readonly int[] NodeJurisdictionArray;
    internal readonly int[] NodeSiteArray;
    internal readonly double[] NodeLatencyArray;
    internal readonly int[] InFirstEdgeArray;
    internal readonly int[] InEdgeArray;
    internal readonly int[] SrlgEdgeOffsetArray;
    internal readonly int[] SrlgEdgeArray;

    /// <summary>Per edge: the fibre's amplifiers together, W (zeros when the graph was built without equipment).</summary>
    internal double[] AmplifierPowerArray { get; init; }

    /// <summary>Per node: the power of one ROADM degree, W.</summary>
    internal double[] DegreePowerArray { get; init; }

    /// <summary>The mask that allows everything, built once per graph (most requests carry no constraint).</summary>
    internal Constraints.ConstraintMask? UnconstrainedMask { get; set; }

    private readonly NodeId[] _nodeIds;
    private readonly FiberId[] _fiberIds;
    private readonly SrlgId[] _srlgIds;
    private readonly SiteId[] _siteIds;
    private readonly Jurisdiction[] _jurisdictions;
    private readonly Dictionary<NodeId, int> _nodeIndex;
    private readonly Dictionary<FiberId, int> _fiberIndex;
    private readonly Dictionary<SrlgId, int> _srlgIndex;
    private readonly Dictionary<SiteId, int> _siteIndex;

    internal CompactGraph(
        long version,
        int[] firstEdge,
        int[] source,
        int[] target,
        double[] km,
        double[] latency,
        int[] reverse,
        int[] guard,
        int[] srlgOffsets,
        int[] srlgs,
        int[] edgeJurisdictionOffsets,
        int[] edgeJurisdictions,
        int[] nodeJurisdiction,
        int[] nodeSite,
        double[] nodeLatency,
        NodeId[] nodeIds,
        FiberId[] fiberIds,
        SrlgId[] srlgIds,
        SiteId[] siteIds,
        Jurisdiction[] jurisdictions)
    {
        Version = version;
        FirstEdgeArray = firstEdge;
        SourceArray = source;
        TargetArray = target;
        KmArray = km;
        LatencyArray = latency;
        HopArray = new double[target.Length];
        Array.Fill(HopArray, 1.0);
        ReverseArray = reverse;
        GuardArray = guard;
        SrlgOffsetArray = srlgOffsets;
        SrlgArray = srlgs;
        EdgeJurisdictionOffsetArray = edgeJurisdictionOffsets;
        EdgeJurisdictionArray = edgeJurisdictions;
        NodeJurisdictionArray = nodeJurisdiction;
        NodeSiteArray = nodeSite;
        NodeLatencyArray = nodeLatency;
        AmplifierPowerArray = new double[target.Length];
        DegreePowerArray = new double[nodeSite.Length];

        // Incoming adjacency (reverse CSR), edges in increasing index: lets a search run backwards from a target.
        var n = nodeSite.Length;
        InFirstEdgeArray = new int[n + 1];
        foreach (var t in target)
        {
            InFirstEdgeArray[t + 1]++;
        }

        for (var v = 0; v < n; v++)
        {
            InFirstEdgeArray[v + 1] += InFirstEdgeArray[v];
        }

        InEdgeArray = new int[target.Length];
        var fill = new int[n];
        for (var e = 0; e < target.Length; e++)
        {
            InEdgeArray[InFirstEdgeArray[target[e]] + fill[target[e]]++] = e;
        }

        // Inverse SRLG index: the edges in each SRLG, for banning everything that shares a risk with a path.
        SrlgEdgeOffsetArray = new int[srlgIds.Length + 1];
        foreach (var s in srlgs)
        {
            SrlgEdgeOffsetArray[s + 1]++;
        }

        for (var s = 0; s < srlgIds.Length; s++)
        {
            SrlgEdgeOffsetArray[s + 1] += SrlgEdgeOffsetArray[s];
        }

        SrlgEdgeArray = new int[srlgs.Length];
        var srlgFill = new int[srlgIds.Length];
        for (var e = 0; e < target.Length; e++)
        {
            for (var i = srlgOffsets[e]; i < srlgOffsets[e + 1]; i++)
            {
                var s = srlgs[i];
                SrlgEdgeArray[SrlgEdgeOffsetArray[s] + srlgFill[s]++] = e;
            }
        }

        _nodeIds = nodeIds;
        _fiberIds = fiberIds;
        _srlgIds = srlgIds;
        _siteIds = siteIds;
        _jurisdictions = jurisdictions;
        _nodeIndex = Index(nodeIds);
        _fiberIndex = Index(fiberIds);
        _srlgIndex = Index(srlgIds);
        _siteIndex = Index(siteIds);
    }

    /// <summary>The topology version this graph was frozen from; caches keyed on it are discarded when it changes.</summary>
    public long Version { get; }

    public int NodeCount => NodeSiteArray.Length;

    public int EdgeCount => TargetArray.Length;

    public int SrlgCount => _srlgIds.Length;

    public int SiteCount => _siteIds.Length;

    public int JurisdictionCount => _jurisdictions.Length;

    public int FirstEdge(int node) => FirstEdgeArray[node];

    public int EndEdge(int node) => FirstEdgeArray[node + 1];

    public int Source(int edge) => SourceArray[edge];

    public int Target(int edge) => TargetArray[edge];

    public double Km(int edge) => KmArray[edge];

    /// <summary>Fibre propagation plus the latency of the ROADM the edge enters, µs.</summary>
    public double LatencyUs(int edge) => LatencyArray[edge];

    /// <summary>Latency of a node (ROADM), µs; on a path only the source's is not already inside an edge.</summary>
    public double NodeLatencyUs(int node) => NodeLatencyArray[node];

    public int GuardBandSlots(int edge) => GuardArray[edge];

    /// <summary>What the fibre's amplifiers draw together when it is lit, W.</summary>
    public double AmplifierPowerW(int edge) => AmplifierPowerArray[edge];

    /// <summary>What one degree of the ROADM draws when it is in use, W.</summary>
    public double DegreePowerW(int node) => DegreePowerArray[node];

    /// <summary>The opposite fibre of a duplex pair, if the fibre names one.</summary>
    public bool TryGetReverse(int edge, out int reverse)
    {
        reverse = ReverseArray[edge];
        return reverse >= 0;
    }

    public ReadOnlySpan<int> Srlgs(int edge) =>
        SrlgArray.AsSpan(SrlgOffsetArray[edge], SrlgOffsetArray[edge + 1] - SrlgOffsetArray[edge]);

    /// <summary>The edges that belong to a shared-risk link group.</summary>
    public ReadOnlySpan<int> EdgesInSrlg(int srlg) =>
        SrlgEdgeArray.AsSpan(SrlgEdgeOffsetArray[srlg], SrlgEdgeOffsetArray[srlg + 1] - SrlgEdgeOffsetArray[srlg]);

    public ReadOnlySpan<int> EdgeJurisdictions(int edge) =>
        EdgeJurisdictionArray.AsSpan(EdgeJurisdictionOffsetArray[edge], EdgeJurisdictionOffsetArray[edge + 1] - EdgeJurisdictionOffsetArray[edge]);

    public int NodeJurisdiction(int node) => NodeJurisdictionArray[node];

    public int NodeSite(int node) => NodeSiteArray[node];

    public NodeId NodeIdOf(int node) => _nodeIds[node];

    public FiberId FiberIdOf(int edge) => _fiberIds[edge];

    public SrlgId SrlgIdOf(int srlg) => _srlgIds[srlg];

    public SiteId SiteIdOf(int site) => _siteIds[site];

    public Jurisdiction JurisdictionOf(int jurisdiction) => _jurisdictions[jurisdiction];

    public bool TryGetNode(NodeId id, out int node) => _nodeIndex.TryGetValue(id, out node);

    public bool TryGetEdge(FiberId id, out int edge) => _fiberIndex.TryGetValue(id, out edge);

    public bool TryGetSrlg(SrlgId id, out int srlg) => _srlgIndex.TryGetValue(id, out srlg);

    public bool TryGetSite(SiteId id, out int site) => _siteIndex.TryGetValue(id, out site);

    /// <summary>The first edge from <paramref name="from"/> to <paramref name="to"/> (lowest edge index), if any.</summary>
    public bool TryFindEdge(int from, int to, out int edge)
    {
        for (var e = FirstEdgeArray[from]; e < FirstEdgeArray[from + 1]; e++)
        {
            if (TargetArray[e] == to)
            {
                edge = e;
                return true;
            }
        }

        edge = 0;
        return false;
    }

    /// <summary>Exact end-to-end latency of a path given as edges: source ROADM plus every edge (fibre and entered ROADM), µs.</summary>
    public double PathLatencyUs(ReadOnlySpan<int> edges)
    {
        if (edges.IsEmpty)
        {
            return 0;
        }

        var total = NodeLatencyArray[SourceArray[edges[0]]];
        foreach (var e in edges)
        {
            total += LatencyArray[e];
        }

        return total;
    }

    public double PathKm(ReadOnlySpan<int> edges)
    {
        var total = 0.0;
        foreach (var e in edges)
        {
            total += KmArray[e];
        }

        return total;
    }

    /// <summary>True when two edges share a shared-risk link group.</summary>
    public bool ShareSrlg(int a, int b)
    {
        foreach (var x in Srlgs(a))
        {
            foreach (var y in Srlgs(b))
            {
                if (x == y)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static Dictionary<T, int> Index<T>(T[] ids)
        where T : notnull
    {
        var map = new Dictionary<T, int>(ids.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            map.TryAdd(ids[i], i);
        }

        return map;
    }
}
