using System.Runtime.CompilerServices;
using Continuum.Pce.Routing.Graph;

namespace Continuum.Pce.Routing.Search;

/// <summary>
/// A non-negative, additive edge cost. Implemented by structs and passed as a generic argument so the JIT
/// specialises and inlines it into the search loop (no virtual call per relaxation).
/// </summary>
public interface IEdgeCost
{
    double Cost(CompactGraph graph, int edge);
}

/// <summary>End-to-end latency: fibre propagation plus the entered ROADM (the default objective).</summary>
public readonly struct LatencyCost : IEdgeCost
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Cost(CompactGraph graph, int edge) => graph.LatencyArray[edge];
}

/// <summary>Fibre length in km.</summary>
public readonly struct KmCost : IEdgeCost
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Cost(CompactGraph graph, int edge) => graph.KmArray[edge];
}

/// <summary>One per hop.</summary>
public readonly struct HopCost : IEdgeCost
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Cost(CompactGraph graph, int edge) => graph.HopArray[edge];
}

/// <summary>A weighted sum of latency (µs), length (km) and hops; weights must be non-negative.</summary>
public readonly struct WeightedCost : IEdgeCost
{
    private readonly double _latency;
    private readonly double _km;
    private readonly double _hop;

    public WeightedCost(double latencyWeight, double kmWeight, double hopWeight)
    {
        if (!(latencyWeight >= 0 && kmWeight >= 0 && hopWeight >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(latencyWeight), "weights must be non-negative");
        }

        _latency = latencyWeight;
        _km = kmWeight;
        _hop = hopWeight;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Cost(CompactGraph graph, int edge) =>
        _latency * graph.LatencyArray[edge] + _km * graph.KmArray[edge] + _hop * graph.HopArray[edge];
}

/// <summary>Which edges a search may use. Structs passed as generic arguments, like <see cref="IEdgeCost"/>.</summary>
public interface IEdgeFilter
{
    bool Allows(int edge);
}

/// <summary>Every edge is allowed.</summary>
public readonly struct AllEdges : IEdgeFilter
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Allows(int edge) => true;
}

/// <summary>Edges allowed by a compiled edge mask (<see cref="Constraints.ConstraintMask"/>).</summary>
public readonly struct MaskFilter : IEdgeFilter
{
    private readonly bool[] _allowed;

    public MaskFilter(Constraints.ConstraintMask mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        _allowed = mask.EdgeAllowedArray;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Allows(int edge) => _allowed[edge];
}
