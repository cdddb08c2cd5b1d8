using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;

namespace Continuum.Pce.DeviceEmulator;

/// <summary>
/// The line degrees of every ROADM of a network, numbered by the convention written down in this project's README
/// ("ROADM degrees and port names"): degree n of a ROADM is its n-th outgoing fibre in ordinal order of fibre id
/// (1-based) and faces that fibre's destination; its line output <c>DEGn-OUT</c> launches into that fibre and its line
/// input <c>DEGn-IN</c> receives the fibre coming back (the fibre's <c>reverse</c> when it has one, else the first fibre
/// from that neighbour in id order). The emulator's own implementation: the controller numbers degrees by the same
/// convention in code of its own, so a disagreement shows up as light that does not arrive.
/// </summary>
internal sealed class RoadmDegrees
{
    private readonly Dictionary<NodeId, Fiber?[]> _incoming = [];
    private readonly Dictionary<FiberId, int> _degreeOf = [];

    public RoadmDegrees(OpticalNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        foreach (var outgoing in network.Fibers.GroupBy(f => f.Source))
        {
            var fibers = outgoing.OrderBy(f => f.Id.Value, StringComparer.Ordinal).ToArray();
            var incoming = new Fiber?[fibers.Length];
            for (var i = 0; i < fibers.Length; i++)
            {
                incoming[i] = Inbound(network, fibers[i]);
                _degreeOf[fibers[i].Id] = i + 1;
            }

            _incoming[outgoing.Key] = incoming;
        }
    }

    /// <summary>The fibre whose light arrives on line input <c>DEGn-IN</c> of <paramref name="roadm"/>, n = <paramref name="number"/>; null when none.</summary>
    public Fiber? IncomingOn(NodeId roadm, int number) =>
        _incoming.TryGetValue(roadm, out var incoming) && number >= 1 && number <= incoming.Length ? incoming[number - 1] : null;

    /// <summary>The degree (at its source ROADM) whose line output launches into <paramref name="fiber"/>.</summary>
    public int? DegreeOf(FiberId fiber) => _degreeOf.TryGetValue(fiber, out var number) ? number : null;

    private static Fiber? Inbound(OpticalNetwork network, Fiber outgoing)
    {
        if (outgoing.Reverse is { } reverse && network.TryGetFiber(reverse, out var back) && back.Source == outgoing.Destination && back.Destination == outgoing.Source)
        {
            return back;
        }

        return network.Fibers
            .Where(f => f.Source == outgoing.Destination && f.Destination == outgoing.Source)
            .OrderBy(f => f.Id.Value, StringComparer.Ordinal)
            .FirstOrDefault();
    }
}
