using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Geography;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Sites;
using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.Domain.Units;
using Continuum.Pce.Physics;

namespace Continuum.Pce.Benchmarks.Physics;

/// <summary>
/// GSNR of a 20-span, 5-ROADM path (4 fibres of 5 × 80 km SSMF) with 96 lit channels at 50 GHz: the load-aware
/// candidate query (NLI of the candidate only) and the full-comb evaluation (NLI of all 96 channels).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[MinColumn]
public class PhysicsBenchmarks
{
    private static readonly TransceiverMode Mode = new(
        new ModeId("100G-DP-QPSK-32GBd"), "DP-QPSK", 100, 31.6, 0.15, 12.5, 50, 4500, 18, 12000, 38, 50_000, 30, 7, 2);

    private readonly QotEngine _engine = new();
    private readonly ChannelQot[] _results = new ChannelQot[96];
    private QotPath _path = null!;
    private ChannelLoad _load = null!;
    private LitChannel[] _comb = [];
    private Frequency _candidate;
    private TransceiverType _transceiver = null!;

    [GlobalSetup]
    public void Setup()
    {
        var (network, library, fibers) = Line(roadms: 5, spansPerFiber: 5, spanKm: 80);
        _path = QotPath.Build(network, library, fibers);
        _comb = [.. Enumerable.Range(1, 96).Select(k => new LitChannel(new Frequency(191_300_000 + k * 50_000L), Mode.BaudRateGbaud))];
        _load = ChannelLoad.PerFiber([_comb, _comb, _comb, _comb]);
        _candidate = _comb[47].Centre;
        _transceiver = new TransceiverType(new TransceiverTypeId("t"), "t", [Mode]);
    }

    [Benchmark(Baseline = true)]
    public double CandidateChannelOnly() => _engine.EvaluateCandidate(_path, _load, _candidate, Mode).GsnrDb;

    [Benchmark]
    public double AllChannels()
    {
        _engine.EvaluateAll(_path, _comb, Mode, _results);
        return _results[47].GsnrDb;
    }

    [Benchmark]
    public bool ModeSelectionOneMode() => ModeSelector.Select(_engine, _path, _load, _candidate, _transceiver).IsFeasible;

    private static (OpticalNetwork, EquipmentLibrary, IReadOnlyList<FiberId>) Line(int roadms, int spansPerFiber, double spanKm)
    {
        var jurisdiction = Jurisdiction.Parse("DE");
        var sites = new List<Site>();
        var nodes = new List<OpticalNode>();
        var fibers = new List<Fiber>();
        var path = new List<FiberId>();
        for (var r = 0; r < roadms; r++)
        {
            sites.Add(new Site(new SiteId($"s{r}"), $"site {r}", SiteTier.Colo, jurisdiction, new GeoPoint(50, 8 + r * 0.1), 0.2, 300));
            nodes.Add(new Roadm(new NodeId($"r{r}"), $"roadm {r}", new SiteId($"s{r}"), new RoadmTypeId("roadm"), 2, 1));
        }

        for (var r = 0; r + 1 < roadms; r++)
        {
            var spans = Enumerable.Range(0, spansPerFiber)
                .Select(_ => new Span(spanKm, new FiberTypeId("ssmf"), null, 0.5, 0.5, new SpanAmplifier(new AmplifierTypeId("edfa"))))
                .ToImmutableArray();
            var id = new FiberId($"f{r}");
            fibers.Add(new Fiber(id, new NodeId($"r{r}"), new NodeId($"r{r + 1}"), spans, [], [jurisdiction]));
            path.Add(id);
        }

        var library = new EquipmentLibrary(
            "bench",
            "USD",
            [],
            [new AmplifierType(new AmplifierTypeId("edfa"), "edfa", 15, 25, 21, new DualCoilNoiseFigure(5.5, 7.0, 15, 25), 45, 1)],
            [new FiberType(new FiberTypeId("ssmf"), "SSMF", 0.2, 16.7, 83, 2.6e-20, 0.04, Frequency.FromThz(193.5))],
            [new RoadmType(new RoadmTypeId("roadm"), "roadm", 16, 14, 38, 0, 1.0, 80, 1)]);
        return (new OpticalNetwork("bench", SpectrumGrid.CBandFlex, sites, nodes, fibers), library, path);
    }
}
