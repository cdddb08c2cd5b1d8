using Continuum.Pce.Application.Planning;
using Continuum.Pce.Domain.Identity;
using Xunit;

namespace Continuum.Pce.Application.Tests.Planning;

/// <summary>
/// <see cref="EnergyModel.AloneOf"/>, the figure the northbound shows for one lightpath, computed from its own fibres: the
/// same as the whole-network <see cref="EnergyModel.Evaluate"/> of that lightpath alone.
/// </summary>
public sealed class EnergyModelAloneTests
{
    public static TheoryData<int, string[]> Paths => new()
    {
        { 4, ["A-B"] },
        { 12, ["A-B"] },
        { 8, ["A-B", "B-A"] },
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public void AloneOf_GivesWhatEvaluatingTheLightpathAloneGives(int slots, string[] fibers)
    {
        var lightpath = TwoSiteNetwork.AToB(slots) with { Fibers = [.. fibers.Select(f => new FiberId(f))] };

        var alone = EnergyModel.AloneOf(TwoSiteNetwork.Network, TwoSiteNetwork.Equipment, lightpath);

        var evaluated = Assert.Single(EnergyModel.Evaluate(TwoSiteNetwork.Network, TwoSiteNetwork.Equipment, [lightpath]).Lightpaths);
        Assert.Equal(evaluated, alone);
        Assert.Equal(40 + (fibers.Length * (60 + 40)), alone.TotalWatts, 9);
    }

    [Fact]
    public void AloneOf_AModeTheTransponderDoesNotHave_IsRefusedAsEvaluateRefusesIt()
    {
        var lightpath = TwoSiteNetwork.AToB() with { Mode = new ModeId("1.6T") };

        Assert.Throws<ArgumentException>(() => EnergyModel.AloneOf(TwoSiteNetwork.Network, TwoSiteNetwork.Equipment, lightpath));
        Assert.Throws<ArgumentException>(() => EnergyModel.Evaluate(TwoSiteNetwork.Network, TwoSiteNetwork.Equipment, [lightpath]));
    }
}
