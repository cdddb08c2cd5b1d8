using Continuum.Pce.Domain.Geography;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Sites;
using Continuum.Pce.Topology.IO.Validation;

namespace Continuum.Pce.Topology.IO.Import;

/// <summary>Builds a network from plain node and link lists, applying <see cref="ImportOptions"/>; shared by the importers.</summary>
internal static class NetworkAssembler
{
    public sealed record RawNode(string Key, string Name, GeoPoint Location);

    /// <param name="Where">Where the link is in the source (a JSON path or a line), for warnings.</param>
    public sealed record RawLink(string A, string B, double Km, string? Where = null);

    public static ReadResult<OpticalNetwork> Assemble(string name, string description, IReadOnlyList<RawNode> rawNodes, IReadOnlyList<RawLink> rawLinks, ImportOptions options)
    {
        var ids = UniqueIds(rawNodes);
        var degree = new Dictionary<string, int>();
        foreach (var link in rawLinks)
        {
            degree[link.A] = degree.GetValueOrDefault(link.A) + 1;
            degree[link.B] = degree.GetValueOrDefault(link.B) + 1;
        }

        var sites = new List<Site>();
        var nodes = new List<OpticalNode>();
        foreach (var raw in rawNodes)
        {
            var id = ids[raw.Key];
            var country = options.CountryOfNode.TryGetValue(raw.Name, out var c) ? c : options.Country;
            sites.Add(new Site(new SiteId(id), raw.Name, options.Tier, Jurisdiction.Parse(country), raw.Location, options.ElectricityPricePerKwh, options.CarbonIntensityGramsPerKwh));
            var roadm = new NodeId($"{id}-ROADM");
            nodes.Add(new Roadm(roadm, $"{raw.Name} ROADM", new SiteId(id), options.RoadmType, Math.Max(1, degree.GetValueOrDefault(raw.Key)), 2));
            if (options.AddTransponders)
            {
                nodes.Add(new Transponder(new NodeId($"{id}-TRX"), $"{raw.Name} transponders", new SiteId(id), options.TransceiverType, roadm, options.TransponderInterfaces));
            }
        }

        var siteOf = sites.ToDictionary(s => s.Id.Value);
        var fibers = new List<Fiber>();
        var seen = new HashSet<(string, string)>();
        var warnings = new List<TopologyIssue>();
        foreach (var link in rawLinks)
        {
            var (a, b) = (ids[link.A], ids[link.B]);
            if (a == b)
            {
                warnings.Add(new TopologyIssue(IssueSeverity.Warning, IssueCodes.SelfLoop, link.Where ?? "$", $"link {link.A} — {link.B} loops back to its own node and is skipped"));
                continue;
            }

            if (!seen.Add(string.CompareOrdinal(a, b) < 0 ? (a, b) : (b, a)))
            {
                // One duplex fibre pair per node pair: fibre ids are derived from the end sites.
                warnings.Add(new TopologyIssue(IssueSeverity.Warning, IssueCodes.DuplicateId, link.Where ?? "$", $"a second link between {a} and {b} is skipped (parallel links are not imported)"));
                continue;
            }

            // A zero-length link (co-located nodes in a source) still needs one span of positive length: 0.1 km.
            var spans = SpanPlanner.Spans(Math.Max(link.Km, 0.1), options.SpanLengthKm, options.FiberType, options.InlineAmplifier, options.Preamplifier, options.ConnectorLossDb);
            var crossed = new List<Jurisdiction> { siteOf[a].Jurisdiction };
            if (!crossed.Contains(siteOf[b].Jurisdiction))
            {
                crossed.Add(siteOf[b].Jurisdiction);
            }

            var forward = new FiberId($"{a}-{b}");
            var backward = new FiberId($"{b}-{a}");
            var srlg = new SrlgId($"duct-{a}-{b}");
            fibers.Add(new Fiber(forward, new NodeId($"{a}-ROADM"), new NodeId($"{b}-ROADM"), spans, [srlg], [.. crossed], backward));
            fibers.Add(new Fiber(backward, new NodeId($"{b}-ROADM"), new NodeId($"{a}-ROADM"), spans, [srlg], [.. crossed], forward));
        }

        return new ReadResult<OpticalNetwork>(new OpticalNetwork(options.Name ?? name, options.Grid, sites, nodes, fibers, description), [.. warnings]);
    }

    /// <summary>File-friendly ids from node names: letters, digits and hyphens, unique, in source order.</summary>
    private static Dictionary<string, string> UniqueIds(IReadOnlyList<RawNode> nodes)
    {
        var result = new Dictionary<string, string>();
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var node in nodes)
        {
            var chars = node.Name.Split(',')[0].Trim().Select(ch => char.IsAsciiLetterOrDigit(ch) ? ch : '-').ToArray();
            var baseId = string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
            if (baseId.Length == 0)
            {
                baseId = "N" + node.Key;
            }

            var id = baseId;
            for (var n = 2; !used.Add(id); n++)
            {
                id = $"{baseId}-{n}";
            }

            result[node.Key] = id;
        }

        return result;
    }
}
