using System.Collections.Immutable;
using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Domain.Geography;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Domain.Requests;
using Continuum.Pce.Grains.Abstractions;

namespace Continuum.Pce.Grains.Lightpaths;

/// <summary>Maps between the wire types of the grain interfaces and the application's records.</summary>
public static class OrderMapping
{
    /// <summary>Builds the domain request; endpoints must already be resolved to ROADMs. Returns a Blocked(InvalidRequest) on bad input.</summary>
    public static bool TryToSpec(LightpathOrder order, NodeId source, NodeId destination, out LightpathSpec spec, out Blocked? invalid)
    {
        spec = null!;
        invalid = null;
        if (order.BitRateGbps <= 0)
        {
            invalid = new Blocked(BlockReason.InvalidRequest, $"bit rate must be positive, got {order.BitRateGbps} Gb/s");
            return false;
        }

        if (!TryJurisdictions(order.AllowedJurisdictions, out var allowed, out var error) ||
            !TryJurisdictions(order.ForbiddenJurisdictions, out var forbidden, out error))
        {
            invalid = new Blocked(BlockReason.InvalidRequest, error!);
            return false;
        }

        var objective = order.Objective;
        if (!Enum.IsDefined(objective))
        {
            invalid = new Blocked(BlockReason.InvalidRequest, $"unknown objective {(int)objective}");
            return false;
        }

        var constraints = new PathConstraints
        {
            MaxLatencyUs = order.MaxLatencyUs,
            AllowedJurisdictions = allowed,
            ForbiddenJurisdictions = forbidden,
            IncludeNodes = [.. order.IncludeNodes.Select(n => new NodeId(n))],
            ExcludeNodes = [.. order.ExcludeNodes.Select(n => new NodeId(n))],
            ExcludeFibers = [.. order.ExcludeFibers.Select(f => new FiberId(f))],
            ExcludeSrlgs = [.. order.ExcludeSrlgs.Select(s => new SrlgId(s))],
            ExcludeSites = [.. order.ExcludeSites.Select(s => new SiteId(s))],
            DiverseFrom = [.. order.DiverseFrom.Select(l => new LightpathId(l))],
            MinOsnrMarginDb = order.MinOsnrMarginDb,
        };
        spec = new LightpathSpec(new LightpathId(order.Id), new TenantId(order.Tenant), new PathRequest(source, destination, order.BitRateGbps, constraints, objective, order.Protect ? Protection.OnePlusOne : Protection.None));
        return true;
    }

    /// <summary>The view of a stored lightpath; with <paramref name="topology"/> it also lists the reverse fibres it holds.</summary>
    public static LightpathView ToView(LightpathRecord record, string source, string destination, PathTopology? topology = null) => new(
        record.Spec.Id.Value,
        record.Spec.Tenant.Value,
        record.State,
        source,
        destination,
        record.Spec.Request.BitRateGbps)
    {
        Nodes = record.Path is null ? [] : [.. record.Path.Nodes.Select(n => n.Value)],
        Fibers = record.Path is null ? [] : [.. record.Path.Fibers.Select(f => f.Value)],
        ReservedFibers = record.Path is null ? [] : [.. (topology?.BothWays(record.Path.Fibers) ?? record.Path.Fibers).Select(f => f.Value)],
        SlotStart = record.Path?.Slots.Start,
        SlotCount = record.Path?.Slots.Count,
        Mode = record.Path?.Mode.Value,
        LineRateGbps = record.Path?.LineRateGbps ?? 0,
        LatencyUs = record.Path?.LatencyUs,
        LengthKm = record.Path?.LengthKm,
        GsnrDb = record.Path?.GsnrDb,
        MarginDb = record.Path?.MarginDb,
        BlockReason = record.Blocked?.Reason.ToString(),
        FailureReason = record.FailureReason,
        History = [.. record.History.Select(e => new LightpathEventView(e.From, e.To, e.At, e.Reason))],
    };

    /// <summary>The view of a lightpath's stored data: its record, endpoint names and any device cleanup still owed.</summary>
    public static LightpathView ToView(Application.Lightpaths.Service.LightpathData data, PathTopology? topology = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        return ToView(data.Record!, data.Source, data.Destination, topology) with
        {
            CleanupFailure = data.CleanupFailure,
            CleanupRetryAt = data.CleanupRetryAt,
        };
    }

    public static LightpathView CandidateView(LightpathOrder order, PathCandidate c) => new(order.Id, order.Tenant, LightpathState.Computed, order.Source, order.Destination, order.BitRateGbps)
    {
        Nodes = [.. c.Nodes.Select(n => n.Value)],
        Fibers = [.. c.Fibers.Select(f => f.Value)],
        SlotStart = c.Slots.Start,
        SlotCount = c.Slots.Count,
        Mode = c.Mode.Value,
        LineRateGbps = c.LineRateGbps,
        LatencyUs = c.LatencyUs,
        LengthKm = c.LengthKm,
        GsnrDb = c.GsnrDb,
        MarginDb = c.MarginDb,
        Exists = false,
    };

    public static LightpathView Missing(string id) => new(id, "", LightpathState.Requested, "", "", 0) { Exists = false };

    private static bool TryJurisdictions(ImmutableArray<string> codes, out ImmutableArray<Jurisdiction> parsed, out string? error)
    {
        var builder = ImmutableArray.CreateBuilder<Jurisdiction>();
        foreach (var code in codes.IsDefault ? [] : codes)
        {
            if (!Jurisdiction.TryParse(code, out var j, out error))
            {
                parsed = [];
                return false;
            }

            builder.Add(j);
        }

        parsed = builder.ToImmutable();
        error = null;
        return true;
    }
}
