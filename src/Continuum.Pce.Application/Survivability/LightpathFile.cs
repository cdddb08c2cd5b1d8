using System.Collections.Immutable;
using System.Text.Json;
using Continuum.Pce.Application.Planning;

namespace Continuum.Pce.Application.Survivability;

/// <summary>One entry of a lightpath file: a demand (<see cref="DemandFile"/>'s shape) with its owner and restoration priority.</summary>
public sealed record LightpathDemand(Demand Demand, string Tenant, int Priority)
{
    /// <summary>1+1: a working and an SRLG-disjoint protection leg on one slot range.</summary>
    public bool Protected { get; init; }
}

/// <summary>
/// The offline input of the survivability analysis: the demand file format (<see cref="DemandFile"/>: an array of
/// <c>{"from", "to", "rateGbps", "count"}</c>) with three optional members per entry, <c>"tenant"</c> (default
/// <c>"default"</c>), <c>"priority"</c> (0, restored first, to 7, last; default 4: the restoration priorities of lightpaths)
/// and <c>"protection"</c> (<c>"none"</c>, default, or <c>"1+1"</c>). A plain demand file is
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

            var isProtected = false;
            if (item.TryGetProperty("protection", out var protection))
            {
                if (protection.ValueKind == JsonValueKind.String && protection.GetString() is "none" or "1+1")
                {
                    isProtected = protection.GetString() == "1+1";
                }
                else
                {
                    problems.Add($"$[{i}].protection: expected \"none\" or \"1+1\", found {protection.GetRawText()}");
                }
            }

            found.Add(new LightpathDemand(demands[i], tenant, priority) { Protected = isProtected });
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
