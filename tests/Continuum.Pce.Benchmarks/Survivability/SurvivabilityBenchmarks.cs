using BenchmarkDotNet.Attributes;
using Continuum.Pce.Application.Planning;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Application.Survivability;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Topology.IO;

namespace Continuum.Pce.Benchmarks.Survivability;

/// <summary>
/// The single-failure analysis over every fibre pair, SRLG and ROADM (issue 22's targets): continuum-demo with 500
/// lightpaths (under 1 s) and USA100 with 5,000 (under 30 s). Lightpaths are placed once in setup by the planner, from
/// seeded random demands between ROADM sites (USA100: each site to one of its 12 nearest, since 5,000 uniformly random
/// pairs do not fit its 768 slots; 80 % 100G, 20 % 400G; four tenants, priorities 0–3), then the first N placed are kept.
/// One operation is the whole analysis, cold (new path computers, as the CLI and each REST call run it): <c>Sequential</c>
/// on one thread (the default), <c>Parallel</c> with one worker per processor.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class SurvivabilityBenchmarks
{
    private NetworkSnapshot _snapshot = null!;
    private IReadOnlyList<SurvivabilityLightpath> _lightpaths = null!;

    [Params("continuum-demo:500", "usa100:5000")]
    public string Workload { get; set; } = "continuum-demo:500";

    [GlobalSetup]
    public void Setup()
    {
        var (name, count) = (Workload.Split(':')[0], int.Parse(Workload.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture));
        (_snapshot, _lightpaths) = Load(name, count, nearest: name == "usa100" ? 12 : 0);
        var result = SurvivabilityAnalysis.Run(_snapshot, _lightpaths);
        Console.WriteLine($"// {Workload}: {_lightpaths.Count} lightpaths, {result.Failures.Length} failures, {result.Failures.Sum(f => f.HitCount)} hits, " +
                          $"{result.Failures.Sum(f => f.RestoredCount)} restored, mean hops {_lightpaths.Average(l => l.Fibers.Length):F1}");
    }

    [Benchmark]
    public int Parallel() => SurvivabilityAnalysis.Run(_snapshot, _lightpaths, new SurvivabilityOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }).Failures.Length;

    [Benchmark]
    public int Sequential() => SurvivabilityAnalysis.Run(_snapshot, _lightpaths).Failures.Length;

    /// <summary>A topology of the repository with <paramref name="count"/> placed lightpaths (fewer if the network is full).</summary>
    public static (NetworkSnapshot Snapshot, IReadOnlyList<SurvivabilityLightpath> Lightpaths) Load(string topology, int count, int nearest)
    {
        var bundle = NetworkFile.Load(Path.Combine(RepoRoot(), "topologies", topology + ".json"));
        var network = bundle.Value?.Loaded.Network ?? throw new InvalidOperationException(string.Join("\n", bundle.Errors));
        var sites = network.Roadms.Select(r => network.Site(r.Site)).DistinctBy(s => s.Id).ToList();
        var random = new Random(22);
        var entries = new List<LightpathDemand>();
        for (var i = 0; i < count * 3 / 2; i++)
        {
            var a = sites[random.Next(sites.Count)];
            var others = sites.Where(s => s.Id != a.Id);
            var pool = nearest > 0 ? others.OrderBy(s => s.Location.GreatCircleKm(a.Location)).Take(nearest).ToList() : others.ToList();
            var b = pool[random.Next(pool.Count)];
            entries.Add(new LightpathDemand(new Demand(a.Id, b.Id, random.Next(5) == 0 ? 400 : 100), $"tenant-{random.Next(4) + 1}", random.Next(4)));
        }

        var placed = SurvivabilityBaseline.Place(network, bundle.Value.Equipment, entries);
        return (new NetworkSnapshot(network, bundle.Value.Equipment, 1), [.. placed.Lightpaths.Take(count)]);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Continuum.Pce.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root (Continuum.Pce.sln) not found above " + AppContext.BaseDirectory);
    }
}
