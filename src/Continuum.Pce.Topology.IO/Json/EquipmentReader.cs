using System.Text.Json;
using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Units;
using Continuum.Pce.Topology.IO.Validation;
using static Continuum.Pce.Topology.IO.Json.JsonReaderContext;

namespace Continuum.Pce.Topology.IO.Json;

/// <summary>Reads and validates an equipment-library document (format <c>continuum-pce/equipment@1</c>).</summary>
public static class EquipmentReader
{
    private static readonly IReadOnlySet<string> RootFields = Names("$schema", "format", "name", "currency", "transceivers", "amplifiers", "fiberTypes", "roadmTypes");
    private static readonly IReadOnlySet<string> TransceiverFields = Names("id", "name", "modes", "hitlessRetune");
    private static readonly IReadOnlySet<string> ModeFields = Names(
        "id", "format", "lineRateGbps", "baudRateGbaud", "rollOff", "requiredOsnrDb", "minSpacingGhz", "reachKm", "powerW", "cost",
        "txOsnrDb", "cdTolerancePsPerNm", "pmdTolerancePs", "latencyUs", "bitsPerSymbol");
    private static readonly IReadOnlySet<string> AmplifierFields = Names("id", "name", "gainMinDb", "gainFlatMaxDb", "pMaxDbm", "noiseFigure", "powerW", "cost");
    private static readonly IReadOnlySet<string> FixedNfFields = Names("model", "nfDb");
    private static readonly IReadOnlySet<string> DualCoilNfFields = Names("model", "nfMinDb", "nfMaxDb");
    private static readonly IReadOnlySet<string> FiberTypeFields = Names(
        "id", "name", "attenuationDbPerKm", "dispersionPsPerNmKm", "effectiveAreaUm2", "n2", "pmdCoefficientPsPerSqrtKm", "referenceFrequencyMhz", "groupIndex");
    private static readonly IReadOnlySet<string> RoadmTypeFields = Names(
        "id", "name", "expressLossDb", "addDropLossDb", "addDropOsnrDb", "targetChannelPowerDbm", "targetPsdMwPerGhz", "latencyUs", "powerPerDegreeW", "costPerDegree", "basePowerW", "baseCost");

    public static ReadResult<EquipmentLibrary> Read(string json, TopologyLimits? limits = null)
    {
        var context = new JsonReaderContext(limits);
        using var document = Parse(json, context);
        if (document is null || !context.TryObject(document.RootElement, "$"))
        {
            return new ReadResult<EquipmentLibrary>(null, [.. context.Issues]);
        }

        var root = document.RootElement;
        context.OnlyKnown(root, "$", RootFields);
        var format = context.String(root, "format", "$");
        if (format is not null && format != FormatNames.EquipmentFormat)
        {
            context.Error(IssueCodes.UnsupportedFormat, "$.format", $"unsupported format '{format}' (expected '{FormatNames.EquipmentFormat}')");
        }

        var name = context.String(root, "name", "$") ?? "";
        var currency = context.String(root, "currency", "$", required: false) ?? "USD";
        var transceivers = ReadTransceivers(root, context);
        var amplifiers = ReadAmplifiers(root, context);
        var fibers = ReadFiberTypes(root, context);
        var roadms = ReadRoadmTypes(root, context);
        if (context.HasErrors)
        {
            return new ReadResult<EquipmentLibrary>(null, [.. context.Issues]);
        }

        return new ReadResult<EquipmentLibrary>(new EquipmentLibrary(name, currency, transceivers, amplifiers, fibers, roadms), [.. context.Issues]);
    }

    private static List<TransceiverType> ReadTransceivers(JsonElement root, JsonReaderContext c)
    {
        var result = new List<TransceiverType>();
        if (!c.Array(root, "transceivers", "$", out var array, limit: (nameof(TopologyLimits.MaxLibraryEntries), c.Limits.MaxLibraryEntries)))
        {
            return result;
        }

        var ids = new HashSet<string>();
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            var path = Item("$.transceivers", i++);
            if (!c.TryObject(item, path))
            {
                continue;
            }

            c.OnlyKnown(item, path, TransceiverFields);

            var id = c.String(item, "id", path);
            if (id is not null && !ids.Add(id))
            {
                c.Error(IssueCodes.DuplicateId, Field(path, "id"), $"transceiver type '{id}' is defined twice");
            }

            var name = c.String(item, "name", path, required: false) ?? id ?? "";
            var hitless = c.Boolean(item, "hitlessRetune", path, absent: false);
            var modes = new List<TransceiverMode>();
            if (c.Array(item, "modes", path, out var modeArray, limit: (nameof(TopologyLimits.MaxModesPerTransceiver), c.Limits.MaxModesPerTransceiver)))
            {
                var modeIds = new HashSet<string>();
                var m = 0;
                foreach (var modeElement in modeArray.EnumerateArray())
                {
                    var modePath = Item(Field(path, "modes"), m++);
                    if (ReadMode(modeElement, modePath, c) is { } mode)
                    {
                        if (!modeIds.Add(mode.Id.Value))
                        {
                            c.Error(IssueCodes.DuplicateId, Field(modePath, "id"), $"mode '{mode.Id}' is defined twice in transceiver type '{id}'");
                        }

                        modes.Add(mode);
                    }
                }

                if (m == 0)
                {
                    c.Error(IssueCodes.EmptyCollection, Field(path, "modes"), "a transceiver type needs at least one mode");
                }
            }

            if (id is not null)
            {
                result.Add(new TransceiverType(new TransceiverTypeId(id), name, [.. modes]) { HitlessRetune = hitless });
            }
        }

        return result;
    }

    private static TransceiverMode? ReadMode(JsonElement e, string path, JsonReaderContext c)
    {
        if (!c.TryObject(e, path))
        {
            return null;
        }

        c.OnlyKnown(e, path, ModeFields);
        var id = c.String(e, "id", path);
        var format = c.String(e, "format", path);
        var rate = c.Integer(e, "lineRateGbps", path, min: 1, max: 10_000);
        var baud = c.Number(e, "baudRateGbaud", path, min: 0, max: 400, exclusiveMin: true);
        var rollOff = c.Number(e, "rollOff", path, min: 0, max: 1);
        var osnr = c.Number(e, "requiredOsnrDb", path, min: 0, max: 50);
        var spacing = c.Number(e, "minSpacingGhz", path, min: 0, max: 1000);
        var reach = c.Number(e, "reachKm", path, min: 0, exclusiveMin: true);
        var power = c.Number(e, "powerW", path, min: 0);
        var cost = c.Number(e, "cost", path, min: 0);
        var txOsnr = c.Number(e, "txOsnrDb", path, required: false, min: 0, max: 80) ?? 40;
        var cd = c.Number(e, "cdTolerancePsPerNm", path, required: false, min: 0) ?? 100_000;
        var pmd = c.Number(e, "pmdTolerancePs", path, required: false, min: 0) ?? 30;
        var latency = c.Number(e, "latencyUs", path, required: false, min: 0) ?? 0;
        var bits = c.Integer(e, "bitsPerSymbol", path, required: false, min: 1, max: 12) ?? 2;
        if (id is null || format is null || rate is null || baud is null || rollOff is null || osnr is null || spacing is null || reach is null || power is null || cost is null)
        {
            return null;
        }

        return new TransceiverMode(new ModeId(id), format, (int)rate, baud.Value, rollOff.Value, osnr.Value, spacing.Value, reach.Value, power.Value, cost.Value, txOsnr, cd, pmd, latency, (int)bits);
    }

    private static List<AmplifierType> ReadAmplifiers(JsonElement root, JsonReaderContext c)
    {
        var result = new List<AmplifierType>();
        if (!c.Array(root, "amplifiers", "$", out var array, limit: (nameof(TopologyLimits.MaxLibraryEntries), c.Limits.MaxLibraryEntries)))
        {
            return result;
        }

        var ids = new HashSet<string>();
        var i = 0;
        foreach (var e in array.EnumerateArray())
        {
            var path = Item("$.amplifiers", i++);
            if (!c.TryObject(e, path))
            {
                continue;
            }

            c.OnlyKnown(e, path, AmplifierFields);

            var id = c.String(e, "id", path);
            if (id is not null && !ids.Add(id))
            {
                c.Error(IssueCodes.DuplicateId, Field(path, "id"), $"amplifier type '{id}' is defined twice");
            }

            var gainMin = c.Number(e, "gainMinDb", path, min: 0, max: 60);
            var gainMax = c.Number(e, "gainFlatMaxDb", path, min: 0, max: 60);
            var pMax = c.Number(e, "pMaxDbm", path, min: -10, max: 40);
            var power = c.Number(e, "powerW", path, min: 0);
            var cost = c.Number(e, "cost", path, min: 0);
            if (gainMin is { } lo && gainMax is { } hi && lo > hi)
            {
                c.Error(IssueCodes.OutOfRange, Field(path, "gainMinDb"), $"minimum gain {lo} dB exceeds the flat maximum gain {hi} dB");
            }

            NoiseFigureModel? nf = null;
            if (c.TryGetOptionalObject(e, "noiseFigure", path, out var nfElement))
            {
                var nfPath = Field(path, "noiseFigure");
                var model = c.String(nfElement, "model", nfPath);
                switch (model)
                {
                    case "fixed":
                        c.OnlyKnown(nfElement, nfPath, FixedNfFields);
                        if (c.Number(nfElement, "nfDb", nfPath, min: 0, max: 20) is { } fixedNf)
                        {
                            nf = new FixedNoiseFigure(fixedNf);
                        }

                        break;
                    case "dual-coil":
                        c.OnlyKnown(nfElement, nfPath, DualCoilNfFields);
                        var nfMin = c.Number(nfElement, "nfMinDb", nfPath, min: 0, max: 20);
                        var nfMax = c.Number(nfElement, "nfMaxDb", nfPath, min: 0, max: 20);
                        if (nfMin is { } a && nfMax is { } b)
                        {
                            if (a > b)
                            {
                                c.Error(IssueCodes.InvalidNoiseFigure, Field(nfPath, "nfMinDb"), $"nfMinDb {a} exceeds nfMaxDb {b}");
                            }
                            else if (gainMin is { } g0 && gainMax is { } g1 && g1 > g0)
                            {
                                nf = new DualCoilNoiseFigure(a, b, g0, g1);
                            }
                            else
                            {
                                c.Error(IssueCodes.InvalidNoiseFigure, nfPath, "the dual-coil model needs gainFlatMaxDb greater than gainMinDb");
                            }
                        }

                        break;
                    case null:
                        break;
                    default:
                        c.Error(IssueCodes.InvalidNoiseFigure, Field(nfPath, "model"), $"unknown noise-figure model '{model}' (expected fixed or dual-coil)");
                        break;
                }
            }
            else if (!e.TryGetProperty("noiseFigure", out _))
            {
                c.Error(IssueCodes.MissingField, Field(path, "noiseFigure"), "required field 'noiseFigure' is missing");
            }

            if (id is not null && gainMin is not null && gainMax is not null && pMax is not null && power is not null && cost is not null && nf is not null)
            {
                result.Add(new AmplifierType(new AmplifierTypeId(id), c.String(e, "name", path, required: false) ?? id, gainMin.Value, gainMax.Value, pMax.Value, nf, power.Value, cost.Value));
            }
        }

        return result;
    }

    private static List<FiberType> ReadFiberTypes(JsonElement root, JsonReaderContext c)
    {
        var result = new List<FiberType>();
        if (!c.Array(root, "fiberTypes", "$", out var array, limit: (nameof(TopologyLimits.MaxLibraryEntries), c.Limits.MaxLibraryEntries)))
        {
            return result;
        }

        var ids = new HashSet<string>();
        var i = 0;
        foreach (var e in array.EnumerateArray())
        {
            var path = Item("$.fiberTypes", i++);
            if (!c.TryObject(e, path))
            {
                continue;
            }

            c.OnlyKnown(e, path, FiberTypeFields);

            var id = c.String(e, "id", path);
            if (id is not null && !ids.Add(id))
            {
                c.Error(IssueCodes.DuplicateId, Field(path, "id"), $"fibre type '{id}' is defined twice");
            }

            var att = c.Number(e, "attenuationDbPerKm", path, min: 0, max: 1, exclusiveMin: true);
            var d = c.Number(e, "dispersionPsPerNmKm", path, min: -30, max: 30);
            var aeff = c.Number(e, "effectiveAreaUm2", path, min: 10, max: 300);
            var n2 = c.Number(e, "n2", path, required: false, min: 0, max: 1e-18) ?? 2.6e-20;
            var pmd = c.Number(e, "pmdCoefficientPsPerSqrtKm", path, required: false, min: 0, max: 5) ?? 0.04;
            var fref = c.Integer(e, "referenceFrequencyMhz", path, required: false, min: 150_000_000, max: 250_000_000) ?? 193_500_000;
            var ng = c.Number(e, "groupIndex", path, required: false, min: 1, max: 2) ?? PhysicalConstants.DefaultGroupIndex;
            if (id is not null && att is not null && d is not null && aeff is not null)
            {
                result.Add(new FiberType(new FiberTypeId(id), c.String(e, "name", path, required: false) ?? id, att.Value, d.Value, aeff.Value, n2, pmd, new Frequency(fref), ng));
            }
        }

        return result;
    }

    private static List<RoadmType> ReadRoadmTypes(JsonElement root, JsonReaderContext c)
    {
        var result = new List<RoadmType>();
        if (!c.Array(root, "roadmTypes", "$", out var array, limit: (nameof(TopologyLimits.MaxLibraryEntries), c.Limits.MaxLibraryEntries)))
        {
            return result;
        }

        var ids = new HashSet<string>();
        var i = 0;
        foreach (var e in array.EnumerateArray())
        {
            var path = Item("$.roadmTypes", i++);
            if (!c.TryObject(e, path))
            {
                continue;
            }

            c.OnlyKnown(e, path, RoadmTypeFields);

            var id = c.String(e, "id", path);
            if (id is not null && !ids.Add(id))
            {
                c.Error(IssueCodes.DuplicateId, Field(path, "id"), $"ROADM type '{id}' is defined twice");
            }

            var express = c.Number(e, "expressLossDb", path, min: 0, max: 40);
            var addDrop = c.Number(e, "addDropLossDb", path, min: 0, max: 40);
            var osnr = c.Number(e, "addDropOsnrDb", path, min: 0, max: 80);
            var lineTarget = EqualisationReader.ReadTarget(e, path, c, required: true);
            // With a PSD target the type's channel power is that of the design's 32 GBd reference channel (for reports).
            double? target = lineTarget?.ChannelPowerDbm(32);
            var psd = lineTarget?.Kind == Domain.Network.EqualisationKind.Psd ? lineTarget.Value : (double?)null;
            var latency = c.Number(e, "latencyUs", path, min: 0, max: 1000);
            var perDegreeW = c.Number(e, "powerPerDegreeW", path, min: 0);
            var perDegreeCost = c.Number(e, "costPerDegree", path, min: 0);
            var baseW = c.Number(e, "basePowerW", path, required: false, min: 0) ?? 0;
            var baseCost = c.Number(e, "baseCost", path, required: false, min: 0) ?? 0;
            if (id is not null && express is not null && addDrop is not null && osnr is not null && target is not null && latency is not null && perDegreeW is not null && perDegreeCost is not null)
            {
                result.Add(new RoadmType(new RoadmTypeId(id), c.String(e, "name", path, required: false) ?? id, express.Value, addDrop.Value, osnr.Value, target.Value, latency.Value, perDegreeW.Value, perDegreeCost.Value, baseW, baseCost, psd));
            }
        }

        return result;
    }
}
