using System.Collections.Immutable;
using Continuum.Pce.Domain.Requests;
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
    /// <summary>The DeepRMSA table: bits per symbol by path length, ceil(B / (bits · 12.5)) + 1 guard slots.</summary>
    DeepRmsa,

    /// <summary>The equipment library's modes by reach.</summary>
    ReachTable,
}

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
/// Settings of a dynamic traffic simulation. The DeepRMSA preset (shared/reference/rsa-benchmarks.md): λ = 10,
/// exponential holding of mean load / λ redrawn until 0 &lt; h &lt; 2 × mean, uniform ordered pairs, bit rate uniform
/// integer 25..100 Gb/s, 3,000 warm-up then 10,000 measured requests, DeepRMSA modulation table.
/// </summary>
public sealed record SimulationSettings
{
    public double LoadErlang { get; init; } = 250;

    public double ArrivalRate { get; init; } = 10;

    /// <summary>Redraw holding times until below this multiple of the mean (0 = no truncation).</summary>
    public double HoldingCapMultiple { get; init; } = 2;

    public int WarmupRequests { get; init; } = 3_000;

    public int MeasuredRequests { get; init; } = 10_000;

    public int MinBitRateGbps { get; init; } = 25;

    public int MaxBitRateGbps { get; init; } = 100;

    public ModeModel Modes { get; init; } = ModeModel.DeepRmsa;

    public double MeanHolding => LoadErlang / ArrivalRate;

    public static SimulationSettings DeepRmsa(double loadErlang) => new() { LoadErlang = loadErlang };
}
