using System.Text.Json.Nodes;
using Continuum.Pce.TestKit.Topology;

namespace Continuum.Pce.Topology.IO.Tests;

/// <summary>A valid triangle network document (A, B, C) to break one field at a time.</summary>
internal static class DocumentFixtures
{
    public static string ValidTriangle() => TopologyWriter.WriteNetwork(
        new NetworkBuilder().Named("triangle").Site("A").Site("B", "FR").Site("C", "NL").Link("A", "B", 120).Link("B", "C", 200).Link("C", "A", 90).Build(),
        "equipment.json");

    public static JsonObject Mutable() => JsonNode.Parse(ValidTriangle())!.AsObject();

    public static string Mutate(Action<JsonObject> change)
    {
        var doc = Mutable();
        change(doc);
        return doc.ToJsonString();
    }
}
