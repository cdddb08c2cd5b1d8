using System.Collections.Immutable;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Requests;
using Continuum.Pce.Domain.Spectrum;

namespace Continuum.Pce.Application.Lightpaths;

/// <summary>
/// One way to serve a request: a path of fibres, a slot range free on all of them when computed, a transceiver mode
/// and the figures an orchestrator decides on. Several candidates are returned so that a reservation that loses a
/// race retries on the next one instead of failing.
/// </summary>
public sealed record PathCandidate(
    ImmutableArray<NodeId> Nodes,
    ImmutableArray<FiberId> Fibers,
    SlotRange Slots,
    ModeId Mode,
    int LineRateGbps,
    double LatencyUs,
    double LengthKm,
    double? GsnrDb = null,
    double? MarginDb = null,
    double? PowerW = null)
{
    public int Hops => Fibers.Length;

    /// <summary>
    /// For 1+1 protection: the disjoint protection leg (same mode and slots: one transponder feeds both legs through an
    /// optical line protection card). This candidate is then the working leg.
    /// </summary>
    public PathCandidate? Protection { get; init; }

    /// <summary>The fibres both legs light (the working leg's alone when unprotected).</summary>
    public ImmutableArray<FiberId> AllFibers() => Protection is { } leg ? Fibers.AddRange(leg.Fibers) : Fibers;
}

/// <summary>The outcome of a path computation: candidates best first, or why there are none.</summary>
public sealed record PathComputation(ImmutableArray<PathCandidate> Candidates, Blocked? Blocked)
{
    public static PathComputation Found(ImmutableArray<PathCandidate> candidates) => new(candidates, null);

    public static PathComputation Refused(Blocked blocked) => new([], blocked);

    public bool IsFound => Blocked is null && !Candidates.IsDefaultOrEmpty;
}

/// <summary>What the path computer knows of spectrum occupancy: one bit per slot per fibre, set when occupied.</summary>
public interface ISpectrumView
{
    /// <summary>The view's version; it changes whenever any fibre's occupancy changes.</summary>
    long Version { get; }

    /// <summary>Copies the occupancy of a fibre into <paramref name="words"/> (one bit per slot, set = occupied).</summary>
    void CopyOccupancy(FiberId fiber, Span<ulong> words);

    bool IsUp(FiberId fiber);

    /// <summary>
    /// Adds to <paramref name="changed"/> the fibres whose occupancy changed after <paramref name="sinceVersion"/>;
    /// false when the view no longer knows (the caller then refreshes every fibre).
    /// </summary>
    bool TryGetChangesSince(long sinceVersion, List<FiberId> changed) => false;
}

/// <summary>The port to the routing core and the physics engine: computes candidates without reserving anything.</summary>
public interface IPathComputer
{
    /// <summary>Candidates to reserve in turn: the best allocation, then the next best once that one is taken, and so on.</summary>
    /// <param name="diverseFromFibers">Fibres of the lightpaths the request must be diverse from (both directions), resolved by the caller.</param>
    PathComputation Compute(PathRequest request, ISpectrumView spectrum, int maxCandidates, IReadOnlyCollection<FiberId>? diverseFromFibers = null);

    /// <summary>
    /// Candidates to compare: one per distinct route (or, for a 1+1 request, the working and protection paths).
    /// Defaults to <see cref="Compute"/>.
    /// </summary>
    PathComputation ComputeAlternatives(PathRequest request, ISpectrumView spectrum, int maxRoutes) => Compute(request, spectrum, maxRoutes);
}
