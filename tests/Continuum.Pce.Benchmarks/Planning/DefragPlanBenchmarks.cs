using BenchmarkDotNet.Attributes;
using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Planning.Defrag;
using Continuum.Pce.Benchmarks.Survivability;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;

namespace Continuum.Pce.Benchmarks.Planning;

/// <summary>
/// Live defragmentation planning (issue 28): USA100 with N lightpaths placed by the planner (as in
/// <see cref="SurvivabilityBenchmarks"/>), every second one then deleted to fragment the spectrum. One operation is what
/// <c>POST /api/v1/defrag/plans</c> computes after reading the network: the live snapshot (<see cref="LiveSnapshot"/>:
/// claims of both directions, scope everything) and the plan (<see cref="DefragPlanner"/>).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class DefragPlanBenchmarks
{
    private List<LiveLightpath> _lightpaths = null!;
    private List<LiveClaim> _claims = null!;
    private int _slotCount;

    [Params(400, 2000)]
    public int Placed { get; set; } = 400;

    [GlobalSetup]
    public void Setup()
    {
        var (snapshot, placed) = SurvivabilityBenchmarks.Load("usa100", Placed, nearest: 12);
        var network = snapshot.Network;
        var topology = new PathTopology(network, snapshot.Equipment);
        _slotCount = network.Grid.SlotCount;
        _lightpaths = [];
        _claims = [];
        foreach (var lp in placed.Where((_, i) => i % 2 == 1))
        {
            var fibres = lp.Fibers.Concat(lp.Fibers.Select(f => network.TryGetFiber(f, out var fiber) && fiber.Reverse is { } r ? r : f)).Distinct().ToList();
            var key = $"{lp.Tenant}/{lp.Id}";
            _lightpaths.Add(new LiveLightpath(key, lp.Tenant, LightpathState.Active, [.. fibres], lp.Slots, topology.RetunesHitlessly(lp.Nodes[0], lp.Nodes[^1])));
            _claims.AddRange(fibres.Select(f => new LiveClaim(f, key, lp.Slots)));
        }

        var plan = Plan();
        Console.WriteLine($"// USA100, {Placed} placed, {_lightpaths.Count} kept: {plan.Steps.Length} steps " +
                          $"({plan.Steps.Count(s => s.Kind == DefragStepKind.HitlessRetune)} hitless), highest slot {plan.HighestSlotBefore} → {plan.HighestSlotAfter}, " +
                          $"fragmentation {plan.FragmentationBefore:F3} → {plan.FragmentationAfter:F3}");
    }

    [Benchmark]
    public DefragPlan Plan() => DefragPlanner.Plan(LiveSnapshot.Build(_slotCount, _lightpaths, _claims, DefragScope.Everything, new HashSet<FiberId>()));
}
