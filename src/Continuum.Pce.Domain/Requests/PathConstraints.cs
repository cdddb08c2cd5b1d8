using System.Collections.Immutable;
using Continuum.Pce.Domain.Geography;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.Domain.Units;

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

    /// <summary>
    /// The requested central frequency of the channel (ITU-T G.694.1), on the grid (see <see cref="RequestedChannel"/>);
    /// null lets routing choose the slots. With no <see cref="ChannelWidthMhz"/> the channel is the chosen mode's width.
    /// </summary>
    public Frequency? CentralFrequency { get; init; }

    /// <summary>The requested channel width, MHz: a whole number of grid slots; null for the chosen mode's width.</summary>
    public long? ChannelWidthMhz { get; init; }

    /// <summary>
    /// The requested transmission mode: a mode id of the transceiver (<c>400G-DP-QPSK-131GBd</c>) or a modulation format
    /// (<c>DP-16QAM</c>: any mode of that format); null lets routing choose.
    /// </summary>
    public string? Mode { get; init; }

    /// <summary>
    /// The minimum OSNR the lightpath must deliver at the receiver, dB in the 0.1 nm (12.5 GHz) reference bandwidth
    /// (the estimated GSNR of the channel, scaled as a mode's required OSNR is).
    /// </summary>
    public double? MinOsnrDb { get; init; }

    /// <summary>True when any layer-0 attribute (frequency, width, mode, minimum OSNR) is requested.</summary>
    public bool RequestsChannel => CentralFrequency is not null || ChannelWidthMhz is not null || Mode is not null || MinOsnrDb is not null;

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

/// <summary>
/// The grid rules of a requested channel (ITU-T G.694.1 flexible grid, on the network's slot grid): the width is a whole
/// number of slots, the centre lies on a slot boundary of the grid (its granularity: 6.25 GHz on the C-band flexgrid),
/// so a channel centred there has its edges on slot boundaries when its width is an even number of slots, and the whole
/// channel lies within the band.
/// </summary>
public static class RequestedChannel
{
    /// <summary>The reason a requested width is not on the grid, or null when it is.</summary>
    public static string? CheckWidth(SpectrumGrid grid, long widthMhz)
    {
        ArgumentNullException.ThrowIfNull(grid);
        if (widthMhz <= 0)
        {
            return $"must be a positive width, got {widthMhz / 1000.0:0.###} GHz";
        }

        if (widthMhz % grid.SlotWidthMhz != 0)
        {
            return $"{widthMhz / 1000.0:0.###} GHz is not a whole number of {grid.SlotWidthMhz / 1000.0:0.###} GHz slots";
        }

        return widthMhz > grid.SlotWidthMhz * grid.SlotCount ? $"{widthMhz / 1000.0:0.###} GHz is wider than the band" : null;
    }

    /// <summary>The reason a requested centre (with an optional width) is not on the grid or not in the band, or null.</summary>
    public static string? CheckCentre(SpectrumGrid grid, Frequency centre, long? widthMhz)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var offset = centre.Mhz - grid.Start.Mhz;
        if (centre < grid.Start || centre > grid.End)
        {
            return $"{centre} is outside the band {grid.Start}–{grid.End}";
        }

        if (offset % grid.SlotWidthMhz != 0)
        {
            return $"{centre} is not on the grid: centres lie every {grid.SlotWidthMhz / 1000.0:0.###} GHz from {grid.Start}";
        }

        if (widthMhz is { } width && width > 0 && width % grid.SlotWidthMhz == 0)
        {
            var slots = width / grid.SlotWidthMhz;
            if (slots % 2 != 0)
            {
                return $"a channel of {width / 1000.0:0.###} GHz ({slots} slots) centred on the grid has its edges off the slot boundaries: the width must be an even number of slots";
            }

            var start = (offset / grid.SlotWidthMhz) - (slots / 2);
            if (start < 0 || start + slots > grid.SlotCount)
            {
                return $"a channel of {width / 1000.0:0.###} GHz at {centre} reaches outside the band {grid.Start}–{grid.End}";
            }
        }

        return null;
    }

    /// <summary>True when a channel at <paramref name="centre"/> (of <paramref name="widthMhz"/>, when given) lies within the band.</summary>
    public static bool WithinBand(SpectrumGrid grid, Frequency centre, long? widthMhz)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var half = (widthMhz ?? 0) / 2;
        return centre.Mhz - half >= grid.Start.Mhz && centre.Mhz + half <= grid.End.Mhz;
    }

    /// <summary>The slots of a channel of <paramref name="slots"/> slots centred at <paramref name="centre"/>, if it lies on the grid and in the band.</summary>
    public static bool TryGetSlots(SpectrumGrid grid, Frequency centre, int slots, out SlotRange range)
    {
        ArgumentNullException.ThrowIfNull(grid);
        range = default;
        var offset = centre.Mhz - grid.Start.Mhz;
        if (slots <= 0 || offset < 0 || offset % grid.SlotWidthMhz != 0 || slots % 2 != 0)
        {
            return false;
        }

        var start = (offset / grid.SlotWidthMhz) - (slots / 2);
        if (start < 0 || start + slots > grid.SlotCount)
        {
            return false;
        }

        range = new SlotRange((int)start, slots);
        return true;
    }
}
