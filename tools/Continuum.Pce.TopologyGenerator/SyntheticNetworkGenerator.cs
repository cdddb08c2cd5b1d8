using System.Collections.Immutable;
using Continuum.Pce.Domain.Geography;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Sites;
using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.Topology.IO.Import;

namespace Continuum.Pce.TopologyGenerator;

/// <summary>Options of <see cref="SyntheticNetworkGenerator"/>. Equipment ids must exist in the library the file is validated against.</summary>
public sealed record SyntheticNetworkOptions
{
    public int Nodes { get; init; } = 1000;

    /// <summary>Target average node degree (undirected links per node × 2 / nodes).</summary>
    public double AverageDegree { get; init; } = 3.0;

    public int Seed { get; init; } = 1;

    /// <summary>Centre of the area the sites are spread over.</summary>
    public GeoPoint Centre { get; init; } = new(39.5, -98.35);

    /// <summary>Half-width of the (roughly square) area, km.</summary>
    public double RadiusKm { get; init; } = 1500;

    /// <summary>Fibre route length over great-circle distance.</summary>
    public double RouteFactor { get; init; } = 1.2;

    public double SpanLengthKm { get; init; } = 80;

    public string Country { get; init; } = "US";

    /// <summary>
    /// Client interfaces of each site's transponder node: a lightpath takes one at each end, so a network that must
    /// carry L lightpaths over S sites needs at least 2 L / S on average (more where demand is uneven).
    /// </summary>
    public int TransponderInterfaces { get; init; } = 16;

    /// <summary>
    /// Fibre pairs laid along each link (same duct, so one SRLG): each pair is a pair of directed fibres with the whole
    /// grid of its own. Pair 0 keeps the id F{a}-{b}; pair k is F{a}-{b}-p{k}.
    /// </summary>
    public int FiberPairs { get; init; } = 1;

    public SpectrumGrid Grid { get; init; } = SpectrumGrid.CBandFlex;

    public EquipmentIds Equipment { get; init; } = EquipmentIds.Default;
}

/// <summary>The equipment-library ids a generated network refers to.</summary>
public sealed record EquipmentIds(
    FiberTypeId Fiber,
    AmplifierTypeId InlineAmplifier,
    AmplifierTypeId Preamplifier,
    RoadmTypeId Roadm,
    TransceiverTypeId CoreTransceiver,
    TransceiverTypeId EdgeTransceiver)
{
    public static EquipmentIds Default { get; } = new(
        new FiberTypeId("SSMF"),
        new AmplifierTypeId("edfa-inline-vg"),
        new AmplifierTypeId("edfa-preamp-vg"),
        new RoadmTypeId("roadm-cdc"),
        new TransceiverTypeId("coherent-800g"),
        new TransceiverTypeId("pluggable-400zr-plus"));
}

/// <summary>
/// Deterministic synthetic networks for scale benchmarks (1,000 and 10,000 nodes): sites spread uniformly over an
/// area, a spanning backbone that joins each site to its nearest already-placed neighbour (so the network is
/// connected), then the shortest remaining candidate links among each site's nearest neighbours until the target
/// average degree is reached. Same options, same network, byte for byte.
/// </summary>
public static class SyntheticNetworkGenerator
{
    private const int NearestCandidates = 8;

    public static OpticalNetwork Generate(SyntheticNetworkOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Nodes, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.AverageDegree, 2.0);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.TransponderInterfaces, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.FiberPairs, 1);
        var random = new Random(options.Seed);
        var n = options.Nodes;
        var points = new GeoPoint[n];
        var kmPerDegLat = 111.2;
        var kmPerDegLon = 111.2 * Math.Cos(options.Centre.Latitude * Math.PI / 180);
        for (var i = 0; i < n; i++)
        {
            var dy = (random.NextDouble() * 2 - 1) * options.RadiusKm;
            var dx = (random.NextDouble() * 2 - 1) * options.RadiusKm;
            points[i] = new GeoPoint(
                Math.Clamp(options.Centre.Latitude + dy / kmPerDegLat, -89.9, 89.9),
                Math.Clamp(options.Centre.Longitude + dx / kmPerDegLon, -179.9, 179.9));
        }

        var links = new HashSet<(int A, int B)>();
        // Backbone: each site joins its nearest predecessor, giving a connected tree.
        for (var i = 1; i < n; i++)
        {
            var best = 0;
            var bestKm = double.MaxValue;
            for (var j = 0; j < i; j++)
            {
                var km = points[i].GreatCircleKm(points[j]);
                if (km < bestKm)
                {
                    bestKm = km;
                    best = j;
                }
            }

            links.Add(Key(i, best));
        }

        // Densify with the shortest links among each site's nearest neighbours.
        var targetLinks = (int)Math.Round(options.AverageDegree * n / 2);
        var candidates = new List<(double Km, int A, int B)>();
        var nearest = new (double Km, int J)[NearestCandidates];
        for (var i = 0; i < n; i++)
        {
            var count = 0;
            for (var j = 0; j < n; j++)
            {
                if (j == i)
                {
                    continue;
                }

                var km = points[i].GreatCircleKm(points[j]);
                if (count < NearestCandidates)
                {
                    nearest[count++] = (km, j);
                    continue;
                }

                var worst = 0;
                for (var k = 1; k < NearestCandidates; k++)
                {
                    if (nearest[k].Km > nearest[worst].Km)
                    {
                        worst = k;
                    }
                }

                if (km < nearest[worst].Km)
                {
                    nearest[worst] = (km, j);
                }
            }

            for (var k = 0; k < count; k++)
            {
                if (i < nearest[k].J)
                {
                    candidates.Add((nearest[k].Km, i, nearest[k].J));
                }
            }
        }

        candidates.Sort((x, y) => x.Km != y.Km ? x.Km.CompareTo(y.Km) : x.A != y.A ? x.A.CompareTo(y.A) : x.B.CompareTo(y.B));
        foreach (var (_, a, b) in candidates)
        {
            if (links.Count >= targetLinks)
            {
                break;
            }

            links.Add(Key(a, b));
        }

        var ordered = links.OrderBy(l => l.A).ThenBy(l => l.B).ToList();
        return Build(options, points, ordered, random);
    }

    private static (int, int) Key(int a, int b) => a < b ? (a, b) : (b, a);

    private static OpticalNetwork Build(SyntheticNetworkOptions options, GeoPoint[] points, List<(int A, int B)> links, Random random)
    {
        var ids = options.Equipment;
        var jurisdiction = Jurisdiction.Parse(options.Country);
        var degree = new int[points.Length];
        foreach (var (a, b) in links)
        {
            degree[a]++;
            degree[b]++;
        }

        var sites = new List<Site>(points.Length);
        var nodes = new List<OpticalNode>(points.Length * 2);
        for (var i = 0; i < points.Length; i++)
        {
            var tier = PickTier(random.NextDouble());
            var siteId = new SiteId($"S{i:D5}");
            var price = Math.Round(0.08 + random.NextDouble() * 0.12, 3);
            var carbon = Math.Round(50 + random.NextDouble() * 450, 0);
            sites.Add(new Site(siteId, $"Site {i}", tier, jurisdiction, points[i], price, carbon));
            var roadm = new NodeId($"R{i:D5}");
            nodes.Add(new Roadm(roadm, $"ROADM {i}", siteId, ids.Roadm, Math.Max(degree[i] * options.FiberPairs, 1), 2));
            var trx = tier is SiteTier.CoreDc or SiteTier.RegionalDc or SiteTier.Colo ? ids.CoreTransceiver : ids.EdgeTransceiver;
            nodes.Add(new Transponder(new NodeId($"T{i:D5}"), $"Transponders {i}", siteId, trx, roadm, options.TransponderInterfaces));
        }

        var fibers = new List<Fiber>(links.Count * 2 * options.FiberPairs);
        foreach (var (a, b) in links)
        {
            var km = Math.Round(points[a].GreatCircleKm(points[b]) * options.RouteFactor, 1);
            km = Math.Max(km, 1.0);
            var spans = SplitIntoSpans(km, options.SpanLengthKm, ids);
            ImmutableArray<SrlgId> srlgs = [new SrlgId($"duct-{a:D5}-{b:D5}")];
            for (var pair = 0; pair < options.FiberPairs; pair++)
            {
                var suffix = pair == 0 ? "" : $"-p{pair}";
                var forward = new FiberId($"F{a:D5}-{b:D5}{suffix}");
                var backward = new FiberId($"F{b:D5}-{a:D5}{suffix}");
                fibers.Add(new Fiber(forward, new NodeId($"R{a:D5}"), new NodeId($"R{b:D5}"), spans, srlgs, [jurisdiction], backward));
                fibers.Add(new Fiber(backward, new NodeId($"R{b:D5}"), new NodeId($"R{a:D5}"), spans, srlgs, [jurisdiction], forward));
            }
        }

        return new OpticalNetwork(
            $"synthetic-{options.Nodes}",
            options.Grid,
            sites,
            nodes,
            fibers,
            $"Synthetic network: {options.Nodes} sites, average degree {options.AverageDegree}, seed {options.Seed}, " +
            $"{options.TransponderInterfaces} transponder interfaces per site, {options.FiberPairs} fibre pair(s) per link, " +
            $"spread ±{options.RadiusKm} km around ({options.Centre.Latitude}, {options.Centre.Longitude}), route factor {options.RouteFactor}.");
    }

    /// <summary>Splits a fibre into ceil(L / span) equal spans, each ending in an amplifier (the last one the ROADM pre-amplifier).</summary>
    public static ImmutableArray<Span> SplitIntoSpans(double km, double spanLengthKm, EquipmentIds ids) =>
        SpanPlanner.Spans(km, spanLengthKm, ids.Fiber, ids.InlineAmplifier, ids.Preamplifier);

    private static SiteTier PickTier(double u) => u switch
    {
        < 0.05 => SiteTier.CoreDc,
        < 0.15 => SiteTier.RegionalDc,
        < 0.25 => SiteTier.Colo,
        < 0.65 => SiteTier.TelcoEdge,
        < 0.85 => SiteTier.Enterprise,
        _ => SiteTier.Industrial,
    };
}
