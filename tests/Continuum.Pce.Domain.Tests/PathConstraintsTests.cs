using Continuum.Pce.Domain.Geography;
using Continuum.Pce.Domain.Requests;
using Xunit;

namespace Continuum.Pce.Domain.Tests;

public sealed class PathConstraintsTests
{
    [Fact]
    public void Permits_WithNoJurisdictionConstraint_AllowsEverything()
    {
        Assert.True(PathConstraints.None.Permits(Jurisdiction.Parse("KR")));
    }

    [Fact]
    public void Permits_AllowedCountry_CoversItsSubdivisions()
    {
        var constraints = new PathConstraints { AllowedJurisdictions = [Jurisdiction.Parse("JP")] };

        Assert.True(constraints.Permits(Jurisdiction.Parse("JP-13")));
        Assert.False(constraints.Permits(Jurisdiction.Parse("KR")));
    }

    [Fact]
    public void Permits_ForbiddenWinsOverAllowed()
    {
        var constraints = new PathConstraints
        {
            AllowedJurisdictions = [Jurisdiction.Parse("DE")],
            ForbiddenJurisdictions = [Jurisdiction.Parse("DE-BY")],
        };

        Assert.True(constraints.Permits(Jurisdiction.Parse("DE-HE")));
        Assert.False(constraints.Permits(Jurisdiction.Parse("DE-BY")));
    }
}
