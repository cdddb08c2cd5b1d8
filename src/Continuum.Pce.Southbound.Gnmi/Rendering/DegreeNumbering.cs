using System.Collections.Immutable;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;

namespace Continuum.Pce.Southbound.Gnmi.Rendering;

/// <summary>
/// The convention that numbers ROADM degrees from a domain network until the topology carries explicit degree ports:
/// degree d of a ROADM faces its d-th distinct ROADM neighbour in the order the network lists its fibres. The device
/// emulator builds its ports with the same numbering, so intents and devices agree.
/// </summary>
public static class DegreeNumbering
{
    /// <summary>The neighbours of a ROADM, degree 1 first.</summary>
    public static IReadOnlyList<NodeId> Neighbours(OpticalNetwork network, NodeId roadm)
    {
        var neighbours = new List<NodeId>();
        foreach (var fiber in network.Fibers)
        {
            var other = fiber.Source == roadm ? fiber.Destination : fiber.Destination == roadm ? fiber.Source : (NodeId?)null;
            if (other is { } n && n != roadm && !neighbours.Contains(n))
            {
                neighbours.Add(n);
            }
        }

        return neighbours;
    }

    /// <summary>The degree of <paramref name="roadm"/> that faces <paramref name="neighbour"/>.</summary>
    public static int DegreeToward(OpticalNetwork network, NodeId roadm, NodeId neighbour)
    {
        var index = Neighbours(network, roadm).ToList().IndexOf(neighbour);
        return index >= 0 ? index + 1 : throw new ArgumentException($"{neighbour} is not a neighbour of {roadm}");
    }

    /// <summary>
    /// A render intent for a lightpath over an ordered list of ROADMs (first = the source transponder's ROADM, last =
    /// the destination's): add from add/drop group 1 at the first, express between degrees, drop to group 1 at the last.
    /// </summary>
    public static ImmutableArray<RoadmHop> Hops(OpticalNetwork network, IReadOnlyList<NodeId> roadms, int addDropGroup = 1)
    {
        var hops = ImmutableArray.CreateBuilder<RoadmHop>(roadms.Count);
        for (var i = 0; i < roadms.Count; i++)
        {
            var ingress = i == 0 ? RoadmPort.AddDrop(addDropGroup) : RoadmPort.Degree(DegreeToward(network, roadms[i], roadms[i - 1]));
            var egress = i == roadms.Count - 1 ? RoadmPort.AddDrop(addDropGroup) : RoadmPort.Degree(DegreeToward(network, roadms[i], roadms[i + 1]));
            hops.Add(new RoadmHop(roadms[i], ingress, egress));
        }

        return hops.ToImmutable();
    }
}
