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
}
