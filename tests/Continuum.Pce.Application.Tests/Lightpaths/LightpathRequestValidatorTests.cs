using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Lightpaths.Requests;
using Continuum.Pce.Application.Tests.Planning;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Domain.Requests;
using Xunit;

namespace Continuum.Pce.Application.Tests.Lightpaths;

public sealed class LightpathRequestValidatorTests
{
    private static readonly PathTopology Topology = new(TwoSiteNetwork.Network);

    private static LightpathRequestValidation Validate(LightpathRequestFields request) =>
        LightpathRequestValidator.Validate(request, TwoSiteNetwork.Network, Topology);

    [Fact]
    public void Validate_GoodRequest_BuildsTypedSpecWithResolvedRoadms()
    {
        var result = Validate(new LightpathRequestFields("lp-1", "acme", "A", "B-T", 400, new ConstraintFields
        {
            MaxLatencyUs = 2000,
            AllowedJurisdictions = ["DE", "FR"],
            ExcludeFibers = ["B-A"],
            DiverseFrom = ["lp-0"],
            Objective = "energy",
        })
        { Protect = true });

        Assert.True(result.IsValid);
        Assert.Empty(result.Errors);
        var spec = result.Spec!;
        Assert.Equal(new LightpathId("lp-1"), spec.Id);
        Assert.Equal(new TenantId("acme"), spec.Tenant);
        Assert.Equal(new NodeId("A-R"), spec.Request.Source);
        Assert.Equal(new NodeId("B-R"), spec.Request.Destination);
        Assert.Equal(400, spec.Request.BitRateGbps);
        Assert.Equal(Objective.Energy, spec.Request.Objective);
        Assert.Equal(Protection.OnePlusOne, spec.Request.Protection);
        Assert.Equal(2000, spec.Request.Constraints.MaxLatencyUs);
        Assert.Equal(["DE", "FR"], spec.Request.Constraints.AllowedJurisdictions.Select(j => j.ToString()));
        Assert.Equal(new[] { new FiberId("B-A") }, spec.Request.Constraints.ExcludeFibers.ToArray());
        Assert.Equal(new[] { new LightpathId("lp-0") }, spec.Request.Constraints.DiverseFrom.ToArray());
    }

    [Fact]
    public void Validate_NoConstraints_DefaultsToLatencyUnprotected()
    {
        var spec = Validate(new LightpathRequestFields("lp-1", "acme", "A-R", "B-R", 100)).Spec!;

        Assert.Equal(Objective.Latency, spec.Request.Objective);
        Assert.Equal(Protection.None, spec.Request.Protection);
        Assert.True(spec.Request.Constraints.ExcludeNodes.IsEmpty);
    }

    [Theory]
    [InlineData(null, null, Protection.None, Disjointness.Link)]
    [InlineData("none", null, Protection.None, Disjointness.Link)]
    [InlineData("1+1", null, Protection.OnePlusOne, Disjointness.Srlg)]
    [InlineData("1+1", "node", Protection.OnePlusOne, Disjointness.Node)]
    [InlineData("1+1", "link", Protection.OnePlusOne, Disjointness.Link)]
    [InlineData(null, "srlg", Protection.None, Disjointness.Srlg)]
    public void Validate_ProtectionAndDiversity_SrlgDisjointByDefaultFor1Plus1(string? protection, string? diversity, Protection expected, Disjointness level)
    {
        var spec = Validate(new LightpathRequestFields("lp-1", "acme", "A-R", "B-R", 100, new ConstraintFields { Diversity = diversity }) { Protection = protection }).Spec!;

        Assert.Equal(expected, spec.Request.Protection);
        Assert.Equal(level, spec.Request.Constraints.DiversityLevel);
    }

    [Theory]
    [InlineData("2+0", null, "protection")]
    [InlineData("1+1", "duct", "constraints.diversity")]
    public void Validate_UnknownProtectionOrDiversity_NamesTheField(string protection, string? diversity, string field)
    {
        var result = Validate(new LightpathRequestFields("lp-1", "acme", "A-R", "B-R", 100, new ConstraintFields { Diversity = diversity }) { Protection = protection });

        Assert.False(result.IsValid);
        Assert.Equal(field, Assert.Single(result.Errors).Field);
    }

    [Theory]
    [InlineData(null, "B", "source", "required: a site, ROADM or transponder id")]
    [InlineData("A", " ", "destination", "required: a site, ROADM or transponder id")]
    [InlineData("X", "B", "source", "unknown node or site 'X'")]
    [InlineData("A", "Y", "destination", "unknown node or site 'Y'")]
    [InlineData("A", "A-T", "destination", "must differ from the source")]
    public void Validate_BadEndpoint_NamesTheField(string? source, string? destination, string field, string reason)
    {
        var result = Validate(new LightpathRequestFields("lp-1", "acme", source, destination, 100));

        Assert.False(result.IsValid);
        Assert.Null(result.Spec);
        Assert.Equal(new FieldError(field, reason), result.Errors[0]);
    }

    [Theory]
    [InlineData("FR-ZZZ", "'FR-ZZZ' is not an ISO 3166 code: 'FR-ZZZ' is not an ISO 3166-2 subdivision of FR")]
    [InlineData("fr", "'fr' is not an ISO 3166 code: 'fr' must be written in upper case ('FR'), as ISO 3166 codes are")]
    public void Validate_ForbiddenJurisdictionNotInIso3166_IsRefusedNamingTheField(string code, string reason)
    {
        var result = Validate(new LightpathRequestFields("lp-1", "acme", "A", "B", 100, new ConstraintFields { ForbiddenJurisdictions = ["DE", code] }));

        var error = Assert.Single(result.Errors);
        Assert.Equal("constraints.forbiddenJurisdictions[1]", error.Field);
        Assert.Equal(reason, error.Reason);
    }

    [Fact]
    public void Validate_SeveralBadFields_ReportsEachInCheckOrder()
    {
        var result = Validate(new LightpathRequestFields("lp-1", "acme", "A", "B", 0, new ConstraintFields
        {
            MaxLatencyUs = -1,
            MinOsnrMarginDb = double.NaN,
            Objective = "speed",
            ForbiddenJurisdictions = ["DE", "not a code"],
            IncludeNodes = ["A-R", "nowhere"],
            ExcludeSites = ["Z"],
            ExcludeSrlgs = ["srlg-9"],
            DiverseFrom = ["bad id!"],
        }));

        Assert.Equal(
            [
                "rateGbps", "constraints.maxLatencyUs", "constraints.minOsnrMarginDb", "constraints.objective", "constraints.forbiddenJurisdictions[1]",
                "constraints.includeNodes[1]", "constraints.excludeSites[0]", "constraints.excludeSrlgs[0]", "constraints.diverseFrom[0]",
            ],
            result.Errors.Select(e => e.Field));
        Assert.Equal("must be a positive bit rate in Gb/s, got 0", result.Errors[0].Reason);
        Assert.Equal("unknown objective 'speed' (expected latency, distance, hops, spectrum, energy, cost)", result.Errors[3].Reason);
        Assert.StartsWith("'not a code' is not an ISO 3166 code: ", result.Errors[4].Reason, StringComparison.Ordinal);
        Assert.Equal("unknown node 'nowhere'", result.Errors[5].Reason);
        Assert.Equal("unknown SRLG 'srlg-9'", result.Errors[7].Reason);
    }

    [Theory]
    [InlineData("Latency")]
    [InlineData("OnePlusOne")]
    [InlineData("")]
    public void Validate_ObjectiveNotInTheList_IsRejected(string objective)
    {
        var result = Validate(new LightpathRequestFields("lp-1", "acme", "A", "B", 100, new ConstraintFields { Objective = objective }));

        Assert.Equal("constraints.objective", Assert.Single(result.Errors).Field);
    }

    [Theory]
    [InlineData("lp-1", true)]
    [InlineData("a.b_c:d-e", true)]
    [InlineData("", false)]
    [InlineData("has space", false)]
    [InlineData("x/y", false)]
    public void IsId_TheIdRule_AcceptsOnlyTheAllowedCharacters(string id, bool valid) =>
        Assert.Equal(valid, LightpathRequestValidator.IsId(id));

    [Fact]
    public void IsId_SixtyFiveCharacters_IsTooLong()
    {
        Assert.True(LightpathRequestValidator.IsId(new string('a', 64)));
        Assert.False(LightpathRequestValidator.IsId(new string('a', 65)));
    }

    [Theory]
    [InlineData(null, null, RestorationPolicy.None, 4)]
    [InlineData("restore", 0, RestorationPolicy.Restore, 0)]
    [InlineData("restore-revertive", 7, RestorationPolicy.RestoreRevertive, 7)]
    [InlineData("none", 2, RestorationPolicy.None, 2)]
    public void Validate_RestorationPolicyAndPriority_AreCarriedOnTheSpec(string? policy, int? priority, RestorationPolicy expected, int expectedPriority)
    {
        var spec = Validate(new LightpathRequestFields("lp-1", "acme", "A", "B", 100) { Restoration = policy, RestorationPriority = priority }).Spec!;

        Assert.Equal(expected, spec.Restoration);
        Assert.Equal(expectedPriority, spec.RestorationPriority);
    }

    [Theory]
    [InlineData("Restore", null, "restoration.policy")]
    [InlineData("1", null, "restoration.policy")]
    [InlineData("restore", 8, "restoration.priority")]
    [InlineData(null, -1, "restoration.priority")]
    public void Validate_BadRestoration_NamesTheField(string? policy, int? priority, string field)
    {
        var result = Validate(new LightpathRequestFields("lp-1", "acme", "A", "B", 100) { Restoration = policy, RestorationPriority = priority });

        Assert.False(result.IsValid);
        Assert.Equal(field, Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void Validate_RequestedChannelOnTheGrid_CarriesFrequencyWidthModeAndOsnrIntoTheConstraints()
    {
        var result = LightpathRequestValidator.Validate(new LightpathRequestFields("lp-1", "acme", "A", "B", 400, new ConstraintFields
        {
            CentralFrequencyThz = 193.1,
            WidthGhz = 75,
            Mode = "dp-16qam",
            MinOsnrDb = 18.5,
        }), TwoSiteNetwork.Network, Topology, TwoSiteNetwork.Equipment);

        Assert.Empty(result.Errors);
        var c = result.Spec!.Request.Constraints;
        Assert.Equal(new Domain.Units.Frequency(193_100_000), c.CentralFrequency);
        Assert.Equal(75_000, c.ChannelWidthMhz);
        Assert.Equal("dp-16qam", c.Mode);
        Assert.Equal(18.5, c.MinOsnrDb);
        Assert.True(c.RequestsChannel);
    }

    [Theory]
    [InlineData(193.1, 20.0, null, "constraints.widthGhz", "whole number")]
    [InlineData(193.103125, null, null, "constraints.centralFrequencyThz", "not on the grid")]
    [InlineData(185.0, null, null, "constraints.centralFrequencyThz", "outside the band")]
    [InlineData(null, 0.0, null, "constraints.widthGhz", "positive")]
    [InlineData(null, null, "DP-64QAM", "constraints.mode", "unknown mode 'DP-64QAM'")]
    public void Validate_RequestedChannelOffTheGridOrUnknownMode_NamesTheFieldAndWhy(double? thz, double? ghz, string? mode, string field, string why)
    {
        var result = LightpathRequestValidator.Validate(new LightpathRequestFields("lp-1", "acme", "A", "B", 400, new ConstraintFields
        {
            CentralFrequencyThz = thz,
            WidthGhz = ghz,
            Mode = mode,
        }), TwoSiteNetwork.Network, Topology, TwoSiteNetwork.Equipment);

        var error = Assert.Single(result.Errors);
        Assert.Equal(field, error.Field);
        Assert.Contains(why, error.Reason, StringComparison.Ordinal);
    }
}
