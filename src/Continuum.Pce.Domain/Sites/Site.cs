using Continuum.Pce.Domain.Geography;
using Continuum.Pce.Domain.Identity;

namespace Continuum.Pce.Domain.Sites;

/// <summary>The role of a site in the AI computing continuum.</summary>
public enum SiteTier
{
    CoreDc,
    RegionalDc,
    Colo,
    TelcoEdge,
    Enterprise,
    Industrial,

    /// <summary>An unstaffed line site that only houses in-line amplifiers.</summary>
    AmplifierHut,
}

/// <summary>
/// A physical location that houses optical equipment. Its jurisdiction binds every fibre and node inside it; its
/// electricity price and grid carbon intensity drive the energy and cost reports.
/// </summary>
/// <param name="ElectricityPricePerKwh">Price of electricity, in the network's currency per kWh.</param>
/// <param name="CarbonIntensityGramsPerKwh">Grid carbon intensity, gCO2e per kWh.</param>
public sealed record Site(
    SiteId Id,
    string Name,
    SiteTier Tier,
    Jurisdiction Jurisdiction,
    GeoPoint Location,
    double ElectricityPricePerKwh,
    double CarbonIntensityGramsPerKwh);
