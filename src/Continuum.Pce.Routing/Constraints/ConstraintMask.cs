using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Requests;
using Continuum.Pce.Routing.Graph;

namespace Continuum.Pce.Routing.Constraints;

/// <summary>
/// Hard constraints compiled against one graph version into flat masks (STYLE.md principle 7, first stage): an edge is
/// allowed when it is not excluded, none of its SRLGs is excluded, every jurisdiction it crosses is permitted, and both
/// its end nodes are allowed (a node is disallowed when excluded, at an excluded site, or in a jurisdiction that is not
/// permitted). Searches read the edge mask through <see cref="Search.MaskFilter"/>; bounds and include lists are checked
/// on candidates afterwards (second stage). A twin mask without the jurisdiction rules lets a blocked request say
/// whether jurisdiction was the cause.
/// </summary>
public sealed class ConstraintMask
{
    internal readonly bool[] EdgeAllowedArray;
    internal readonly bool[] NodeAllowedArray;
    internal readonly bool[] NodeJurisdictionAllowedArray;

    private ConstraintMask(CompactGraph graph, bool[] edges, bool[] nodes, bool[] nodeJurisdiction, int[] includeNodes, int[] includeEdges, double? maxLatencyUs, bool jurisdictionRules)
    {
        Graph = graph;
        EdgeAllowedArray = edges;
        NodeAllowedArray = nodes;
        NodeJurisdictionAllowedArray = nodeJurisdiction;
        IncludeNodes = includeNodes;
        IncludeEdges = includeEdges;
        MaxLatencyUs = maxLatencyUs;
        HasJurisdictionRules = jurisdictionRules;
        Signature = ComputeSignature();
    }

    public CompactGraph Graph { get; }

    /// <summary>Nodes every path must visit (in any order), as dense ids.</summary>
    public int[] IncludeNodes { get; }

    /// <summary>Fibres every path must use, as dense ids.</summary>
    public int[] IncludeEdges { get; }

    public double? MaxLatencyUs { get; }

    public bool HasJurisdictionRules { get; }

    /// <summary>The same constraints without the jurisdiction rules (itself when there are none).</summary>
    public ConstraintMask WithoutJurisdiction { get; private set; } = null!;

    /// <summary>A 64-bit digest of the masks and bounds: the constraint part of a candidate-cache key.</summary>
    public ulong Signature { get; }

    /// <summary>True when nothing is excluded, nothing must be included and there is no latency bound.</summary>
    public bool IsUnconstrained { get; private set; }

    public bool EdgeAllowed(int edge) => EdgeAllowedArray[edge];

    public bool NodeAllowed(int node) => NodeAllowedArray[node];

    /// <summary>True when the node is permitted by the jurisdiction rules alone.</summary>
    public bool NodeJurisdictionAllowed(int node) => NodeJurisdictionAllowedArray[node];

    /// <summary>The mask that allows everything on a graph (one shared instance per graph).</summary>
    public static ConstraintMask Unconstrained(CompactGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);

        // Masks are never written after construction, so one instance serves every caller; a race builds two equal ones.
        return graph.UnconstrainedMask ??= BuildUnconstrained(graph);
    }

    private static ConstraintMask BuildUnconstrained(CompactGraph graph)
    {
        var edges = new bool[graph.EdgeCount];
        var nodes = new bool[graph.NodeCount];
        Array.Fill(edges, true);
        Array.Fill(nodes, true);
        var mask = new ConstraintMask(graph, edges, nodes, nodes, [], [], null, false) { IsUnconstrained = true };
        mask.WithoutJurisdiction = mask;
        return mask;
    }

    /// <summary>Compiles constraints; fails (with the reason) only when a node or fibre to include is unknown.</summary>
    public static bool TryCompile(CompactGraph graph, PathConstraints constraints, out ConstraintMask mask, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(constraints);
        if (RestrictsNothing(constraints))
        {
            // The common request: nothing to compile, and nothing to allocate.
            mask = Unconstrained(graph);
            error = null;
            return true;
        }

        mask = null!;
        var includeNodes = new int[constraints.IncludeNodes.IsDefault ? 0 : constraints.IncludeNodes.Length];
        for (var i = 0; i < includeNodes.Length; i++)
        {
            if (!graph.TryGetNode(constraints.IncludeNodes[i], out includeNodes[i]))
            {
                error = $"include node '{constraints.IncludeNodes[i]}' is not a ROADM of the topology";
                return false;
            }
        }

        var includeEdges = new int[constraints.IncludeFibers.IsDefault ? 0 : constraints.IncludeFibers.Length];
        for (var i = 0; i < includeEdges.Length; i++)
        {
            if (!graph.TryGetEdge(constraints.IncludeFibers[i], out includeEdges[i]))
            {
                error = $"include fibre '{constraints.IncludeFibers[i]}' is not in the topology";
                return false;
            }
        }

        var jurisdictionRules = !constraints.AllowedJurisdictions.IsDefaultOrEmpty || !constraints.ForbiddenJurisdictions.IsDefaultOrEmpty;
        var permitted = new bool[graph.JurisdictionCount];
        for (var j = 0; j < permitted.Length; j++)
        {
            permitted[j] = constraints.Permits(graph.JurisdictionOf(j));
        }

        var unknownPermitted = constraints.AllowedJurisdictions.IsDefaultOrEmpty;

        var nodesPlain = new bool[graph.NodeCount];
        var nodeJur = new bool[graph.NodeCount];
        Array.Fill(nodesPlain, true);
        foreach (var id in Each(constraints.ExcludeNodes))
        {
            if (graph.TryGetNode(id, out var v))
            {
                nodesPlain[v] = false;
            }
        }

        foreach (var site in Each(constraints.ExcludeSites))
        {
            if (graph.TryGetSite(site, out var s))
            {
                for (var v = 0; v < graph.NodeCount; v++)
                {
                    if (graph.NodeSite(v) == s)
                    {
                        nodesPlain[v] = false;
                    }
                }
            }
        }

        for (var v = 0; v < graph.NodeCount; v++)
        {
            var j = graph.NodeJurisdiction(v);
            nodeJur[v] = j < 0 ? unknownPermitted : permitted[j];
        }

        var edgesPlain = new bool[graph.EdgeCount];
        var edgeJur = new bool[graph.EdgeCount];
        Array.Fill(edgesPlain, true);
        foreach (var id in Each(constraints.ExcludeFibers))
        {
            if (graph.TryGetEdge(id, out var e))
            {
                edgesPlain[e] = false;
            }
        }

        foreach (var id in Each(constraints.ExcludeSrlgs))
        {
            if (graph.TryGetSrlg(id, out var s))
            {
                foreach (var e in graph.EdgesInSrlg(s))
                {
                    edgesPlain[e] = false;
                }
            }
        }

        for (var e = 0; e < graph.EdgeCount; e++)
        {
            var ok = true;
            foreach (var j in graph.EdgeJurisdictions(e))
            {
                ok &= permitted[j];
            }

            edgeJur[e] = ok && nodeJur[graph.Source(e)] && nodeJur[graph.Target(e)];
            edgesPlain[e] = edgesPlain[e] && nodesPlain[graph.Source(e)] && nodesPlain[graph.Target(e)];
        }

        var edgesAll = new bool[graph.EdgeCount];
        var nodesAll = new bool[graph.NodeCount];
        for (var e = 0; e < edgesAll.Length; e++)
        {
            edgesAll[e] = edgesPlain[e] && edgeJur[e];
        }

        for (var v = 0; v < nodesAll.Length; v++)
        {
            nodesAll[v] = nodesPlain[v] && nodeJur[v];
        }

        var allNodes = new bool[graph.NodeCount];
        Array.Fill(allNodes, true);
        var plain = new ConstraintMask(graph, edgesPlain, nodesPlain, allNodes, includeNodes, includeEdges, constraints.MaxLatencyUs, false);
        plain.WithoutJurisdiction = plain;
        plain.IsUnconstrained = Array.TrueForAll(edgesPlain, x => x) && Array.TrueForAll(nodesPlain, x => x)
            && includeNodes.Length == 0 && includeEdges.Length == 0 && constraints.MaxLatencyUs is null;
        if (!jurisdictionRules)
        {
            mask = plain;
        }
        else
        {
            mask = new ConstraintMask(graph, edgesAll, nodesAll, nodeJur, includeNodes, includeEdges, constraints.MaxLatencyUs, true)
            {
                WithoutJurisdiction = plain,
            };
        }

        error = null;
        return true;
    }

    /// <summary>True when a path (as edges) visits every include node and uses every include fibre.</summary>
    public bool SatisfiesIncludes(ReadOnlySpan<int> path)
    {
        foreach (var node in IncludeNodes)
        {
            var found = path.Length > 0 && Graph.Source(path[0]) == node;
            foreach (var e in path)
            {
                found |= Graph.Target(e) == node;
            }

            if (!found)
            {
                return false;
            }
        }

        foreach (var edge in IncludeEdges)
        {
            if (path.IndexOf(edge) < 0)
            {
                return false;
            }
        }

        return true;
    }

    private static bool RestrictsNothing(PathConstraints c) =>
        c.MaxLatencyUs is null && c.IncludeNodes.IsDefaultOrEmpty && c.IncludeFibers.IsDefaultOrEmpty && c.ExcludeNodes.IsDefaultOrEmpty &&
        c.ExcludeSites.IsDefaultOrEmpty && c.ExcludeFibers.IsDefaultOrEmpty && c.ExcludeSrlgs.IsDefaultOrEmpty &&
        c.AllowedJurisdictions.IsDefaultOrEmpty && c.ForbiddenJurisdictions.IsDefaultOrEmpty;

    private static System.Collections.Immutable.ImmutableArray<T> Each<T>(System.Collections.Immutable.ImmutableArray<T> items) =>
        items.IsDefault ? [] : items;

    private ulong ComputeSignature()
    {
        var h = 14695981039346656037UL;
        for (var e = 0; e < EdgeAllowedArray.Length; e++)
        {
            if (!EdgeAllowedArray[e])
            {
                h = (h ^ (uint)e) * 1099511628211UL;
            }
        }

        h = (h ^ 0xFFFF_FFFFUL) * 1099511628211UL;
        foreach (var v in IncludeNodes)
        {
            h = (h ^ (uint)v) * 1099511628211UL;
        }

        h = (h ^ 0xFFFF_FFFEUL) * 1099511628211UL;
        foreach (var e in IncludeEdges)
        {
            h = (h ^ (uint)e) * 1099511628211UL;
        }

        h = (h ^ (ulong)BitConverter.DoubleToInt64Bits(MaxLatencyUs ?? -1)) * 1099511628211UL;
        return h;
    }
}
