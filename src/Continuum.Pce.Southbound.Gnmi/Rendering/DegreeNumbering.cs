using System.Collections.Immutable;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;

namespace Continuum.Pce.Southbound.Gnmi.Rendering;

/// <summary>
/// The ROADM degree numbering the port map and the device emulator share until the topology carries explicit degree
/// ports. It is the rule of <c>Application.Lightpaths.PathTopology</c> (which builds the intents the grains render):
/// degree n of a ROADM is its n-th outgoing fibre in ordinal fibre-id order, and faces that fibre's destination.
/// </summary>
public static class DegreeNumbering
{
    /// <summary>Degree → the neighbour it faces (degrees of parallel fibres to a neighbour already seen are skipped).</summary>
    public static IReadOnlyDictionary<int, NodeId> Neighbours(OpticalNetwork network, NodeId roadm)
    {
        var byDegree = new Dictionary<int, NodeId>();
        var seen = new HashSet<NodeId>();
        var n = 1;
        foreach (var fiber in network.Fibers.Where(f => f.Source == roadm).OrderBy(f => f.Id.Value, StringComparer.Ordinal))
        {
            if (seen.Add(fiber.Destination))
            {
                byDegree[n] = fiber.Destination;
            }

            n++;
        }

        return byDegree;
    }

    /// <summary>The neighbour degree <paramref name="degree"/> of a ROADM faces, if any.</summary>
    public static NodeId? NeighbourOn(OpticalNetwork network, NodeId roadm, int degree) =>
        Neighbours(network, roadm).TryGetValue(degree, out var neighbour) ? neighbour : null;

    /// <summary>The degree of <paramref name="roadm"/> that faces <paramref name="neighbour"/>.</summary>
    public static int DegreeToward(OpticalNetwork network, NodeId roadm, NodeId neighbour)
    {
        foreach (var (degree, node) in Neighbours(network, roadm))
        {
            if (node == neighbour)
            {
                return degree;
            }
        }

        throw new ArgumentException($"ROADM '{roadm}' has no degree toward '{neighbour}'");
    }

    /// <summary>
    /// ROADM hops for an ordered list of ROADMs (first = the source transponder's ROADM, last = the destination's): add
    /// from add/drop group <paramref name="addDropGroup"/> at the first, express between degrees, drop at the last.
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
