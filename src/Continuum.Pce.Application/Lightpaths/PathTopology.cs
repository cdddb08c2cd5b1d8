using System.Collections.Immutable;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Spectrum;

namespace Continuum.Pce.Application.Lightpaths;

/// <summary>
/// Topology facts the lightpath use cases need beyond routing: which ROADM serves an endpoint named by site, ROADM or
/// transponder; which transponder serves a ROADM; and the ROADM degree numbering used by the port map (degree n of a
/// ROADM is its n-th outgoing fibre in id order, so numbering is stable across restarts).
/// </summary>
public sealed class PathTopology
{
    private readonly OpticalNetwork _network;
    private readonly Dictionary<NodeId, Dictionary<NodeId, int>> _degreeToward = [];
    private readonly Dictionary<NodeId, NodeId> _transponderOf = [];
    private readonly Dictionary<string, NodeId> _roadmOfSite = new(StringComparer.Ordinal);
    private readonly HashSet<Domain.Identity.TransceiverTypeId> _equipmentHitless = [];

    /// <param name="equipment">The equipment library: which transceiver types retune hitlessly (none without it).</param>
    public PathTopology(OpticalNetwork network, Domain.Equipment.EquipmentLibrary? equipment = null)
    {
        _network = network;
        foreach (var type in equipment?.Transceivers ?? [])
        {
            if (type.HitlessRetune)
            {
                _equipmentHitless.Add(type.Id);
            }
        }

        foreach (var group in network.Fibers.GroupBy(f => f.Source))
        {
            var degrees = new Dictionary<NodeId, int>();
            var n = 1;
            foreach (var fiber in group.OrderBy(f => f.Id.Value, StringComparer.Ordinal))
            {
                degrees.TryAdd(fiber.Destination, n++);
            }

            _degreeToward[group.Key] = degrees;
        }

        foreach (var t in network.Transponders.OrderBy(t => t.Id.Value, StringComparer.Ordinal))
        {
            _transponderOf.TryAdd(t.AttachedRoadm, t.Id);
        }

        // A site with several ROADMs is served by the first in the network's order.
        foreach (var r in network.Roadms)
        {
            _roadmOfSite.TryAdd(r.Site.Value, r.Id);
        }
    }

    /// <summary>The ROADM that serves an endpoint given as a ROADM, a transponder or a site id.</summary>
    public bool TryResolveRoadm(string endpoint, out NodeId roadm)
    {
        roadm = default;
        if (_network.TryGetNode(new NodeId(endpoint), out var node))
        {
            switch (node)
            {
                case Roadm r:
                    roadm = r.Id;
                    return true;
                case Transponder t:
                    roadm = t.AttachedRoadm;
                    return true;
                default:
                    return false;
            }
        }

        return _roadmOfSite.TryGetValue(endpoint, out roadm);
    }

    /// <summary>
    /// The duplex pairs (keyed by <see cref="Fiber.PairKey"/>) of a lightpath's A→Z fibres, once each: the units the
    /// spectrum is reserved in, since a bidirectional lightpath takes the same slots on both fibres of a pair.
    /// </summary>
    public ImmutableArray<FiberId> Pairs(IReadOnlyList<FiberId> forward)
    {
        var pairs = ImmutableArray.CreateBuilder<FiberId>(forward.Count);
        foreach (var id in forward)
        {
            var key = _network.TryGetFiber(id, out var fiber) ? fiber.PairKey() : id;
            if (!pairs.Contains(key))
            {
                pairs.Add(key);
            }
        }

        return pairs.ToImmutable();
    }

    /// <summary>
    /// The fibres a bidirectional lightpath lights: its A→Z fibres and, for each, the reverse fibre its Z→A direction
    /// rides (same slots). Reservation holds all of them, so no other lightpath can take those slots either way.
    /// </summary>
    public ImmutableArray<FiberId> BothWays(IReadOnlyList<FiberId> forward)
    {
        var all = ImmutableArray.CreateBuilder<FiberId>(forward.Count * 2);
        all.AddRange(forward);
        foreach (var id in forward)
        {
            if (_network.TryGetFiber(id, out var fiber) && fiber.Reverse is { } reverse && !all.Contains(reverse))
            {
                all.Add(reverse);
            }
        }

        return all.ToImmutable();
    }

    public bool TryGetTransponder(NodeId roadm, out NodeId transponder) => _transponderOf.TryGetValue(roadm, out transponder);

    /// <summary>The degree of <paramref name="roadm"/> that faces <paramref name="neighbour"/>.</summary>
    public int DegreeToward(NodeId roadm, NodeId neighbour) =>
        _degreeToward.TryGetValue(roadm, out var d) && d.TryGetValue(neighbour, out var n)
            ? n
            : throw new ArgumentException($"ROADM '{roadm}' has no degree toward '{neighbour}'");

    /// <summary>
    /// The fibre whose light arrives on line degree <paramref name="degree"/> of <paramref name="roadm"/>: the fibre from
    /// the neighbour that degree faces back to this ROADM (its receive end is this degree's line input).
    /// </summary>
    public bool TryGetFiberInto(NodeId roadm, int degree, out FiberId fiber)
    {
        fiber = default;
        if (!_degreeToward.TryGetValue(roadm, out var degrees))
        {
            return false;
        }

        foreach (var (neighbour, n) in degrees)
        {
            if (n == degree && _network.Fibers.Where(f => f.Source == neighbour && f.Destination == roadm).OrderBy(f => f.Id.Value, StringComparer.Ordinal).FirstOrDefault() is { } f)
            {
                fiber = f.Id;
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The render intent of a reserved path: ROADM hops with add/drop at the ends and degrees in between, the
    /// transponder interfaces at both ends, the slots as media-channel edges.
    /// </summary>
    public LightpathRenderIntent RenderIntent(
        LightpathId lightpath,
        PathCandidate path,
        TransponderEnd source,
        TransponderEnd destination,
        double targetOutputPowerDbm)
    {
        var intent = new LightpathRenderIntent(
            lightpath,
            source,
            destination,
            Hops(path.Nodes, addDropGroup: 1),
            ChannelSpectrum.FromSlots(_network.Grid, path.Slots),
            path.Mode,
            path.LineRateGbps,
            targetOutputPowerDbm,
            MediaChannelIndex(lightpath));
        return path.Protection is not { } leg ? intent : intent with
        {
            Protection = new ProtectionRenderIntent(Hops(leg.Nodes, addDropGroup: 2), ProtectionMediaChannelIndex(lightpath), Revertive: false, HoldOffMs: 0, WaitToRestoreMs: 300_000),
        };
    }

    /// <summary>The media-channel index of a 1+1 lightpath's protection leg (the same hash of a derived name).</summary>
    public static uint ProtectionMediaChannelIndex(LightpathId lightpath) => MediaChannelIndex(new LightpathId(lightpath.Value + "#protection"));

    /// <summary>True when the transponders at both ends of a path are of a type that retunes hitlessly (equipment library).</summary>
    public bool RetunesHitlessly(PathCandidate path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return RetunesHitlessly(path.Nodes[0], path.Nodes[^1]);
    }

    /// <summary>True when the transponders at both end ROADMs retune hitlessly.</summary>
    public bool RetunesHitlessly(NodeId sourceRoadm, NodeId destinationRoadm) => Hitless(sourceRoadm) && Hitless(destinationRoadm);

    private bool Hitless(NodeId roadm) =>
        TryGetTransponder(roadm, out var t) && _network.TryGetNode(t, out var node) && node is Transponder trx
        && _equipmentHitless.Contains(trx.Type);

    /// <summary>True when both end ROADMs of a path have a second add/drop group for a protection leg.</summary>
    public bool CanProtect(PathCandidate path) =>
        _network.TryGetNode(path.Nodes[0], out var a) && a is Roadm { AddDropGroups: >= 2 }
        && _network.TryGetNode(path.Nodes[^1], out var z) && z is Roadm { AddDropGroups: >= 2 };

    private ImmutableArray<RoadmHop> Hops(ImmutableArray<NodeId> nodes, int addDropGroup)
    {
        var hops = ImmutableArray.CreateBuilder<RoadmHop>(nodes.Length);
        for (var i = 0; i < nodes.Length; i++)
        {
            var ingress = i == 0 ? RoadmPort.AddDrop(addDropGroup) : RoadmPort.Degree(DegreeToward(nodes[i], nodes[i - 1]));
            var egress = i == nodes.Length - 1 ? RoadmPort.AddDrop(addDropGroup) : RoadmPort.Degree(DegreeToward(nodes[i], nodes[i + 1]));
            hops.Add(new RoadmHop(nodes[i], ingress, egress));
        }

        return hops.MoveToImmutable();
    }

    /// <summary>
    /// A media-channel index stable for the lightpath's life: an even 31-bit FNV-1a hash of its id (A→Z uses it, Z→A
    /// the next odd index). A collision with another lightpath on the same ROADM is refused by the device and rolls
    /// the plan back; it is not silently merged.
    /// </summary>
    public static uint MediaChannelIndex(LightpathId lightpath)
    {
        var hash = 2166136261u;
        foreach (var c in lightpath.Value)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return Math.Max(2u, (hash & 0x7FFF_FFFEu));
    }

    public SpectrumGrid Grid => _network.Grid;
}
