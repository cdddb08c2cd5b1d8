using System.Text.Json.Serialization;

namespace Continuum.Pce.Topology.IO.Json;

// The shapes written to files, as plain DTOs: the documented format (docs/topology-format.md and the JSON Schemas in
// docs/schemas/) in C#. Reading goes through NetworkReader/EquipmentReader, which validate field by field.
#pragma warning disable SA1402 // one file keeps the whole format in view

internal sealed record NetworkDocument(
    string Format,
    string Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Description,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Equipment,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Currency,
    GridDocument Grid,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ProvenanceDocument? Provenance,
    IReadOnlyList<SiteDocument> Sites,
    IReadOnlyList<NodeDocument> Nodes,
    IReadOnlyList<FiberDocument> Fibers);

internal sealed record GridDocument(long StartMhz, long SlotWidthMhz, int SlotCount);

internal sealed record ProvenanceDocument(string? Source, string? Licence, string? Notes);

internal sealed record SiteDocument(
    string Id,
    string Name,
    string Tier,
    string Jurisdiction,
    double Latitude,
    double Longitude,
    double ElectricityPricePerKwh,
    double CarbonIntensityGramsPerKwh);

internal sealed record NodeDocument(
    string Id,
    string Name,
    string Kind,
    string Site,
    string Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Degrees = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? AddDropGroups = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AttachedRoadm = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Interfaces = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] EqualisationDocument? Equalisation = null);

internal sealed record EqualisationDocument(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? TargetChannelPowerDbm,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? TargetPsdMwPerGhz,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<DegreeTargetDocument>? Degrees);

internal sealed record DegreeTargetDocument(
    string Fiber,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? TargetChannelPowerDbm,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? TargetPsdMwPerGhz);

internal sealed record FiberDocument(
    string Id,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name,
    string Source,
    string Destination,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reverse,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int GuardBandSlots,
    IReadOnlyList<string> Srlgs,
    IReadOnlyList<string> Jurisdictions,
    IReadOnlyList<SpanDocument> Spans);

internal sealed record SpanDocument(
    double LengthKm,
    string FiberType,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? LossDbPerKm,
    double ConnectorInDb,
    double ConnectorOutDb,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AmplifierDocument? Amplifier);

internal sealed record AmplifierDocument(
    string Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? GainDb,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] double TiltDb,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Device);

internal sealed record EquipmentDocument(
    string Format,
    string Name,
    string Currency,
    IReadOnlyList<TransceiverDocument> Transceivers,
    IReadOnlyList<AmplifierTypeDocument> Amplifiers,
    IReadOnlyList<FiberTypeDocument> FiberTypes,
    IReadOnlyList<RoadmTypeDocument> RoadmTypes);

internal sealed record TransceiverDocument(string Id, string Name, IReadOnlyList<ModeDocument> Modes)
{
    /// <summary>Written only when true (null is left out), so libraries without it read back unchanged.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public bool? HitlessRetune { get; init; }
}

internal sealed record ModeDocument(
    string Id,
    string Format,
    int LineRateGbps,
    double BaudRateGbaud,
    double RollOff,
    double RequiredOsnrDb,
    double MinSpacingGhz,
    double ReachKm,
    double PowerW,
    double Cost,
    double TxOsnrDb,
    double CdTolerancePsPerNm,
    double PmdTolerancePs,
    double LatencyUs,
    int BitsPerSymbol);

internal sealed record AmplifierTypeDocument(string Id, string Name, double GainMinDb, double GainFlatMaxDb, double PMaxDbm, NoiseFigureDocument NoiseFigure, double PowerW, double Cost);

internal sealed record NoiseFigureDocument(
    string Model,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? NfDb = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? NfMinDb = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? NfMaxDb = null);

internal sealed record FiberTypeDocument(
    string Id,
    string Name,
    double AttenuationDbPerKm,
    double DispersionPsPerNmKm,
    double EffectiveAreaUm2,
    double N2,
    double PmdCoefficientPsPerSqrtKm,
    long ReferenceFrequencyMhz,
    double GroupIndex);

internal sealed record RoadmTypeDocument(
    string Id,
    string Name,
    double ExpressLossDb,
    double AddDropLossDb,
    double AddDropOsnrDb,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? TargetChannelPowerDbm,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? TargetPsdMwPerGhz,
    double LatencyUs,
    double PowerPerDegreeW,
    double CostPerDegree,
    double BasePowerW,
    double BaseCost);
