using Continuum.Pce.Application.Planning;
using Continuum.Pce.Application.Survivability;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.TestKit.Topology;

namespace Continuum.Pce.Application.Tests.Survivability;

/// <summary>
/// A 3 × 3 grid of sites (S00 … S22) joined to their right and lower neighbours by 150 km links, two of which share the
/// SRLG "river", with every pair of sites asking for <c>count</c> 100G lightpaths: enough load that restorations compete.
/// </summary>
internal static class MeshNetwork
{
    public static OpticalNetwork Network { get; } = Build();

    public static List<LightpathDemand> Demands(int count)
    {
        var sites = Network.Sites.Select(s => s.Id).ToList();
        var demands = new List<LightpathDemand>();
        for (var i = 0; i < sites.Count; i++)
        {
            for (var j = i + 1; j < sites.Count; j++)
            {
                demands.Add(new LightpathDemand(new Demand(sites[i], sites[j], (i + j) % 3 == 0 ? 400 : 100, count), $"t{i % 3}", (i * 7 + j) % 4));
            }
        }

        return demands;
    }

    private static OpticalNetwork Build()
    {
        var b = new NetworkBuilder().Named("mesh-3x3");
        for (var r = 0; r < 3; r++)
        {
            for (var c = 0; c < 3; c++)
            {
                b.Site($"S{r}{c}");
            }
        }

        for (var r = 0; r < 3; r++)
        {
            for (var c = 0; c < 3; c++)
            {
                if (c < 2)
                {
                    b.Link($"S{r}{c}", $"S{r}{c + 1}", 150, srlgs: r == 1 && c == 0 ? ["river"] : null);
                }

                if (r < 2)
                {
                    b.Link($"S{r}{c}", $"S{r + 1}{c}", 150, srlgs: r == 0 && c == 1 ? ["river"] : null);
                }
            }
        }

        return b.Build();
    }
}
