using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Geography;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Units;

namespace Continuum.Pce.Routing.Graph;

/// <summary>
/// Mutable builder for a <see cref="CompactGraph"/>. Collects nodes and directed fibres with their attributes, then
/// <see cref="Freeze"/> lays them out in CSR order (edges grouped by source, in insertion order within a source, so
/// edge indices, and therefore tie-breaks, are deterministic for a given input order).
/// </summary>
public sealed class CompactGraphBuilder
{
    private readonly List<NodeRow> _nodes = [];
    private readonly List<EdgeRow> _edges = [];
    private readonly Dictionary<NodeId, int> _nodeIndex = [];
    private readonly Dictionary<FiberId, int> _fiberIndex = [];
    private readonly List<SrlgId> _srlgs = [];
    private readonly Dictionary<SrlgId, int> _srlgIndex = [];
    private readonly List<SiteId> _sites = [];
    private readonly Dictionary<SiteId, int> _siteIndex = [];
    private readonly List<Jurisdiction> _jurisdictions = [];
    private readonly Dictionary<Jurisdiction, int> _jurisdictionIndex = [];

    public int NodeCount => _nodes.Count;

    public int EdgeCount => _edges.Count;

    /// <summary>Builds the routing graph of a network: ROADMs are nodes, fibres between ROADMs are edges.</summary>
    /// <remarks>Transponders and in-line amplifiers are not routing nodes: transponders hang off a ROADM's add/drop and
    /// amplifiers sit inside a fibre's spans. ROADM latency comes from its type in the equipment library.</remarks>
    public static CompactGraph FromNetwork(OpticalNetwork network, EquipmentLibrary equipment, long version)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(equipment);
        var builder = new CompactGraphBuilder();
        foreach (var node in network.Nodes)
        {
            if (node is Roadm roadm)
            {
                var site = network.Site(roadm.Site);
                var known = equipment.TryGetRoadmType(roadm.Type, out var type);
                builder.AddNode(roadm.Id, roadm.Site, site.Jurisdiction, known ? type!.LatencyUs : 0.0, known ? type!.PowerPerDegreeW : 0.0);
            }
        }

        foreach (var fiber in network.Fibers)
        {
            if (builder._nodeIndex.TryGetValue(fiber.Source, out var from) && builder._nodeIndex.TryGetValue(fiber.Destination, out var to))
            {
                var amplifierWatts = 0.0;
                foreach (var span in fiber.Spans)
                {
                    if (span.Amplifier is { } amp && equipment.TryGetAmplifier(amp.Type, out var ampType))
                    {
                        amplifierWatts += ampType.PowerW;
                    }
                }

                builder.AddFiber(fiber.Id, from, to, RoutingKm(fiber.LengthKm), fiber.Srlgs.AsSpan(), fiber.Jurisdictions.AsSpan(), fiber.GuardBandSlots, fiber.Reverse, amplifierWatts);
            }
        }

        return builder.Freeze(version);
    }

    /// <summary>
    /// A fibre's length as routing compares it: to the millimetre. A fibre's length is the sum of its spans, and a
    /// 1,500 km link imported as nineteen equal spans sums to 1500.0000000000002; two routes of the same length then
    /// differ by 1e-12 km, and the order of equal-cost candidates follows that rounding instead of the documented tie
    /// order (networkx's). Lengths are not known to better than a millimetre anyway.
    /// </summary>
    public static double RoutingKm(double lengthKm) => Math.Round(lengthKm, 6);

    /// <param name="degreePowerW">Power of one of the ROADM's degrees, W (for the energy objective).</param>
    public int AddNode(NodeId id, SiteId? site = null, Jurisdiction? jurisdiction = null, double latencyUs = 0, double degreePowerW = 0)
    {
        if (!double.IsFinite(degreePowerW) || degreePowerW < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(degreePowerW), degreePowerW, "degree power must be finite and non-negative");
        }

        if (_nodeIndex.ContainsKey(id))
        {
            throw new ArgumentException($"duplicate node '{id}'", nameof(id));
        }

        var siteId = site ?? new SiteId(id.Value);
        if (!_siteIndex.TryGetValue(siteId, out var siteIndex))
        {
            siteIndex = _sites.Count;
            _sites.Add(siteId);
            _siteIndex.Add(siteId, siteIndex);
        }

        var index = _nodes.Count;
        _nodes.Add(new NodeRow(id, siteIndex, jurisdiction is { } j ? Intern(j) : -1, latencyUs, degreePowerW));
        _nodeIndex.Add(id, index);
        return index;
    }

    /// <summary>Adds a node named by a string (tests and importers).</summary>
    public int AddNode(string id, double latencyUs = 0, double degreePowerW = 0) => AddNode(new NodeId(id), latencyUs: latencyUs, degreePowerW: degreePowerW);

    /// <summary>Adds a directed fibre; its latency is its propagation delay (4.897 µs/km) plus the entered ROADM's latency.</summary>
    /// <param name="amplifierPowerW">Power of the fibre's amplifiers together, W: what lighting it costs (energy objective).</param>
    public int AddFiber(
        FiberId id,
        int from,
        int to,
        double km,
        ReadOnlySpan<SrlgId> srlgs = default,
        ReadOnlySpan<Jurisdiction> jurisdictions = default,
        int guardBandSlots = 0,
        FiberId? reverse = null,
        double amplifierPowerW = 0)
    {
        if (!double.IsFinite(amplifierPowerW) || amplifierPowerW < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(amplifierPowerW), amplifierPowerW, "amplifier power must be finite and non-negative");
        }

        if ((uint)from >= (uint)_nodes.Count || (uint)to >= (uint)_nodes.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(from), "unknown node index");
        }

        if (!double.IsFinite(km) || km < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(km), km, "length must be finite and non-negative");
        }

        if (!_fiberIndex.TryAdd(id, _edges.Count))
        {
            throw new ArgumentException($"duplicate fibre '{id}'", nameof(id));
        }

        var srlgIndices = new int[srlgs.Length];
        for (var i = 0; i < srlgs.Length; i++)
        {
            if (!_srlgIndex.TryGetValue(srlgs[i], out var s))
            {
                s = _srlgs.Count;
                _srlgs.Add(srlgs[i]);
                _srlgIndex.Add(srlgs[i], s);
            }

            srlgIndices[i] = s;
        }

        var jurisdictionIndices = new int[jurisdictions.Length];
        for (var i = 0; i < jurisdictions.Length; i++)
        {
            jurisdictionIndices[i] = Intern(jurisdictions[i]);
        }

        _edges.Add(new EdgeRow(id, from, to, km, srlgIndices, jurisdictionIndices, guardBandSlots, reverse, amplifierPowerW));
        return _edges.Count - 1;
    }

    /// <summary>Adds a duplex link as two fibres "<paramref name="id"/>:f" and "<paramref name="id"/>:r" that name each other as reverse.</summary>
    public void AddDuplex(string id, int a, int b, double km, ReadOnlySpan<SrlgId> srlgs = default, ReadOnlySpan<Jurisdiction> jurisdictions = default, int guardBandSlots = 0, double amplifierPowerW = 0)
    {
        var forward = new FiberId(id + ":f");
        var backward = new FiberId(id + ":r");
        AddFiber(forward, a, b, km, srlgs, jurisdictions, guardBandSlots, backward, amplifierPowerW);
        AddFiber(backward, b, a, km, srlgs, jurisdictions, guardBandSlots, forward, amplifierPowerW);
    }

    public CompactGraph Freeze(long version)
    {
        var n = _nodes.Count;
        var m = _edges.Count;
        var firstEdge = new int[n + 1];
        foreach (var e in _edges)
        {
            firstEdge[e.From + 1]++;
        }

        for (var v = 0; v < n; v++)
        {
            firstEdge[v + 1] += firstEdge[v];
        }

        // Stable counting sort by source: position of each inserted edge in CSR order.
        var cursor = new int[n];
        var position = new int[m];
        for (var i = 0; i < m; i++)
        {
            var from = _edges[i].From;
            position[i] = firstEdge[from] + cursor[from]++;
        }

        var source = new int[m];
        var target = new int[m];
        var km = new double[m];
        var latency = new double[m];
        var reverse = new int[m];
        var guard = new int[m];
        var amplifierPower = new double[m];
        var fiberIds = new FiberId[m];
        var srlgOffsets = new int[m + 1];
        var jurOffsets = new int[m + 1];
        for (var i = 0; i < m; i++)
        {
            var p = position[i];
            srlgOffsets[p + 1] = _edges[i].Srlgs.Length;
            jurOffsets[p + 1] = _edges[i].Jurisdictions.Length;
        }

        for (var p = 0; p < m; p++)
        {
            srlgOffsets[p + 1] += srlgOffsets[p];
            jurOffsets[p + 1] += jurOffsets[p];
        }

        var srlgs = new int[srlgOffsets[m]];
        var jurs = new int[jurOffsets[m]];
        for (var i = 0; i < m; i++)
        {
            var row = _edges[i];
            var p = position[i];
            source[p] = row.From;
            target[p] = row.To;
            km[p] = row.Km;
            latency[p] = PhysicalConstants.FiberLatencyUs(row.Km) + _nodes[row.To].LatencyUs;
            guard[p] = row.Guard;
            amplifierPower[p] = row.AmplifierPowerW;
            fiberIds[p] = row.Id;
            reverse[p] = row.Reverse is { } r && _fiberIndex.TryGetValue(r, out var ri) ? position[ri] : -1;
            row.Srlgs.CopyTo(srlgs, srlgOffsets[p]);
            row.Jurisdictions.CopyTo(jurs, jurOffsets[p]);
        }

        var nodeJur = new int[n];
        var nodeSite = new int[n];
        var nodeLatency = new double[n];
        var degreePower = new double[n];
        var nodeIds = new NodeId[n];
        for (var v = 0; v < n; v++)
        {
            nodeJur[v] = _nodes[v].Jurisdiction;
            nodeSite[v] = _nodes[v].Site;
            nodeLatency[v] = _nodes[v].LatencyUs;
            degreePower[v] = _nodes[v].DegreePowerW;
            nodeIds[v] = _nodes[v].Id;
        }

        return new CompactGraph(
            version, firstEdge, source, target, km, latency, reverse, guard, srlgOffsets, srlgs, jurOffsets, jurs,
            nodeJur, nodeSite, nodeLatency, nodeIds, fiberIds, [.. _srlgs], [.. _sites], [.. _jurisdictions])
        {
            AmplifierPowerArray = amplifierPower,
            DegreePowerArray = degreePower,
        };
    }

    private int Intern(Jurisdiction jurisdiction)
    {
        if (!_jurisdictionIndex.TryGetValue(jurisdiction, out var index))
        {
            index = _jurisdictions.Count;
            _jurisdictions.Add(jurisdiction);
            _jurisdictionIndex.Add(jurisdiction, index);
        }

        return index;
    }

    private sealed record NodeRow(NodeId Id, int Site, int Jurisdiction, double LatencyUs, double DegreePowerW);

    private sealed record EdgeRow(FiberId Id, int From, int To, double Km, int[] Srlgs, int[] Jurisdictions, int Guard, FiberId? Reverse, double AmplifierPowerW);
}
