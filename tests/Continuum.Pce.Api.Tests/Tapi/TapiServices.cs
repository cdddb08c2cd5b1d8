using System.Text.Json.Nodes;

namespace Continuum.Pce.Api.Tests.Tapi;

/// <summary>Builders of TAPI request bodies and readers of the answers' parts the tests look at.</summary>
public static class TapiServices
{
    /// <summary>A connectivity-service body between two SIPs at <paramref name="rateGbps"/>; <paramref name="extra"/> adds members to the entry.</summary>
    public static JsonObject Service(string uuid, string sipA, string sipZ, int rateGbps = 100, JsonObject? extra = null)
    {
        var entry = new JsonObject
        {
            ["uuid"] = uuid,
            ["layer-protocol-name"] = "PHOTONIC_MEDIA",
            ["end-point"] = new JsonArray(EndPoint("a", sipA), EndPoint("z", sipZ)),
            ["connectivity-constraint"] = new JsonObject
            {
                ["service-type"] = "POINT_TO_POINT_CONNECTIVITY",
                ["requested-capacity"] = new JsonObject { ["total-size"] = new JsonObject { ["value"] = rateGbps.ToString(System.Globalization.CultureInfo.InvariantCulture), ["unit"] = "tapi-common:CAPACITY_UNIT_GBPS" } },
            },
        };
        foreach (var (name, value) in extra ?? [])
        {
            entry[name] = value?.DeepClone();
        }

        return new JsonObject { ["tapi-connectivity:connectivity-service"] = new JsonArray(entry) };
    }

    public static JsonObject PathService(string uuid, string sipA, string sipZ, int rateGbps = 100, JsonObject? extra = null)
    {
        JsonObject End(string id, string sip) => new()
        {
            ["local-id"] = id,
            ["service-interface-point"] = new JsonObject { ["service-interface-point-uuid"] = sip },
            ["capacity"] = new JsonObject { ["total-size"] = new JsonObject { ["value"] = rateGbps, ["unit"] = "tapi-common:CAPACITY_UNIT_GBPS" } },
        };
        var entry = new JsonObject { ["uuid"] = uuid, ["end-point"] = new JsonArray(End("a", sipA), End("z", sipZ)) };
        foreach (var (name, value) in extra ?? [])
        {
            entry[name] = value?.DeepClone();
        }

        return new JsonObject { ["tapi-path-computation:path-comp-service"] = new JsonArray(entry) };
    }

    private static JsonObject EndPoint(string id, string sip) => new()
    {
        ["local-id"] = id,
        ["service-interface-point"] = new JsonObject { ["service-interface-point-uuid"] = sip },
    };

    /// <summary>The value of a TAPI name list entry.</summary>
    public static string? Name(JsonNode? entity, string valueName) =>
        entity?["name"]?.AsArray().FirstOrDefault(n => n?["value-name"]?.GetValue<string>() == valueName)?["value"]?.GetValue<string>();

    /// <summary>The SIPs of a transponder, in port order, from a service-interface-point list.</summary>
    public static List<string> SipsOf(JsonNode sips, string transponder) =>
        [.. sips.AsArray().Where(s => Name(s, "transponder") == transponder).OrderBy(s => int.Parse(Name(s, "port")!, System.Globalization.CultureInfo.InvariantCulture)).Select(s => s!["uuid"]!.GetValue<string>())];

    public static string NewUuid() => Guid.NewGuid().ToString("D");
}
