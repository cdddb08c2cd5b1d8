namespace Continuum.Pce.TestKit.Routing;

/// <summary>One undirected link between node indices, with a length and optional SRLG names and jurisdiction codes.</summary>
public sealed record TestLink(int A, int B, double Km, string[]? Srlgs = null, string[]? Jurisdictions = null);

/// <summary>
/// A plain node-and-link topology for routing tests and benchmarks: nodes are names (index = position), links are
/// undirected (each becomes a duplex pair of fibres). Kept free of the routing types so any test project can use it.
/// </summary>
public sealed record LinkTopology(string Name, IReadOnlyList<string> Nodes, IReadOnlyList<TestLink> Links)
{
    /// <summary>Optional per-node jurisdiction codes (ISO 3166), same order as <see cref="Nodes"/>.</summary>
    public IReadOnlyList<string?>? NodeJurisdictions { get; init; }

    /// <summary>Optional per-node site names, same order as <see cref="Nodes"/> (default: one site per node).</summary>
    public IReadOnlyList<string>? NodeSites { get; init; }
}
