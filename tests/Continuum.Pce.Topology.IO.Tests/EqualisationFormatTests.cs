using System.Text.Json.Nodes;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.TestKit.Topology;
using Continuum.Pce.Topology.IO.Json;
using Continuum.Pce.Topology.IO.Validation;
using Xunit;

namespace Continuum.Pce.Topology.IO.Tests;

/// <summary>ROADM output equalisation in the network and equipment formats (a ROADM's own and per-degree targets, PSD types).</summary>
public sealed class EqualisationFormatTests
{
    private static ReadResult<LoadedNetwork> Read(string json) => NetworkReader.Read(json, TestEquipment.Library);

    private static string WithEqualisation(JsonObject equalisation) =>
        DocumentFixtures.Mutate(d => d["nodes"]![0]!["equalisation"] = equalisation);

    private static JsonObject Degree(string fiber, string field, double value) => new() { ["fiber"] = fiber, [field] = value };

    [Fact]
    public void RoadmEqualisation_WithDegreeTargets_IsReadIntoTheRoadm()
    {
        var json = WithEqualisation(new JsonObject
        {
            ["targetChannelPowerDbm"] = -1,
            ["degrees"] = new JsonArray(Degree("A-B", "targetPsdMwPerGhz", 0.02)),
        });

        var result = Read(json);

        Assert.True(result.IsSuccess, string.Join("\n", result.Issues));
        var roadm = (Roadm)result.Value!.Network.Node(new NodeId("A-R"));
        var type = TestEquipment.Library.RoadmType(roadm.Type);
        Assert.Equal(EqualisationTarget.Psd(0.02), roadm.LineTarget(new FiberId("A-B"), type));
        Assert.Equal(EqualisationTarget.Power(-1), roadm.LineTarget(new FiberId("A-C"), type));
    }

    [Fact]
    public void RoadmWithoutEqualisation_TakesItsTypesTarget()
    {
        var roadm = (Roadm)Read(DocumentFixtures.ValidTriangle()).Value!.Network.Node(new NodeId("A-R"));

        Assert.Null(roadm.Equalisation);
        Assert.Equal(EqualisationTarget.Power(0), roadm.LineTarget(new FiberId("A-B"), TestEquipment.Library.RoadmType(roadm.Type)));
    }

    [Fact]
    public void RoadmEqualisation_WrittenAndReadBack_IsTheSame()
    {
        var first = Read(WithEqualisation(new JsonObject
        {
            ["targetPsdMwPerGhz"] = 0.015,
            ["degrees"] = new JsonArray(Degree("A-B", "targetChannelPowerDbm", 2), Degree("A-C", "targetPsdMwPerGhz", 0.03)),
        })).Value!.Network;

        var written = TopologyWriter.WriteNetwork(first, "equipment.json");
        var second = Read(written).Value!.Network;

        Assert.Equal(first.Node(new NodeId("A-R")), second.Node(new NodeId("A-R")));
        Assert.Equal(written, TopologyWriter.WriteNetwork(second, "equipment.json"));
    }

    [Fact]
    public void DegreeTarget_NamingAFibreThatLeavesAnotherRoadm_IsRefusedAtItsPath()
    {
        var result = Read(WithEqualisation(new JsonObject { ["degrees"] = new JsonArray(Degree("B-C", "targetChannelPowerDbm", 1)) }));

        Assert.Null(result.Value);
        Assert.Contains(result.Errors, e => e.Code == IssueCodes.NotADegree && e.Path == "$.nodes[0].equalisation.degrees[0].fiber");
    }

    [Fact]
    public void DegreeTarget_NamingNoFibre_IsRefusedAsUnknownFiber()
    {
        var result = Read(WithEqualisation(new JsonObject { ["degrees"] = new JsonArray(Degree("nowhere", "targetChannelPowerDbm", 1)) }));

        Assert.Contains(result.Errors, e => e.Code == IssueCodes.UnknownFiber && e.Path == "$.nodes[0].equalisation.degrees[0].fiber");
    }

    [Fact]
    public void Equalisation_WithBothPowerAndPsd_IsRefusedAsConflicting()
    {
        var result = Read(WithEqualisation(new JsonObject { ["targetChannelPowerDbm"] = 0, ["targetPsdMwPerGhz"] = 0.02 }));

        Assert.Contains(result.Errors, e => e.Code == IssueCodes.ConflictingFields && e.Path == "$.nodes[0].equalisation.targetPsdMwPerGhz");
    }

    [Fact]
    public void DegreeTarget_WithoutATarget_IsRefusedAsMissing()
    {
        var result = Read(WithEqualisation(new JsonObject { ["degrees"] = new JsonArray(new JsonObject { ["fiber"] = "A-B" }) }));

        Assert.Contains(result.Errors, e => e.Code == IssueCodes.MissingField && e.Path == "$.nodes[0].equalisation.degrees[0].targetChannelPowerDbm");
    }

    [Fact]
    public void EqualisationTarget_OutOfRange_IsRefused()
    {
        var result = Read(WithEqualisation(new JsonObject { ["targetPsdMwPerGhz"] = 0 }));

        Assert.Contains(result.Errors, e => e.Code == IssueCodes.OutOfRange && e.Path == "$.nodes[0].equalisation.targetPsdMwPerGhz");
    }

    [Fact]
    public void RoadmTypeWithAPsdTarget_IsReadAndWrittenWithoutAChannelPower()
    {
        var library = JsonNode.Parse(TopologyWriter.WriteEquipment(TestEquipment.Library))!.AsObject();
        var type = library["roadmTypes"]![0]!.AsObject();
        type.Remove("targetChannelPowerDbm");
        type["targetPsdMwPerGhz"] = 0.025;

        var read = TopologyReader.ReadEquipment(library.ToJsonString());

        Assert.True(read.IsSuccess, string.Join("\n", read.Issues));
        var roadm = read.Value!.RoadmTypes[0];
        Assert.Equal(EqualisationTarget.Psd(0.025), roadm.LineTarget);
        Assert.Equal(10 * Math.Log10(0.025 * 32), roadm.TargetChannelPowerDbm, 1e-12);
        var written = JsonNode.Parse(TopologyWriter.WriteEquipment(read.Value))!["roadmTypes"]![0]!.AsObject();
        Assert.False(written.ContainsKey("targetChannelPowerDbm"));
        Assert.Equal(0.025, written["targetPsdMwPerGhz"]!.GetValue<double>());
    }

    [Fact]
    public void RoadmTypeWithNeitherTarget_IsRefusedAsMissing()
    {
        var library = JsonNode.Parse(TopologyWriter.WriteEquipment(TestEquipment.Library))!.AsObject();
        library["roadmTypes"]![0]!.AsObject().Remove("targetChannelPowerDbm");

        var read = TopologyReader.ReadEquipment(library.ToJsonString());

        Assert.Contains(read.Errors, e => e.Code == IssueCodes.MissingField && e.Path == "$.roadmTypes[0].targetChannelPowerDbm");
    }
}
