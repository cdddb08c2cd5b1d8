using System.Collections.Immutable;
using Continuum.Pce.Domain.Geography;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Sites;
using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.Topology.IO.Json;

namespace Continuum.Pce.Topology.IO.Import;

/// <summary>
/// What an importer assumes where the source format is silent. Defaults: every site a regional DC in the given
/// country, one ROADM and one transponder shelf per site, fibres of SSMF cut into equal spans of at most 80 km, each
/// span ending in an amplifier (the last one the ROADM pre-amplifier).
/// </summary>
public sealed record ImportOptions
{
    public string? Name { get; init; }

    /// <summary>ISO 3166 code for every site, unless <see cref="CountryOfNode"/> names another.</summary>
    public string Country { get; init; } = "US";

    /// <summary>Per-node country override, keyed by the node's name in the source file.</summary>
    public ImmutableDictionary<string, string> CountryOfNode { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>Names for nodes that the source identifies only by number, keyed by the source's node id.</summary>
    public ImmutableDictionary<string, string> NameOfNode { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>Positions for nodes the source gives none, keyed by name (the part before any comma, case-insensitive).</summary>
    public ImmutableDictionary<string, GeoPoint> KnownPositions { get; init; } = ImmutableDictionary<string, GeoPoint>.Empty;

    /// <summary>
    /// Centre of the circle on which nodes without coordinates are placed (deterministically, in source order) when
    /// neither the source nor <see cref="KnownPositions"/> gives a position. Default: the geographic centre of the
    /// contiguous United States.
    /// </summary>
    public GeoPoint FallbackCentre { get; init; } = new(39.5, -98.35);

    public SiteTier Tier { get; init; } = SiteTier.RegionalDc;

    public SpectrumGrid Grid { get; init; } = SpectrumGrid.CBandFlex;

    public double SpanLengthKm { get; init; } = 80;

    /// <summary>Fibre route length over great-circle distance, for sources without link lengths (SNDlib).</summary>
    public double RouteFactor { get; init; } = 1.2;

    public RoadmTypeId RoadmType { get; init; } = new("roadm-cdc");

    public AmplifierTypeId InlineAmplifier { get; init; } = new("edfa-inline-vg");

    public AmplifierTypeId Preamplifier { get; init; } = new("edfa-preamp-vg");

    public FiberTypeId FiberType { get; init; } = new("SSMF");

    public TransceiverTypeId TransceiverType { get; init; } = new("coherent-800g");

    public bool AddTransponders { get; init; } = true;

    /// <summary>Line interfaces of each added transponder shelf.</summary>
    public int TransponderInterfaces { get; init; } = 16;

    public double ConnectorLossDb { get; init; } = 0.5;

    public double ElectricityPricePerKwh { get; init; } = 0.12;

    public double CarbonIntensityGramsPerKwh { get; init; } = 300;

    /// <summary>The assumptions these options make, in words, for a network's provenance notes.</summary>
    public string Assumptions()
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var countries = CountryOfNode.Count == 0 ? Country : $"{Country} unless named per node";
        var transponders = AddTransponders ? $"one {TransceiverType} shelf of {TransponderInterfaces} interfaces per site" : "no transponders";
        return string.Create(inv,
            $"Assumed: every site a {FormatNames.TierName(Tier)} in {countries}; one {RoadmType} ROADM per site; " +
            $"each link cut into ceil(L / {SpanLengthKm} km) equal {FiberType} spans with {ConnectorLossDb} dB connectors at each end, every span ending in " +
            $"an {InlineAmplifier} in-line amplifier except the last, which ends in the {Preamplifier} ROADM pre-amplifier; {transponders}; " +
            $"electricity {ElectricityPricePerKwh}/kWh and {CarbonIntensityGramsPerKwh} gCO2e/kWh at every site (placeholders).");
    }
}

/// <summary>Helpers for <see cref="ImportOptions.KnownPositions"/>.</summary>
public static class PositionKeys
{
    /// <summary>"Seattle, Washington" and "seattle" have the same key.</summary>
    public static string Of(string name) => name.Split(',')[0].Trim().ToLowerInvariant();
}

/// <summary>Cuts a fibre into equal spans of at most the span length, each ending in an amplifier.</summary>
public static class SpanPlanner
{
    public static ImmutableArray<Span> Spans(double km, double maxSpanKm, FiberTypeId fiber, AmplifierTypeId inline, AmplifierTypeId preamp, double connectorLossDb = 0.5)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(km);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSpanKm);
        var count = Math.Max(1, (int)Math.Ceiling(km / maxSpanKm - 1e-9));
        // Equal spans rounded to metres; the last one takes the remainder so the fibre keeps its exact length.
        var length = Math.Round(km / count, 3);
        var builder = ImmutableArray.CreateBuilder<Span>(count);
        for (var s = 0; s < count; s++)
        {
            var spanKm = s == count - 1 ? Math.Round(km - length * (count - 1), 6) : length;
            builder.Add(new Span(spanKm, fiber, null, connectorLossDb, connectorLossDb, new SpanAmplifier(s == count - 1 ? preamp : inline)));
        }

        return builder.MoveToImmutable();
    }
}
