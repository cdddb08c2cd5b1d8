using System.Collections.Immutable;
using Continuum.Pce.Application.Lightpaths.Requests;
using Continuum.Pce.Application.Planning;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.Grains.Abstractions;
using Continuum.Pce.Grains.Lightpaths;

namespace Continuum.Pce.Api.Operations;

/// <summary>
/// Lightpaths and path candidates as the northbound answers them: the grain's view plus what the topology adds
/// (channel centre, power figure). One mapping for every resource that shows a lightpath.
/// </summary>
public sealed class LightpathDtos(INetworkCatalog catalog, LightpathServices lightpaths)
{
    public LightpathDto Lightpath(LightpathView v)
    {
        var grid = catalog.Current?.Network.Grid;
        return new LightpathDto(v.Id, v.Tenant, v.BlockReason is not null ? "Blocked" : v.State.ToString(), v.Source, v.Destination, v.BitRateGbps,
            [.. v.Nodes], [.. v.Fibers], v.SlotStart, v.SlotCount,
            grid is not null && v.SlotStart is { } s && v.SlotCount is { } n ? CentreThz(grid, s, n) : null,
            v.Mode, v.LineRateGbps, v.LatencyUs, v.LengthKm, v.GsnrDb, v.MarginDb,
            v.Mode is not null && !v.Fibers.IsDefaultOrEmpty ? PowerW(v.Id, v.Nodes, v.Fibers, v.Mode, v.SlotStart ?? 0, v.SlotCount ?? 1) : null,
            v.BlockReason, v.FailureReason,
            v.History.IsDefaultOrEmpty ? null : v.History[0].At,
            v.History.IsDefaultOrEmpty ? null : v.History[^1].At)
        {
            CleanupFailure = v.CleanupFailure,
            CleanupRetryAt = v.CleanupRetryAt,
            SourceInterface = v.SourceInterface,
            DestinationInterface = v.DestinationInterface,
            HistoryTrimmed = v.HistoryTrimmed,
            Restoration = v.Exists
                ? new RestorationDto(LightpathRequestValidator.NameOf(v.Restoration), v.RestorationPriority, v.HomeFibers.IsDefaultOrEmpty ? null : [.. v.HomeFibers], v.RestorationFailure)
                : null,
            Protection = v.Protection is { } p
                ? new ProtectionDto("1+1", p.Diversity.ToString().ToLowerInvariant(), [.. p.Nodes], [.. p.Fibers], p.LatencyUs, p.LengthKm, p.GsnrDb, p.MarginDb,
                    Leg(p.ActiveAtSource), Leg(p.ActiveAtDestination), p.Force.ToString().ToLowerInvariant(), p.WorkingDown, p.ProtectionDown, p.ReadAt)
                : null,
        };
    }

    private static string? Leg(Domain.Lightpaths.ProtectionLeg? leg) => leg?.ToString().ToLowerInvariant();

    public CandidateDto Candidate(LightpathView v)
    {
        var grid = catalog.Current!.Network.Grid;
        return new CandidateDto([.. v.Nodes], [.. v.Fibers], v.LatencyUs ?? 0, v.LengthKm ?? 0, v.Fibers.Length, v.Mode ?? "", v.LineRateGbps,
            v.GsnrDb, v.MarginDb, v.SlotStart ?? 0, v.SlotCount ?? 0,
            v.SlotStart is { } s && v.SlotCount is { } n ? CentreThz(grid, s, n) : null,
            PowerW(v.Id, v.Nodes, v.Fibers, v.Mode ?? "", v.SlotStart ?? 0, v.SlotCount ?? 1));
    }

    /// <summary>Centre of a run of slots in THz: the grid's rule (<see cref="SpectrumGrid.RangeCentre"/>), which is exact to the MHz.</summary>
    /// <returns>Null for a run that is no slot range (a negative start or no slots).</returns>
    internal static double? CentreThz(SpectrumGrid grid, int start, int count) =>
        start >= 0 && count > 0 ? Math.Round(grid.RangeCentre(new SlotRange(start, count)).Thz, 6) : null;

    /// <summary>Power of one lightpath on its own: transponders at both ends in its mode, and the amplifiers and ROADM degrees of its fibres.</summary>
    private double? PowerW(string id, ImmutableArray<string> nodes, ImmutableArray<string> fibers, string mode, int slotStart, int slotCount)
    {
        if (catalog.Current is not { } s || nodes.IsDefaultOrEmpty || fibers.IsDefaultOrEmpty ||
            PlannedLightpaths.Of(lightpaths.Topology, id, nodes, fibers, mode, slotStart, slotCount) is not { } planned)
        {
            return null;
        }

        // The figure depends on the route, the mode and the topology only, and is computed from the route's own fibres
        // (EnergyModel.AloneOf; the whole-network Evaluate had made each create of a 10,000-node network walk 120,000
        // fibres): a few dictionary look-ups per fibre, nothing to memoise.
        try
        {
            return Math.Round(EnergyModel.AloneOf(s.Network, s.Equipment, planned).TotalWatts, 1);
        }
        catch (ArgumentException)
        {
            return null; // the transponder type has no such mode: no figure rather than a wrong one
        }
    }
}
