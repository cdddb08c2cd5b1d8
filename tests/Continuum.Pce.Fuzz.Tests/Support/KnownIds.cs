using System.Net.Http.Json;
using System.Text.Json;

namespace Continuum.Pce.Fuzz.Tests.Support;

/// <summary>Ids of the running network (so fuzzed requests reach deep into the operations, not only the 404 path) and its document.</summary>
public sealed class KnownIds
{
    public List<string> Sites { get; } = [];

    public List<string> Nodes { get; } = [];

    public List<string> Fibers { get; } = [];

    public List<string> Lightpaths { get; } = [];

    public List<string> Alarms { get; } = [];

    public List<string> DefragPlans { get; } = [];

    public List<string> ChartNames { get; } = ["latency", "utilisation", "impact", "energy", "x.svg"];

    public string TopologyText { get; private set; } = "{}";

    public static async Task<KnownIds> ReadAsync(HttpClient admin)
    {
        var known = new KnownIds();
        known.Sites.AddRange(Ids(await admin.GetFromJsonAsync<JsonElement>("/api/v1/sites")));
        known.Nodes.AddRange(Ids(await admin.GetFromJsonAsync<JsonElement>("/api/v1/nodes")));
        known.Fibers.AddRange(Ids(await admin.GetFromJsonAsync<JsonElement>("/api/v1/fibers")));
        var topology = await admin.GetFromJsonAsync<JsonElement>("/api/v1/topology");
        known.TopologyText = topology.GetProperty("network").GetRawText();
        return known;
    }

    private static IEnumerable<string> Ids(JsonElement list) =>
        (list.ValueKind == JsonValueKind.Array ? list : list.GetProperty("items")).EnumerateArray().Select(e => e.GetProperty("id").GetString()!);
}
