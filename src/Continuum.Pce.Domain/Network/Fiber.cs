using System.Collections.Immutable;
using Continuum.Pce.Domain.Geography;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Units;

namespace Continuum.Pce.Domain.Network;

/// <summary>
/// One directed fibre: an optical multiplex section from one ROADM degree to another, made of spans. A duplex link is
/// two fibres (one per direction) that name each other in <see cref="Reverse"/>.
/// </summary>
/// <param name="Jurisdictions">Every jurisdiction the fibre crosses, endpoints' sites included (a submarine or cross-border fibre lists several).</param>
/// <param name="GuardBandSlots">Slots left empty on each side of every channel on this fibre.</param>
public sealed record Fiber(
    FiberId Id,
    NodeId Source,
    NodeId Destination,
    ImmutableArray<Span> Spans,
    ImmutableArray<SrlgId> Srlgs,
    ImmutableArray<Jurisdiction> Jurisdictions,
    FiberId? Reverse = null,
    int GuardBandSlots = 0,
    string? Name = null)
{
    public double LengthKm
    {
        get
        {
            var total = 0.0;
            foreach (var span in Spans)
            {
                total += span.LengthKm;
            }

            return total;
        }
    }

    /// <summary>
    /// The id that keys this fibre's duplex pair (the fibre and its reverse, which a bidirectional lightpath lights on
    /// the same slots): the ordinally smaller of the two ids, or this fibre's own id when it has no reverse.
    /// </summary>
    public FiberId PairKey() => Reverse is { } r && string.CompareOrdinal(r.Value, Id.Value) < 0 ? r : Id;

    /// <summary>Propagation delay of the fibre itself, µs (group index 1.468).</summary>
    public double PropagationLatencyUs => PhysicalConstants.FiberLatencyUs(LengthKm);
}
