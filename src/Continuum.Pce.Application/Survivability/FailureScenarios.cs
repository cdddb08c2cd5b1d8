using System.Collections.Immutable;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Requests;

namespace Continuum.Pce.Application.Survivability;

/// <summary>
/// The single failures of a network: every duplex fibre pair (both directions; restoration also avoids the pair's
/// SRLGs, as a controller that cannot tell a fibre cut from a duct cut would), every SRLG (every fibre listing it), and
/// every ROADM (its fibres go dark; lightpaths that add or drop there cannot be restored). In-line amplifiers are not
/// enumerated: their failure is their fibre's.
/// </summary>
public static class FailureScenarios
{
    public static ImmutableArray<FailureScenario> Enumerate(OpticalNetwork network, FailureKinds kinds = FailureKinds.All)
    {
        ArgumentNullException.ThrowIfNull(network);
        var all = ImmutableArray.CreateBuilder<FailureScenario>();
        if (kinds.HasFlag(FailureKinds.Fibers))
        {
            foreach (var fiber in network.Fibers.Where(f => f.PairKey() == f.Id).OrderBy(f => f.Id.Value, StringComparer.Ordinal))
            {
                all.Add(Fiber(network, fiber.Id));
            }
        }

        if (kinds.HasFlag(FailureKinds.Srlgs))
        {
            foreach (var srlg in network.Fibers.SelectMany(f => f.Srlgs).Distinct().OrderBy(s => s.Value, StringComparer.Ordinal))
            {
                all.Add(Srlg(network, srlg));
            }
        }

        if (kinds.HasFlag(FailureKinds.Nodes))
        {
            foreach (var roadm in network.Roadms.OrderBy(r => r.Id.Value, StringComparer.Ordinal))
            {
                all.Add(Node(network, roadm.Id));
            }
        }

        return all.ToImmutable();
    }

    /// <summary>The cut of a fibre and its duplex partner; restoration avoids both and their SRLGs.</summary>
    public static FailureScenario Fiber(OpticalNetwork network, FiberId id)
    {
        ArgumentNullException.ThrowIfNull(network);
        var fiber = network.Fiber(id);
        var failed = WithReverses(network, [fiber]);
        var srlgs = failed.SelectMany(f => network.Fiber(f).Srlgs).Distinct().OrderBy(s => s.Value, StringComparer.Ordinal).ToImmutableArray();
        return new FailureScenario(FailureKind.Fiber, fiber.PairKey().Value, failed, null,
            PathConstraints.None with { ExcludeFibers = failed, ExcludeSrlgs = srlgs });
    }

    /// <summary>Every fibre that lists the SRLG (and its reverse) fails; restoration avoids the SRLG.</summary>
    public static FailureScenario Srlg(OpticalNetwork network, SrlgId srlg)
    {
        ArgumentNullException.ThrowIfNull(network);
        var failed = WithReverses(network, network.Fibers.Where(f => f.Srlgs.Contains(srlg)));
        return new FailureScenario(FailureKind.Srlg, srlg.Value, failed, null, PathConstraints.None with { ExcludeFibers = failed, ExcludeSrlgs = [srlg] });
    }

    /// <summary>A ROADM fails: every fibre into or out of it goes dark; restoration avoids the node.</summary>
    public static FailureScenario Node(OpticalNetwork network, NodeId node)
    {
        ArgumentNullException.ThrowIfNull(network);
        var failed = WithReverses(network, network.Fibers.Where(f => f.Source == node || f.Destination == node));
        return new FailureScenario(FailureKind.Node, node.Value, failed, node, PathConstraints.None with { ExcludeNodes = [node], ExcludeFibers = failed });
    }

    private static ImmutableArray<FiberId> WithReverses(OpticalNetwork network, IEnumerable<Fiber> fibers)
    {
        var set = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var f in fibers)
        {
            set.Add(f.Id.Value);
            if (f.Reverse is { } r && network.TryGetFiber(r, out _))
            {
                set.Add(r.Value);
            }
        }

        return [.. set.Select(s => new FiberId(s))];
    }
}
