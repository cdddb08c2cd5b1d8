using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Planning;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Spectrum;

namespace Continuum.Pce.Api.Operations;

/// <summary>A lightpath (or candidate) as the energy and cost models see it.</summary>
public static class PlannedLightpaths
{
    /// <summary>The planned lightpath of a path with a mode, or null when it has no mode or an end ROADM has no transponder.</summary>
    public static PlannedLightpath? Of(PathTopology topology, string id, IReadOnlyList<string> nodes, IReadOnlyList<string> fibers, string? mode, int slotStart, int slotCount)
    {
        if (nodes.Count == 0 || fibers.Count == 0 || string.IsNullOrEmpty(mode) ||
            !topology.TryGetTransponder(new NodeId(nodes[0]), out var a) || !topology.TryGetTransponder(new NodeId(nodes[^1]), out var b))
        {
            return null;
        }

        return new PlannedLightpath(id, a, b, [.. fibers.Select(f => new FiberId(f))], new ModeId(mode), new SlotRange(slotStart, Math.Max(1, slotCount)));
    }
}
