using System.Collections.Immutable;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Requests;
using Continuum.Pce.Routing.Graph;
using Continuum.Pce.Routing.Rsa;
using Continuum.Pce.Routing.Spectrum;

namespace Continuum.Pce.Application.Simulation;

/// <summary>The outcome of one seed.</summary>
public sealed record SeedResult(
    int Seed,
    int Requests,
    int Blocked,
    long RequestedGbps,
    long BlockedGbps,
    ImmutableDictionary<BlockReason, int> BlockedByReason,
    double MeanUtilisation)
{
    public double ServiceBlocking => Requests == 0 ? 0 : (double)Blocked / Requests;

    public double BitRateBlocking => RequestedGbps == 0 ? 0 : (double)BlockedGbps / RequestedGbps;
}

/// <summary>Blocking over several seeds: mean and 95 % confidence half-width (Student's t).</summary>
public sealed record SimulationResult(SimulationPolicy Policy, SimulationSettings Settings, ImmutableArray<SeedResult> Seeds)
{
    public double MeanServiceBlocking => Seeds.Average(s => s.ServiceBlocking);

    public double ServiceBlockingCi95 => HalfWidth(Seeds.Select(s => s.ServiceBlocking).ToArray());

    public double MeanBitRateBlocking => Seeds.Average(s => s.BitRateBlocking);

    public double BitRateBlockingCi95 => HalfWidth(Seeds.Select(s => s.BitRateBlocking).ToArray());

    /// <summary>Every request simulated, warm-up included (for speed figures).</summary>
    public int TotalRequests => Seeds.Sum(s => s.Requests) + (Seeds.Length * Settings.WarmupRequests);

    public ImmutableDictionary<BlockReason, int> BlockedByReason =>
        Seeds.SelectMany(s => s.BlockedByReason).GroupBy(kv => kv.Key).ToImmutableDictionary(g => g.Key, g => g.Sum(kv => kv.Value));

    private static double HalfWidth(double[] samples)
    {
        if (samples.Length < 2)
        {
            return 0;
        }

        var mean = samples.Average();
        var sd = Math.Sqrt(samples.Sum(x => (x - mean) * (x - mean)) / (samples.Length - 1));
        return StudentT95(samples.Length - 1) * sd / Math.Sqrt(samples.Length);
    }

    /// <summary>Two-sided 95 % quantile of Student's t for small degrees of freedom (normal beyond 30).</summary>
    private static double StudentT95(int dof) => dof switch
    {
        1 => 12.706,
        2 => 4.303,
        3 => 3.182,
        4 => 2.776,
        5 => 2.571,
        6 => 2.447,
        7 => 2.365,
        8 => 2.306,
        9 => 2.262,
        10 => 2.228,
        11 => 2.201,
        12 => 2.179,
        13 => 2.160,
        14 => 2.145,
        15 => 2.131,
        19 => 2.093,
        24 => 2.064,
        29 => 2.045,
        < 30 => 2.1,
        _ => 1.96,
    };
}

/// <summary>
/// Dynamic RSA simulation straight on the routing core (no grains): Poisson arrivals, exponential holding, uniform
/// ordered node pairs, uniform integer bit rates. Single-threaded and deterministic per seed; seeds run in parallel,
/// each with its own graph view, spectrum and engine.
/// </summary>
public static class DynamicSimulator
{
    public static SimulationResult Run(OpticalNetwork network, Domain.Equipment.EquipmentLibrary equipment, SimulationPolicy policy, SimulationSettings settings, IReadOnlyList<int> seeds, Action<int>? progress = null)
    {
        var graph = CompactGraphBuilder.FromNetwork(network, equipment, 1);
        var modesTable = settings.Modes == ModeModel.ReachTable
            ? (IModeFeasibility)new ReachTableModes(equipment.Transceivers.SelectMany(t => t.Modes), network.Grid)
            : new DeepRmsaModes(network.Grid);
        var results = new SeedResult[seeds.Count];
        Parallel.For(0, seeds.Count, i =>
        {
            results[i] = modesTable switch
            {
                DeepRmsaModes d => RunSeed(graph, network, policy, settings, seeds[i], d),
                ReachTableModes r => RunSeed(graph, network, policy, settings, seeds[i], r),
                _ => throw new InvalidOperationException("unknown mode model"),
            };
            progress?.Invoke(seeds[i]);
        });
        return new SimulationResult(policy, settings, [.. results]);
    }

    private static SeedResult RunSeed<TModes>(CompactGraph graph, OpticalNetwork network, SimulationPolicy policy, SimulationSettings settings, int seed, TModes modes)
        where TModes : IModeFeasibility
    {
        var spectrum = new SpectrumState(graph, network.Grid);
        var engine = new RsaEngine(graph, spectrum, policy.K);
        return policy.Fit switch
        {
            FitPolicy.FirstFit => Loop(engine, graph, policy, settings, seed, modes, default(FirstFit)),
            FitPolicy.LastFit => Loop(engine, graph, policy, settings, seed, modes, default(LastFit)),
            FitPolicy.BestFit => Loop(engine, graph, policy, settings, seed, modes, default(BestFit)),
            FitPolicy.RandomFit => Loop(engine, graph, policy, settings, seed, modes, new RandomFit(new SeededRandom((ulong)seed * 7919 + 1))),
            FitPolicy.FragmentationAware => Loop(engine, graph, policy, settings, seed, modes, default(FragmentationAwareFit)),
            FitPolicy.MinResource => MinResourceLoop(engine, graph, policy, settings, seed, modes),
            _ => throw new InvalidOperationException("unknown fit"),
        };
    }

    private readonly record struct Holding(int Candidate, int Start, int Slots);

    /// <summary>One seed's traffic process: Poisson arrivals, uniform ordered pairs, uniform rates, (truncated) exponential holding.</summary>
    private sealed class TrafficSource(SimulationSettings settings, int nodes, int seed)
    {
        private readonly Random _random = new(seed);

        public double Now { get; private set; }

        public (int Source, int Destination, int Rate, double Holding) Next()
        {
            Now += -Math.Log(1 - _random.NextDouble()) / settings.ArrivalRate;
            var source = _random.Next(nodes);
            var destination = (source + 1 + _random.Next(nodes - 1)) % nodes;
            var rate = _random.Next(settings.MinBitRateGbps, settings.MaxBitRateGbps + 1);
            var mean = settings.MeanHolding;
            double holding;
            do
            {
                holding = -Math.Log(1 - _random.NextDouble()) * mean;
            }
            while (settings.HoldingCapMultiple > 0 && (holding <= 0 || holding >= settings.HoldingCapMultiple * mean));

            return (source, destination, rate, holding);
        }
    }

    /// <summary>Blocking and utilisation counters over the measured requests of one seed.</summary>
    private sealed class Tally(int seed, double totalSlots)
    {
        private readonly Dictionary<BlockReason, int> _reasons = [];
        private int _measured;
        private int _blocked;
        private long _requestedGbps;
        private long _blockedGbps;
        private double _utilisationSum;

        public void Count(int rate, long occupiedSlotLinks, bool found, BlockReason reason)
        {
            _measured++;
            _requestedGbps += rate;
            _utilisationSum += occupiedSlotLinks / totalSlots;
            if (!found)
            {
                _blocked++;
                _blockedGbps += rate;
                _reasons[reason] = _reasons.GetValueOrDefault(reason) + 1;
            }
        }

        public SeedResult Result() => new(seed, _measured, _blocked, _requestedGbps, _blockedGbps, _reasons.ToImmutableDictionary(), _measured == 0 ? 0 : _utilisationSum / _measured);
    }

    /// <summary>The same traffic process as <see cref="Loop"/>, with the min-resource choice over all K candidates.</summary>
    private static SeedResult MinResourceLoop<TModes>(RsaEngine engine, CompactGraph graph, SimulationPolicy policy, SimulationSettings settings, int seed, TModes modes)
        where TModes : IModeFeasibility
    {
        var traffic = new TrafficSource(settings, graph.NodeCount, seed);
        var cache = engine.Candidates(policy.Metric);
        var spectrum = engine.Spectrum;
        var occupancy = new ulong[spectrum.Words];
        var departures = new PriorityQueue<Holding, double>();
        var tally = new Tally(seed, (double)graph.EdgeCount * spectrum.SlotCount);
        var occupied = 0L;
        for (var n = 0; n < settings.WarmupRequests + settings.MeasuredRequests; n++)
        {
            var (source, destination, rate, holding) = traffic.Next();
            while (departures.TryPeek(out var leaving, out var end) && end <= traffic.Now)
            {
                departures.Dequeue();
                var path = cache.Edges(leaving.Candidate);
                spectrum.Release(path, leaving.Start, leaving.Slots);
                occupied -= (long)leaving.Slots * path.Length;
            }

            var set = cache.Get(source, destination, null);
            var best = -1;
            var bestStart = 0;
            var bestSlots = 0;
            var bestCost = long.MaxValue;
            for (var i = 0; i < set.Count; i++)
            {
                var candidate = set.First + i;
                var path = cache.Edges(candidate);
                if (!modes.TrySelect(graph, path, cache.Km(candidate), rate, out var choice))
                {
                    continue;
                }

                var cost = (long)choice.Slots * path.Length;
                if (cost > bestCost)
                {
                    continue;
                }

                spectrum.PathOccupancy(path, occupancy);
                if (FreeRuns.TryFirst(occupancy, spectrum.SlotCount, choice.Slots, out var start) && (cost < bestCost || start < bestStart))
                {
                    best = candidate;
                    bestStart = start;
                    bestSlots = choice.Slots;
                    bestCost = cost;
                }
            }

            var found = best >= 0 && spectrum.TryReserve(cache.Edges(best), bestStart, bestSlots);
            if (found)
            {
                departures.Enqueue(new Holding(best, bestStart, bestSlots), traffic.Now + holding);
                occupied += bestCost;
            }

            if (n >= settings.WarmupRequests)
            {
                tally.Count(rate, occupied, found, set.Count == 0 ? BlockReason.NoPath : BlockReason.Spectrum);
            }
        }

        return tally.Result();
    }

    private static SeedResult Loop<TModes, TFit>(RsaEngine engine, CompactGraph graph, SimulationPolicy policy, SimulationSettings settings, int seed, TModes modes, TFit fit)
        where TModes : IModeFeasibility
        where TFit : struct, ISpectrumFit
    {
        var traffic = new TrafficSource(settings, graph.NodeCount, seed);
        var departures = new PriorityQueue<RsaResult, double>();
        var tally = new Tally(seed, (double)graph.EdgeCount * engine.Spectrum.SlotCount);
        var occupied = 0L;
        for (var n = 0; n < settings.WarmupRequests + settings.MeasuredRequests; n++)
        {
            var (source, destination, rate, holding) = traffic.Next();
            while (departures.TryPeek(out var leaving, out var end) && end <= traffic.Now)
            {
                departures.Dequeue();
                engine.Release(leaving, policy.Metric);
                occupied -= (long)leaving.SlotCount * leaving.Hops;
            }

            var request = new RsaRequest(source, destination, rate, null, policy.Order);
            var found = engine.TryCompute(request, policy.Metric, ref modes, ref fit, out var result) && engine.TryReserve(result, policy.Metric);
            if (found)
            {
                departures.Enqueue(result, traffic.Now + holding);
                occupied += (long)result.SlotCount * result.Hops;
            }

            if (n >= settings.WarmupRequests)
            {
                tally.Count(rate, occupied, found, result.Reason);
            }
        }

        return tally.Result();
    }
}
