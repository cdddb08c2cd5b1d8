using System.Collections.Immutable;
using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.Routing.Rsa;

namespace Continuum.Pce.Application.Simulation;

/// <summary>A spectrum-fit policy of the routing core.</summary>
public enum FitPolicy
{
    FirstFit,
    LastFit,
    BestFit,
    RandomFit,
    FragmentationAware,

    /// <summary>
    /// Our policy: over all K candidates, the one whose channel consumes the fewest slot·links (slots × hops, with the
    /// modulation its length allows), first fit on it; among equally cheap candidates the lowest start slot wins (the
    /// spectrum stays packed at the low end), then the earlier candidate.
    /// </summary>
    MinResource,
}

/// <summary>How modulation and slot counts are chosen.</summary>
public enum ModeModel
{
    /// <summary>
    /// A modulation-by-reach table (<see cref="SimulationSettings.ModulationTable"/>, the DeepRMSA table by default):
    /// ceil(B / (bits · unit)) units plus <see cref="SimulationSettings.GuardSlots"/> guard units.
    /// </summary>
    DeepRmsa,

    /// <summary>The equipment library's modes by reach.</summary>
    ReachTable,
}

/// <summary>The distribution of holding times (mean = load / arrival rate).</summary>
public enum HoldingDistribution
{
    /// <summary>Exponential.</summary>
    Exponential,

    /// <summary>Exponential redrawn until 0 &lt; h &lt; cap × mean (DeepRMSA's; "250 Erlang" then offers about 0.687 × 250).</summary>
    TruncatedExponential,

    /// <summary>Every connection holds exactly the mean.</summary>
    Deterministic,
}

/// <summary>Whether a link is two fibres (one per direction) or one fibre whose spectrum both directions share.</summary>
public enum FibreModel
{
    PerDirection,
    SharedByBothDirections,
}

/// <summary>One format of a modulation-by-reach table.</summary>
public sealed record ModulationFormat(string Name, int BitsPerSymbol, double MaxReachKm);

/// <summary>One entry of a traffic matrix: requests from source to destination in proportion to the weight.</summary>
public sealed record TrafficDemand(string Source, string Destination, double Weight);

/// <summary>A routing × spectrum policy: candidate order metric, K, candidate walk and fit.</summary>
public sealed record SimulationPolicy(string Name, RouteMetric Metric, int K, SpectrumOrder Order, FitPolicy Fit)
{
    /// <summary>
    /// The named policies: "ksp-ff" (K shortest by km, first candidate with a first fit), "ksp-bf", "ksp-lf",
    /// "ksp-rf", "ksp-fa" (fragmentation-aware); "ff-ksp" (lowest first-fit start over all K); "kspH-ff" (K by hops);
    /// "sp-ff" (one path); "best" (our policy: <see cref="FitPolicy.MinResource"/> over the 5 paths fewest in hops),
    /// "best-k8" (the same over 8 paths), "minres-km" (the same over the 5 shortest by km); "lat-ff" (5 paths by
    /// latency, first fit) and "energy" (the same 5 paths, the one adding the least network power, first fit).
    /// </summary>
    public static ImmutableArray<SimulationPolicy> All { get; } =
    [
        new("ksp-ff", RouteMetric.Km, 5, SpectrumOrder.KThenFit, FitPolicy.FirstFit),
        new("ksp-bf", RouteMetric.Km, 5, SpectrumOrder.KThenFit, FitPolicy.BestFit),
        new("ksp-lf", RouteMetric.Km, 5, SpectrumOrder.KThenFit, FitPolicy.LastFit),
        new("ksp-rf", RouteMetric.Km, 5, SpectrumOrder.KThenFit, FitPolicy.RandomFit),
        new("ksp-fa", RouteMetric.Km, 5, SpectrumOrder.KThenFit, FitPolicy.FragmentationAware),
        new("ff-ksp", RouteMetric.Km, 5, SpectrumOrder.LowestStartOverAllK, FitPolicy.FirstFit),
        new("kspH-ff", RouteMetric.Hops, 5, SpectrumOrder.KThenFit, FitPolicy.FirstFit),
        new("kspH-fa", RouteMetric.Hops, 5, SpectrumOrder.KThenFit, FitPolicy.FragmentationAware),
        new("ff-kspH", RouteMetric.Hops, 5, SpectrumOrder.LowestStartOverAllK, FitPolicy.FirstFit),
        new("sp-ff", RouteMetric.Km, 1, SpectrumOrder.KThenFit, FitPolicy.FirstFit),
        new("best", RouteMetric.Hops, 5, SpectrumOrder.KThenFit, FitPolicy.MinResource),
        new("best-k8", RouteMetric.Hops, 8, SpectrumOrder.KThenFit, FitPolicy.MinResource),
        new("minres-km", RouteMetric.Km, 5, SpectrumOrder.KThenFit, FitPolicy.MinResource),
        new("lat-ff", RouteMetric.Latency, 5, SpectrumOrder.KThenFit, FitPolicy.FirstFit),
        new("energy", RouteMetric.Energy, 5, SpectrumOrder.KThenFit, FitPolicy.FirstFit),
    ];

    public static bool TryGet(string name, out SimulationPolicy policy)
    {
        policy = All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))!;
        return policy is not null;
    }
}

/// <summary>
/// Settings of a dynamic traffic simulation. The defaults are the DeepRMSA NSFNET setting
/// (shared/reference/rsa-benchmarks.md): λ = 10, exponential holding of mean load / λ redrawn until 0 &lt; h &lt;
/// 2 × mean, uniform ordered pairs, bit rate uniform integer 25..100 Gb/s, the DeepRMSA modulation table with one guard
/// slot, 3,000 warm-up then 10,000 measured requests, one fibre per direction. Grid: the topology's unless
/// <see cref="SlotCount"/> or <see cref="SlotWidthMhz"/> say otherwise (presets always say).
/// </summary>
public sealed record SimulationSettings
{
    /// <summary>The DeepRMSA table.</summary>
    public static ImmutableArray<ModulationFormat> DeepRmsaTable { get; } =
    [
        new("16QAM", 4, 625),
        new("8QAM", 3, 1250),
        new("QPSK", 2, 2500),
        new("BPSK", 1, double.PositiveInfinity),
    ];

    public double LoadErlang { get; init; } = 250;

    public double ArrivalRate { get; init; } = 10;

    public HoldingDistribution Holding { get; init; } = HoldingDistribution.TruncatedExponential;

    /// <summary>Truncated exponential: redraw holding times until below this multiple of the mean.</summary>
    public double HoldingCapMultiple { get; init; } = 2;

    public int WarmupRequests { get; init; } = 3_000;

    public int MeasuredRequests { get; init; } = 10_000;

    /// <summary>Uniform integer bit rate from <see cref="MinBitRateGbps"/> to <see cref="MaxBitRateGbps"/>, unless <see cref="BitRatesGbps"/> is set.</summary>
    public int MinBitRateGbps { get; init; } = 25;

    public int MaxBitRateGbps { get; init; } = 100;

    /// <summary>When not empty, each request's bit rate is drawn uniformly from this list (repeat a value to weight it).</summary>
    public ImmutableArray<int> BitRatesGbps { get; init; } = [];

    /// <summary>Slots per fibre; null = the topology's grid.</summary>
    public int? SlotCount { get; init; }

    /// <summary>Slot width, MHz; null = the topology's grid.</summary>
    public long? SlotWidthMhz { get; init; }

    /// <summary>Guard units added to every channel by the modulation table (DeepRMSA: 1; MaskRSA: 0).</summary>
    public int GuardSlots { get; init; } = 1;

    public ModeModel Modes { get; init; } = ModeModel.DeepRmsa;

    /// <summary>The modulation-by-reach table of <see cref="ModeModel.DeepRmsa"/>.</summary>
    public ImmutableArray<ModulationFormat> ModulationTable { get; init; } = DeepRmsaTable;

    /// <summary>Width (and symbol rate) of one spectrum unit of the modulation table, MHz: 12.5 GHz in the literature.</summary>
    public long ModulationUnitMhz { get; init; } = 12_500;

    /// <summary>Candidate paths per pair; null = each policy's own K.</summary>
    public int? K { get; init; }

    /// <summary>Order of the K candidates; null = each policy's own.</summary>
    public RouteMetric? PathOrdering { get; init; }

    /// <summary>Traffic matrix; empty = uniform over the ordered node pairs.</summary>
    public ImmutableArray<TrafficDemand> Traffic { get; init; } = [];

    public FibreModel Fibres { get; init; } = FibreModel.PerDirection;

    public DefragSettings Defrag { get; init; } = DefragSettings.None;

    public double MeanHolding => LoadErlang / ArrivalRate;

    public static SimulationSettings DeepRmsa(double loadErlang) => new() { LoadErlang = loadErlang };

    /// <summary>The grid to simulate: the topology's, with the slot count and width these settings give.</summary>
    public SpectrumGrid GridFor(SpectrumGrid topologyGrid)
    {
        ArgumentNullException.ThrowIfNull(topologyGrid);
        return SlotCount is null && SlotWidthMhz is null
            ? topologyGrid
            : new SpectrumGrid(topologyGrid.Start, SlotWidthMhz ?? topologyGrid.SlotWidthMhz, SlotCount ?? topologyGrid.SlotCount);
    }

    /// <summary>The policy as these settings run it (K and path ordering overridden when set).</summary>
    public SimulationPolicy Apply(SimulationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy with { K = K ?? policy.K, Metric = PathOrdering ?? policy.Metric };
    }

    /// <summary>Problems with these settings, each naming the setting; empty when they can run.</summary>
    public ImmutableArray<string> Validate()
    {
        var errors = ImmutableArray.CreateBuilder<string>();
        void Require(bool ok, string message)
        {
            if (!ok)
            {
                errors.Add(message);
            }
        }

        Require(double.IsFinite(LoadErlang) && LoadErlang > 0, "load: must be positive");
        Require(double.IsFinite(ArrivalRate) && ArrivalRate > 0, "arrivalRate: must be positive");
        Require(Holding != HoldingDistribution.TruncatedExponential || (double.IsFinite(HoldingCapMultiple) && HoldingCapMultiple > 1), "holding.capMultiple: must be above 1");
        Require(WarmupRequests >= 0, "requests.warmup: must not be negative");
        Require(MeasuredRequests > 0, "requests.measured: must be positive");
        if (BitRatesGbps.IsDefaultOrEmpty)
        {
            Require(MinBitRateGbps > 0 && MaxBitRateGbps >= MinBitRateGbps, "bitRate: need 0 < minGbps ≤ maxGbps");
        }
        else
        {
            Require(BitRatesGbps.All(r => r > 0), "bitRate.setGbps: every rate must be positive");
        }

        Require(SlotCount is null or > 0, "grid.slotCount: must be positive");
        Require(SlotWidthMhz is null or > 0, "grid.slotWidthGhz: must be positive");
        Require(GuardSlots >= 0, "guardSlots: must not be negative");
        Require(ModulationUnitMhz > 0, "modulation.unitGhz: must be positive");
        Require(Modes != ModeModel.DeepRmsa || (!ModulationTable.IsDefaultOrEmpty && ModulationTable.All(f => f.BitsPerSymbol > 0 && f.MaxReachKm > 0)), "modulation.formats: need at least one format, each with bitsPerSymbol > 0 and maxReachKm > 0");
        Require(K is null or > 0, "paths.k: must be positive");
        Require(PathOrdering is null or RouteMetric.Km or RouteMetric.Hops or RouteMetric.Latency, "paths.ordering: km, hops or latency");
        Require(Traffic.IsDefaultOrEmpty || (Traffic.All(d => d.Weight >= 0 && double.IsFinite(d.Weight) && d.Source != d.Destination) && Traffic.Sum(d => d.Weight) > 0), "traffic.demands: weights must be finite and non-negative with a positive sum, source ≠ destination");
        errors.AddRange(Defrag.Validate());
        return errors.ToImmutable();
    }

    internal (string Name, int BitsPerSymbol, double ReachKm)[] TableTuples() =>
        [.. ModulationTable.Select(f => (f.Name, f.BitsPerSymbol, f.MaxReachKm))];
}
