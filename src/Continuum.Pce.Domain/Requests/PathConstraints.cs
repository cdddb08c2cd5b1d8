using System.Collections.Immutable;
using Continuum.Pce.Domain.Geography;
using Continuum.Pce.Domain.Identity;

namespace Continuum.Pce.Domain.Requests;

/// <summary>What a path computation optimises.</summary>
public enum Objective
{
    // The numbers are part of the wire format: never renumber.
    Latency = 0,
    Distance = 1,
    Hops = 2,
    Spectrum = 3,
    Energy = 4,
    Cost = 5,
}

/// <summary>How a service is protected.</summary>
public enum Protection
{
    // The numbers are part of the wire format: never renumber.
    None = 0,

    /// <summary>A working and a disjoint protection path, both lit.</summary>
    OnePlusOne = 1,

    /// <summary>One path, restored on failure.</summary>
    Restorable = 2,
}

/// <summary>How strictly a backup path must be disjoint from the working path.</summary>
public enum Disjointness
{
    // The numbers are part of the wire format: never renumber.
    Link = 0,
    Node = 1,
    Srlg = 2,
}

/// <summary>
/// Hard constraints on a path, as an immutable value. Empty collections mean "no constraint". Routing compiles the
/// exclusions into masks before the search and validates the remaining bounds on each candidate.
/// </summary>
public sealed record PathConstraints
{
    public static PathConstraints None { get; } = new();

    /// <summary>Upper bound on end-to-end latency (fibre plus equipment), µs.</summary>
    public double? MaxLatencyUs { get; init; }

    /// <summary>When not empty, every site and fibre on the path must lie within one of these.</summary>
    public ImmutableArray<Jurisdiction> AllowedJurisdictions { get; init; } = [];

    /// <summary>No site or fibre on the path may lie within one of these.</summary>
    public ImmutableArray<Jurisdiction> ForbiddenJurisdictions { get; init; } = [];

    public ImmutableArray<NodeId> IncludeNodes { get; init; } = [];

    public ImmutableArray<NodeId> ExcludeNodes { get; init; } = [];

    public ImmutableArray<FiberId> IncludeFibers { get; init; } = [];

    public ImmutableArray<FiberId> ExcludeFibers { get; init; } = [];

    public ImmutableArray<SrlgId> ExcludeSrlgs { get; init; } = [];

    public ImmutableArray<SiteId> ExcludeSites { get; init; } = [];

    /// <summary>Lightpaths this one must not share a fibre (or SRLG, per <see cref="DiversityLevel"/>) with.</summary>
    public ImmutableArray<LightpathId> DiverseFrom { get; init; } = [];

    public Disjointness DiversityLevel { get; init; } = Disjointness.Link;

    /// <summary>Minimum OSNR margin above the mode's requirement, dB.</summary>
    public double? MinOsnrMarginDb { get; init; }

    /// <summary>True when a jurisdiction may be crossed under these constraints.</summary>
    public bool Permits(Jurisdiction jurisdiction)
    {
        foreach (var forbidden in ForbiddenJurisdictions)
        {
            if (jurisdiction.IsWithin(forbidden))
            {
                return false;
            }
        }

        if (AllowedJurisdictions.IsDefaultOrEmpty)
        {
            return true;
        }

        foreach (var allowed in AllowedJurisdictions)
        {
            if (jurisdiction.IsWithin(allowed))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>A request for a path (and, for lightpaths, spectrum and a mode) between two sites or nodes.</summary>
public sealed record PathRequest(
    NodeId Source,
    NodeId Destination,
    int BitRateGbps,
    PathConstraints Constraints,
    Objective Objective = Objective.Latency,
    Protection Protection = Protection.None);
