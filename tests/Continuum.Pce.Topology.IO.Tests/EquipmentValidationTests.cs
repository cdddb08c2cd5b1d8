using System.Text.Json.Nodes;
using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.TestKit.Topology;
using Continuum.Pce.Topology.IO.Json;
using Continuum.Pce.Topology.IO.Validation;
using Xunit;

namespace Continuum.Pce.Topology.IO.Tests;

public sealed class EquipmentValidationTests
{
    private static string Mutate(Action<JsonObject> change)
    {
        var doc = JsonNode.Parse(TopologyWriter.WriteEquipment(TestEquipment.Library))!.AsObject();
        change(doc);
        return doc.ToJsonString();
    }

    [Fact]
    public void Library_WriteThenRead_GivesTheSameLibrary()
    {
        var text = TopologyWriter.WriteEquipment(TestEquipment.Library);

        var back = EquipmentReader.Read(text);

        Assert.True(back.IsSuccess, string.Join("\n", back.Issues));
        Assert.Equal(text, TopologyWriter.WriteEquipment(back.Value!));
        Assert.Equal(TestEquipment.Library.Transceivers[0].Modes.ToArray(), back.Value!.Transceivers[0].Modes.ToArray());
        Assert.IsType<DualCoilNoiseFigure>(back.Value.Amplifiers[0].NoiseFigure);
    }

    [Fact]
    public void HitlessRetune_IsReadWrittenOnlyWhenTrue_AndANonBooleanIsAWrongType()
    {
        var hitless = EquipmentReader.Read(Mutate(d => d["transceivers"]![0]!["hitlessRetune"] = true));
        var wrong = EquipmentReader.Read(Mutate(d => d["transceivers"]![0]!["hitlessRetune"] = "yes"));

        Assert.True(hitless.IsSuccess, string.Join("\n", hitless.Issues));
        Assert.True(hitless.Value!.Transceivers[0].HitlessRetune);
        Assert.Contains("\"hitlessRetune\": true", TopologyWriter.WriteEquipment(hitless.Value), StringComparison.Ordinal);
        Assert.DoesNotContain("hitlessRetune", TopologyWriter.WriteEquipment(TestEquipment.Library), StringComparison.Ordinal);
        Assert.Contains(wrong.Issues, i => i.Code == IssueCodes.WrongType && i.Path == "$.transceivers[0].hitlessRetune");
    }

    [Theory]
    [InlineData("nfMin", IssueCodes.InvalidNoiseFigure, "$.amplifiers[0].noiseFigure.nfMinDb")]
    [InlineData("rollOff", IssueCodes.OutOfRange, "$.transceivers[0].modes[0].rollOff")]
    [InlineData("baud", IssueCodes.OutOfRange, "$.transceivers[0].modes[0].baudRateGbaud")]
    [InlineData("dupMode", IssueCodes.DuplicateId, "$.transceivers[0].modes[1].id")]
    [InlineData("gain", IssueCodes.OutOfRange, "$.amplifiers[0].gainMinDb")]
    [InlineData("model", IssueCodes.InvalidNoiseFigure, "$.amplifiers[0].noiseFigure.model")]
    [InlineData("attenuation", IssueCodes.OutOfRange, "$.fiberTypes[0].attenuationDbPerKm")]
    [InlineData("dupFiber", IssueCodes.DuplicateId, "$.fiberTypes[1].id")]
    public void InvalidEntries_AreReportedAtTheirPath(string change, string code, string path)
    {
        var json = Mutate(d =>
        {
            switch (change)
            {
                case "nfMin":
                    d["amplifiers"]![0]!["noiseFigure"]!["nfMinDb"] = 9;
                    break;
                case "rollOff":
                    d["transceivers"]![0]!["modes"]![0]!["rollOff"] = 1.5;
                    break;
                case "baud":
                    d["transceivers"]![0]!["modes"]![0]!["baudRateGbaud"] = 0;
                    break;
                case "dupMode":
                    d["transceivers"]![0]!["modes"]![1]!["id"] = "400G";
                    break;
                case "gain":
                    d["amplifiers"]![0]!["gainMinDb"] = 30;
                    break;
                case "model":
                    d["amplifiers"]![0]!["noiseFigure"]!["model"] = "magic";
                    break;
                case "attenuation":
                    d["fiberTypes"]![0]!["attenuationDbPerKm"] = -0.2;
                    break;
                case "dupFiber":
                    d["fiberTypes"]!.AsArray().Add(d["fiberTypes"]![0]!.DeepClone());
                    break;
            }
        });

        var result = EquipmentReader.Read(json);

        Assert.Null(result.Value);
        Assert.Contains(result.Errors, e => e.Code == code && e.Path == path);
    }

    [Theory]
    [InlineData("transceivers")]
    [InlineData("amplifiers")]
    [InlineData("roadmTypes")]
    public void DuplicateLibraryIds_AreReported(string list)
    {
        var json = Mutate(d => d[list]!.AsArray().Add(d[list]![0]!.DeepClone()));

        var result = EquipmentReader.Read(json);

        Assert.Contains(result.Errors, e => e.Code == IssueCodes.DuplicateId && e.Path == $"$.{list}[1].id");
    }

    [Fact]
    public void MissingRequiredModeField_IsReportedAtItsPath()
    {
        var result = EquipmentReader.Read(Mutate(d => d["transceivers"]![0]!["modes"]![2]!.AsObject().Remove("requiredOsnrDb")));

        Assert.Contains(result.Errors, e => e.Code == IssueCodes.MissingField && e.Path == "$.transceivers[0].modes[2].requiredOsnrDb");
    }

    [Fact]
    public void MalformedLibrary_IsReportedWithItsLine()
    {
        var result = EquipmentReader.Read("{\n \"format\": \"continuum-pce/equipment@1\",\n \"name\": [\n}");

        var error = Assert.Single(result.Errors);
        Assert.Equal(IssueCodes.MalformedJson, error.Code);
        Assert.Null(result.Value);
    }

    [Fact]
    public void DualCoilAmplifierWithoutAGainRange_IsReported()
    {
        var result = EquipmentReader.Read(Mutate(d => d["amplifiers"]![0]!["gainMinDb"] = 25));

        Assert.Contains(result.Errors, e => e.Code == IssueCodes.InvalidNoiseFigure && e.Path == "$.amplifiers[0].noiseFigure");
    }

    [Fact]
    public void TransceiverWithoutModes_IsReported()
    {
        var result = EquipmentReader.Read(Mutate(d => d["transceivers"]![0]!["modes"] = new JsonArray()));

        Assert.Contains(result.Errors, e => e.Code == IssueCodes.EmptyCollection && e.Path == "$.transceivers[0].modes");
    }

    [Fact]
    public void UnsupportedLibraryFormat_IsReported()
    {
        var result = EquipmentReader.Read(Mutate(d => d["format"] = "gnpy/eqpt"));

        Assert.Contains(result.Errors, e => e.Code == IssueCodes.UnsupportedFormat && e.Path == "$.format");
    }

    [Fact]
    public void UnknownLibraryField_IsAWarning()
    {
        var result = EquipmentReader.Read(Mutate(d => d["fiberTypes"]![0]!["dispersion"] = 17));

        Assert.True(result.IsSuccess);
        Assert.Contains(result.Warnings, w => w.Code == IssueCodes.UnknownField && w.Path == "$.fiberTypes[0].dispersion");
    }

    [Fact]
    public void ShippedDefaultLibrary_HasModesFrom100GTo800G_AndTheReferenceFibres()
    {
        var library = EquipmentReader.Read(File.ReadAllText(Path.Combine(ShippedNetworksTests.RepoRoot(), "topologies", "equipment", "default.json")));

        Assert.True(library.IsSuccess, string.Join("\n", library.Issues));
        var rates = library.Value!.Transceivers.SelectMany(t => t.Modes).Select(m => m.LineRateGbps).ToHashSet();
        Assert.Contains(100, rates);
        Assert.Contains(800, rates);
        Assert.True(library.Value.TryGetFiberType(new Domain.Identity.FiberTypeId("SSMF"), out var ssmf));
        Assert.Equal(83, ssmf.EffectiveAreaUm2);
        Assert.Equal(16.7, ssmf.DispersionPsPerNmKm);
        // GNPy's calibration amplifier: gain 8–16 dB, NF 6.5–11 dB gives NF 6.62 dB at 15 dB (physics.md).
        Assert.True(library.Value.TryGetAmplifier(new Domain.Identity.AmplifierTypeId("edfa-vg-8-16"), out var edfa));
        Assert.Equal(6.62, edfa.NoiseFigure.NoiseFigureDb(15), 2);
    }
}
