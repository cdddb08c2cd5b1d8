using System.Collections.Immutable;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Spectrum;

namespace Continuum.Pce.Application.Planning;

/// <summary>
/// A lit (or planned) lightpath as the energy and cost models see it: its transponders at both ends, the fibres it
/// crosses in order, the mode it runs and the slots it holds, and its end-to-end latency (µs, 0 when unknown).
/// </summary>
public sealed record PlannedLightpath(
    string Id,
    NodeId SourceTransponder,
    NodeId DestinationTransponder,
    ImmutableArray<FiberId> Fibers,
    ModeId Mode,
    SlotRange Slots,
    double LatencyUs = 0);
