using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Continuum.Pce.Api.Tests.Tenancy;

/// <summary>Comparing answers (what may differ without telling anything about another tenant is taken out) and scanning them for another tenant's resources.</summary>
public static partial class Answers
{
    /// <summary>
    /// Fields that differ between two equal answers for reasons that are not another tenant's business: times, trace
    /// ids, device health, the shared spectrum's occupancy (slots, and the figures that follow from the neighbours) and
    /// the shared transponders' (the interface a lightpath was given).
    /// </summary>
    private static readonly HashSet<string> Volatile = new(StringComparer.OrdinalIgnoreCase)
    {
        "traceId", "lastSeen", "health", "createdAt", "updatedAt", "at", "raisedAt", "clearedAt",
        "occupiedSlots", "utilisation", "slotStart", "slotCount", "frequencyThz", "centreThz", "gsnrDb", "marginDb",
        "sourceInterface", "destinationInterface",
        "planMs", // a defragmentation plan's own computing time (its id is the caller's new resource, replaced like any id)
    };

    /// <summary>An answer with volatile fields and other tenants' (anonymous) claims taken out, and the ids of <paramref name="ids"/> and the caller's tenant replaced by placeholders.</summary>
    public static string Normalise(Answer answer, IdSet? ids = null, string? callerTenant = null)
    {
        var text = answer.Body;
        if (TryParse(text, out var node))
        {
            Strip(node);
            text = node?.ToJsonString() ?? "null";
        }

        foreach (var (value, placeholder) in ids?.Placeholders ?? [])
        {
            text = text.Replace(value, placeholder, StringComparison.Ordinal);
        }

        if (callerTenant is not null)
        {
            text = text.Replace(callerTenant, "<me>", StringComparison.Ordinal);
        }

        return $"{answer.Status} {SlotRange().Replace(Generated().Replace(text, "<generated>"), "[slots)")}";
    }

    /// <summary>
    /// What in an answer to <paramref name="caller"/> belongs to another tenant: the owner's tenant name (unless the
    /// caller sent it), a resource of another tenant, or (while the caller has nothing of its own under the owner's ids:
    /// <paramref name="callerHasOwnIds"/> false) any object that carries one of the owner's ids without being the
    /// caller's own.
    /// </summary>
    public static IEnumerable<string> Leaks(Answer answer, Actor caller, IReadOnlyCollection<string> ownerIds, bool callerSentOwnerTenant, bool callerHasOwnIds = false)
    {
        if (!callerSentOwnerTenant && answer.Body.Contains(TenancyFixture.OwnerTenant, StringComparison.Ordinal))
        {
            yield return $"names tenant {TenancyFixture.OwnerTenant}";
        }

        if (!TryParse(answer.Body, out var node) || node is null)
        {
            yield break;
        }

        foreach (var item in Objects(node))
        {
            var tenant = item["tenant"] is JsonValue t && t.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;
            if (tenant is not null && tenant != caller.Tenant)
            {
                yield return $"shows a resource of tenant {tenant}: {Short(item)}";
                continue;
            }

            var owned = item.Where(p => p.Value is JsonValue v && v.TryGetValue<string>(out var id) && ownerIds.Contains(id)).Select(p => p.Key).ToList();
            if (owned.Count > 0 && tenant != caller.Tenant && !callerHasOwnIds)
            {
                yield return $"shows tenant A's id in {string.Join(", ", owned)} of an object that is not the caller's: {Short(item)}";
            }
        }
    }

    private static string Short(JsonNode node)
    {
        var text = node.ToJsonString();
        return text.Length > 200 ? text[..200] + "…" : text;
    }

    private static IEnumerable<JsonObject> Objects(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                yield return o;
                foreach (var child in o.Select(p => p.Value).OfType<JsonNode>().SelectMany(Objects))
                {
                    yield return child;
                }

                break;
            case JsonArray a:
                foreach (var child in a.OfType<JsonNode>().SelectMany(Objects))
                {
                    yield return child;
                }

                break;
        }
    }

    private static void Strip(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var name in o.Select(p => p.Key).Where(Volatile.Contains).ToList())
                {
                    o.Remove(name);
                }

                if (o["id"] is JsonValue id && id.ToString().StartsWith("dfp-", StringComparison.Ordinal))
                {
                    o.Remove("id"); // a defragmentation plan's id: a new resource of the caller's, random
                }

                if (o["claims"] is JsonArray claims)
                {
                    // Another tenant's claims are occupied slots only: they may come and go.
                    foreach (var claim in claims.OfType<JsonObject>().Where(c => c["lightpath"] is null || c["lightpath"]!.ToString().Length == 0).ToList())
                    {
                        claims.Remove(claim);
                    }

                    if (claims.Count == 0)
                    {
                        o.Remove("claims"); // gRPC's JSON leaves an empty list out
                    }
                }

                foreach (var child in o.Select(p => p.Value).ToList())
                {
                    Strip(child);
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    Strip(child);
                }

                break;
        }
    }

    private static bool TryParse(string text, out JsonNode? node)
    {
        node = null;
        var trimmed = text.AsSpan().TrimStart();
        if (trimmed.Length == 0 || (trimmed[0] != '{' && trimmed[0] != '['))
        {
            return false;
        }

        try
        {
            node = JsonNode.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>A slot range in a history reason ("slots [56..64)"): where first-fit put a lightpath depends on the others.</summary>
    [GeneratedRegex(@"\[\d+\.\.\d+\)")]
    private static partial Regex SlotRange();

    /// <summary>Ids the server makes up (a lightpath without an id, a bundle without a prefix, a reservation attempt).</summary>
    [GeneratedRegex("(lp-[0-9a-f]{16}|bundle-[0-9a-f]{12}|attempt [0-9]+-[0-9a-f]+)")]
    private static partial Regex Generated();
}
