using Continuum.Pce.Domain.Requests;
using Continuum.Pce.Routing.Constraints;
using Continuum.Pce.Routing.Graph;
using Continuum.Pce.Routing.Search;
using Continuum.Pce.Routing.Spectrum;

namespace Continuum.Pce.Routing.Rsa;

/// <summary>A routing and spectrum assignment request in dense ids (the hot-path form).</summary>
/// <param name="Constraints">Compiled hard constraints; null for none.</param>
/// <param name="Channel">The requested channel (modes, centre, width, minimum OSNR); null lets the engine choose.</param>
public readonly record struct RsaRequest(
    int Source,
    int Destination,
    int BitRateGbps,
    ConstraintMask? Constraints = null,
    SpectrumOrder Order = SpectrumOrder.KThenFit,
    ChannelRequirement? Channel = null);

/// <summary>
/// The outcome of one RSA computation as a value: when <see cref="IsFound"/>, the candidate (see
/// <see cref="RsaEngine.PathOf"/>), its rank among the K, the mode, the slot range and the path's figures; otherwise
/// <see cref="Reason"/> names what blocked. Read <see cref="Reason"/> only when <see cref="IsFound"/> is false (a found
/// result carries <see cref="BlockReason.NoPath"/> there; the field stays non-nullable because the simulator and the
/// grains already key statistics on it).
/// </summary>
public readonly record struct RsaResult(
    bool IsFound,
    BlockReason Reason,
    int Candidate,
    int Rank,
    ModeChoice Mode,
    int StartSlot,
    double LatencyUs,
    double Km,
    int Hops)
{
    public int SlotCount => Mode.Slots;

    internal static RsaResult Blocked(BlockReason reason) => new(false, reason, 0, 0, default, 0, 0, 0, 0);
}

/// <summary>
/// Routing and spectrum assignment over one graph version and one spectrum state: K cached candidates per pair, a mode
/// per candidate from an <see cref="IModeFeasibility"/> policy, a slot range from an <see cref="ISpectrumFit"/> policy
/// on the path's combined occupancy. Not thread-safe: one engine per worker, sharing nothing mutable.
/// </summary>
/// <remarks>
/// Blocked reasons follow the furthest stage any candidate reached, so the reason is the most informative one: with
/// no candidate at all it is <see cref="BlockReason.Jurisdiction"/> when the pair is connected once jurisdiction rules
/// are lifted, <see cref="BlockReason.Latency"/> when paths existed but were over the bound, else
/// <see cref="BlockReason.NoPath"/>; with candidates, <see cref="BlockReason.Spectrum"/> if some candidate had a mode
/// but no free slots, else <see cref="BlockReason.Qot"/> (no mode reaches).
/// </remarks>
public sealed class RsaEngine
{
    private readonly ulong[] _occupancy;
    private readonly CandidateCache[] _caches = new CandidateCache[5];
    private readonly WeightedCost _weights;

    /// <param name="weights">Weights of <see cref="RouteMetric.Weighted"/> (latency µs, km, hops).</param>
    public RsaEngine(CompactGraph graph, SpectrumState spectrum, int k = 5, WeightedCost weights = default)
    {
        _weights = weights;
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(spectrum);
        if (spectrum.FibreCount != graph.EdgeCount)
        {
            throw new ArgumentException("spectrum state and graph disagree on the number of fibres", nameof(spectrum));
        }

        Graph = graph;
        Spectrum = spectrum;
        K = k;
        Search = new SearchContext(graph);
        _occupancy = new ulong[spectrum.Words];
    }

    public CompactGraph Graph { get; }

    public SpectrumState Spectrum { get; }

    public SearchContext Search { get; }

    public int K { get; }

    /// <summary>The candidate cache of a metric (created on first use; tied to this graph version).</summary>
    public CandidateCache Candidates(RouteMetric metric) =>
        _caches[(int)metric] ??= new CandidateCache(Graph, metric, K, weights: _weights);

    /// <summary>The caches' footprint together, bytes.</summary>
    public long CandidateFootprintBytes
    {
        get
        {
            var total = 0L;
            foreach (var cache in _caches)
            {
                total += cache?.FootprintBytes ?? 0;
            }

            return total;
        }
    }

    /// <summary>Evictions of every cache so far.</summary>
    public int CandidateEvictions
    {
        get
        {
            var total = 0;
            foreach (var cache in _caches)
            {
                total += cache?.Evictions ?? 0;
            }

            return total;
        }
    }

    /// <summary>
    /// Keeps the caches of every metric together within <paramref name="budgetBytes"/>: when they are over it, the largest
    /// loses its least recently used half (and so on until they fit). Candidate indices and sets handed out earlier become invalid, so only an
    /// owner that keeps none across requests calls this, between two requests. True when something was emptied.
    /// </summary>
    public bool TrimCandidates(long budgetBytes)
    {
        var trimmed = false;
        while (CandidateFootprintBytes > budgetBytes)
        {
            CandidateCache? largest = null;
            foreach (var cache in _caches)
            {
                if (cache is not null && (largest is null || cache.FootprintBytes > largest.FootprintBytes))
                {
                    largest = cache;
                }
            }

            var before = largest!.FootprintBytes;
            largest.EvictLeastRecentlyUsed();
            trimmed = true;
            if (largest.FootprintBytes >= before)
            {
                break; // nothing left to free (an empty cache's arrays alone exceed a tiny budget)
            }
        }

        return trimmed;
    }

    /// <summary>The fibres (edges) of a found result's path.</summary>
    public ReadOnlySpan<int> PathOf(in RsaResult result, RouteMetric metric = RouteMetric.Latency) =>
        Candidates(metric).Edges(result.Candidate);

    /// <summary>Computes path, mode and slots; reserves nothing.</summary>
    public bool TryCompute<TModes, TFit>(in RsaRequest request, RouteMetric metric, ref TModes modes, ref TFit fit, out RsaResult result)
        where TModes : IModeFeasibility
        where TFit : struct, ISpectrumFit
    {
        var n = Graph.NodeCount;
        if ((uint)request.Source >= (uint)n || (uint)request.Destination >= (uint)n || request.Source == request.Destination || request.BitRateGbps <= 0)
        {
            result = RsaResult.Blocked(BlockReason.InvalidRequest);
            return false;
        }

        var mask = request.Constraints;
        if (mask is not null && !(mask.NodeAllowed(request.Source) && mask.NodeAllowed(request.Destination)))
        {
            var byJurisdiction = !mask.NodeJurisdictionAllowed(request.Source) || !mask.NodeJurisdictionAllowed(request.Destination);
            result = RsaResult.Blocked(byJurisdiction ? BlockReason.Jurisdiction : BlockReason.NoPath);
            return false;
        }

        var cache = Candidates(metric);
        var set = cache.Get(request.Source, request.Destination, mask);
        if (set.Count == 0)
        {
            result = RsaResult.Blocked(EmptyReason(request, mask, set.Notes));
            return false;
        }

        if (metric == RouteMetric.Energy)
        {
            return TryComputeEnergy(request, cache, set, ref modes, ref fit, out result);
        }

        var reachedSpectrum = false;
        var bestStart = int.MaxValue;
        var best = -1;
        var bestMode = default(ModeChoice);
        for (var i = 0; i < set.Count; i++)
        {
            var c = set.First + i;
            var path = cache.Edges(c);
            if (!TrySelectMode(request, path, cache.Km(c), ref modes, out var mode))
            {
                continue;
            }

            reachedSpectrum = true;
            Spectrum.PathOccupancy(path, _occupancy);
            if (request.Order == SpectrumOrder.KThenFit)
            {
                if (TryFitChannel(request.Channel, path, mode.Slots, ref fit, out var start))
                {
                    result = Found(cache, c, i, mode, start);
                    return true;
                }
            }
            else if (TryFirstChannel(request.Channel, mode.Slots, out var start) && start < bestStart)
            {
                bestStart = start;
                best = i;
                bestMode = mode;
            }
        }

        if (best >= 0)
        {
            result = Found(cache, set.First + best, best, bestMode, bestStart);
            return true;
        }

        result = RsaResult.Blocked(reachedSpectrum ? BlockReason.Spectrum : BlockReason.Qot);
        return false;
    }

    /// <summary>
    /// The power a found path would add to the network, W: two transponder interfaces at the mode's power (0 when
    /// the mode policy knows no equipment), plus, for each fibre of the path that is dark, its amplifiers, and for each
    /// ROADM degree it would wake (a fibre whose duplex partner is dark too), the degree power at both ends.
    /// </summary>
    public double AddedPowerW(ReadOnlySpan<int> path, double transponderPowerW)
    {
        var graph = Graph;
        var amplifiers = graph.AmplifierPowerArray;
        var degrees = graph.DegreePowerArray;
        var total = 2 * transponderPowerW;
        foreach (var e in path)
        {
            if (Spectrum.IsLit(e))
            {
                continue;
            }

            total += amplifiers[e];
            var reverse = graph.ReverseArray[e];
            if (reverse < 0 || !Spectrum.IsLit(reverse))
            {
                total += degrees[graph.SourceArray[e]] + degrees[graph.TargetArray[e]];
            }
        }

        return total;
    }

    /// <summary>
    /// Energy-aware choice over the K candidates (in latency order): every candidate with a mode and a fit is priced by
    /// <see cref="AddedPowerW"/>; the cheapest wins, ties to the earlier (faster) candidate.
    /// </summary>
    private bool TryComputeEnergy<TModes, TFit>(in RsaRequest request, CandidateCache cache, CandidateSet set, ref TModes modes, ref TFit fit, out RsaResult result)
        where TModes : IModeFeasibility
        where TFit : struct, ISpectrumFit
    {
        var reachedSpectrum = false;
        var best = -1;
        var bestStart = 0;
        var bestMode = default(ModeChoice);
        var bestPower = double.PositiveInfinity;
        for (var i = 0; i < set.Count; i++)
        {
            var c = set.First + i;
            var path = cache.Edges(c);
            if (!TrySelectMode(request, path, cache.Km(c), ref modes, out var mode))
            {
                continue;
            }

            reachedSpectrum = true;
            var power = AddedPowerW(path, modes.Describe(mode.Mode).Mode?.PowerW ?? 0);
            if (power >= bestPower)
            {
                continue;
            }

            Spectrum.PathOccupancy(path, _occupancy);
            if (TryFitChannel(request.Channel, path, mode.Slots, ref fit, out var start))
            {
                best = i;
                bestStart = start;
                bestMode = mode;
                bestPower = power;
            }
        }

        if (best >= 0)
        {
            result = Found(cache, set.First + best, best, bestMode, bestStart);
            return true;
        }

        result = RsaResult.Blocked(reachedSpectrum ? BlockReason.Spectrum : BlockReason.Qot);
        return false;
    }

    /// <summary>Computes with first-fit and K-then-fit order on the latency metric.</summary>
    public bool TryCompute<TModes>(in RsaRequest request, ref TModes modes, out RsaResult result)
        where TModes : IModeFeasibility
    {
        var fit = default(FirstFit);
        return TryCompute(request, RouteMetric.Latency, ref modes, ref fit, out result);
    }

    /// <summary>Reserves a found result's slots on its path (all fibres or none).</summary>
    public bool TryReserve(in RsaResult result, RouteMetric metric = RouteMetric.Latency) =>
        result.IsFound && Spectrum.TryReserve(PathOf(result, metric), result.StartSlot, result.SlotCount);

    /// <summary>Releases a result's slots on its path.</summary>
    public void Release(in RsaResult result, RouteMetric metric = RouteMetric.Latency) =>
        Spectrum.Release(PathOf(result, metric), result.StartSlot, result.SlotCount);

    /// <summary>
    /// Fits one given candidate of <paramref name="cache"/> (its rank-th route): the mode the route reaches and the
    /// first slot range the fit finds. For listing alternatives route by route; the request path uses TryCompute.
    /// </summary>
    public bool TryFitCandidate<TModes, TFit>(CandidateCache cache, int candidate, int rank, int bitRateGbps, ref TModes modes, ref TFit fit, out RsaResult result)
        where TModes : IModeFeasibility
        where TFit : struct, ISpectrumFit =>
        TryFitCandidate(cache, candidate, rank, bitRateGbps, null, ref modes, ref fit, out result);

    /// <summary>As above, for a requested channel (null for none): only its modes, at its slots when it names a centre.</summary>
    public bool TryFitCandidate<TModes, TFit>(CandidateCache cache, int candidate, int rank, int bitRateGbps, ChannelRequirement? channel, ref TModes modes, ref TFit fit, out RsaResult result)
        where TModes : IModeFeasibility
        where TFit : struct, ISpectrumFit
    {
        var path = cache.Edges(candidate);
        var request = new RsaRequest(0, 0, bitRateGbps, Channel: channel);
        if (!TrySelectMode(request, path, cache.Km(candidate), ref modes, out var mode))
        {
            result = RsaResult.Blocked(BlockReason.Qot);
            return false;
        }

        Spectrum.PathOccupancy(path, _occupancy);
        if (!TryFitChannel(channel, path, mode.Slots, ref fit, out var start))
        {
            result = RsaResult.Blocked(BlockReason.Spectrum);
            return false;
        }

        result = Found(cache, candidate, rank, mode, start);
        return true;
    }

    /// <summary>The policy's mode for a path: its usual choice, or among the requested channel's modes when there is one.</summary>
    private bool TrySelectMode<TModes>(in RsaRequest request, ReadOnlySpan<int> path, double km, ref TModes modes, out ModeChoice mode)
        where TModes : IModeFeasibility
    {
        if (request.Channel is { } channel)
        {
            return modes.TrySelect(Graph, path, km, request.BitRateGbps, channel, out mode);
        }

        return modes.TrySelect(Graph, path, km, request.BitRateGbps, out mode);
    }

    /// <summary>
    /// A slot range on the occupancy assembled in <see cref="_occupancy"/>: exactly the requested one when the channel
    /// names a centre (free on every fibre of the path, guard bands included), else the fit policy's choice.
    /// </summary>
    private bool TryFitChannel<TFit>(ChannelRequirement? channel, ReadOnlySpan<int> path, int slots, ref TFit fit, out int start)
        where TFit : struct, ISpectrumFit
    {
        if (channel is { CentreBoundary: not null } placed)
        {
            return IsFreeAt(placed, slots, out start);
        }

        return fit.TryFit(Spectrum, path, _occupancy, slots, out start);
    }

    private bool TryFirstChannel(ChannelRequirement? channel, int slots, out int start)
    {
        if (channel is { CentreBoundary: not null } placed)
        {
            return IsFreeAt(placed, slots, out start);
        }

        return FreeRuns.TryFirst(_occupancy, Spectrum.SlotCount, slots, out start);
    }

    private bool IsFreeAt(in ChannelRequirement channel, int slots, out int start) =>
        channel.TryPlace(slots, Spectrum.SlotCount, out start) && FreeRuns.NextOccupied(_occupancy, start, Spectrum.SlotCount) >= start + slots;

    private static RsaResult Found(CandidateCache cache, int candidate, int rank, ModeChoice mode, int start) =>
        new(true, BlockReason.NoPath, candidate, rank, mode, start, cache.LatencyUs(candidate), cache.Km(candidate), cache.Hops(candidate));

    private BlockReason EmptyReason(in RsaRequest request, ConstraintMask? mask, CandidateNotes notes)
    {
        if ((notes & CandidateNotes.LatencyDropped) != 0)
        {
            return BlockReason.Latency;
        }

        if (mask is not null && mask.HasJurisdictionRules && Search.TryShortestPath(
            request.Source, request.Destination, default(HopCost), new MaskFilter(mask.WithoutJurisdiction), out _, out _))
        {
            return BlockReason.Jurisdiction;
        }

        return BlockReason.NoPath;
    }
}
