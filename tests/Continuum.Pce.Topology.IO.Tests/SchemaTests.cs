using System.Text.Json;
using Continuum.Pce.TestKit.Topology;
using Continuum.Pce.Topology.IO.Json;
using Json.Schema;
using Xunit;

namespace Continuum.Pce.Topology.IO.Tests;

/// <summary>
/// The JSON Schemas in docs/schemas are part of the format's documentation: what the writer produces and every shipped
/// file must satisfy them, so that the schemas cannot drift from the code.
/// </summary>
public sealed class SchemaTests
{
    private static readonly Lazy<JsonSchema> NetworkSchema = new(() => Load("network.schema.json"));
    private static readonly Lazy<JsonSchema> EquipmentSchema = new(() => Load("equipment.schema.json"));

    private static JsonSchema Load(string name) =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(ShippedNetworksTests.RepoRoot(), "docs", "schemas", name)));

    private static void AssertValid(JsonSchema schema, string json)
    {
        using var document = JsonDocument.Parse(json);
        var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = (result.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .Select(d => $"{d.InstanceLocation}: {string.Join("; ", d.Errors!.Values)}");
        Assert.True(result.IsValid, string.Join("\n", errors));
    }

    private static bool IsValid(JsonSchema schema, string json)
    {
        using var document = JsonDocument.Parse(json);
        return schema.Evaluate(document.RootElement).IsValid;
    }

    public static TheoryData<string> Networks() => [.. ShippedNetworksTests.NetworkFiles()];

    [Theory]
    [MemberData(nameof(Networks))]
    public void EveryShippedNetwork_SatisfiesTheNetworkSchema(string file) =>
        AssertValid(NetworkSchema.Value, File.ReadAllText(Path.Combine(ShippedNetworksTests.RepoRoot(), "topologies", file)));

    [Fact]
    public void EveryShippedLibrary_SatisfiesTheEquipmentSchema()
    {
        var libraries = Directory.GetFiles(Path.Combine(ShippedNetworksTests.RepoRoot(), "topologies", "equipment"), "*.json");

        Assert.NotEmpty(libraries);
        Assert.All(libraries, f => AssertValid(EquipmentSchema.Value, File.ReadAllText(f)));
    }

    [Fact]
    public void WrittenNetworkWithEveryOptionalField_SatisfiesTheSchema()
    {
        var network = new NetworkBuilder()
            .Named("rich", "every optional field")
            .Site("A", "DE-BY").Site("B", "FR", transponder: false).AmplifierSite("H")
            .Fiber("A", "B", 0, f => f.WithId("A-B", "A to B").Reverse("B-A").Srlg("duct").GuardBand(1).Span(60, 0.21, device: "H-A", gainDb: 16, tiltDb: 0.5).Span(20, amplified: false))
            .Fiber("B", "A", 80, f => f.Reverse("A-B"))
            .Build();

        AssertValid(NetworkSchema.Value, TopologyWriter.WriteNetwork(network, "eq.json", "EUR", new Json.Provenance("test", "Apache-2.0", "notes")));
    }

    [Fact]
    public void WrittenNetworkWithRoadmEqualisation_SatisfiesTheSchema()
    {
        var json = DocumentFixtures.Mutate(d => d["nodes"]![0]!["equalisation"] = new System.Text.Json.Nodes.JsonObject
        {
            ["targetPsdMwPerGhz"] = 0.02,
            ["degrees"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["fiber"] = "A-B", ["targetChannelPowerDbm"] = 1 }),
        });
        var network = NetworkReader.Read(json, TestEquipment.Library).Value!.Network;

        AssertValid(NetworkSchema.Value, TopologyWriter.WriteNetwork(network, "eq.json"));
        Assert.False(IsValid(NetworkSchema.Value, DocumentFixtures.Mutate(d => d["nodes"]![0]!["equalisation"] = new System.Text.Json.Nodes.JsonObject
        {
            ["targetPsdMwPerGhz"] = 0.02,
            ["targetChannelPowerDbm"] = 1,
        })));
    }

    [Fact]
    public void WrittenLibraryWithAPsdRoadmType_SatisfiesTheSchema()
    {
        var type = TestEquipment.Library.RoadmTypes[0] with { TargetPsdMwPerGhz = 0.025 };
        var library = new Domain.Equipment.EquipmentLibrary("psd", "USD", TestEquipment.Library.Transceivers, TestEquipment.Library.Amplifiers, TestEquipment.Library.FiberTypes, [type]);

        AssertValid(EquipmentSchema.Value, TopologyWriter.WriteEquipment(library));
    }

    [Fact]
    public void WrittenLibrary_SatisfiesTheSchema() =>
        AssertValid(EquipmentSchema.Value, TopologyWriter.WriteEquipment(TestEquipment.Library));

    [Theory]
    [InlineData("tier")]
    [InlineData("kind")]
    [InlineData("transponderDegrees")]
    [InlineData("extraField")]
    public void SchemaRejects_WhatTheReaderRejectsOrWarnsAbout(string change)
    {
        var json = DocumentFixtures.Mutate(d =>
        {
            switch (change)
            {
                case "tier":
                    d["sites"]![0]!["tier"] = "castle";
                    break;
                case "kind":
                    d["nodes"]![0]!["kind"] = "router";
                    break;
                case "transponderDegrees":
                    d["nodes"]![3]!["degrees"] = 2;
                    break;
                case "extraField":
                    d["fibers"]![0]!["spans"]![0]!["lossDbPerkm"] = 0.2;
                    break;
            }
        });

        Assert.True(IsValid(NetworkSchema.Value, DocumentFixtures.ValidTriangle()));
        Assert.False(IsValid(NetworkSchema.Value, json));
    }
}
