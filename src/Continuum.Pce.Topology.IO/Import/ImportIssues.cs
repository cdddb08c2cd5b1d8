using Continuum.Pce.Domain.Geography;
using Continuum.Pce.Topology.IO.Validation;

namespace Continuum.Pce.Topology.IO.Import;

/// <summary>Checks the importer options that name codes (countries) before anything is built.</summary>
internal static class ImportIssues
{
    public static List<TopologyIssue> CheckOptions(ImportOptions options)
    {
        var issues = new List<TopologyIssue>();
        if (!Jurisdiction.TryParse(options.Country, out _, out var error))
        {
            issues.Add(Option("country", error));
        }

        foreach (var (node, code) in options.CountryOfNode.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (!Jurisdiction.TryParse(code, out _, out var nodeError))
            {
                issues.Add(Option($"country-of {node}", nodeError));
            }
        }

        if (!(options.SpanLengthKm > 0))
        {
            issues.Add(Option("span-km", $"the span length must be positive, got {options.SpanLengthKm}"));
        }

        if (!(options.RouteFactor >= 1))
        {
            issues.Add(Option("route-factor", $"a fibre route is never shorter than the great circle: the factor must be at least 1, got {options.RouteFactor}"));
        }

        if (options.TransponderInterfaces < 1)
        {
            issues.Add(Option("interfaces", $"a transponder shelf needs at least one interface, got {options.TransponderInterfaces}"));
        }

        return issues;
    }

    public static TopologyIssue Option(string option, string message) =>
        new(IssueSeverity.Error, IssueCodes.InvalidOption, $"--{option}", message);

    public static TopologyIssue Source(string location, string message) =>
        new(IssueSeverity.Error, IssueCodes.MalformedSource, location, message);
}
