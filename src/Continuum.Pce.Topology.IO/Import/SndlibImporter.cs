using System.Globalization;
using System.Text.RegularExpressions;
using Continuum.Pce.Domain.Geography;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Topology.IO.Validation;

namespace Continuum.Pce.Topology.IO.Import;

/// <summary>
/// Imports the SNDlib native format (S. Orlowski, R. Wessäly, M. Pióro, A. Tomaszewski, "SNDlib 1.0 – Survivable
/// Network Design Library", Networks 55(3), 2010): <c>NODES ( name ( longitude latitude ) … )</c> and
/// <c>LINKS ( id ( source target ) … )</c>; DEMANDS and ADMISSIBLE_PATHS are skipped. SNDlib gives no link lengths:
/// each is the great-circle distance between the end nodes times <see cref="ImportOptions.RouteFactor"/> (default 1.2,
/// a common allowance for fibre routes that follow roads and railways), rounded to 0.1 km.
/// </summary>
public static partial class SndlibImporter
{
    /// <summary>
    /// Imports a network. Every problem in the source (a line that does not parse, coordinates that are not
    /// longitude/latitude, a link to an unknown node) comes back as an issue whose path is the line, e.g. <c>line 12</c>.
    /// </summary>
    public static ReadResult<OpticalNetwork> Import(string text, string name, ImportOptions? options = null)
    {
        options ??= new ImportOptions();
        var issues = ImportIssues.CheckOptions(options);
        var nodes = new List<NetworkAssembler.RawNode>();
        var links = new List<NetworkAssembler.RawLink>();
        var positions = new Dictionary<string, GeoPoint>(StringComparer.Ordinal);
        string? section = null;
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.Trim();
            var at = $"line {lineNumber}";
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith('?'))
            {
                continue;
            }

            if (SectionStart().Match(line) is { Success: true } start)
            {
                section = start.Groups[1].Value;
                continue;
            }

            if (line == ")")
            {
                section = null;
                continue;
            }

            if (section == "NODES")
            {
                var m = NodeLine().Match(line);
                if (!m.Success ||
                    !double.TryParse(m.Groups[2].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var lon) ||
                    !double.TryParse(m.Groups[3].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var lat))
                {
                    issues.Add(ImportIssues.Source(at, $"expected 'name ( longitude latitude )', found '{line}'"));
                    continue;
                }

                var key = m.Groups[1].Value;
                if (!GeoPoint.IsValid(lat, lon))
                {
                    issues.Add(ImportIssues.Source(at, $"({m.Groups[2].Value} {m.Groups[3].Value}) is not a longitude/latitude pair (ta2 and zib54 use pixel coordinates)"));
                    continue;
                }

                var point = new GeoPoint(lat, lon);
                if (!positions.TryAdd(key, point))
                {
                    issues.Add(ImportIssues.Source(at, $"node '{key}' is listed twice"));
                    continue;
                }

                nodes.Add(new NetworkAssembler.RawNode(key, key, point));
            }
            else if (section == "LINKS")
            {
                var m = LinkLine().Match(line);
                if (!m.Success)
                {
                    issues.Add(ImportIssues.Source(at, $"expected 'id ( source target ) ...', found '{line}'"));
                    continue;
                }

                var (a, b) = (m.Groups[2].Value, m.Groups[3].Value);
                var missing = new[] { a, b }.Where(n => !positions.ContainsKey(n)).ToList();
                if (missing.Count > 0)
                {
                    issues.Add(ImportIssues.Source(at, $"link '{m.Groups[1].Value}' names unknown node {string.Join(" and ", missing.Select(n => $"'{n}'"))}"));
                    continue;
                }

                links.Add(new NetworkAssembler.RawLink(a, b, Math.Round(positions[a].GreatCircleKm(positions[b]) * options.RouteFactor, 1), at));
            }
        }

        if (nodes.Count == 0 && issues.Count == 0)
        {
            issues.Add(ImportIssues.Source("NODES", "the file has no NODES section (is it in SNDlib native format?)"));
        }

        if (issues.Count > 0)
        {
            return new ReadResult<OpticalNetwork>(null, [.. issues]);
        }

        var description = $"Imported from SNDlib native format: {nodes.Count} nodes, {links.Count} links; link length = great-circle distance × route factor {options.RouteFactor.ToString(CultureInfo.InvariantCulture)}; spans of at most {options.SpanLengthKm.ToString(CultureInfo.InvariantCulture)} km.";
        return NetworkAssembler.Assemble(name, description, nodes, links, options);
    }

    [GeneratedRegex(@"^(NODES|LINKS|DEMANDS|ADMISSIBLE_PATHS)\s*\($")]
    private static partial Regex SectionStart();

    [GeneratedRegex(@"^(\S+)\s*\(\s*(\S+)\s+(\S+)\s*\)")]
    private static partial Regex NodeLine();

    [GeneratedRegex(@"^(\S+)\s*\(\s*(\S+)\s+(\S+)\s*\)")]
    private static partial Regex LinkLine();
}
