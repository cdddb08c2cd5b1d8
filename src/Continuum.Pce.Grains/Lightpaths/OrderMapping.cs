using System.Collections.Immutable;
using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Lightpaths.Requests;
using Continuum.Pce.Domain.Geography;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Requests;
using Continuum.Pce.Grains.Abstractions;

namespace Continuum.Pce.Grains.Lightpaths;

/// <summary>Maps between the wire types of the grain interfaces and the application's records.</summary>
public static class OrderMapping
{
    /// <summary>The order for a request the application's validator accepted, with the endpoint names the caller used.</summary>
    public static LightpathOrder ToOrder(LightpathSpec spec, string source, string destination)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new(spec.Id, spec.Tenant, source, destination, spec.Request)
        {
            Restoration = spec.Restoration,
            RestorationPriority = spec.RestorationPriority,
        };
    }

    /// <summary>
    /// Checks a request with the application's validator and builds its order, for hosts that drive the grains
    /// directly (the load tool, tests); throws <see cref="ArgumentException"/> listing the bad fields.
    /// </summary>
    public static LightpathOrder Check(LightpathRequestFields fields, OpticalNetwork network, PathTopology topology)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var validation = LightpathRequestValidator.Validate(fields, network, topology);
        return validation.Spec is { } spec
            ? ToOrder(spec, fields.Source!, fields.Destination!)
            : throw new ArgumentException($"invalid lightpath request: {string.Join("; ", validation.Errors.Select(e => $"{e.Field}: {e.Reason}"))}", nameof(fields));
    }

    /// <summary>The spec an order carries (already checked when the order was made).</summary>
    public static LightpathSpec ToSpec(LightpathOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return new(order.Id, order.Tenant, order.Request)
        {
            Restoration = order.Restoration,
            RestorationPriority = order.RestorationPriority,
        };
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
        ReservedFibers = record.Path is null ? [] : [.. (topology?.BothWays(record.Path.AllFibers()) ?? record.Path.AllFibers()).Select(f => f.Value)],
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
        Restoration = record.Spec.Restoration,
        RestorationPriority = record.Spec.RestorationPriority,
    };

    /// <summary>The view of a lightpath's stored data: its record, endpoint names and any device cleanup still owed.</summary>
    public static LightpathView ToView(Application.Lightpaths.Service.LightpathData data, PathTopology? topology = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        return ToView(data.Record!, data.Source, data.Destination, topology) with
        {
            CleanupFailure = data.CleanupFailure,
            CleanupRetryAt = data.CleanupRetryAt,
            RestorationFailure = data.RestorationFailure,
            HomeFibers = data.HomePath is { } home ? [.. home.Fibers.Select(f => f.Value)] : [],
            Protection = data.Record!.Path?.Protection is { } leg ? ProtectionOf(data, leg, topology) : null,
            SourceInterface = data.SourceInterface,
            DestinationInterface = data.DestinationInterface,
        };
    }

    private static ProtectionView ProtectionOf(Application.Lightpaths.Service.LightpathData data, PathCandidate leg, PathTopology? topology)
    {
        var down = data.Telemetry?.FibersDown is { IsDefaultOrEmpty: false } outages ? [.. outages.Select(o => o.Fiber)] : new List<Domain.Identity.FiberId>();
        var (workingDown, protectionDown) = topology is null ? (false, false) : Application.Lightpaths.Service.ProtectLightpath.LegsDown(topology, data.Record!.Path!, down);
        return new ProtectionView([.. leg.Nodes.Select(n => n.Value)], [.. leg.Fibers.Select(f => f.Value)], leg.LatencyUs, leg.LengthKm)
        {
            GsnrDb = leg.GsnrDb,
            MarginDb = leg.MarginDb,
            ActiveAtSource = data.ActiveAtSource,
            ActiveAtDestination = data.ActiveAtDestination,
            Force = data.ProtectionForce,
            WorkingDown = workingDown,
            ProtectionDown = protectionDown,
            ReadAt = data.ProtectionReadAt,
            Diversity = data.Record!.Spec.Request.Constraints.DiversityLevel,
        };
    }

    public static LightpathView CandidateView(LightpathOrder order, PathCandidate c) => new(order.Id.Value, order.Tenant.Value, LightpathState.Computed, order.Source, order.Destination, order.Request.BitRateGbps)
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
}
