using System.Collections.Immutable;
using System.Text.Json;
using Continuum.Pce.Application.Planning;

namespace Continuum.Pce.Application.Survivability;

/// <summary>One entry of a lightpath file: a demand (<see cref="DemandFile"/>'s shape) with its owner and restoration priority.</summary>
public sealed record LightpathDemand(Demand Demand, string Tenant, int Priority);

/// <summary>
/// The offline input of the survivability analysis: the demand file format (<see cref="DemandFile"/>: an array of
/// <c>{"from", "to", "rateGbps", "count"}</c>) with two optional members per entry, <c>"tenant"</c> (default
/// <c>"default"</c>) and <c>"priority"</c> (0, restored first, to 7, last; default 4: the restoration priorities of lightpaths). A plain demand file is
/// therefore a valid lightpath file. Every problem is reported at once with its JSON path.
/// </summary>
public static class LightpathFile
{
    public const string DefaultTenant = "default";

    public static bool TryParse(string json, out ImmutableArray<LightpathDemand> entries, out ImmutableArray<string> errors)
    {
        ArgumentNullException.ThrowIfNull(json);
        entries = [];
        if (!DemandFile.TryParse(json, out var demands, out errors))
        {
            return false;
        }

        var found = ImmutableArray.CreateBuilder<LightpathDemand>(demands.Length);
        var problems = ImmutableArray.CreateBuilder<string>();
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var i = 0;
        foreach (var item in document.RootElement.EnumerateArray())
        {
            var tenant = DefaultTenant;
            var priority = Domain.Lightpaths.RestorationPriority.Default;
            if (item.TryGetProperty("tenant", out var t))
            {
                if (t.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(t.GetString()))
                {
                    problems.Add($"$[{i}].tenant: a tenant id (non-empty string) is expected, found {t.GetRawText()}");
                }
                else
                {
                    tenant = t.GetString()!;
                }
            }

            if (item.TryGetProperty("priority", out var p))
            {
                if (p.ValueKind != JsonValueKind.Number || !p.TryGetInt32(out priority) || !Domain.Lightpaths.RestorationPriority.IsValid(priority))
                {
                    problems.Add($"$[{i}].priority: expected an integer from 0 (restored first) to 7, found {p.GetRawText()}");
                }
            }

            found.Add(new LightpathDemand(demands[i], tenant, priority));
            i++;
        }

        errors = problems.ToImmutable();
        if (problems.Count > 0)
        {
            return false;
        }

        entries = found.MoveToImmutable();
        return true;
    }
}
