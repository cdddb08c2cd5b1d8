using System.Text.RegularExpressions;

namespace Continuum.Pce.Api.Operations;

/// <summary>The northbound id rule (lightpath, tenant, bundle prefix): 1 to 64 letters, digits, '.', '_', ':' or '-'.</summary>
internal static partial class Ids
{
    public const string Rule = "must be 1 to 64 letters, digits, '.', '_', ':' or '-'";

    public static bool IsValid(string id) => Pattern().IsMatch(id);

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,64}$")]
    private static partial Regex Pattern();
}
