using System.Globalization;
using System.Text.RegularExpressions;
using Continuum.Pce.Domain.Geography;
using Continuum.Pce.Domain.Network;

namespace Continuum.Pce.Topology.IO.Import;

/// <summary>
/// Imports the SNDlib native format (S. Orlowski, R. Wessäly, M. Pióro, A. Tomaszewski, "SNDlib 1.0 – Survivable
/// Network Design Library", Networks 55(3), 2010): <c>NODES ( name ( longitude latitude ) … )</c> and
/// <c>LINKS ( id ( source target ) … )</c>. SNDlib gives no link lengths: each is the great-circle distance between
/// the end nodes times <see cref="ImportOptions.RouteFactor"/> (default 1.2, a common allowance for fibre routes
/// following roads and railways).
/// </summary>
public static partial class SndlibImporter
{
    public static OpticalNetwork Import(string text, string name, ImportOptions? options = null)
    {
        options ??= new ImportOptions();
        var nodes = new List<NetworkAssembler.RawNode>();
        var links = new List<NetworkAssembler.RawLink>();
        var positions = new Dictionary<string, GeoPoint>();
        string? section = null;
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.Trim();
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
                if (!m.Success)
                {
                    throw new FormatException($"SNDlib line {lineNumber}: expected 'name ( longitude latitude )', found '{line}'");
                }

                var lon = double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
                var lat = double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
                if (!GeoPoint.IsValid(lat, lon))
                {
                    throw new FormatException($"SNDlib line {lineNumber}: ({lon}, {lat}) is not a longitude/latitude pair (this file may use pixel coordinates)");
                }

                var point = new GeoPoint(lat, lon);
                positions[m.Groups[1].Value] = point;
                nodes.Add(new NetworkAssembler.RawNode(m.Groups[1].Value, m.Groups[1].Value, point));
            }
            else if (section == "LINKS")
            {
                var m = LinkLine().Match(line);
                if (!m.Success)
                {
                    throw new FormatException($"SNDlib line {lineNumber}: expected 'id ( source target ) ...', found '{line}'");
                }

                var (a, b) = (m.Groups[2].Value, m.Groups[3].Value);
                if (!positions.TryGetValue(a, out var pa) || !positions.TryGetValue(b, out var pb))
                {
                    throw new FormatException($"SNDlib line {lineNumber}: link {m.Groups[1].Value} names an unknown node");
                }

                links.Add(new NetworkAssembler.RawLink(a, b, Math.Round(pa.GreatCircleKm(pb) * options.RouteFactor, 1)));
            }
        }

        var description = $"Imported from SNDlib: {nodes.Count} nodes, {links.Count} links; link length = great-circle distance × route factor {options.RouteFactor.ToString(CultureInfo.InvariantCulture)}.";
        return NetworkAssembler.Assemble(name, description, nodes, links, options);
    }

    [GeneratedRegex(@"^(NODES|LINKS|DEMANDS|ADMISSIBLE_PATHS)\s*\($")]
    private static partial Regex SectionStart();

    [GeneratedRegex(@"^(\S+)\s*\(\s*([-+0-9.eE]+)\s+([-+0-9.eE]+)\s*\)")]
    private static partial Regex NodeLine();

    [GeneratedRegex(@"^(\S+)\s*\(\s*(\S+)\s+(\S+)\s*\)")]
    private static partial Regex LinkLine();
}
