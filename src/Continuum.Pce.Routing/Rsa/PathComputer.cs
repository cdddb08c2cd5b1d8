using System.Collections.Immutable;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Requests;
using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.Routing.Constraints;
using Continuum.Pce.Routing.Graph;
using Continuum.Pce.Routing.Search;
using Continuum.Pce.Routing.Spectrum;

namespace Continuum.Pce.Routing.Rsa;

/// <summary>One computed lightpath: its fibres and nodes, mode, slots and figures (latency includes every ROADM).</summary>
public sealed record LightpathPlan(
    ImmutableArray<FiberId> Fibers,
    ImmutableArray<NodeId> Nodes,
    ModeDescriptor Mode,
    SlotRange Slots,
    double LatencyUs,
    double Km,
    int Hops);

/// <summary>The typed outcome of a path computation.</summary>
public abstract record RsaOutcome;

/// <summary>A path, a mode and a slot range (and, for 1+1, a disjoint protection lightpath with its own spectrum).</summary>
public sealed record RsaFound(LightpathPlan Working, LightpathPlan? Protection = null) : RsaOutcome;

/// <summary>N lightpaths between two nodes whose latencies differ by at most the requested skew.</summary>
public sealed record BundleFound(ImmutableArray<LightpathPlan> Lightpaths, double SkewUs) : RsaOutcome;

/// <summary>Refused: the constraint or resource that blocked, with a detail naming it.</summary>
/// <summary>Up to K lightpaths on distinct routes, in the metric's order (alternatives to compare; nothing reserved).</summary>
public sealed record RsaAlternatives(ImmutableArray<LightpathPlan> Plans) : RsaOutcome;

public sealed record RsaBlocked(Blocked Blocked) : RsaOutcome
{
    public BlockReason Reason => Blocked.Reason;

    public static RsaBlocked Of(BlockReason reason, string detail) => new(new Blocked(reason, detail));
}

/// <summary>
/// The typed face of the routing core: domain requests in, <see cref="RsaFound"/>, <see cref="BundleFound"/> or
/// <see cref="RsaBlocked"/> out. Maps identifiers at the boundary, compiles constraints, then runs the array-based
/// engine. Computes only: reserving is the caller's step (<see cref="TryReserve"/>), so grains can make it atomic.
/// </summary>
public sealed class PathComputer
{
    private readonly PathSet _pair = new(4, 256);
    private readonly PathSet _bundleCandidates = new(64, 4096);
    private readonly ulong[] _occupancy;

    public PathComputer(CompactGraph graph, SpectrumState spectrum, int k = 5)
    {
        Engine = new RsaEngine(graph, spectrum, k);
        _occupancy = new ulong[spectrum.Words];
    }

    public RsaEngine Engine { get; }

    public CompactGraph Graph => Engine.Graph;

    public SpectrumState Spectrum => Engine.Spectrum;

    public static RouteMetric MetricOf(Objective objective) => objective switch
    {
        Objective.Distance => RouteMetric.Km,
        Objective.Hops => RouteMetric.Hops,
        Objective.Energy => RouteMetric.Energy,
        _ => RouteMetric.Latency,
    };

    /// <summary>
    /// Computes a lightpath (or a 1+1 pair) for a request. <paramref name="diverseFromFibers"/> are the fibres of the
    /// lightpaths named in <see cref="PathConstraints.DiverseFrom"/> (resolved by the caller); they are excluded, with
    /// their SRLGs when the diversity level is SRLG, and a request that only fails because of them is blocked for diversity.
    /// </summary>
    public RsaOutcome Compute<TModes>(PathRequest request, TModes modes, SpectrumOrder order = SpectrumOrder.KThenFit, IReadOnlyCollection<FiberId>? diverseFromFibers = null)
        where TModes : IModeFeasibility
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Graph.TryGetNode(request.Source, out var source) || !Graph.TryGetNode(request.Destination, out var target))
        {
            return RsaBlocked.Of(BlockReason.InvalidRequest, $"unknown endpoint '{request.Source}' or '{request.Destination}'");
        }

        if (source == target || request.BitRateGbps <= 0)
        {
            return RsaBlocked.Of(BlockReason.InvalidRequest, "endpoints must differ and the bit rate must be positive");
        }

        var constraints = request.Constraints;
        var diverse = diverseFromFibers is { Count: > 0 };
        if (diverse)
        {
            constraints = WithDiversity(request, diverseFromFibers!);
        }

        if (!ConstraintMask.TryCompile(Graph, constraints, out var mask, out var error))
        {
            return RsaBlocked.Of(BlockReason.InvalidRequest, error);
        }

        ChannelRequirement? channel = null;
        if (request.Constraints.RequestsChannel)
        {
            if (TryChannel(request.Constraints, modes, out var required) is { } refused)
            {
                return refused;
            }

            channel = required;
        }

        var metric = MetricOf(request.Objective);
        var outcome = request.Protection == Protection.OnePlusOne
            ? ComputeProtected(source, target, request, mask, metric, modes, channel)
            : ComputeSingle(source, target, request, mask, metric, modes, order, channel);
        if (diverse && outcome is RsaBlocked blocked && blocked.Reason is BlockReason.NoPath or BlockReason.Latency or BlockReason.Spectrum or BlockReason.Qot)
        {
            var relaxed = request.Protection == Protection.OnePlusOne
                ? ComputeProtected(source, target, request, Compile(request.Constraints), metric, modes, channel)
                : ComputeSingle(source, target, request, Compile(request.Constraints), metric, modes, order, channel);
            if (relaxed is not RsaBlocked)
            {
                return RsaBlocked.Of(BlockReason.Diversity, $"no route is {request.Constraints.DiversityLevel}-diverse from the {request.Constraints.DiverseFrom.Length} given lightpath(s) ({blocked.Blocked})");
            }
        }

        return outcome;
    }

    /// <summary>
    /// One lightpath per distinct route among the K candidates in the request's metric order (first fit on each route),
    /// at most <paramref name="max"/>: what an operator compares before choosing. Routes no mode reaches or with no free
    /// slot range are skipped; when none is left, the reason is the one a single computation would give.
    /// </summary>
    public RsaOutcome ComputeAlternatives<TModes>(PathRequest request, TModes modes, int max)
        where TModes : IModeFeasibility
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Protection != Protection.None || !Graph.TryGetNode(request.Source, out var source) || !Graph.TryGetNode(request.Destination, out var target) ||
            source == target || request.BitRateGbps <= 0 || !request.Constraints.DiverseFrom.IsDefaultOrEmpty)
        {
            return Compute(request, modes);
        }

        if (!ConstraintMask.TryCompile(Graph, request.Constraints, out var mask, out var error))
        {
            return RsaBlocked.Of(BlockReason.InvalidRequest, error);
        }

        ChannelRequirement? channel = null;
        if (request.Constraints.RequestsChannel)
        {
            if (TryChannel(request.Constraints, modes, out var required) is { } refused)
            {
                return refused;
            }

            channel = required;
        }

        var metric = MetricOf(request.Objective) is RouteMetric.Energy ? RouteMetric.Latency : MetricOf(request.Objective);
        var cache = Engine.Candidates(metric);
        var set = cache.Get(source, target, mask);
        var plans = ImmutableArray.CreateBuilder<LightpathPlan>();
        var fit = default(FirstFit);
        for (var i = 0; i < set.Count && plans.Count < max; i++)
        {
            if (Engine.TryFitCandidate(cache, set.First + i, i, request.BitRateGbps, channel, ref modes, ref fit, out var result))
            {
                plans.Add(Plan(cache.Edges(set.First + i), modes.Describe(result.Mode.Mode), new SlotRange(result.StartSlot, result.SlotCount)));
            }
        }

        return plans.Count > 0 ? new RsaAlternatives(plans.ToImmutable()) : Compute(request, modes);
    }

    /// <summary>
    /// N lightpaths from source to destination whose latencies differ by at most <paramref name="maxSkewUs"/>, mutually
    /// link-disjoint when asked, each with its own slots (lightpaths sharing a fibre get different slots). Searches the
    /// first candidates of Yen's enumeration by latency with a bounded backtracking; returns all N or a Blocked reason.
    /// </summary>
    public RsaOutcome ComputeBundle<TModes>(NodeId sourceId, NodeId destinationId, int count, int bitRateGbps, double maxSkewUs, bool linkDisjoint, PathConstraints constraints, TModes modes, int candidateBudget = 32)
        where TModes : IModeFeasibility
    {
        ArgumentNullException.ThrowIfNull(constraints);
        if (constraints.RequestsChannel)
        {
            return RsaBlocked.Of(BlockReason.InvalidRequest, "a bundle takes no requested frequency, width, mode or minimum OSNR: each of its lightpaths gets its own");
        }

        if (!Graph.TryGetNode(sourceId, out var source) || !Graph.TryGetNode(destinationId, out var target) || source == target || count <= 0 || bitRateGbps <= 0 || maxSkewUs < 0)
        {
            return RsaBlocked.Of(BlockReason.InvalidRequest, "unknown or equal endpoints, or non-positive count, rate or skew");
        }

        if (!ConstraintMask.TryCompile(Graph, constraints, out var mask, out var error))
        {
            return RsaBlocked.Of(BlockReason.InvalidRequest, error);
        }

        // One ordinary computation first: when even a single lightpath is blocked, its reason is the bundle's.
        var probeFit = default(FirstFit);
        Engine.TryCompute(new RsaRequest(source, target, bitRateGbps, mask), RouteMetric.Latency, ref modes, ref probeFit, out var probe);
        var candidates = _bundleCandidates;
        Engine.Search.KShortestPaths(source, target, Math.Max(candidateBudget, count), default(LatencyCost), new MaskFilter(mask), candidates);
        var valid = new List<int>();
        for (var i = 0; i < candidates.Count; i++)
        {
            if (Graph.PathLatencyUs(candidates.Edges(i)) <= (mask.MaxLatencyUs ?? double.PositiveInfinity) + CandidateCache.LatencySlackUs && mask.SatisfiesIncludes(candidates.Edges(i)))
            {
                valid.Add(i);
            }
        }

        if (valid.Count == 0)
        {
            return RsaBlocked.Of(probe.IsFound ? BlockReason.NoPath : probe.Reason, "no candidate path for the bundle");
        }

        var search = new BundleSearch<TModes>(this, candidates, valid, count, bitRateGbps, maxSkewUs, linkDisjoint, modes);
        if (search.Run(out var chosen, out var starts, out var choices))
        {
            var plans = ImmutableArray.CreateBuilder<LightpathPlan>(count);
            var lo = double.PositiveInfinity;
            var hi = double.NegativeInfinity;
            for (var i = 0; i < count; i++)
            {
                var edges = candidates.Edges(chosen[i]);
                var plan = Plan(edges, modes.Describe(choices[i].Mode), new SlotRange(starts[i], choices[i].Slots));
                lo = Math.Min(lo, plan.LatencyUs);
                hi = Math.Max(hi, plan.LatencyUs);
                plans.Add(plan);
            }

            return new BundleFound(plans.MoveToImmutable(), hi - lo);
        }

        return search.Failure;
    }

    /// <summary>Reserves a plan's slots on its fibres, all or none.</summary>
    public bool TryReserve(LightpathPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return Spectrum.TryReserve(Edges(plan), plan.Slots.Start, plan.Slots.Count);
    }

    public void Release(LightpathPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        Spectrum.Release(Edges(plan), plan.Slots.Start, plan.Slots.Count);
    }

    internal int[] Edges(LightpathPlan plan)
    {
        var edges = new int[plan.Fibers.Length];
        for (var i = 0; i < edges.Length; i++)
        {
            if (!Graph.TryGetEdge(plan.Fibers[i], out edges[i]))
            {
                throw new ArgumentException($"fibre '{plan.Fibers[i]}' is not in graph version {Graph.Version}", nameof(plan));
            }
        }

        return edges;
    }

    internal LightpathPlan Plan(ReadOnlySpan<int> edges, ModeDescriptor mode, SlotRange slots)
    {
        var fibers = ImmutableArray.CreateBuilder<FiberId>(edges.Length);
        var nodes = ImmutableArray.CreateBuilder<NodeId>(edges.Length + 1);
        nodes.Add(Graph.NodeIdOf(Graph.Source(edges[0])));
        foreach (var e in edges)
        {
            fibers.Add(Graph.FiberIdOf(e));
            nodes.Add(Graph.NodeIdOf(Graph.Target(e)));
        }

        return new LightpathPlan(fibers.MoveToImmutable(), nodes.MoveToImmutable(), mode, slots, Graph.PathLatencyUs(edges), Graph.PathKm(edges), edges.Length);
    }

    internal bool TryFirstFit(ReadOnlySpan<int> edges, int slots, out int start)
    {
        Spectrum.PathOccupancy(edges, _occupancy);
        return FreeRuns.TryFirst(_occupancy, Spectrum.SlotCount, slots, out start);
    }

    private ConstraintMask Compile(PathConstraints constraints) =>
        ConstraintMask.TryCompile(Graph, constraints, out var mask, out _) ? mask : ConstraintMask.Unconstrained(Graph);

    private PathConstraints WithDiversity(PathRequest request, IReadOnlyCollection<FiberId> fibres)
    {
        var constraints = request.Constraints;
        var excludeFibers = constraints.ExcludeFibers.IsDefault ? [] : constraints.ExcludeFibers;
        var excludeSrlgs = constraints.ExcludeSrlgs.IsDefault ? [] : constraints.ExcludeSrlgs;
        var excludeNodes = constraints.ExcludeNodes.IsDefault ? [] : constraints.ExcludeNodes;
        foreach (var id in fibres)
        {
            excludeFibers = excludeFibers.Add(id);
            if (!Graph.TryGetEdge(id, out var e))
            {
                continue;
            }

            if (Graph.TryGetReverse(e, out var r))
            {
                excludeFibers = excludeFibers.Add(Graph.FiberIdOf(r));
            }

            if (constraints.DiversityLevel == Disjointness.Node)
            {
                foreach (var v in new[] { Graph.Source(e), Graph.Target(e) })
                {
                    var node = Graph.NodeIdOf(v);
                    if (node != request.Source && node != request.Destination)
                    {
                        excludeNodes = excludeNodes.Add(node);
                    }
                }
            }

            if (constraints.DiversityLevel == Disjointness.Srlg)
            {
                foreach (var s in Graph.Srlgs(e))
                {
                    excludeSrlgs = excludeSrlgs.Add(Graph.SrlgIdOf(s));
                }
            }
        }

        return constraints with { ExcludeFibers = excludeFibers, ExcludeSrlgs = excludeSrlgs, ExcludeNodes = excludeNodes };
    }

    private RsaOutcome ComputeSingle<TModes>(int source, int target, PathRequest request, ConstraintMask mask, RouteMetric metric, TModes modes, SpectrumOrder order, ChannelRequirement? channel)
        where TModes : IModeFeasibility
    {
        var fit = default(FirstFit);
        if (Engine.TryCompute(new RsaRequest(source, target, request.BitRateGbps, mask, order, channel), metric, ref modes, ref fit, out var result))
        {
            var plan = Plan(Engine.PathOf(result, metric), modes.Describe(result.Mode.Mode), new SlotRange(result.StartSlot, result.SlotCount));
            return new RsaFound(plan);
        }

        var reason = result.Reason;
        return RsaBlocked.Of(reason, channel is null ? Describe(reason, request) : DescribeChannel(reason, request));
    }

    /// <summary>
    /// The requested channel of a request's constraints in grid units, or why it cannot
    /// be: a mode the policy does not know or a frequency or width off the grid is an invalid request; a channel outside
    /// the band is blocked for spectrum.
    /// </summary>
    private RsaBlocked? TryChannel<TModes>(PathConstraints constraints, TModes modes, out ChannelRequirement channel)
        where TModes : IModeFeasibility
    {
        channel = default;
        var allowed = ChannelRequirement.AnyMode;
        if (constraints.Mode is { } name)
        {
            allowed = modes.ModesNamed(name);
            if (allowed == 0)
            {
                return RsaBlocked.Of(BlockReason.InvalidRequest, $"mode '{name}' is neither a mode nor a modulation format of the transceiver");
            }
        }

        int? centre = null;
        int? slots = null;
        if (constraints.CentralFrequency is not null || constraints.ChannelWidthMhz is not null)
        {
            if (Spectrum.Grid is not { } grid)
            {
                return RsaBlocked.Of(BlockReason.InvalidRequest, "this spectrum has no frequency grid: a frequency or width cannot be placed on it");
            }

            if (constraints.ChannelWidthMhz is { } width)
            {
                if (RequestedChannel.CheckWidth(grid, width) is { } why)
                {
                    return RsaBlocked.Of(BlockReason.InvalidRequest, $"requested width: {why}");
                }

                slots = (int)(width / grid.SlotWidthMhz);
            }

            if (constraints.CentralFrequency is { } frequency)
            {
                if (RequestedChannel.CheckCentre(grid, frequency, constraints.ChannelWidthMhz) is { } why)
                {
                    var outside = !RequestedChannel.WithinBand(grid, frequency, constraints.ChannelWidthMhz);
                    return RsaBlocked.Of(outside ? BlockReason.Spectrum : BlockReason.InvalidRequest, $"requested central frequency: {why}");
                }

                centre = (int)((frequency.Mhz - grid.Start.Mhz) / grid.SlotWidthMhz);
            }
        }

        channel = new ChannelRequirement(allowed, centre, slots, constraints.MinOsnrDb);
        return null;
    }

    private static string DescribeChannel(BlockReason reason, PathRequest request)
    {
        var c = request.Constraints;
        var what = string.Join(", ", new[]
        {
            c.Mode is { } mode ? $"mode {mode}" : null,
            c.ChannelWidthMhz is { } width ? $"width {width / 1000.0:0.###} GHz" : null,
            c.MinOsnrDb is { } osnr ? $"OSNR ≥ {osnr:0.##} dB" : null,
        }.Where(x => x is not null));
        return reason switch
        {
            BlockReason.Qot => $"no mode of the requested channel ({(what.Length > 0 ? what : "any mode")}) carries {request.BitRateGbps} Gb/s and reaches the receiver on any candidate",
            BlockReason.Spectrum when c.CentralFrequency is { } centre => $"the requested channel at {centre}{(c.ChannelWidthMhz is { } w ? $", {w / 1000.0:0.###} GHz wide," : "")} is taken (or reaches past the band) on every candidate route",
            BlockReason.Spectrum => $"no contiguous, continuous slot range of the requested channel ({what}) is free on any candidate",
            _ => Describe(reason, request),
        };
    }

    private RsaOutcome ComputeProtected<TModes>(int source, int target, PathRequest request, ConstraintMask mask, RouteMetric metric, TModes modes, ChannelRequirement? channel)
        where TModes : IModeFeasibility
    {
        var level = request.Constraints.DiversityLevel;
        var filter = new MaskFilter(mask);
        var outcome = metric switch
        {
            RouteMetric.Km => Engine.Search.DisjointPair(source, target, level, default(KmCost), filter, _pair),
            RouteMetric.Hops => Engine.Search.DisjointPair(source, target, level, default(HopCost), filter, _pair),
            _ => Engine.Search.DisjointPair(source, target, level, default(LatencyCost), filter, _pair),
        };
        if (_pair.Count < 2)
        {
            var single = ComputeSingle(source, target, request with { Protection = Protection.None }, mask, metric, modes, SpectrumOrder.KThenFit, channel);
            if (single is RsaBlocked)
            {
                return single; // not even one lightpath: that reason is the more basic one
            }

            var why = outcome == PairSearchOutcome.BudgetExhausted ? "the SRLG-disjoint search exhausted its budget" : $"no {level}-disjoint pair exists";
            return RsaBlocked.Of(BlockReason.Diversity, $"1+1 protection: {why} between {request.Source} and {request.Destination}");
        }

        // 1+1 behind an optical line protection card: one transponder feeds both paths through a splitter and receives
        // through a selector, so both paths carry the same channel — one mode that reaches over both, one slot range free
        // on every fibre of both.
        var chosen = default(ModeChoice);
        for (var i = 0; i < 2; i++)
        {
            var edges = _pair.Edges(i);
            if (mask.MaxLatencyUs is { } bound && Graph.PathLatencyUs(edges) > bound + CandidateCache.LatencySlackUs)
            {
                return RsaBlocked.Of(BlockReason.Latency, $"the {(i == 0 ? "working" : "protection")} path of the best disjoint pair takes {Graph.PathLatencyUs(edges):0.0} µs > {bound:0.0} µs");
            }

            var selected = channel is { } required
                ? modes.TrySelect(Graph, edges, Graph.PathKm(edges), request.BitRateGbps, required, out var mode)
                : modes.TrySelect(Graph, edges, Graph.PathKm(edges), request.BitRateGbps, out mode);
            if (!selected)
            {
                return RsaBlocked.Of(BlockReason.Qot, $"no {(channel is null ? "" : "requested ")}mode reaches {Graph.PathKm(edges):0} km on the {(i == 0 ? "working" : "protection")} path");
            }

            // The best mode of the harder path (the one needing more slots: a lower order, longer reach) serves both.
            if (i == 0 || mode.Slots > chosen.Slots)
            {
                chosen = mode;
            }
        }

        var working = _pair.Edges(0);
        var protection = _pair.Edges(1);
        Span<int> both = working.Length + protection.Length <= 256 ? stackalloc int[working.Length + protection.Length] : new int[working.Length + protection.Length];
        working.CopyTo(both);
        protection.CopyTo(both[working.Length..]);
        int start;
        if (channel is { CentreBoundary: not null } placed)
        {
            Spectrum.PathOccupancy(both, _occupancy);
            if (!placed.TryPlace(chosen.Slots, Spectrum.SlotCount, out start) || FreeRuns.NextOccupied(_occupancy, start, Spectrum.SlotCount) < start + chosen.Slots)
            {
                return RsaBlocked.Of(BlockReason.Spectrum, $"the requested channel at {request.Constraints.CentralFrequency} is taken on the working or the protection path");
            }
        }
        else if (!TryFirstFit(both, chosen.Slots, out start))
        {
            return RsaBlocked.Of(BlockReason.Spectrum, $"no {chosen.Slots} contiguous slots are free on both the working and the protection path");
        }

        var slots = new SlotRange(start, chosen.Slots);
        var plans = new[] { Plan(working, modes.Describe(chosen.Mode), slots), Plan(protection, modes.Describe(chosen.Mode), slots) };
        return new RsaFound(plans[0], plans[1]);
    }

    private static string Describe(BlockReason reason, PathRequest request) => reason switch
    {
        BlockReason.NoPath => $"{request.Source} and {request.Destination} are not connected once exclusions are applied",
        BlockReason.Jurisdiction => "every route crosses a jurisdiction the request does not allow",
        BlockReason.Latency => $"every route exceeds the latency bound of {request.Constraints.MaxLatencyUs} µs",
        BlockReason.Qot => $"no mode reaches the receiver at {request.BitRateGbps} Gb/s on any candidate",
        BlockReason.Spectrum => "no contiguous, continuous slot range is free on any candidate",
        _ => reason.ToString(),
    };
}
