using System.Text.Json;
using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Topology.IO.Json;

namespace Continuum.Pce.Topology.IO;

/// <summary>Writes networks and equipment libraries in the project's formats (deterministic, indented, invariant numbers).</summary>
public static class TopologyWriter
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string WriteNetwork(OpticalNetwork network, string? equipmentPath = null, string? currency = null, Provenance? provenance = null)
    {
        var document = new NetworkDocument(
            FormatNames.NetworkFormat,
            network.Name,
            network.Description,
            equipmentPath,
            currency,
            new GridDocument(network.Grid.Start.Mhz, network.Grid.SlotWidthMhz, network.Grid.SlotCount),
            provenance is null ? null : new ProvenanceDocument(provenance.Source, provenance.Licence, provenance.Notes),
            [.. network.Sites.Select(s => new SiteDocument(s.Id.Value, s.Name, FormatNames.TierName(s.Tier), s.Jurisdiction.ToString(),
                Math.Round(s.Location.Latitude, 6), Math.Round(s.Location.Longitude, 6), s.ElectricityPricePerKwh, s.CarbonIntensityGramsPerKwh))],
            [.. network.Nodes.Select(ToDocument)],
            [.. network.Fibers.Select(f => new FiberDocument(
                f.Id.Value,
                f.Name,
                f.Source.Value,
                f.Destination.Value,
                f.Reverse?.Value,
                f.GuardBandSlots,
                [.. f.Srlgs.Select(s => s.Value)],
                [.. f.Jurisdictions.Select(j => j.ToString())],
                [.. f.Spans.Select(s => new SpanDocument(s.LengthKm, s.FiberType.Value, s.LossDbPerKm, s.ConnectorInDb, s.ConnectorOutDb,
                    s.Amplifier is { } a ? new AmplifierDocument(a.Type.Value, a.GainDb, a.TiltDb, a.Device?.Value) : null))]))]);
        return JsonSerializer.Serialize(document, Options) + "\n";
    }

    public static string WriteEquipment(EquipmentLibrary library)
    {
        var document = new EquipmentDocument(
            FormatNames.EquipmentFormat,
            library.Name,
            library.Currency,
            [.. library.Transceivers.Select(t => new TransceiverDocument(t.Id.Value, t.Name, [.. t.Modes.Select(m => new ModeDocument(
                m.Id.Value, m.Format, m.LineRateGbps, m.BaudRateGbaud, m.RollOff, m.RequiredOsnrDb, m.MinSpacingGhz, m.ReachKm, m.PowerW, m.Cost,
                m.TxOsnrDb, m.CdTolerancePsPerNm, m.PmdTolerancePs, m.LatencyUs, m.BitsPerSymbol))]) { HitlessRetune = t.HitlessRetune ? true : null })],
            [.. library.Amplifiers.Select(a => new AmplifierTypeDocument(a.Id.Value, a.Name, a.GainMinDb, a.GainFlatMaxDb, a.PMaxDbm,
                a.NoiseFigure switch
                {
                    FixedNoiseFigure f => new NoiseFigureDocument("fixed", NfDb: f.NfDb),
                    DualCoilNoiseFigure d => new NoiseFigureDocument("dual-coil", NfMinDb: d.NfMinDb, NfMaxDb: d.NfMaxDb),
                    _ => throw new NotSupportedException($"noise-figure model {a.NoiseFigure.GetType().Name} has no file form"),
                },
                a.PowerW, a.Cost))],
            [.. library.FiberTypes.Select(f => new FiberTypeDocument(f.Id.Value, f.Name, f.AttenuationDbPerKm, f.DispersionPsPerNmKm, f.EffectiveAreaUm2, f.N2,
                f.PmdCoefficientPsPerSqrtKm, f.ReferenceFrequency.Mhz, f.GroupIndex))],
            [.. library.RoadmTypes.Select(r => new RoadmTypeDocument(r.Id.Value, r.Name, r.ExpressLossDb, r.AddDropLossDb, r.AddDropOsnrDb,
                r.TargetPsdMwPerGhz is null ? r.TargetChannelPowerDbm : null, r.TargetPsdMwPerGhz, r.LatencyUs, r.PowerPerDegreeW, r.CostPerDegree, r.BasePowerW, r.BaseCost))]);
        return JsonSerializer.Serialize(document, Options) + "\n";
    }

    private static NodeDocument ToDocument(OpticalNode node) => node switch
    {
        Roadm r => new NodeDocument(r.Id.Value, r.Name, "roadm", r.Site.Value, r.Type.Value, Degrees: r.Degrees, AddDropGroups: r.AddDropGroups, Equalisation: ToDocument(r.Equalisation)),
        Transponder t => new NodeDocument(t.Id.Value, t.Name, "transponder", t.Site.Value, t.Type.Value, AttachedRoadm: t.AttachedRoadm.Value, Interfaces: t.Interfaces),
        InlineAmplifier a => new NodeDocument(a.Id.Value, a.Name, "amplifier", a.Site.Value, a.Type.Value),
        _ => throw new NotSupportedException($"node kind {node.GetType().Name} has no file form"),
    };

    private static EqualisationDocument? ToDocument(RoadmEqualisation? e) => e is null ? null : new EqualisationDocument(
        Power(e.Target),
        Psd(e.Target),
        e.Degrees.IsDefaultOrEmpty ? null : [.. e.Degrees.Select(d => new DegreeTargetDocument(d.Fiber.Value, Power(d.Target), Psd(d.Target)))]);

    private static double? Power(EqualisationTarget? t) => t?.Kind == EqualisationKind.Power ? t.Value : null;

    private static double? Psd(EqualisationTarget? t) => t?.Kind == EqualisationKind.Psd ? t.Value : null;
}
