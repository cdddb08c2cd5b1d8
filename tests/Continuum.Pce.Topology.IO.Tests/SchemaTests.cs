using System.Text.Json.Nodes;
using Continuum.Pce.TestKit.Topology;
using Json.Schema;
using Xunit;

namespace Continuum.Pce.Topology.IO.Tests;

/// <summary>The documented JSON Schemas and the reader agree: shipped and written documents satisfy the schemas.</summary>
public sealed class SchemaTests
{
    // JsonSchema.Net registers schemas globally by $id, so each is built once per test run.
    private static readonly Lazy<Dictionary<string, JsonSchema>> Schemas = new(() => new[] { "network.schema.json", "equipment.schema.json" }
        .ToDictionary(f => f, f => JsonSchema.FromText(File.ReadAllText(Path.Combine(ShippedNetworksTests.RepoRoot(), "docs", "schemas", f)))));

    private static JsonSchema Schema(string file) => Schemas.Value[file];

    private static void AssertValid(JsonSchema schema, string json)
    {
        var result = schema.Evaluate(System.Text.Json.JsonDocument.Parse(json).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, string.Join("\n", (result.Details ?? []).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
    }

    [Theory]
    [MemberData(nameof(ShippedNetworksTests.Networks), MemberType = typeof(ShippedNetworksTests))]
    public void EveryShippedNetwork_SatisfiesTheNetworkSchema(string file) =>
        AssertValid(Schema("network.schema.json"), File.ReadAllText(Path.Combine(ShippedNetworksTests.RepoRoot(), "topologies", file)));

    [Fact]
    public void DefaultEquipmentLibrary_SatisfiesTheEquipmentSchema() =>
        AssertValid(Schema("equipment.schema.json"), File.ReadAllText(Path.Combine(ShippedNetworksTests.RepoRoot(), "topologies", "equipment", "default.json")));

    [Fact]
    public void WrittenDocuments_SatisfyTheSchemas()
    {
        AssertValid(Schema("network.schema.json"), DocumentFixtures.ValidTriangle());
        AssertValid(Schema("equipment.schema.json"), TopologyWriter.WriteEquipment(TestEquipment.Library));
    }

    [Fact]
    public void NetworkSchema_RejectsAnUnknownTier()
    {
        var doc = DocumentFixtures.Mutable();
        doc["sites"]![0]!["tier"] = "moon-base";

        var result = Schema("network.schema.json").Evaluate(System.Text.Json.JsonDocument.Parse(doc.ToJsonString()).RootElement);

        Assert.False(result.IsValid);
    }
}
