using System.Collections.Immutable;
using System.Text.Json;
using Continuum.Pce.Domain.Identity;

namespace Continuum.Pce.Application.Planning;

/// <summary>
/// Reads a demand list from JSON text: an array of <c>{"from": site, "to": site, "rateGbps": n, "count": n}</c>
/// (<c>count</c> optional, default 1). Reports every problem at once with its JSON path; sites are checked against a
/// network later (<see cref="WhatIf.Validate"/>).
/// </summary>
public static class DemandFile
{
    public static bool TryParse(string json, out ImmutableArray<Demand> demands, out ImmutableArray<string> errors)
    {
        ArgumentNullException.ThrowIfNull(json);
        var found = ImmutableArray.CreateBuilder<Demand>();
        var problems = ImmutableArray.CreateBuilder<string>();
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                problems.Add($"$: expected an array of demands, found {document.RootElement.ValueKind}");
            }
            else
            {
                var i = 0;
                foreach (var item in document.RootElement.EnumerateArray())
                {
                    Read(item, $"$[{i}]", found, problems);
                    i++;
                }
            }
        }
        catch (JsonException e)
        {
            problems.Add($"not valid JSON: {e.Message}");
        }

        demands = problems.Count == 0 ? found.ToImmutable() : [];
        errors = problems.ToImmutable();
        return problems.Count == 0;
    }

    private static void Read(JsonElement item, string path, ImmutableArray<Demand>.Builder found, ImmutableArray<string>.Builder problems)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{path}: expected an object {{from, to, rateGbps, count}}, found {item.ValueKind}");
            return;
        }

        var before = problems.Count;
        var from = Text(item, "from", path, problems);
        var to = Text(item, "to", path, problems);
        var rate = Integer(item, "rateGbps", path, problems, required: true);
        var count = Integer(item, "count", path, problems, required: false) ?? 1;
        if (rate is <= 0)
        {
            problems.Add($"{path}.rateGbps: must be positive, got {rate}");
        }

        if (count <= 0)
        {
            problems.Add($"{path}.count: must be positive, got {count}");
        }

        if (problems.Count == before)
        {
            found.Add(new Demand(new SiteId(from!), new SiteId(to!), rate!.Value, count));
        }
    }

    private static string? Text(JsonElement item, string name, string path, ImmutableArray<string>.Builder problems)
    {
        if (!item.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            problems.Add($"{path}.{name}: a site id (non-empty string) is required");
            return null;
        }

        return value.GetString();
    }

    private static int? Integer(JsonElement item, string name, string path, ImmutableArray<string>.Builder problems, bool required)
    {
        if (!item.TryGetProperty(name, out var value))
        {
            if (required)
            {
                problems.Add($"{path}.{name}: required");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var n))
        {
            problems.Add($"{path}.{name}: expected an integer, found {value.GetRawText()}");
            return null;
        }

        return n;
    }
}
