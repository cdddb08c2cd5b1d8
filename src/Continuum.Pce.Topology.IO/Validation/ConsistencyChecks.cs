using Continuum.Pce.Domain.Geography;
using Continuum.Pce.Domain.Network;

namespace Continuum.Pce.Topology.IO.Validation;

/// <summary>
/// Warnings about a network that is well-formed but probably not what its author meant. They run on a network that
/// has no errors, whose lists are in document order, so list indices are JSON-path indices.
/// </summary>
public static class ConsistencyChecks
{
    public static IEnumerable<TopologyIssue> Warnings(OpticalNetwork network)
    {
        var nodeIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < network.Nodes.Length; i++)
        {
            nodeIndex[network.Nodes[i].Id.Value] = i;
        }

        // A transponder patches into its ROADM's add/drop with a short jumper: both must be in one site.
        for (var i = 0; i < network.Nodes.Length; i++)
        {
            if (network.Nodes[i] is Transponder t && network.Node(t.AttachedRoadm).Site != t.Site)
            {
                yield return Warning(IssueCodes.TransponderSiteMismatch, $"$.nodes[{i}].attachedRoadm",
                    $"transponder '{t.Id}' is in site '{t.Site}' but its ROADM '{t.AttachedRoadm}' is in site '{network.Node(t.AttachedRoadm).Site}'");
            }
        }

        // Each outgoing fibre of a ROADM uses a line degree (a duplex pair shares one).
        var outgoing = network.Fibers.GroupBy(f => f.Source.Value, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(f => f.Destination).Distinct().Count(), StringComparer.Ordinal);
        foreach (var roadm in network.Roadms)
        {
            if (outgoing.TryGetValue(roadm.Id.Value, out var needed) && needed > roadm.Degrees)
            {
                yield return Warning(IssueCodes.DegreeMismatch, $"$.nodes[{nodeIndex[roadm.Id.Value]}].degrees",
                    $"ROADM '{roadm.Id}' has {roadm.Degrees} degree(s) but fibres leave it towards {needed} different ROADMs");
            }
        }

        // Jurisdiction constraints look at a fibre's list: it must cover the sites at both ends (DESIGN.md §3).
        for (var i = 0; i < network.Fibers.Length; i++)
        {
            var fiber = network.Fibers[i];
            foreach (var end in new[] { fiber.Source, fiber.Destination }.Distinct())
            {
                var site = network.SiteOf(end);
                if (!fiber.Jurisdictions.Any(j => Overlaps(j, site.Jurisdiction)))
                {
                    yield return Warning(IssueCodes.JurisdictionOmitsSite, $"$.fibers[{i}].jurisdictions",
                        $"fibre '{fiber.Id}' ends in site '{site.Id}' ({site.Jurisdiction}) but does not list that jurisdiction");
                }
            }
        }
    }

    private static bool Overlaps(Jurisdiction a, Jurisdiction b) => a.IsWithin(b) || b.IsWithin(a);

    private static TopologyIssue Warning(string code, string path, string message) => new(IssueSeverity.Warning, code, path, message);
}
