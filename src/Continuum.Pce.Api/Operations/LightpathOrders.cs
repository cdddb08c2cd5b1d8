using Continuum.Pce.Application.Lightpaths.Requests;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Grains.Abstractions;
using Continuum.Pce.Grains.Lightpaths;

namespace Continuum.Pce.Api.Operations;

/// <summary>
/// Turns the fields of a create, compute, reroute or bundle request into a grain order, or a 400 naming the first bad
/// field. The checks are the application's (<see cref="LightpathRequestValidator"/>); this maps the DTO onto them.
/// </summary>
public sealed class LightpathOrders(INetworkCatalog catalog, LightpathServices lightpaths)
{
    /// <summary>Checks a request field by field and builds the grain order.</summary>
    public Outcome<LightpathOrder> Check(string id, string tenant, string? source, string? destination, int rateGbps, ConstraintsDto? c, RestorationRequestDto? restoration = null, string? protection = null)
    {
        if (catalog.Current is not { } snapshot)
        {
            return ApiError.NoTopology();
        }

        c ??= new ConstraintsDto();
        var fields = new LightpathRequestFields(id, tenant, source, destination, rateGbps, new ConstraintFields
        {
            MaxLatencyUs = c.MaxLatencyUs,
            AllowedJurisdictions = c.AllowedJurisdictions,
            ForbiddenJurisdictions = c.ForbiddenJurisdictions,
            IncludeNodes = c.IncludeNodes,
            ExcludeNodes = c.ExcludeNodes,
            ExcludeFibers = c.ExcludeFibers,
            ExcludeSrlgs = c.ExcludeSrlgs,
            ExcludeSites = c.ExcludeSites,
            DiverseFrom = c.DiverseFrom,
            MinOsnrMarginDb = c.MinOsnrMarginDb,
            CentralFrequencyThz = c.CentralFrequencyThz,
            WidthGhz = c.WidthGhz,
            Mode = c.Mode,
            MinOsnrDb = c.MinOsnrDb,
            Objective = c.Objective,
            Diversity = c.Diversity,
        })
        {
            Restoration = restoration?.Policy,
            RestorationPriority = restoration?.Priority,
            Protection = protection,
        };
        var checkedRequest = LightpathRequestValidator.Validate(fields, snapshot.Network, lightpaths.Topology, snapshot.Equipment);
        if (!checkedRequest.IsValid)
        {
            var first = checkedRequest.Errors[0];
            return ApiError.Invalid(first.Field, first.Reason);
        }

        return OrderMapping.ToOrder(checkedRequest.Spec!, source!, destination!);
    }
}
