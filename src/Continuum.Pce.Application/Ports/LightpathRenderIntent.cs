using System.Collections.Immutable;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.Domain.Units;

namespace Continuum.Pce.Application.Ports;

/// <summary>Which kind of ROADM termination point a lightpath uses: a line degree or an add/drop group (SRG).</summary>
public enum RoadmPortKind
{
    Degree,
    AddDrop,
}

/// <summary>
/// An abstract ROADM termination point: degree <c>n</c> (toward a neighbour) or add/drop group <c>n</c>. The southbound
/// port map turns it into device port names (TransportPCE's port mapping).
/// </summary>
public readonly record struct RoadmPort(RoadmPortKind Kind, int Number)
{
    public static RoadmPort Degree(int degree) => new(RoadmPortKind.Degree, degree);

    public static RoadmPort AddDrop(int group) => new(RoadmPortKind.AddDrop, group);

    public override string ToString() => Kind == RoadmPortKind.Degree ? $"degree {Number}" : $"add/drop {Number}";
}

/// <summary>One ROADM of a path, with where the lightpath enters and leaves it (in the A→Z direction).</summary>
public sealed record RoadmHop(NodeId Roadm, RoadmPort Ingress, RoadmPort Egress);

/// <summary>A transponder line interface (1-based) at one end of a lightpath.</summary>
public sealed record TransponderEnd(NodeId Transponder, int Interface);

/// <summary>The spectrum a lightpath occupies: media-channel edges and the carrier centre, in MHz.</summary>
public sealed record ChannelSpectrum(Frequency Lower, Frequency Upper)
{
    public Frequency Centre => new((Lower.Mhz + Upper.Mhz) / 2);

    public static ChannelSpectrum FromSlots(SpectrumGrid grid, SlotRange slots) => new(grid.RangeLowerEdge(slots), grid.RangeUpperEdge(slots));

    public static ChannelSpectrum FromChannel(FlexChannel channel) => new(channel.LowerEdge, channel.UpperEdge);
}

/// <summary>
/// Everything a device renderer needs to light (or dark) one lightpath, in domain terms: the path (ordered ROADMs with
/// ingress and egress ports), transponders at both ends, spectrum, transceiver mode and launch power. No gRPC or
/// OpenConfig type appears here (DESIGN.md §2): the southbound maps it onto devices.
/// </summary>
/// <param name="MediaChannelIndex">The media-channel index the lightpath uses on every ROADM for A→Z; Z→A uses the next index.</param>
/// <param name="LineRateGbps">Client payload rate of the mode (selects rate class and protocols).</param>
public sealed record LightpathRenderIntent(
    LightpathId Lightpath,
    TransponderEnd Source,
    TransponderEnd Destination,
    ImmutableArray<RoadmHop> Path,
    ChannelSpectrum Spectrum,
    ModeId Mode,
    int LineRateGbps,
    double TargetOutputPowerDbm,
    uint MediaChannelIndex)
{
    /// <summary>
    /// 1+1 protection: the protection leg's ROADM hops (added and dropped on add/drop group 2, where the line protection
    /// card's secondary port is cabled; the working leg uses group 1) and the protection switch at both transponders.
    /// </summary>
    public ProtectionRenderIntent? Protection { get; init; }
}

/// <summary>The protection leg of a 1+1 lightpath and the settings of its protection switches.</summary>
/// <param name="MediaChannelIndex">The protection leg's media-channel index (A→Z; Z→A the next).</param>
/// <param name="Revertive">Return to the working leg once it has recovered (after <paramref name="WaitToRestoreMs"/>).</param>
public sealed record ProtectionRenderIntent(
    ImmutableArray<RoadmHop> Path,
    uint MediaChannelIndex,
    bool Revertive,
    uint HoldOffMs,
    uint WaitToRestoreMs,
    ProtectionForce Force = ProtectionForce.Auto);
