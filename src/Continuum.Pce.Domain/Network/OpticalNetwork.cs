using System.Collections.Immutable;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Sites;
using Continuum.Pce.Domain.Spectrum;

namespace Continuum.Pce.Domain.Network;

/// <summary>
/// A validated, immutable optical network: sites, nodes and directed fibres on one spectrum grid. Loaders validate
/// files and report every problem before constructing one; the constructor only guards invariants against bugs.
/// </summary>
public sealed class OpticalNetwork
{
    private readonly Dictionary<SiteId, Site> _sites;
    private readonly Dictionary<NodeId, OpticalNode> _nodes;
    private readonly Dictionary<FiberId, Fiber> _fibers;

    public OpticalNetwork(
        string name,
        SpectrumGrid grid,
        IEnumerable<Site> sites,
        IEnumerable<OpticalNode> nodes,
        IEnumerable<Fiber> fibers,
        string? description = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Description = description;
        Grid = grid;
        Sites = [.. sites];
        Nodes = [.. nodes];
        Fibers = [.. fibers];
        _sites = IdIndex.Build(Sites, s => s.Id, "site");
        _nodes = IdIndex.Build(Nodes, n => n.Id, "node");
        _fibers = IdIndex.Build(Fibers, f => f.Id, "fibre");
        foreach (var node in Nodes)
        {
            if (!_sites.ContainsKey(node.Site))
            {
                throw new ArgumentException($"node '{node.Id}' names unknown site '{node.Site}'");
            }
        }

        foreach (var fiber in Fibers)
        {
            if (!_nodes.ContainsKey(fiber.Source) || !_nodes.ContainsKey(fiber.Destination))
            {
                throw new ArgumentException($"fibre '{fiber.Id}' names an unknown node");
            }
        }
    }

    public string Name { get; }

    public string? Description { get; }

    public SpectrumGrid Grid { get; }

    public ImmutableArray<Site> Sites { get; }

    public ImmutableArray<OpticalNode> Nodes { get; }

    public ImmutableArray<Fiber> Fibers { get; }

    public IEnumerable<Roadm> Roadms => Nodes.OfType<Roadm>();

    public IEnumerable<Transponder> Transponders => Nodes.OfType<Transponder>();

    public IEnumerable<InlineAmplifier> Amplifiers => Nodes.OfType<InlineAmplifier>();

    public double TotalFiberKm => Fibers.Sum(f => f.LengthKm);

    public bool TryGetSite(SiteId id, out Site site) => _sites.TryGetValue(id, out site!);

    public bool TryGetNode(NodeId id, out OpticalNode node) => _nodes.TryGetValue(id, out node!);

    public bool TryGetFiber(FiberId id, out Fiber fiber) => _fibers.TryGetValue(id, out fiber!);

    public Site Site(SiteId id) => _sites.TryGetValue(id, out var s) ? s : throw new KeyNotFoundException($"unknown site '{id}'");

    public OpticalNode Node(NodeId id) => _nodes.TryGetValue(id, out var n) ? n : throw new KeyNotFoundException($"unknown node '{id}'");

    public Fiber Fiber(FiberId id) => _fibers.TryGetValue(id, out var f) ? f : throw new KeyNotFoundException($"unknown fibre '{id}'");

    /// <summary>The site that houses a node.</summary>
    public Site SiteOf(NodeId node) => Site(Node(node).Site);
}
