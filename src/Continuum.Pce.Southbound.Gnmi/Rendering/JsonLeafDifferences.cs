using System.Text.Json.Nodes;
using Continuum.Pce.Models;

namespace Continuum.Pce.Southbound.Gnmi.Rendering;

/// <summary>
/// Names the leaves where a device's entry departs from the intended one ("config/lower-frequency: intended 193100000,
/// device 193150000"), by local member name (module prefixes ignored); only leaves the intent sets are compared, as in
/// <see cref="JsonSubset"/>.
/// </summary>
public static class JsonLeafDifferences
{
    public static IEnumerable<string> Of(JsonNode? actual, JsonNode? desired) => Walk(actual, desired, "");

    private static IEnumerable<string> Walk(JsonNode? actual, JsonNode? desired, string at)
    {
        switch (desired)
        {
            case null:
                yield break;
            case JsonObject d:
                foreach (var member in d)
                {
                    var local = YangJson.LocalName(member.Key);
                    var match = actual is JsonObject a ? a.FirstOrDefault(m => YangJson.LocalName(m.Key) == local) : default;
                    var path = at.Length == 0 ? local : $"{at}/{local}";
                    if (match.Key is null)
                    {
                        yield return $"{path}: intended {Show(member.Value)}, absent on the device";
                        continue;
                    }

                    foreach (var difference in Walk(match.Value, member.Value, path))
                    {
                        yield return difference;
                    }
                }

                break;
            case JsonArray items:
                var list = actual as JsonArray;
                for (var i = 0; i < items.Count; i++)
                {
                    var item = items[i];
                    if (list is null || !list.Any(candidate => JsonSubset.Contains(candidate, item)))
                    {
                        // The entry the device has in the same place, if any, names the leaves that differ.
                        var counterpart = list is not null && i < list.Count ? list[i] : null;
                        var found = false;
                        foreach (var difference in Walk(counterpart, item, $"{at}[{i}]"))
                        {
                            found = true;
                            yield return difference;
                        }

                        if (!found)
                        {
                            yield return $"{at}[{i}]: intended {Show(item)}, absent on the device";
                        }
                    }
                }

                break;
            default:
                if (actual is not JsonValue || actual.ToJsonString() != desired.ToJsonString())
                {
                    yield return $"{at}: intended {Show(desired)}, device {Show(actual)}";
                }

                break;
        }
    }

    private static string Show(JsonNode? node) => node is null ? "nothing" : node.ToJsonString();
}
