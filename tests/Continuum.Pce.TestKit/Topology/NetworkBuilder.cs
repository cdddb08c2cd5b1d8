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
/// Builds small networks for tests: <c>new NetworkBuilder().Site("A").Site("B").Link("A", "B", 120).Build()</c> gives
/// sites A and B, each with a ROADM "A-R" and a transponder "A-T", joined by duplex fibres "A-B" and "B-A" cut into
/// 80 km spans. Equipment ids match <see cref="TestEquipment.Library"/>.
/// </summary>
public sealed class NetworkBuilder
{
    private readonly List<Site> _sites = [];
    private readonly List<OpticalNode> _nodes = [];
    private readonly List<Fiber> _fibers = [];
    private readonly Dictionary<string, int> _degree = [];
    private SpectrumGrid _grid = SpectrumGrid.CBandFlex;
    private string _name = "test-network";

    public NetworkBuilder Named(string name)
    {
        _name = name;
        return this;
    }

    public NetworkBuilder WithGrid(SpectrumGrid grid)
    {
        _grid = grid;
        return this;
    }

    public NetworkBuilder Site(string id, string jurisdiction = "DE", SiteTier tier = SiteTier.CoreDc, double latitude = 50, double longitude = 8, int interfaces = 16)
    {
        _sites.Add(new Site(new SiteId(id), id, tier, Jurisdiction.Parse(jurisdiction), new GeoPoint(latitude, longitude), 0.2, 300));
        _degree[id] = 0;
        _nodes.Add(new Transponder(new NodeId($"{id}-T"), $"{id}-T", new SiteId(id), TestEquipment.Transceiver, new NodeId($"{id}-R"), interfaces));
        return this;
    }

    public NetworkBuilder Link(string a, string b, double km, string[]? srlgs = null, string[]? jurisdictions = null, int guardBandSlots = 0)
    {
        var spanCount = Math.Max(1, (int)Math.Ceiling(km / 80 - 1e-9));
        var spans = Enumerable.Range(0, spanCount)
            .Select(_ => new Span(km / spanCount, TestEquipment.Ssmf, null, 0.5, 0.5, new SpanAmplifier(TestEquipment.Amplifier)))
            .ToImmutableArray();
        var crossed = (jurisdictions ?? [.. new[] { SiteOf(a), SiteOf(b) }.Select(s => s.Jurisdiction.ToString()).Distinct()])
            .Select(Jurisdiction.Parse).ToImmutableArray();
        var groups = (srlgs ?? []).Select(s => new SrlgId(s)).ToImmutableArray();
        _fibers.Add(new Fiber(new FiberId($"{a}-{b}"), new NodeId($"{a}-R"), new NodeId($"{b}-R"), spans, groups, crossed, new FiberId($"{b}-{a}"), guardBandSlots));
        _fibers.Add(new Fiber(new FiberId($"{b}-{a}"), new NodeId($"{b}-R"), new NodeId($"{a}-R"), spans, groups, crossed, new FiberId($"{a}-{b}"), guardBandSlots));
        _degree[a]++;
        _degree[b]++;
        return this;
    }

    public OpticalNetwork Build()
    {
        var roadms = _sites.Select(s => (OpticalNode)new Roadm(new NodeId($"{s.Id}-R"), $"{s.Id}-R", s.Id, TestEquipment.Roadm, Math.Max(1, _degree[s.Id.Value]), 1));
        return new OpticalNetwork(_name, _grid, _sites, roadms.Concat(_nodes), _fibers);
    }

    private Site SiteOf(string id) => _sites.Single(s => s.Id.Value == id);
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
