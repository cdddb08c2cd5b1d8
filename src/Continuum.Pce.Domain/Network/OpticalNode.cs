using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Identity;

namespace Continuum.Pce.Domain.Network;

/// <summary>An optical network element housed at a site.</summary>
public abstract record OpticalNode(NodeId Id, string Name, SiteId Site);

/// <summary>
/// A reconfigurable optical add-drop multiplexer. Losses, add/drop OSNR and latency come from its type in the
/// equipment library (kept apart from the network, as GNPy does).
/// </summary>
/// <param name="Degrees">Line degrees (directions) the ROADM switches between.</param>
/// <param name="AddDropGroups">Add/drop groups (SRGs) available for local transponders.</param>
/// <param name="Equalisation">Output equalisation of this ROADM overriding its type's target; null keeps the type's.</param>
public sealed record Roadm(NodeId Id, string Name, SiteId Site, RoadmTypeId Type, int Degrees, int AddDropGroups, RoadmEqualisation? Equalisation = null)
    : OpticalNode(Id, Name, Site)
{
    /// <summary>
    /// What the ROADM equalises channels launched into <paramref name="fiber"/> to: that degree's target, else the
    /// ROADM's own, else its type's.
    /// </summary>
    public EqualisationTarget LineTarget(FiberId fiber, RoadmType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return Equalisation?.TargetFor(fiber) ?? type.LineTarget;
    }
}

/// <summary>A transponder shelf with <paramref name="Interfaces"/> line interfaces of one transceiver type, attached to a ROADM's add/drop.</summary>
public sealed record Transponder(NodeId Id, string Name, SiteId Site, TransceiverTypeId Type, NodeId AttachedRoadm, int Interfaces)
    : OpticalNode(Id, Name, Site);

/// <summary>An in-line amplifier (a gNMI-managed device) that sits at the end of a span of one or more fibres.</summary>
public sealed record InlineAmplifier(NodeId Id, string Name, SiteId Site, AmplifierTypeId Type)
    : OpticalNode(Id, Name, Site);
