using Continuum.Pce.Api.Auth;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.Grains.Abstractions;

namespace Continuum.Pce.Api.Operations;

/// <summary>The inventory resources: sites, nodes (with device status), fibres and their spectrum (tenant-filtered claims).</summary>
public sealed class InventoryOperations(IGrainFactory grains, INetworkCatalog catalog)
{
    private NetworkSnapshot? Snapshot => catalog.Current;

    public Outcome<IReadOnlyList<SiteDto>> ListSites()
    {
        if (Snapshot is not { } s)
        {
            return ApiError.NoTopology();
        }

        return s.Network.Sites.Select(site => SiteDto(s.Network, site)).ToList();
    }

    public Outcome<SiteDto> GetSite(string id) =>
        Snapshot is not { } s ? ApiError.NoTopology()
        : s.Network.TryGetSite(new SiteId(id), out var site) ? SiteDto(s.Network, site)
        : ApiError.NotFound("site", id);

    public async Task<Outcome<IReadOnlyList<NodeDto>>> ListNodesAsync(string? kind)
    {
        if (Snapshot is not { } s)
        {
            return ApiError.NoTopology();
        }

        if (kind is not null && kind is not ("roadm" or "transponder" or "amplifier"))
        {
            return ApiError.Invalid("kind", $"unknown node kind '{kind}' (expected roadm, transponder or amplifier)");
        }

        var nodes = s.Network.Nodes.Where(n => kind is null || KindOf(n) == kind).ToList();
        var statuses = await Task.WhenAll(nodes.Select(n => grains.GetGrain<IOpticalNodeGrain>(n.Id.Value).GetStatus()));
        return nodes.Select((n, i) => NodeDto(s.Network, n, statuses[i])).ToList();
    }

    public async Task<Outcome<NodeDto>> GetNodeAsync(string id)
    {
        if (Snapshot is not { } s)
        {
            return ApiError.NoTopology();
        }

        if (!s.Network.TryGetNode(new NodeId(id), out var node))
        {
            return ApiError.NotFound("node", id);
        }

        return NodeDto(s.Network, node, await grains.GetGrain<IOpticalNodeGrain>(id).GetStatus());
    }

    /// <summary>Fibre grain calls one fibre list keeps in flight.</summary>
    private const int FiberReadsInFlight = 256;

    public async Task<Outcome<IReadOnlyList<FiberDto>>> ListFibersAsync()
    {
        if (Snapshot is not { } s)
        {
            return ApiError.NoTopology();
        }

        // A bounded number of fibre grain calls in flight: every fibre at once (120,000 on a 10,000-node network)
        // activated them all together and the request failed with call timeouts.
        var fibers = s.Network.Fibers;
        var spectra = new FiberSpectrumView[fibers.Length];
        await Parallel.ForEachAsync(Enumerable.Range(0, fibers.Length), new ParallelOptions { MaxDegreeOfParallelism = FiberReadsInFlight },
            async (i, _) => spectra[i] = await grains.GetGrain<IFiberGrain>(fibers[i].Id.Value).GetSpectrum());
        return fibers.Select((f, i) => FiberDto(f, spectra[i], s.Network.Grid)).ToList();
    }

    public async Task<Outcome<FiberDto>> GetFiberAsync(string id)
    {
        if (Snapshot is not { } s)
        {
            return ApiError.NoTopology();
        }

        if (!s.Network.TryGetFiber(new FiberId(id), out var fiber))
        {
            return ApiError.NotFound("fibre", id);
        }

        return FiberDto(fiber, await grains.GetGrain<IFiberGrain>(id).GetSpectrum(), s.Network.Grid);
    }

    /// <summary>
    /// A fibre's claims as <paramref name="caller"/> may see them: its own tenant's with their plain ids, every other
    /// tenant's as occupied slots with neither id nor tenant; admins see every claim with its tenant.
    /// </summary>
    public async Task<Outcome<SpectrumDto>> GetSpectrumAsync(string id, Caller caller)
    {
        if (Snapshot is not { } s)
        {
            return ApiError.NoTopology();
        }

        if (!s.Network.TryGetFiber(new FiberId(id), out _))
        {
            return ApiError.NotFound("fibre", id);
        }

        var view = await grains.GetGrain<IFiberGrain>(id).GetSpectrum();
        var grid = s.Network.Grid;
        var slotCount = view.SlotCount == 0 ? grid.SlotCount : view.SlotCount;
        return new SpectrumDto(id, slotCount, grid.SlotWidthMhz / 1000.0, grid.RangeCentre(new SlotRange(0, 1)).Thz, view.IsUp,
            view.OccupiedSlots, slotCount == 0 ? 0 : (double)view.OccupiedSlots / slotCount,
            [.. view.Claims.OrderBy(c => c.SlotStart).Select(c => Claim(c, caller, grid))]);
    }

    private static SpectrumClaimDto Claim(SpectrumClaimView claim, Caller caller, SpectrumGrid grid)
    {
        // Claims are owned by lightpath keys ("tenant/id"); an owner without a tenant was written before ids were per
        // tenant, and only an admin may see it, as any tenant's.
        var (tenant, lightpath) = LightpathKey.TryParse(claim.Lightpath, out var key) ? (key.Tenant.Value, key.Id.Value) : ((string?)null, claim.Lightpath);
        var visible = caller.SeesAllTenants || (tenant is not null && tenant == caller.Tenant);
        return new SpectrumClaimDto(visible ? lightpath : null, claim.SlotStart, claim.SlotCount, claim.Status, LightpathDtos.CentreThz(grid, claim.SlotStart, claim.SlotCount) ?? 0)
        {
            Tenant = visible ? tenant : null,
        };
    }

    private static SiteDto SiteDto(OpticalNetwork network, Domain.Sites.Site site) => new(
        site.Id.Value, site.Name, Topology.IO.Json.FormatNames.TierName(site.Tier), site.Jurisdiction.ToString(), site.Location.Latitude, site.Location.Longitude,
        [.. network.Nodes.Where(n => n.Site == site.Id).Select(n => n.Id.Value)]);

    private static NodeDto NodeDto(OpticalNetwork network, OpticalNode node, NodeStatusView status) => new(
        node.Id.Value, node.Name, KindOf(node), node.Site.Value, network.Site(node.Site).Jurisdiction.ToString(), status.Health, status.DeviceAddress, status.LastSeen);

    private static string KindOf(OpticalNode node) => node switch
    {
        Roadm => "roadm",
        Transponder => "transponder",
        _ => "amplifier",
    };

    private static FiberDto FiberDto(Fiber f, FiberSpectrumView spectrum, SpectrumGrid grid)
    {
        var slots = spectrum.SlotCount == 0 ? grid.SlotCount : spectrum.SlotCount;
        return new FiberDto(f.Id.Value, f.Source.Value, f.Destination.Value, Math.Round(f.LengthKm, 3), Math.Round(f.PropagationLatencyUs, 3), f.Spans.Length,
            [.. f.Srlgs.Select(s => s.Value)], [.. f.Jurisdictions.Select(j => j.ToString())], slots, spectrum.OccupiedSlots,
            slots == 0 ? 0 : Math.Round((double)spectrum.OccupiedSlots / slots, 4), spectrum.IsUp);
    }
}
