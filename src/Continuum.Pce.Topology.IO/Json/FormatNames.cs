using Continuum.Pce.Domain.Sites;

namespace Continuum.Pce.Topology.IO.Json;

/// <summary>Names used in the files: format identifiers and the kebab-case spellings of enumerations (matched exactly: <c>CORE-DC</c> is not <c>core-dc</c>).</summary>
public static class FormatNames
{
    public const string NetworkFormat = "continuum-pce/network@1";
    public const string EquipmentFormat = "continuum-pce/equipment@1";

    private static readonly (SiteTier Tier, string Name)[] Tiers =
    [
        (SiteTier.CoreDc, "core-dc"),
        (SiteTier.RegionalDc, "regional-dc"),
        (SiteTier.Colo, "colo"),
        (SiteTier.TelcoEdge, "telco-edge"),
        (SiteTier.Enterprise, "enterprise"),
        (SiteTier.Industrial, "industrial"),
        (SiteTier.AmplifierHut, "amplifier-hut"),
    ];

    /// <summary>The <c>format</c> field of a document, or null when the text is not a JSON object with one (the readers then say why).</summary>
    public static string? FormatOf(string json)
    {
        var context = new JsonReaderContext();
        using var document = JsonReaderContext.Parse(json, context);
        return document is { RootElement.ValueKind: System.Text.Json.JsonValueKind.Object } &&
               document.RootElement.TryGetProperty("format", out var format) && format.ValueKind == System.Text.Json.JsonValueKind.String
            ? format.GetString()
            : null;
    }

    public static IEnumerable<string> TierNames => Tiers.Select(t => t.Name);

    public static string TierName(SiteTier tier) => Tiers.First(t => t.Tier == tier).Name;

    public static bool TryParseTier(string name, out SiteTier tier)
    {
        foreach (var (t, n) in Tiers)
        {
            if (string.Equals(n, name, StringComparison.Ordinal))
            {
                tier = t;
                return true;
            }
        }

        tier = default;
        return false;
    }
}
