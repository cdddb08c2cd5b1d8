using BenchmarkDotNet.Attributes;
using Continuum.Pce.Application.Simulation;
using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.TestKit.Routing;
using Continuum.Pce.Topology.IO.Import;

namespace Continuum.Pce.Benchmarks.Simulation;

/// <summary>
/// The dynamic simulator's speed in the DeepRMSA NSFNET setting (preset deeprmsa-nsfnet, 250 Erlang): one seed, so one
/// thread, 3,000 warm-up plus 100,000 measured requests per invocation; one operation = one request, so requests per
/// second per core = 10⁹ / the time per operation in ns. Graph build and candidate-cache warm-up are inside the
/// invocation (about 1 % of it). KSP-FF alone, and KSP-FF with on-block re-routing defragmentation.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class SimulationBenchmarks
{
    private const int Warmup = 3_000;
    private const int Measured = 100_000;

    private static readonly EquipmentLibrary BenchLibrary =
        new("bench", "USD", [], [], [], [new RoadmType(new RoadmTypeId("roadm-cdc"), "CDC", 0, 0, 40, 0, 0, 0, 0)]);

    private OpticalNetwork _network = null!;
    private SimulationPolicy _kspFf = null!;
    private SimulationSettings _settings = null!;

    [GlobalSetup]
    public void Setup()
    {
        var json = File.ReadAllText(Path.Combine(XlronTopologyReader.ReferenceDirectory, "nsfnet_deeprmsa_undirected.json"));
        var imported = XlronImporter.Import(json, "NSFNET");
        _network = imported.Value ?? throw new InvalidOperationException(string.Join("\n", imported.Errors));
        _kspFf = SimulationPolicy.All.Single(p => p.Name == "ksp-ff");
        SimulationPreset.TryGet("deeprmsa-nsfnet", out var preset);
        _settings = preset.Settings with { WarmupRequests = Warmup, MeasuredRequests = Measured };
    }

    [Benchmark(OperationsPerInvoke = Warmup + Measured)]
    public int KspFf() => DynamicSimulator.Run(_network, BenchLibrary, _kspFf, _settings, [1]).Seeds[0].Blocked;

    [Benchmark(OperationsPerInvoke = Warmup + Measured)]
    public int KspFfWithOnBlockReroute() =>
        DynamicSimulator.Run(_network, BenchLibrary, _kspFf, _settings with { Defrag = new DefragSettings(DefragTrigger.OnBlock, DefragMethod.Reroute, 0) }, [1]).Seeds[0].Blocked;
}
