using Continuum.Pce.Domain.Sites;

namespace Continuum.Pce.Topology.IO.Json;

/// <summary>Names used in the files: format identifiers and the kebab-case spellings of enumerations.</summary>
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

    public static IEnumerable<string> TierNames => Tiers.Select(t => t.Name);

    public static string TierName(SiteTier tier) => Tiers.First(t => t.Tier == tier).Name;

    public static bool TryParseTier(string name, out SiteTier tier)
    {
        foreach (var (t, n) in Tiers)
        {
            if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase))
            {
                tier = t;
                return true;
            }
        }

        tier = default;
        return false;
    }
}
