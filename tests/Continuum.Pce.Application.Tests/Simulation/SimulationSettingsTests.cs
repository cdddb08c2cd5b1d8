using Continuum.Pce.Application.Simulation;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Requests;
using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.Routing.Rsa;
using Continuum.Pce.TestKit.Topology;
using Xunit;

namespace Continuum.Pce.Application.Tests.Simulation;

public sealed class SimulationSettingsTests
{
    private static readonly OpticalNetwork Mesh = new NetworkBuilder().WithGrid(SpectrumGrid.CBandFlex)
        .Site("A").Site("B").Site("C").Site("D").Site("E")
        .Link("A", "B", 400).Link("B", "C", 700).Link("C", "D", 300).Link("D", "E", 900).Link("E", "A", 500).Link("A", "C", 1100).Link("B", "D", 800)
        .Build();

    private static readonly SimulationPolicy KspFf = SimulationPolicy.All.Single(p => p.Name == "ksp-ff");

    private static SimulationResult Run(SimulationSettings settings, params int[] seeds) =>
        DynamicSimulator.Run(Mesh, TestEquipment.Library, KspFf, settings with { WarmupRequests = 500, MeasuredRequests = 3000 }, seeds.Length == 0 ? [1, 2, 3] : seeds);

    private static SimulationSettings Base(double load) => SimulationSettings.DeepRmsa(load) with { SlotCount = 100, SlotWidthMhz = 12_500 };

    [Fact]
    public void SettingsFile_WithEveryMember_ReadsEachIntoTheSettings()
    {
        const string json = """
            {
              "$schema": "../docs/schemas/simulation-settings.schema.json",
              "loads": [100, 150],
              "seeds": [4, 5],
              "policies": ["ksp-ff", "kspH-ff"],
              "arrivalRate": 5,
              "holding": { "distribution": "deterministic" },
              "requests": { "warmup": 10, "measured": 20 },
              "bitRate": { "setGbps": [10, 40, 100] },
              "grid": { "slotCount": 320, "slotWidthGhz": 6.25 },
              "guardSlots": 0,
              "paths": { "k": 3, "ordering": "hops" },
              "modulation": { "model": "table", "unitGhz": 6.25, "formats": [ { "name": "QPSK", "bitsPerSymbol": 2, "maxReachKm": 2000 }, { "name": "BPSK", "bitsPerSymbol": 1 } ] },
              "traffic": { "demands": [ { "source": "A", "destination": "B", "weight": 2 } ] },
              "fibres": "shared",
              "defrag": { "trigger": "periodic", "method": "reroute", "everyRequests": 500 }
            }
            """;

        Assert.True(SimulationPlan.TryParse(json, null, out var plan, out var errors), string.Join("; ", errors));
        var s = plan.Settings;
        Assert.Equal([100.0, 150.0], plan.Loads.ToArray());
        Assert.Equal([4, 5], plan.Seeds.ToArray());
        Assert.Equal(["ksp-ff", "kspH-ff"], plan.Policies.ToArray());
        Assert.Equal(100, s.LoadErlang);
        Assert.Equal(5, s.ArrivalRate);
        Assert.Equal(HoldingDistribution.Deterministic, s.Holding);
        Assert.Equal((10, 20), (s.WarmupRequests, s.MeasuredRequests));
        Assert.Equal([10, 40, 100], s.BitRatesGbps.ToArray());
        Assert.Equal((320, 6_250L), (s.SlotCount, s.SlotWidthMhz));
        Assert.Equal(0, s.GuardSlots);
        Assert.Equal((3, RouteMetric.Hops), (s.K, s.PathOrdering));
        Assert.Equal(6_250, s.ModulationUnitMhz);
        Assert.Equal(double.PositiveInfinity, s.ModulationTable.Single(f => f.Name == "BPSK").MaxReachKm);
        Assert.Equal(new TrafficDemand("A", "B", 2), s.Traffic.Single());
        Assert.Equal(FibreModel.SharedByBothDirections, s.Fibres);
        Assert.Equal(new DefragSettings(DefragTrigger.Periodic, DefragMethod.Reroute, 500), s.Defrag);
    }

    [Fact]
    public void SettingsFile_UnknownMemberOrBadValue_IsRefusedNamingThePath()
    {
        Assert.False(SimulationPlan.TryParse("""{ "grid": { "slotcount": 80 } }""", null, out _, out var unknown));
        Assert.Contains(unknown, e => e.StartsWith("$.grid.slotcount: unknown setting", StringComparison.Ordinal));

        Assert.False(SimulationPlan.TryParse("""{ "holding": { "distribution": "pareto" } }""", null, out _, out var bad));
        Assert.Contains(bad, e => e.StartsWith("$.holding.distribution:", StringComparison.Ordinal));

        Assert.False(SimulationPlan.TryParse("""{ "requests": { "measured": 0 } }""", null, out _, out var invalid));
        Assert.Contains(invalid, e => e.StartsWith("requests.measured", StringComparison.Ordinal));
    }

    [Fact]
    public void SettingsFile_NamingAPreset_StartsFromItAndOverridesOnlyWhatItSays()
    {
        Assert.True(SimulationPlan.TryParse("""{ "preset": "maskrsa-jpn48", "loads": [130] }""", null, out var plan, out var errors), string.Join("; ", errors));

        Assert.Equal("maskrsa-jpn48", plan.Preset!.Name);
        Assert.Equal(130, plan.Settings.LoadErlang);
        Assert.Equal(80, plan.Settings.SlotCount);
        Assert.Equal(0, plan.Settings.GuardSlots);
        Assert.Equal(FibreModel.SharedByBothDirections, plan.Settings.Fibres);
    }

    [Fact]
    public void Presets_AllValidate_NameTheirSources_AndCarryTheirOwnGrid()
    {
        Assert.Equal(["deeprmsa-nsfnet", "deeprmsa-cost239", "reward-rmsa-nsfnet", "gcn-rmsa-usnet", "maskrsa-jpn48"], SimulationPreset.All.Select(p => p.Name));
        foreach (var preset in SimulationPreset.All)
        {
            Assert.Empty(preset.Settings.Validate());
            Assert.Contains("arXiv:2502.12804", preset.Description, StringComparison.Ordinal);
            var grid = preset.Settings.GridFor(SpectrumGrid.CBandFlex);
            Assert.Equal(12_500, grid.SlotWidthMhz);
            Assert.Equal(preset.Name == "maskrsa-jpn48" ? 80 : 100, grid.SlotCount);
        }
    }

    [Fact]
    public void PresetTopology_OtherNetworkOfTheSameSize_IsRefused()
    {
        var topology = new PresetTopology("mesh.json", 5, 7, 4700);

        Assert.Null(topology.Mismatch(Mesh));
        Assert.Contains("4700 route km", (topology with { RouteKm = 4000 }).Mismatch(Mesh), StringComparison.Ordinal);
        Assert.NotNull((topology with { Links = 8 }).Mismatch(Mesh));
    }

    [Fact]
    public void Preset_OnATopologyWithAnotherGrid_SimulatesOnThePresetGrid()
    {
        // The mesh carries 768 × 6.25 GHz: on it, 400 Erlang blocks nothing; on the preset's 100 × 12.5 GHz it blocks.
        var preset = SimulationPreset.All.Single(p => p.Name == "deeprmsa-nsfnet");

        var own = Run(SimulationSettings.DeepRmsa(400));
        var presetGrid = Run(preset.Settings with { LoadErlang = 400 });

        Assert.Equal(0, own.MeanServiceBlocking);
        Assert.True(presetGrid.MeanServiceBlocking > 0.01, $"{presetGrid.MeanServiceBlocking:P2}");
    }

    [Fact]
    public void SharedFibre_BlocksMoreThanOneFibrePerDirection()
    {
        var perDirection = Run(Base(250));
        var shared = Run(Base(250) with { Fibres = FibreModel.SharedByBothDirections });

        Assert.True(shared.MeanServiceBlocking > perDirection.MeanServiceBlocking + 0.01, $"{shared.MeanServiceBlocking:P2} vs {perDirection.MeanServiceBlocking:P2}");
    }

    [Fact]
    public void FewerSlots_AndAGuardSlot_EachBlockMore()
    {
        var wide = Run(Base(400));
        var narrow = Run(Base(400) with { SlotCount = 80 });
        var noGuard = Run(Base(400) with { GuardSlots = 0 });

        Assert.True(narrow.MeanServiceBlocking > wide.MeanServiceBlocking);
        Assert.True(noGuard.MeanServiceBlocking < wide.MeanServiceBlocking);
    }

    [Fact]
    public void ModulationTable_WithoutReachForLongPaths_BlocksThemForQuality()
    {
        var shortReach = Base(10) with { ModulationTable = [new ModulationFormat("16QAM", 4, 600)] };

        var result = Run(shortReach);

        Assert.True(result.BlockedByReason.GetValueOrDefault(BlockReason.Qot) > 0);
        Assert.Equal(result.Seeds.Sum(s => s.Blocked), result.BlockedByReason.GetValueOrDefault(BlockReason.Qot));
    }

    [Fact]
    public void TrafficMatrix_AllOnOnePair_BlocksWhereUniformTrafficDoesNot()
    {
        // 250 Erlang spread over the 20 ordered pairs fits; all of it between A and B (100 Gb/s: 3 to 5 slots on each
        // of the 5 candidates, about 110 channels in all) cannot.
        var uniform = Run(Base(250));
        var onePair = Run(Base(250) with { Traffic = [new TrafficDemand("A", "B", 1)], MinBitRateGbps = 100, MaxBitRateGbps = 100 });

        Assert.Equal(0, uniform.MeanServiceBlocking);
        Assert.True(onePair.MeanServiceBlocking > 0.05, $"{onePair.MeanServiceBlocking:P2}");
    }

    [Fact]
    public void BitRateSet_DrawsOnlyItsRates()
    {
        var result = Run(Base(1) with { BitRatesGbps = [40] }, 1);

        Assert.Equal(40L * result.Seeds[0].Requests, result.Seeds[0].RequestedGbps);
    }

    [Fact]
    public void HoldingDistributions_AtEqualNominalLoad_TruncationOffersLess()
    {
        var exponential = Run(Base(400) with { Holding = HoldingDistribution.Exponential });
        var truncated = Run(Base(400));
        var deterministic = Run(Base(400) with { Holding = HoldingDistribution.Deterministic });

        Assert.True(truncated.MeanServiceBlocking < exponential.MeanServiceBlocking, $"{truncated.MeanServiceBlocking:P2} vs {exponential.MeanServiceBlocking:P2}");
        Assert.True(deterministic.MeanServiceBlocking > truncated.MeanServiceBlocking);
    }

    [Fact]
    public void KAndOrdering_OverrideThePolicy()
    {
        var settings = Base(400) with { K = 1, PathOrdering = RouteMetric.Hops };

        var applied = settings.Apply(KspFf);

        Assert.Equal((1, RouteMetric.Hops), (applied.K, applied.Metric));
        Assert.Equal(Run(settings).MeanServiceBlocking, DynamicSimulator.Run(Mesh, TestEquipment.Library, KspFf with { K = 1, Metric = RouteMetric.Hops }, settings with { K = null, PathOrdering = null, WarmupRequests = 500, MeasuredRequests = 3000 }, [1, 2, 3]).MeanServiceBlocking);
    }
}
