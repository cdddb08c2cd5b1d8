using System.Collections.Immutable;
using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Requests;
using Continuum.Pce.Domain.Spectrum;

namespace Continuum.Pce.Grains.ProcessHost;

/// <summary>
/// A deliberately plain path computer for grain tests of the reservation protocol: the two ring directions as the
/// candidate paths (shorter first), each with up to three free slot ranges by first fit. The real one is the routing core.
/// </summary>
public sealed class SimplePathComputer(INetworkCatalog catalog) : IPathComputer
{
    public PathComputation Compute(PathRequest request, ISpectrumView spectrum, int maxCandidates, IReadOnlyCollection<FiberId>? diverseFromFibers = null)
    {
        var network = catalog.Current!.Network;
        var paths = new List<(List<NodeId> Nodes, List<Fiber> Fibers)>();
        foreach (var clockwise in new[] { true, false })
        {
            if (Walk(network, request.Source, request.Destination, clockwise) is { } p)
            {
                paths.Add(p);
            }
        }

        if (request.Source == request.Destination || paths.Count == 0)
        {
            return PathComputation.Refused(new Blocked(BlockReason.NoPath, "no path"));
        }

        var slots = 1;
        var words = new ulong[(network.Grid.SlotCount + 63) / 64];
        var candidates = ImmutableArray.CreateBuilder<PathCandidate>();
        foreach (var (nodes, fibers) in paths.OrderBy(p => p.Fibers.Count))
        {
            var busy = new bool[network.Grid.SlotCount];
            // A lightpath holds its slots on each fibre and on the fibre's reverse: both must be free.
            foreach (var id in fibers.SelectMany(f => f.Reverse is { } r ? new[] { f.Id, r } : [f.Id]))
            {
                spectrum.CopyOccupancy(id, words);
                for (var s = 0; s < busy.Length; s++)
                {
                    busy[s] |= (words[s >> 6] & (1UL << (s & 63))) != 0;
                }
            }

            var found = 0;
            for (var s = 0; s + slots <= busy.Length && found < 3 && candidates.Count < maxCandidates; s++)
            {
                if (!busy[s])
                {
                    candidates.Add(new PathCandidate([.. nodes], [.. fibers.Select(f => f.Id)], new SlotRange(s, slots), RingNetwork.Mode100, 100,
                        fibers.Sum(f => f.PropagationLatencyUs), fibers.Sum(f => f.LengthKm)));
                    found++;
                }
            }
        }

        return candidates.Count == 0
            ? PathComputation.Refused(new Blocked(BlockReason.Spectrum, "no free slot on either direction"))
            : PathComputation.Found(candidates.ToImmutable());
    }

    private static (List<NodeId>, List<Fiber>)? Walk(OpticalNetwork network, NodeId from, NodeId to, bool clockwise)
    {
        var nodes = new List<NodeId> { from };
        var fibers = new List<Fiber>();
        var n = network.Roadms.Count();
        var current = int.Parse(from.Value[1..], System.Globalization.CultureInfo.InvariantCulture);
        for (var step = 0; step < n && nodes[^1] != to; step++)
        {
            var next = clockwise ? (current + 1) % n : (current - 1 + n) % n;
            fibers.Add(network.Fiber(new FiberId($"R{current}-R{next}")));
            nodes.Add(new NodeId($"R{next}"));
            current = next;
        }

        return nodes[^1] == to ? (nodes, fibers) : null;
    }
}
