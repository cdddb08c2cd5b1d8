using BenchmarkDotNet.Attributes;
using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.Routing.Graph;
using Continuum.Pce.Routing.Rsa;
using Continuum.Pce.Routing.Spectrum;

namespace Continuum.Pce.Benchmarks.Routing;

/// <summary>
/// One RSA request in the DeepRMSA setting (K = 5 by km, 100 × 12.5 GHz slots, mode by length, first fit, K then
/// fit) with the candidates already cached and every fibre about 50 % occupied by random channels of 2–8 slots.
/// Each operation is one request (source, destination, 25–100 Gb/s) from a seeded list; nothing is reserved, so the
/// state stays at 50 %. <see cref="RsaRequestEnergyCached"/> runs the same requests with the energy-aware objective
/// (the K candidates by latency, each priced by the power it would add; all K are fitted and priced).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class RsaRequestBenchmarks
{
    private const int RequestCount = 64;
    private RsaEngine _engine = null!;
    private RsaRequest[] _requests = null!;
    private DeepRmsaModes _modes;

    [Params(RoutingTopologies.Nsfnet, RoutingTopologies.Usa100, RoutingTopologies.Synthetic1000)]
    public string Topology { get; set; } = RoutingTopologies.Nsfnet;

    /// <summary>Requests (of the 64) that found a path, mode and slots: shows the 50 % state is not trivially blocking.</summary>
    public int FoundInSetup { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        var graph = RoutingTopologies.Load(Topology);
        var grid = SpectrumGrid.Benchmark100x12_5;
        var spectrum = new SpectrumState(graph, grid);
        Fill(spectrum, graph, 0.5, 7);
        _engine = new RsaEngine(graph, spectrum, k: 5);
        _modes = new DeepRmsaModes(grid);
        var random = new Random(11);
        var pairs = RoutingTopologies.Pairs(graph, RequestCount, 12);
        _requests = new RsaRequest[RequestCount];
        for (var i = 0; i < RequestCount; i++)
        {
            _requests[i] = new RsaRequest(pairs[i].Source, pairs[i].Target, random.Next(25, 101));
        }

        FoundInSetup = Run(RouteMetric.Km); // fills the candidate cache for these pairs
        Run(RouteMetric.Energy);
        Console.WriteLine($"// {Topology}: {FoundInSetup}/{RequestCount} requests found at 50 % occupancy");
    }

    [Benchmark(OperationsPerInvoke = RequestCount)]
    public int RsaRequestCached() => Run(RouteMetric.Km);

    [Benchmark(OperationsPerInvoke = RequestCount)]
    public int RsaRequestEnergyCached() => Run(RouteMetric.Energy);

    private int Run(RouteMetric metric)
    {
        var found = 0;
        var fit = default(FirstFit);
        for (var i = 0; i < _requests.Length; i++)
        {
            if (_engine.TryCompute(_requests[i], metric, ref _modes, ref fit, out _))
            {
                found++;
            }
        }

        return found;
    }

    /// <summary>Random channels of 2–8 slots placed first-fit-free at random starts until the fill fraction is reached.</summary>
    private static void Fill(SpectrumState spectrum, CompactGraph graph, double fraction, int seed)
    {
        var random = new Random(seed);
        var target = (int)(spectrum.SlotCount * fraction);
        for (var e = 0; e < graph.EdgeCount; e++)
        {
            var attempts = 0;
            while (spectrum.OccupiedSlots(e) < target && attempts++ < 10_000)
            {
                var width = Math.Min(random.Next(2, 9), target - spectrum.OccupiedSlots(e));
                var start = random.Next(0, spectrum.SlotCount - width + 1);
                if (spectrum.IsFree(e, start, width))
                {
                    spectrum.SetRange(e, start, width, true);
                }
            }
        }
    }
}
