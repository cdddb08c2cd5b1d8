using System.Collections.Immutable;
using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Requests;
using Continuum.Pce.Routing.Graph;
using Continuum.Pce.Routing.Rsa;
using Continuum.Pce.Routing.Spectrum;

namespace Continuum.Pce.Application.Simulation;

/// <summary>The outcome of one seed.</summary>
/// <param name="Moves">Lightpaths moved by defragmentation (re-tuned or re-routed) during the measured requests.</param>
/// <param name="DefragRuns">Defragmentation passes during the measured requests.</param>
public sealed record SeedResult(
    int Seed,
    int Requests,
    int Blocked,
    long RequestedGbps,
    long BlockedGbps,
    ImmutableDictionary<BlockReason, int> BlockedByReason,
    double MeanUtilisation,
    long Moves = 0,
    int DefragRuns = 0)
{
    public double ServiceBlocking => Requests == 0 ? 0 : (double)Blocked / Requests;

    public double BitRateBlocking => RequestedGbps == 0 ? 0 : (double)BlockedGbps / RequestedGbps;

    /// <summary>Defragmentation moves per 1,000 measured requests.</summary>
    public double MovesPerThousand => Requests == 0 ? 0 : Moves * 1000.0 / Requests;
}

/// <summary>Blocking over several seeds: mean and 95 % confidence half-width (Student's t).</summary>
public sealed record SimulationResult(SimulationPolicy Policy, SimulationSettings Settings, ImmutableArray<SeedResult> Seeds)
{
    public double MeanServiceBlocking => Seeds.Average(s => s.ServiceBlocking);

    public double ServiceBlockingCi95 => HalfWidth(Seeds.Select(s => s.ServiceBlocking).ToArray());

    public double MeanBitRateBlocking => Seeds.Average(s => s.BitRateBlocking);

    public double BitRateBlockingCi95 => HalfWidth(Seeds.Select(s => s.BitRateBlocking).ToArray());

    public double MeanMovesPerThousand => Seeds.Average(s => s.MovesPerThousand);

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

/// <summary>Picks a candidate, start slot and slot count for a request; reserves nothing.</summary>
internal interface IRouter
{
    bool TryRoute(int source, int destination, int rate, out int candidate, out int start, out int slots, out BlockReason reason);
}

/// <summary>
/// Dynamic RSA simulation straight on the routing core (no grains): Poisson arrivals, holding times from the settings'
/// distribution, node pairs uniform or from a traffic matrix, bit rates from a range or a set, on the settings' grid
/// with one fibre per direction or one shared by both, optionally defragmenting (<see cref="DefragSettings"/>).
/// Single-threaded and deterministic per seed; seeds run in parallel, each with its own spectrum and engine.
/// </summary>
public static class DynamicSimulator
{
    public static SimulationResult Run(OpticalNetwork network, EquipmentLibrary equipment, SimulationPolicy policy, SimulationSettings settings, IReadOnlyList<int> seeds, Action<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(equipment);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(seeds);
        var errors = settings.Validate();
        if (errors.Length > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(settings));
        }

        var graph = CompactGraphBuilder.FromNetwork(network, equipment, 1);
        var grid = settings.GridFor(network.Grid);
        var effective = settings.Apply(policy);
        var demands = ResolveTraffic(graph, settings.Traffic);
        var results = new SeedResult[seeds.Count];
        Parallel.For(0, seeds.Count, i =>
        {
            var spectrum = new SpectrumState(graph, grid, settings.Fibres == FibreModel.SharedByBothDirections);
            var engine = new RsaEngine(graph, spectrum, effective.K);
            results[i] = settings.Modes == ModeModel.ReachTable
                ? RunSeed(engine, effective, settings, seeds[i], demands, new ReachTableModes(equipment.Transceivers.SelectMany(t => t.Modes), grid))
                : RunSeed(engine, effective, settings, seeds[i], demands, new ModulationTableModes(settings.TableTuples(), settings.ModulationUnitMhz, settings.GuardSlots, grid.SlotWidthMhz));
            progress?.Invoke(seeds[i]);
        });
        return new SimulationResult(effective, settings, [.. results]);
    }

    /// <summary>Traffic-matrix entries as dense pairs with cumulative weights; null for uniform traffic.</summary>
    private static TrafficMatrix? ResolveTraffic(CompactGraph graph, ImmutableArray<TrafficDemand> demands)
    {
        if (demands.IsDefaultOrEmpty)
        {
            return null;
        }

        var sources = new int[demands.Length];
        var destinations = new int[demands.Length];
        var cumulative = new double[demands.Length];
        var total = 0.0;
        for (var i = 0; i < demands.Length; i++)
        {
            var d = demands[i];
            sources[i] = NodeOf(graph, d.Source);
            destinations[i] = NodeOf(graph, d.Destination);
            total += d.Weight;
            cumulative[i] = total;
        }

        return new TrafficMatrix(sources, destinations, cumulative);
    }

    /// <summary>A routing node by its node id, or by the id of the site it stands at.</summary>
    private static int NodeOf(CompactGraph graph, string id)
    {
        if (graph.TryGetNode(new NodeId(id), out var node))
        {
            return node;
        }

        for (var v = 0; v < graph.NodeCount; v++)
        {
            if (graph.SiteIdOf(graph.NodeSite(v)).Value == id)
            {
                return v;
            }
        }

        throw new ArgumentException($"traffic.demands: no node or site '{id}' in the topology");
    }

    private static SeedResult RunSeed<TModes>(RsaEngine engine, SimulationPolicy policy, SimulationSettings settings, int seed, TrafficMatrix? demands, TModes modes)
        where TModes : IModeFeasibility
    {
        return policy.Fit switch
        {
            FitPolicy.FirstFit => Loop(engine, policy, settings, seed, demands, modes, new EngineRouter<TModes, FirstFit>(engine, policy, modes, default)),
            FitPolicy.LastFit => Loop(engine, policy, settings, seed, demands, modes, new EngineRouter<TModes, LastFit>(engine, policy, modes, default)),
            FitPolicy.BestFit => Loop(engine, policy, settings, seed, demands, modes, new EngineRouter<TModes, BestFit>(engine, policy, modes, default)),
            FitPolicy.RandomFit => Loop(engine, policy, settings, seed, demands, modes, new EngineRouter<TModes, RandomFit>(engine, policy, modes, new RandomFit(new SeededRandom((ulong)seed * 7919 + 1)))),
            FitPolicy.FragmentationAware => Loop(engine, policy, settings, seed, demands, modes, new EngineRouter<TModes, FragmentationAwareFit>(engine, policy, modes, default)),
            FitPolicy.MinResource => Loop(engine, policy, settings, seed, demands, modes, new MinResourceRouter<TModes>(engine, policy, modes)),
            _ => throw new InvalidOperationException("unknown fit"),
        };
    }

    private static SeedResult Loop<TModes, TRouter>(RsaEngine engine, SimulationPolicy policy, SimulationSettings settings, int seed, TrafficMatrix? demands, TModes modes, TRouter router)
        where TModes : IModeFeasibility
        where TRouter : struct, IRouter
    {
        var graph = engine.Graph;
        var spectrum = engine.Spectrum;
        var cache = engine.Candidates(policy.Metric);
        var traffic = new TrafficSource(settings, graph.NodeCount, seed, demands);
        var connections = new ConnectionTable(256);
        var departures = new PriorityQueue<int, double>();
        var shared = spectrum.DirectionsShareFibre ? 2 : 1;
        var tally = new Tally(seed, (double)graph.EdgeCount * spectrum.SlotCount);
        var defrag = settings.Defrag;
        var defragmenter = defrag.Enabled ? new Defragmenter<TModes>(engine, cache, connections, modes, defrag.Method) : null;
        var occupied = 0L;
        var total = settings.WarmupRequests + settings.MeasuredRequests;
        for (var n = 0; n < total; n++)
        {
            var measured = n >= settings.WarmupRequests;
            var (source, destination, rate, holding) = traffic.Next();
            while (departures.TryPeek(out var leaving, out var end) && end <= traffic.Now)
            {
                departures.Dequeue();
                var candidate = connections.Candidate[leaving];
                spectrum.Release(cache.Edges(candidate), connections.Start[leaving], connections.Slots[leaving]);
                occupied -= (long)connections.Slots[leaving] * cache.Hops(candidate) * shared;
                connections.Remove(leaving);
            }

            if (defrag.Trigger == DefragTrigger.Periodic && n > 0 && n % defrag.EveryRequests == 0)
            {
                occupied += defragmenter!.Run(out var moves) * shared;
                tally.Defragmented(measured, moves);
            }

            var found = router.TryRoute(source, destination, rate, out var chosen, out var start, out var slots, out var reason)
                && spectrum.TryReserve(cache.Edges(chosen), start, slots);
            if (!found && defrag.Trigger == DefragTrigger.OnBlock && reason == BlockReason.Spectrum && connections.Count > 0)
            {
                occupied += defragmenter!.Run(source, destination, rate, ref router, out var moves) * shared;
                tally.Defragmented(measured, moves);
                found = router.TryRoute(source, destination, rate, out chosen, out start, out slots, out reason)
                    && spectrum.TryReserve(cache.Edges(chosen), start, slots);
            }

            if (found)
            {
                var id = connections.Add(chosen, start, slots, source, destination, rate);
                departures.Enqueue(id, traffic.Now + holding);
                occupied += (long)slots * cache.Hops(chosen) * shared;
            }

            if (measured)
            {
                tally.Count(rate, occupied, found, reason);
            }
        }

        return tally.Result();
    }

    /// <summary>The engine's own walk over the K candidates with a fit policy.</summary>
    private struct EngineRouter<TModes, TFit>(RsaEngine engine, SimulationPolicy policy, TModes modes, TFit fit) : IRouter
        where TModes : IModeFeasibility
        where TFit : struct, ISpectrumFit
    {
        private TModes _modes = modes;
        private TFit _fit = fit;

        public bool TryRoute(int source, int destination, int rate, out int candidate, out int start, out int slots, out BlockReason reason)
        {
            var request = new RsaRequest(source, destination, rate, null, policy.Order);
            var found = engine.TryCompute(request, policy.Metric, ref _modes, ref _fit, out var result);
            candidate = result.Candidate;
            start = result.StartSlot;
            slots = result.SlotCount;
            reason = found ? BlockReason.NoPath : result.Reason;
            return found;
        }
    }

    /// <summary>The min-resource choice over all K candidates (see <see cref="FitPolicy.MinResource"/>).</summary>
    private struct MinResourceRouter<TModes>(RsaEngine engine, SimulationPolicy policy, TModes modes) : IRouter
        where TModes : IModeFeasibility
    {
        private readonly ulong[] _occupancy = new ulong[engine.Spectrum.Words];
        private TModes _modes = modes;

        public bool TryRoute(int source, int destination, int rate, out int candidate, out int start, out int slots, out BlockReason reason)
        {
            var cache = engine.Candidates(policy.Metric);
            var spectrum = engine.Spectrum;
            var set = cache.Get(source, destination, null);
            candidate = -1;
            start = 0;
            slots = 0;
            var bestCost = long.MaxValue;
            for (var i = 0; i < set.Count; i++)
            {
                var c = set.First + i;
                var path = cache.Edges(c);
                if (!_modes.TrySelect(engine.Graph, path, cache.Km(c), rate, out var choice))
                {
                    continue;
                }

                var cost = (long)choice.Slots * path.Length;
                if (cost > bestCost)
                {
                    continue;
                }

                spectrum.PathOccupancy(path, _occupancy);
                if (FreeRuns.TryFirst(_occupancy, spectrum.SlotCount, choice.Slots, out var s) && (cost < bestCost || s < start))
                {
                    candidate = c;
                    start = s;
                    slots = choice.Slots;
                    bestCost = cost;
                }
            }

            reason = set.Count == 0 ? BlockReason.NoPath : BlockReason.Spectrum;
            return candidate >= 0;
        }
    }

    private sealed record TrafficMatrix(int[] Sources, int[] Destinations, double[] Cumulative);

    /// <summary>One seed's traffic process: Poisson arrivals, pairs, rates and holding times as the settings say.</summary>
    private sealed class TrafficSource(SimulationSettings settings, int nodes, int seed, TrafficMatrix? matrix)
    {
        private readonly Random _random = new(seed);
        private readonly int[] _rates = settings.BitRatesGbps.IsDefaultOrEmpty ? [] : [.. settings.BitRatesGbps];

        public double Now { get; private set; }

        public (int Source, int Destination, int Rate, double Holding) Next()
        {
            Now += -Math.Log(1 - _random.NextDouble()) / settings.ArrivalRate;
            int source, destination;
            if (matrix is null)
            {
                source = _random.Next(nodes);
                destination = (source + 1 + _random.Next(nodes - 1)) % nodes;
            }
            else
            {
                var u = _random.NextDouble() * matrix.Cumulative[^1];
                var i = Array.BinarySearch(matrix.Cumulative, u);
                i = i < 0 ? ~i : i + 1;
                i = Math.Min(i, matrix.Cumulative.Length - 1);
                source = matrix.Sources[i];
                destination = matrix.Destinations[i];
            }

            var rate = _rates.Length == 0 ? _random.Next(settings.MinBitRateGbps, settings.MaxBitRateGbps + 1) : _rates[_random.Next(_rates.Length)];
            var mean = settings.MeanHolding;
            double holding;
            switch (settings.Holding)
            {
                case HoldingDistribution.Deterministic:
                    holding = mean;
                    break;
                case HoldingDistribution.Exponential:
                    holding = -Math.Log(1 - _random.NextDouble()) * mean;
                    break;
                default:
                    do
                    {
                        holding = -Math.Log(1 - _random.NextDouble()) * mean;
                    }
                    while (holding <= 0 || holding >= settings.HoldingCapMultiple * mean);

                    break;
            }

            return (source, destination, rate, holding);
        }
    }

    /// <summary>Blocking, utilisation and defragmentation counters over the measured requests of one seed.</summary>
    private sealed class Tally(int seed, double totalSlots)
    {
        private readonly Dictionary<BlockReason, int> _reasons = [];
        private int _measured;
        private int _blocked;
        private long _requestedGbps;
        private long _blockedGbps;
        private double _utilisationSum;
        private long _moves;
        private int _defragRuns;

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

        public void Defragmented(bool measured, int moves)
        {
            if (measured)
            {
                _moves += moves;
                _defragRuns++;
            }
        }

        public SeedResult Result() => new(seed, _measured, _blocked, _requestedGbps, _blockedGbps, _reasons.ToImmutableDictionary(), _measured == 0 ? 0 : _utilisationSum / _measured, _moves, _defragRuns);
    }
}
