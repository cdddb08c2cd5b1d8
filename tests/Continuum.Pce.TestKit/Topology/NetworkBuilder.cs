using System.Collections.Immutable;
using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Geography;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Sites;
using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.Domain.Units;

namespace Continuum.Pce.TestKit.Topology;

/// <summary>
/// Builds small networks for tests without long constructors.
/// <code>
/// var network = new NetworkBuilder().Site("A").Site("B", "FR").Link("A", "B", 120).Build();
/// </code>
/// gives sites A and B, each with a ROADM <c>A-R</c> (see <see cref="RoadmOf"/>) and a transponder shelf <c>A-T</c>
/// (<see cref="TransponderOf"/>) attached to it, joined by the duplex fibres <c>A-B</c> and <c>B-A</c>
/// (<see cref="FiberBetween"/>) that name each other as reverse, cut into ceil(km / 80) equal SSMF spans with 0.5 dB
/// connectors, each ending in an amplifier. ROADM degrees follow the links. Equipment ids match
/// <see cref="TestEquipment.Library"/>. For anything unusual (one-way fibres, explicit spans, in-line amplifier
/// devices) use <see cref="Fiber"/> and <see cref="AmplifierSite"/>.
/// </summary>
public sealed class NetworkBuilder
{
    /// <summary>Span length the builder cuts links into, km.</summary>
    public const double SpanKm = 80;

    private readonly List<Site> _sites = [];
    private readonly List<OpticalNode> _nodes = [];
    private readonly List<Fiber> _fibers = [];
    private readonly Dictionary<string, int> _degree = [];
    private readonly HashSet<string> _roadmSites = [];
    private SpectrumGrid _grid = SpectrumGrid.CBandFlex;
    private string _name = "test-network";
    private string? _description;

    public static NodeId RoadmOf(string site) => new($"{site}-R");

    public static NodeId TransponderOf(string site) => new($"{site}-T");

    public static NodeId AmplifierOf(string site) => new($"{site}-A");

    public static FiberId FiberBetween(string from, string to) => new($"{from}-{to}");

    public NetworkBuilder Named(string name, string? description = null)
    {
        _name = name;
        _description = description;
        return this;
    }

    public NetworkBuilder WithGrid(SpectrumGrid grid)
    {
        _grid = grid;
        return this;
    }

    /// <summary>A site with a ROADM and, unless <paramref name="transponder"/> is false, a transponder shelf of <paramref name="interfaces"/> interfaces.</summary>
    public NetworkBuilder Site(
        string id,
        string jurisdiction = "DE",
        SiteTier tier = SiteTier.CoreDc,
        double latitude = 50,
        double longitude = 8,
        int interfaces = 16,
        bool transponder = true,
        double electricityPricePerKwh = 0.2,
        double carbonIntensityGramsPerKwh = 300)
    {
        _sites.Add(new Site(new SiteId(id), id, tier, Jurisdiction.Parse(jurisdiction), new GeoPoint(latitude, longitude), electricityPricePerKwh, carbonIntensityGramsPerKwh));
        _degree[id] = 0;
        _roadmSites.Add(id);
        if (transponder)
        {
            _nodes.Add(new Transponder(TransponderOf(id), $"{id}-T", new SiteId(id), TestEquipment.Transceiver, RoadmOf(id), interfaces));
        }

        return this;
    }

    /// <summary>An amplifier hut: a site of tier <see cref="SiteTier.AmplifierHut"/> with one in-line amplifier node <c>{id}-A</c> and no ROADM.</summary>
    public NetworkBuilder AmplifierSite(string id, string jurisdiction = "DE", double latitude = 50, double longitude = 8)
    {
        _sites.Add(new Site(new SiteId(id), id, SiteTier.AmplifierHut, Jurisdiction.Parse(jurisdiction), new GeoPoint(latitude, longitude), 0.2, 300));
        _nodes.Add(new InlineAmplifier(AmplifierOf(id), $"{id}-A", new SiteId(id), TestEquipment.Amplifier));
        return this;
    }

    /// <summary>A site that houses nothing (to provoke the site-without-nodes warning).</summary>
    public NetworkBuilder EmptySite(string id, string jurisdiction = "DE")
    {
        _sites.Add(new Site(new SiteId(id), id, SiteTier.Enterprise, Jurisdiction.Parse(jurisdiction), new GeoPoint(50, 8), 0.2, 300));
        return this;
    }

    /// <summary>A duplex link: fibres a→b and b→a naming each other as reverse, in ceil(km / 80) equal spans.</summary>
    /// <param name="jurisdictions">Crossed jurisdictions; default the end sites' (distinct, in order).</param>
    public NetworkBuilder Link(string a, string b, double km, string[]? srlgs = null, string[]? jurisdictions = null, int guardBandSlots = 0)
    {
        var spans = EqualSpans(km);
        var crossed = Crossed(a, b, jurisdictions);
        var groups = (srlgs ?? []).Select(s => new SrlgId(s)).ToImmutableArray();
        _fibers.Add(new Fiber(FiberBetween(a, b), RoadmOf(a), RoadmOf(b), spans, groups, crossed, FiberBetween(b, a), guardBandSlots));
        _fibers.Add(new Fiber(FiberBetween(b, a), RoadmOf(b), RoadmOf(a), spans, groups, crossed, FiberBetween(a, b), guardBandSlots));
        _degree[a]++;
        _degree[b]++;
        return this;
    }

    /// <summary>
    /// One directed fibre from the ROADM of <paramref name="from"/> to that of <paramref name="to"/>, shaped by
    /// <paramref name="configure"/> (spans, reverse, SRLGs, jurisdictions, guard band). Without spans it gets equal
    /// spans of <paramref name="km"/>.
    /// </summary>
    public NetworkBuilder Fiber(string from, string to, double km, Action<FiberSpec>? configure = null)
    {
        var spec = new FiberSpec(FiberBetween(from, to));
        configure?.Invoke(spec);
        var spans = spec.Spans.Count > 0 ? [.. spec.Spans] : EqualSpans(km);
        _fibers.Add(new Fiber(spec.Id, RoadmOf(from), RoadmOf(to), spans, [.. spec.Srlgs], Crossed(from, to, spec.Jurisdictions), spec.ReverseId, spec.GuardBandSlots, spec.Name));
        _degree[from]++;
        return this;
    }

    public OpticalNetwork Build()
    {
        var roadms = _sites
            .Where(s => _roadmSites.Contains(s.Id.Value))
            .Select(s => (OpticalNode)new Roadm(RoadmOf(s.Id.Value), $"{s.Id}-R", s.Id, TestEquipment.Roadm, Math.Max(1, _degree[s.Id.Value]), 1));
        return new OpticalNetwork(_name, _grid, _sites, roadms.Concat(_nodes), _fibers, _description);
    }

    private static ImmutableArray<Span> EqualSpans(double km)
    {
        var spanCount = Math.Max(1, (int)Math.Ceiling(km / SpanKm - 1e-9));
        return [.. Enumerable.Range(0, spanCount).Select(_ => new Span(km / spanCount, TestEquipment.Ssmf, null, 0.5, 0.5, new SpanAmplifier(TestEquipment.Amplifier)))];
    }

    private ImmutableArray<Jurisdiction> Crossed(string a, string b, IReadOnlyList<string>? given) =>
        [.. (given is { Count: > 0 } ? given : [.. new[] { SiteOf(a), SiteOf(b) }.Select(s => s.Jurisdiction.ToString()).Distinct()]).Select(Jurisdiction.Parse)];

    private Site SiteOf(string id) =>
        _sites.SingleOrDefault(s => s.Id.Value == id) ?? throw new InvalidOperationException($"add site '{id}' before linking it");
}

/// <summary>The shape of one fibre for <see cref="NetworkBuilder.Fiber"/>.</summary>
public sealed class FiberSpec
{
    internal FiberSpec(FiberId id) => Id = id;

    public FiberId Id { get; private set; }

    public string? Name { get; private set; }

    public FiberId? ReverseId { get; private set; }

    public int GuardBandSlots { get; private set; }

    public List<Span> Spans { get; } = [];

    public List<SrlgId> Srlgs { get; } = [];

    public List<string>? Jurisdictions { get; private set; }

    public FiberSpec WithId(string id, string? name = null)
    {
        Id = new FiberId(id);
        Name = name;
        return this;
    }

    public FiberSpec Reverse(string fiberId)
    {
        ReverseId = new FiberId(fiberId);
        return this;
    }

    public FiberSpec GuardBand(int slots)
    {
        GuardBandSlots = slots;
        return this;
    }

    public FiberSpec Srlg(params string[] groups)
    {
        Srlgs.AddRange(groups.Select(g => new SrlgId(g)));
        return this;
    }

    public FiberSpec Crossing(params string[] jurisdictions)
    {
        Jurisdictions = [.. jurisdictions];
        return this;
    }

    /// <summary>A span ending in an amplifier of the test type unless <paramref name="amplified"/> is false; <paramref name="device"/> names an in-line amplifier node.</summary>
    public FiberSpec Span(
        double km,
        double? lossDbPerKm = null,
        double connectorInDb = 0.5,
        double connectorOutDb = 0.5,
        bool amplified = true,
        double? gainDb = null,
        double tiltDb = 0,
        string? device = null)
    {
        Spans.Add(new Span(km, TestEquipment.Ssmf, lossDbPerKm, connectorInDb, connectorOutDb,
            amplified ? new SpanAmplifier(TestEquipment.Amplifier, gainDb, tiltDb, device is null ? null : new NodeId(device)) : null));
        return this;
    }
}

/// <summary>A small equipment library whose ids <see cref="NetworkBuilder"/> uses.</summary>
public static class TestEquipment
{
    public static readonly TransceiverTypeId Transceiver = new("trx");
    public static readonly AmplifierTypeId Amplifier = new("amp");
    public static readonly FiberTypeId Ssmf = new("SSMF");
    public static readonly RoadmTypeId Roadm = new("roadm");

    public static EquipmentLibrary Library { get; } = new(
        "test",
        "EUR",
        [new TransceiverType(Transceiver, "test transceiver", [
            new TransceiverMode(new ModeId("400G"), "DP-16QAM", 400, 63.1, 0.2, 24, 87.5, 800, 24, 26_000, 37, 60_000, 30, 8, 4),
            new TransceiverMode(new ModeId("200G"), "DP-QPSK", 200, 63.1, 0.2, 15.5, 87.5, 3000, 22, 26_000, 37, 80_000, 30, 8, 2),
            new TransceiverMode(new ModeId("100G"), "DP-QPSK", 100, 31.6, 0.15, 12.5, 50, 4500, 18, 12_000, 38, 50_000, 30, 7, 2)])],
        [new AmplifierType(Amplifier, "amp", 15, 25, 21, new DualCoilNoiseFigure(5.5, 7, 15, 25), 45, 12_000)],
        [new FiberType(Ssmf, "SSMF", 0.2, 16.7, 83, 2.6e-20, 0.04, Frequency.FromThz(193.5))],
        [new RoadmType(Roadm, "roadm", 16, 14, 38, 0, 1, 80, 25_000, 150, 20_000)]);
}
