using System.Collections.Immutable;
using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Sites;

namespace Continuum.Pce.Application.Planning;

/// <summary>Assumptions of the energy model, explicit so that reports can print them.</summary>
public sealed record EnergyAssumptions
{
    public static EnergyAssumptions Default { get; } = new();

    /// <summary>Amplifiers of a fibre that carries no channel are put to sleep and draw this fraction of their power.</summary>
    public double DarkAmplifierPowerFraction { get; init; } = 0.0;

    /// <summary>
    /// A ROADM degree whose duplex link carries no channel in either direction draws this fraction of its power. The
    /// default 1 keeps every degree powered (the conservative planning view); 0 models degrees put to sleep with their
    /// line, as the energy-aware routing objective assumes.
    /// </summary>
    public double DarkDegreePowerFraction { get; init; } = 1.0;

    /// <summary>Hours per year for annual energy (365 × 24).</summary>
    public double HoursPerYear { get; init; } = 8760;
}

/// <summary>Power drawn by one piece of equipment, where it stands, and what it serves.</summary>
public sealed record EquipmentPower(string Equipment, string Kind, SiteId Site, double Watts);

/// <summary>Power of one lightpath: its own transponders plus its spectral share of the line system it crosses.</summary>
public sealed record LightpathPower(string Id, double TransponderWatts, double AmplifierShareWatts, double RoadmShareWatts, int LineRateGbps)
{
    public double TotalWatts => TransponderWatts + AmplifierShareWatts + RoadmShareWatts;

    public double WattsPerGbps => TotalWatts / LineRateGbps;
}

/// <summary>Energy, carbon and energy cost of one site per year.</summary>
public sealed record SiteEnergy(SiteId Site, string Name, SiteTier Tier, string Country, double Watts, double KwhPerYear, double KgCo2PerYear, double EnergyCostPerYear);

/// <summary>The network's energy account.</summary>
public sealed record EnergyReport(
    double TotalWatts,
    double KwhPerYear,
    double TonnesCo2PerYear,
    double EnergyCostPerYear,
    int CarriedGbps,
    ImmutableArray<EquipmentPower> Equipment,
    ImmutableArray<LightpathPower> Lightpaths,
    ImmutableArray<SiteEnergy> Sites)
{
    /// <summary>Network watts per carried Gb/s (infinite when nothing is carried).</summary>
    public double WattsPerGbps => CarriedGbps == 0 ? double.PositiveInfinity : TotalWatts / CarriedGbps;
}

/// <summary>
/// The energy model. Network power = transponder interfaces in use (by mode) + amplifiers of lit fibres (dark fibres'
/// amplifiers sleep) + every ROADM's base power and per-degree power. A lightpath's power = its two transponder
/// interfaces + for each fibre it crosses its spectral share (its slots over the fibre's occupied slots) of the
/// fibre's amplifiers + the same share of the degree power of the ROADMs it leaves and enters. Energy is attributed
/// to the site where the equipment stands; carbon and cost use that site's grid intensity and electricity price.
/// </summary>
public static class EnergyModel
{
    public static EnergyReport Evaluate(
        OpticalNetwork network,
        EquipmentLibrary equipment,
        IReadOnlyList<PlannedLightpath> lightpaths,
        EnergyAssumptions? assumptions = null)
    {
        assumptions ??= EnergyAssumptions.Default;
        var items = new List<EquipmentPower>();
        var occupiedSlots = new Dictionary<FiberId, int>();
        foreach (var lp in lightpaths)
        {
            foreach (var f in lp.Fibers)
            {
                occupiedSlots[f] = occupiedSlots.GetValueOrDefault(f) + lp.Slots.Count;
            }
        }

        var carried = 0;
        var lightpathPowers = ImmutableArray.CreateBuilder<LightpathPower>(lightpaths.Count);
        foreach (var lp in lightpaths)
        {
            var mode = ModeOf(network, equipment, lp);
            carried += mode.LineRateGbps;
            items.Add(new EquipmentPower($"{lp.SourceTransponder}/{lp.Id}", "transponder", network.Node(lp.SourceTransponder).Site, mode.PowerW));
            items.Add(new EquipmentPower($"{lp.DestinationTransponder}/{lp.Id}", "transponder", network.Node(lp.DestinationTransponder).Site, mode.PowerW));
            lightpathPowers.Add(PowerOf(network, equipment, lp, mode, occupiedSlots));
        }

        foreach (var fiber in network.Fibers)
        {
            var lit = occupiedSlots.ContainsKey(fiber.Id);
            var factor = lit ? 1.0 : assumptions.DarkAmplifierPowerFraction;
            for (var s = 0; s < fiber.Spans.Length; s++)
            {
                var amp = fiber.Spans[s].Amplifier;
                if (amp is null || factor == 0)
                {
                    continue;
                }

                var site = amp.Device is { } device && network.TryGetNode(device, out var node)
                    ? node.Site
                    : network.Node(s == fiber.Spans.Length - 1 ? fiber.Destination : fiber.Source).Site;
                items.Add(new EquipmentPower($"{fiber.Id}/amp{s + 1}", "amplifier", site, factor * equipment.Amplifier(amp.Type).PowerW));
            }
        }

        var darkDegrees = assumptions.DarkDegreePowerFraction < 1 ? DarkDegrees(network, occupiedSlots) : null;
        foreach (var roadm in network.Roadms)
        {
            var type = equipment.RoadmType(roadm.Type);
            var dark = Math.Min(roadm.Degrees, darkDegrees?.GetValueOrDefault(roadm.Id) ?? 0);
            var degrees = roadm.Degrees - (dark * (1 - assumptions.DarkDegreePowerFraction));
            items.Add(new EquipmentPower(roadm.Id.Value, "roadm", roadm.Site, type.BasePowerW + degrees * type.PowerPerDegreeW));
        }

        var sites = ImmutableArray.CreateBuilder<SiteEnergy>();
        foreach (var group in items.GroupBy(i => i.Site).OrderBy(g => g.Key.Value, StringComparer.Ordinal))
        {
            var site = network.Site(group.Key);
            var watts = group.Sum(i => i.Watts);
            var kwh = watts * assumptions.HoursPerYear / 1000;
            sites.Add(new SiteEnergy(site.Id, site.Name, site.Tier, site.Jurisdiction.Country, watts, kwh,
                kwh * site.CarbonIntensityGramsPerKwh / 1000, kwh * site.ElectricityPricePerKwh));
        }

        var total = items.Sum(i => i.Watts);
        return new EnergyReport(
            total,
            total * assumptions.HoursPerYear / 1000,
            sites.Sum(s => s.KgCo2PerYear) / 1000,
            sites.Sum(s => s.EnergyCostPerYear),
            carried,
            [.. items],
            lightpathPowers.ToImmutable(),
            sites.ToImmutable());
    }

    /// <summary>
    /// The power of one lightpath on its own network (no other channel sharing its fibres): what
    /// <c>Evaluate(network, equipment, [lightpath]).Lightpaths[0]</c> gives, from the lightpath's own fibres and ends only,
    /// where <see cref="Evaluate"/> walks every fibre and ROADM of the network for the site totals (on a 10,000-node network
    /// that walk is most of a lightpath's create through REST, which shows this figure).
    /// </summary>
    /// <exception cref="ArgumentException">The source transponder's type has no such mode.</exception>
    public static LightpathPower AloneOf(OpticalNetwork network, EquipmentLibrary equipment, PlannedLightpath lightpath)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(equipment);
        ArgumentNullException.ThrowIfNull(lightpath);
        var occupiedSlots = new Dictionary<FiberId, int>();
        foreach (var f in lightpath.Fibers)
        {
            occupiedSlots[f] = occupiedSlots.GetValueOrDefault(f) + lightpath.Slots.Count;
        }

        return PowerOf(network, equipment, lightpath, ModeOf(network, equipment, lightpath), occupiedSlots);
    }

    /// <summary>A lightpath's transponders, and its spectral share of the amplifiers and ROADM degrees of the fibres it crosses.</summary>
    private static LightpathPower PowerOf(OpticalNetwork network, EquipmentLibrary equipment, PlannedLightpath lp, TransceiverMode mode, Dictionary<FiberId, int> occupiedSlots)
    {
        var ampShare = 0.0;
        var roadmShare = 0.0;
        foreach (var fiberId in lp.Fibers)
        {
            var fiber = network.Fiber(fiberId);
            var share = (double)lp.Slots.Count / occupiedSlots[fiberId];
            ampShare += share * FiberAmplifierWatts(fiber, equipment);
            roadmShare += share * (DegreeWatts(network, equipment, fiber.Source) + DegreeWatts(network, equipment, fiber.Destination));
        }

        return new LightpathPower(lp.Id, 2 * mode.PowerW, ampShare, roadmShare, mode.LineRateGbps);
    }

    /// <summary>Per ROADM, the duplex links attached to it that carry no channel in either direction (one degree each).</summary>
    private static Dictionary<NodeId, int> DarkDegrees(OpticalNetwork network, Dictionary<FiberId, int> occupiedSlots)
    {
        var links = new Dictionary<string, (NodeId A, NodeId B, bool Lit)>(StringComparer.Ordinal);
        foreach (var fiber in network.Fibers)
        {
            var key = fiber.Reverse is { } r && string.CompareOrdinal(r.Value, fiber.Id.Value) < 0 ? r.Value : fiber.Id.Value;
            var lit = occupiedSlots.ContainsKey(fiber.Id);
            links[key] = links.TryGetValue(key, out var known) ? known with { Lit = known.Lit || lit } : (fiber.Source, fiber.Destination, lit);
        }

        var dark = new Dictionary<NodeId, int>();
        foreach (var (a, b, lit) in links.Values)
        {
            if (!lit)
            {
                dark[a] = dark.GetValueOrDefault(a) + 1;
                dark[b] = dark.GetValueOrDefault(b) + 1;
            }
        }

        return dark;
    }

    internal static TransceiverMode ModeOf(OpticalNetwork network, EquipmentLibrary equipment, PlannedLightpath lp)
    {
        if (network.Node(lp.SourceTransponder) is not Transponder transponder)
        {
            throw new ArgumentException($"lightpath '{lp.Id}': '{lp.SourceTransponder}' is not a transponder");
        }

        var type = equipment.Transceiver(transponder.Type);
        return type.TryGetMode(lp.Mode, out var mode)
            ? mode
            : throw new ArgumentException($"lightpath '{lp.Id}': transceiver type '{type.Id}' has no mode '{lp.Mode}'");
    }

    private static double FiberAmplifierWatts(Fiber fiber, EquipmentLibrary equipment)
    {
        var watts = 0.0;
        foreach (var span in fiber.Spans)
        {
            if (span.Amplifier is { } amp)
            {
                watts += equipment.Amplifier(amp.Type).PowerW;
            }
        }

        return watts;
    }

    private static double DegreeWatts(OpticalNetwork network, EquipmentLibrary equipment, NodeId node) =>
        network.Node(node) is Roadm roadm ? equipment.RoadmType(roadm.Type).PowerPerDegreeW : 0;
}
