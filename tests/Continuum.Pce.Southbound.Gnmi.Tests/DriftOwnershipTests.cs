using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Southbound.Gnmi.Rendering;

namespace Continuum.Pce.Southbound.Gnmi.Tests;

/// <summary>The ownership rule of reconciliation: what the controller wrote, by name and by the index derived from it.</summary>
public sealed class DriftOwnershipTests
{
    private static readonly NodeId Trx = new("T1");

    [Theory]
    [InlineData("default/lp-1")]
    [InlineData("acme/lp-p")]
    [InlineData("legacy-id-without-tenant")]
    public void MediaChannelOwner_NameAndDerivedIndex_OwnedByTheLightpath(string lightpath)
    {
        var index = PathTopology.MediaChannelIndex(new LightpathId(lightpath));
        var protection = PathTopology.ProtectionMediaChannelIndex(new LightpathId(lightpath));

        Assert.Equal(lightpath, DriftOwnership.MediaChannelOwner(index, $"{lightpath}-az"));
        Assert.Equal(lightpath, DriftOwnership.MediaChannelOwner(index + 1, $"{lightpath}-za"));
        Assert.Equal(lightpath, DriftOwnership.MediaChannelOwner(protection, $"{lightpath}-p-az"));
        Assert.Equal(lightpath, DriftOwnership.MediaChannelOwner(protection + 1, $"{lightpath}-p-za"));
    }

    [Theory]
    [InlineData("ops-manual")]
    [InlineData("")]
    [InlineData("-az")]
    [InlineData("default/lp-1-za")]
    public void MediaChannelOwner_NameWithoutItsDerivedIndex_Foreign(string name)
    {
        // "default/lp-1-za" at the A→Z index: the name looks like ours, the index is not the one it derives.
        Assert.Null(DriftOwnership.MediaChannelOwner(PathTopology.MediaChannelIndex(new LightpathId("default/lp-1")), name));
        Assert.Null(DriftOwnership.MediaChannelOwner(12, "default/lp-1-az"));
    }

    [Fact]
    public void LogicalChannelOwner_DescriptionAndProfileIndex_OwnedWithItsInterface()
    {
        var ports = new PortMap();

        Assert.Equal(("default/lp-1", 3, true), DriftOwnership.LogicalChannelOwner(Trx, ports.LineLogicalChannel(Trx, 3), "default/lp-1 line", ports));
        Assert.Equal(("default/lp-1", 3, false), DriftOwnership.LogicalChannelOwner(Trx, ports.ClientLogicalChannel(Trx, 3), "default/lp-1 client", ports));
        Assert.Null(DriftOwnership.LogicalChannelOwner(Trx, 7, "default/lp-1 line", ports));
        Assert.Null(DriftOwnership.LogicalChannelOwner(Trx, ports.LineLogicalChannel(Trx, 3), "customer circuit", ports));
    }
}
