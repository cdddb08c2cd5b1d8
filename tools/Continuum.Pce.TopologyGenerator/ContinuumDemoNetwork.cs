using System.Collections.Immutable;
using Continuum.Pce.Domain.Geography;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Sites;
using Continuum.Pce.Domain.Spectrum;

namespace Continuum.Pce.TopologyGenerator;

/// <summary>
/// The demo network: an AI computing continuum across Germany, France, the Netherlands, Belgium and (in transit)
/// Switzerland. Three core DCs (Frankfurt, Paris, Amsterdam), regional DCs and colos, and telco-edge, enterprise and
/// industrial sites, joined by duplex fibres whose length is the great-circle distance times a route factor of 1.25,
/// cut into spans of at most 80 km with in-line amplifier huts between them.
/// </summary>
public static class ContinuumDemoNetwork
{
    /// <summary>Fibre route length over great-circle distance for terrestrial routes along motorways and railways.</summary>
    public const double RouteFactor = 1.25;

    public const double MaxSpanKm = 80;

    // Site facts: coordinates of the cities; electricity prices are indicative non-household 2024 figures in EUR/kWh,
    // grid carbon intensities indicative 2023 annual averages in gCO2e/kWh (DE ≈ 380, NL ≈ 330, BE ≈ 150, FR ≈ 55).
    private static readonly (string Id, string Name, SiteTier Tier, string Jurisdiction, double Lat, double Lon)[] SiteTable =
    [
        ("FRA", "Frankfurt core DC", SiteTier.CoreDc, "DE-HE", 50.1109, 8.6821),
        ("PAR", "Paris core DC", SiteTier.CoreDc, "FR-IDF", 48.8566, 2.3522),
        ("AMS", "Amsterdam core DC", SiteTier.CoreDc, "NL-NH", 52.3676, 4.9041),
        ("BER", "Berlin regional DC", SiteTier.RegionalDc, "DE-BE", 52.5200, 13.4050),
        ("MUC", "Munich regional DC", SiteTier.RegionalDc, "DE-BY", 48.1351, 11.5820),
        ("LYS", "Lyon regional DC", SiteTier.RegionalDc, "FR-ARA", 45.7640, 4.8357),
        ("BRU", "Brussels colo", SiteTier.Colo, "BE-BRU", 50.8503, 4.3517),
        ("RTM", "Rotterdam colo", SiteTier.Colo, "NL-ZH", 51.9244, 4.4777),
        ("DUS", "Duesseldorf colo", SiteTier.Colo, "DE-NW", 51.2277, 6.7735),
        ("HAM", "Hamburg telco edge", SiteTier.TelcoEdge, "DE-HH", 53.5511, 9.9937),
        ("CGN", "Cologne telco edge", SiteTier.TelcoEdge, "DE-NW", 50.9375, 6.9603),
        ("LEJ", "Leipzig telco edge", SiteTier.TelcoEdge, "DE-SN", 51.3397, 12.3731),
        ("SXB", "Strasbourg telco edge", SiteTier.TelcoEdge, "FR-GES", 48.5734, 7.7521),
        ("LIL", "Lille enterprise campus", SiteTier.Enterprise, "FR-HDF", 50.6292, 3.0573),
        ("UTC", "Utrecht enterprise campus", SiteTier.Enterprise, "NL-UT", 52.0907, 5.1214),
        ("STR", "Stuttgart automotive plant", SiteTier.Industrial, "DE-BW", 48.7758, 9.1829),
        ("EIN", "Eindhoven semiconductor fab", SiteTier.Industrial, "NL-NB", 51.4416, 5.4697),
        ("ANR", "Antwerp port and chemicals", SiteTier.Industrial, "BE-VAN", 51.2194, 4.4025),
        ("TLS", "Toulouse aerospace plant", SiteTier.Industrial, "FR-OCC", 43.6047, 1.4442),
    ];

    private static readonly Dictionary<string, (double Price, double Carbon)> CountryEnergy = new()
    {
        ["DE"] = (0.21, 380),
        ["FR"] = (0.15, 55),
        ["NL"] = (0.18, 330),
        ["BE"] = (0.17, 150),
    };

    // Duplex links. Extra jurisdictions name countries crossed in transit (Lyon–Munich runs through Switzerland).
    private static readonly (string A, string B, string[] Transit, string? Srlg)[] LinkTable =
    [
        ("AMS", "UTC", [], null),
        ("UTC", "EIN", [], null),
        ("AMS", "RTM", [], "duct-randstad"),
        ("UTC", "RTM", [], "duct-randstad"),
        ("RTM", "ANR", [], null),
        ("ANR", "BRU", [], null),
        ("EIN", "ANR", [], null),
        ("BRU", "LIL", [], null),
        ("LIL", "PAR", [], "duct-a1-paris-north"),
        ("BRU", "PAR", [], "duct-a1-paris-north"),
        ("PAR", "SXB", [], null),
        ("PAR", "LYS", [], null),
        ("LYS", "TLS", [], null),
        ("PAR", "TLS", [], null),
        ("LYS", "SXB", [], null),
        ("SXB", "STR", [], "bridge-kehl-rhine"),
        ("SXB", "FRA", [], "bridge-kehl-rhine"),
        ("STR", "MUC", [], null),
        ("STR", "FRA", [], null),
        ("FRA", "CGN", [], null),
        ("CGN", "DUS", [], null),
        ("DUS", "EIN", [], null),
        ("CGN", "BRU", [], null),
        ("FRA", "LEJ", [], null),
        ("LEJ", "BER", [], null),
        ("BER", "HAM", [], null),
        ("HAM", "AMS", [], null),
        ("HAM", "DUS", [], null),
        ("MUC", "LEJ", [], null),
        ("LYS", "MUC", ["CH"], null),
        ("FRA", "PAR", [], null),
        ("AMS", "DUS", [], null),
    ];

    public static OpticalNetwork Build(EquipmentIds? equipment = null)
    {
        var ids = equipment ?? EquipmentIds.Default;
        var sites = new List<Site>();
        var nodes = new List<OpticalNode>();
        var fibers = new List<Fiber>();
        var position = new Dictionary<string, GeoPoint>();
        var jurisdictionOf = new Dictionary<string, Jurisdiction>();
        var degree = LinkTable.SelectMany(l => new[] { l.A, l.B }).GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());

        foreach (var (id, name, tier, code, lat, lon) in SiteTable)
        {
            var jurisdiction = Jurisdiction.Parse(code);
            var (price, carbon) = CountryEnergy[jurisdiction.Country];
            var point = new GeoPoint(lat, lon);
            position[id] = point;
            jurisdictionOf[id] = jurisdiction;
            sites.Add(new Site(new SiteId(id), name, tier, jurisdiction, point, price, carbon));
            var roadm = new NodeId($"{id}-ROADM");
            nodes.Add(new Roadm(roadm, $"{id} ROADM", new SiteId(id), ids.Roadm, degree[id], tier is SiteTier.CoreDc ? 4 : 2));
            var (trxType, interfaces) = tier switch
            {
                SiteTier.CoreDc => (ids.CoreTransceiver, 32),
                SiteTier.RegionalDc or SiteTier.Colo => (ids.CoreTransceiver, 16),
                _ => (ids.EdgeTransceiver, 8),
            };
            nodes.Add(new Transponder(new NodeId($"{id}-TRX"), $"{id} transponders", new SiteId(id), trxType, roadm, interfaces));
        }

        foreach (var (a, b, transit, srlg) in LinkTable)
        {
            var km = Math.Round(position[a].GreatCircleKm(position[b]) * RouteFactor, 1);
            var spanCount = Math.Max(1, (int)Math.Ceiling(km / MaxSpanKm - 1e-9));
            var spanKm = Math.Round(km / spanCount, 3);
            var crossed = new List<Jurisdiction> { jurisdictionOf[a] };
            crossed.AddRange(transit.Select(Jurisdiction.Parse));
            if (!crossed.Contains(jurisdictionOf[b]))
            {
                crossed.Add(jurisdictionOf[b]);
            }

            var srlgs = ImmutableArray.Create(new SrlgId($"duct-{a}-{b}"));
            if (srlg is not null)
            {
                srlgs = srlgs.Add(new SrlgId(srlg));
            }

            var forward = BuildDirection(a, b, spanCount, spanKm, ids, position, jurisdictionOf, sites, nodes, crossed);
            var backward = BuildDirection(b, a, spanCount, spanKm, ids, position, jurisdictionOf, sites, nodes, crossed);
            var fwdId = new FiberId($"{a}-{b}");
            var bwdId = new FiberId($"{b}-{a}");
            fibers.Add(new Fiber(fwdId, new NodeId($"{a}-ROADM"), new NodeId($"{b}-ROADM"), forward, srlgs, [.. crossed], bwdId, 0, $"{a} to {b}"));
            fibers.Add(new Fiber(bwdId, new NodeId($"{b}-ROADM"), new NodeId($"{a}-ROADM"), backward, srlgs, [.. crossed], fwdId, 0, $"{b} to {a}"));
        }

        return new OpticalNetwork(
            "continuum-demo",
            SpectrumGrid.CBandFlex,
            sites,
            nodes,
            fibers,
            "An AI computing continuum across DE, FR, NL and BE (transit through CH): 3 core DCs, 3 regional DCs, 3 colos, " +
            "10 telco-edge, enterprise and industrial sites, duplex fibres with 80 km spans and in-line amplifier huts.");
    }

    private static ImmutableArray<Span> BuildDirection(
        string from,
        string to,
        int spanCount,
        double spanKm,
        EquipmentIds ids,
        Dictionary<string, GeoPoint> position,
        Dictionary<string, Jurisdiction> jurisdictionOf,
        List<Site> sites,
        List<OpticalNode> nodes,
        List<Jurisdiction> crossed)
    {
        var spans = ImmutableArray.CreateBuilder<Span>(spanCount);
        var (first, second) = string.CompareOrdinal(from, to) < 0 ? (from, to) : (to, from);
        for (var s = 0; s < spanCount; s++)
        {
            if (s == spanCount - 1)
            {
                // The last span ends in the destination ROADM's pre-amplifier (part of the ROADM degree).
                spans.Add(new Span(spanKm, ids.Fiber, null, 0.5, 0.5, new SpanAmplifier(ids.Preamplifier)));
                continue;
            }

            // In-line amplifier huts are shared by both directions; each direction has its own amplifier in the hut.
            var hutIndex = from == first ? s + 1 : spanCount - 1 - s;
            var hutId = new SiteId($"ILA-{first}-{second}-{hutIndex}");
            if (!sites.Exists(x => x.Id == hutId))
            {
                var fraction = (double)hutIndex / spanCount;
                var p = position[first];
                var q = position[second];
                var point = new GeoPoint(p.Latitude + (q.Latitude - p.Latitude) * fraction, p.Longitude + (q.Longitude - p.Longitude) * fraction);
                var near = fraction <= 0.5 ? first : second;
                var jurisdiction = crossed.Count > 2 && fraction is > 0.3 and < 0.7 ? crossed[1] : jurisdictionOf[near];
                var (price, carbon) = CountryEnergy.TryGetValue(jurisdiction.Country, out var e) ? e : (0.20, 40);
                sites.Add(new Site(hutId, $"In-line amplifier hut {first}-{second} #{hutIndex}", SiteTier.AmplifierHut, jurisdiction, point, price, carbon));
            }

            var ampId = new NodeId($"ILA-{from}-{to}-{s + 1}");
            nodes.Add(new InlineAmplifier(ampId, $"ILA {from}->{to} #{s + 1}", hutId, ids.InlineAmplifier));
            spans.Add(new Span(spanKm, ids.Fiber, null, 0.5, 0.5, new SpanAmplifier(ids.InlineAmplifier, null, 0, ampId)));
        }

        return spans.MoveToImmutable();
    }
}
