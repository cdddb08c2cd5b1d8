using BenchmarkDotNet.Attributes;
using Continuum.Pce.Physics.Line;
using Continuum.Pce.TestKit.Routing;

namespace Continuum.Pce.Benchmarks.Physics;

/// <summary>
/// GNPy-style network design and path requests on a CORONET-sized network (CORONET CONUS from the shared XLRON
/// reference: 60 nodes, 79 duplex links): every node a ROADM with a transceiver, every link one fibre per direction that
/// the design splits into ~90 km spans, with boosters, pre-amplifiers and in-line amplifiers added and chosen by the
/// autodesign (GNPy's example library). A request is the shortest path between two transceivers plus the propagation of
/// a 96-channel comb along it (NLI of every channel), as GNPy's path-request tool computes it.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class GnpyDesignBenchmarks
{
    private const int Requests = 1000;

    private static readonly AmplifierModel[] Library =
    [
        VariableGain("std_high_gain", 25, 35, 21, 5.5, 7),
        VariableGain("std_medium_gain", 15, 26, 23, 6, 10),
        VariableGain("std_low_gain", 8, 16, 23, 6.5, 11),
    ];

    private static readonly DesignRules Rules = new(true, [-2, 3, 0.5], 2.5, 150e3, 10, 0, 0, 0, 0.25, 191.3e12, 196.1e12, 32e9, 50e9, null);

    private LinkTopology _topology = null!;
    private LineNetwork _designed = null!;
    private (LineElement From, LineElement To)[] _pairs = [];
    private IReadOnlyList<Carrier> _comb = [];

    [GlobalSetup]
    public void Setup()
    {
        _topology = XlronTopologyReader.Read(Path.Combine(XlronTopologyReader.ReferenceDirectory, "coronet_undirected.json"));
        _designed = Design(_topology);
        var random = new Random(24);
        var n = _topology.Nodes.Count;
        _pairs = new (LineElement, LineElement)[Requests];
        for (var k = 0; k < Requests; k++)
        {
            var a = random.Next(n);
            var b = (a + 1 + random.Next(n - 1)) % n;
            _pairs[k] = (_designed[$"trx {a}"], _designed[$"trx {b}"]);
        }

        _comb = Spectra.Comb(191.3e12, 196.1e12, 50e9, 32e9, 0.15, 40, 0);
    }

    /// <summary>Builds the CORONET network, adds the missing elements and designs it.</summary>
    [Benchmark]
    public int DesignNetwork() => Design(_topology).Elements.Count;

    /// <summary>1,000 path requests on the designed network; the figure per operation is per request.</summary>
    [Benchmark(OperationsPerInvoke = Requests)]
    public double PathRequests()
    {
        var sum = 0.0;
        foreach (var (from, to) in _pairs)
        {
            var path = _designed.ShortestPath(from, to)!;
            sum += LineSimulator.Propagate(path, _comb).MeanGsnr01nmDb;
        }

        return sum;
    }

    private static LineNetwork Design(LinkTopology topology)
    {
        var network = new LineNetwork();
        var roadm = new RoadmSettings("default", -20, null, null, 38, 0, 0, [], [], new Dictionary<string, double>(), new Dictionary<string, double>(), new Dictionary<string, double>());
        for (var i = 0; i < topology.Nodes.Count; i++)
        {
            var r = new LineRoadm($"roadm {i}", roadm);
            var t = new LineTransceiver($"trx {i}");
            network.Add(r);
            network.Add(t);
            network.Connect(t, r);
            network.Connect(r, t);
        }

        foreach (var link in topology.Links)
        {
            foreach (var (a, b) in new[] { (link.A, link.B), (link.B, link.A) })
            {
                var fiber = new LineFiber($"fiber {a}->{b}", new FiberSettings("SSMF", link.Km * 1e3, 0.2, null, null, 0, 1.67e-5, 83e-12, 1.265e-15, 299_792_458 / 1550e-9, false));
                network.Add(fiber);
                network.Connect(network[$"roadm {a}"], fiber);
                network.Connect(fiber, network[$"roadm {b}"]);
            }
        }

        var designer = new LineDesigner(Library.ToDictionary(m => m.Variety), Rules);
        designer.AddMissingElements(network);
        designer.Design(network, 0, 96);
        return network;
    }

    private static AmplifierModel VariableGain(string name, double gainMin, double gainFlatMax, double pMax, double nfMin, double nfMax)
    {
        var (nf1, nf2) = AmplifierModel.DualCoil(gainMin, gainFlatMax, nfMin, nfMax);
        return new AmplifierModel
        {
            Variety = name,
            Kind = AmplifierKind.VariableGain,
            GainMinDb = gainMin,
            GainFlatMaxDb = gainFlatMax,
            PMaxDbm = pMax,
            AllowedForDesign = true,
            Nf1Db = nf1,
            Nf2Db = nf2,
        };
    }
}
