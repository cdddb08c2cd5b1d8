using System.Text.Json.Nodes;
using Continuum.Pce.TestKit.Topology;
using Continuum.Pce.Topology.IO.Json;
using Continuum.Pce.Topology.IO.Validation;
using Xunit;

namespace Continuum.Pce.Topology.IO.Tests;

public sealed class NetworkValidationTests
{
    private static ReadResult<LoadedNetwork> Read(string json) => NetworkReader.Read(json, TestEquipment.Library);

    private static void AssertSingleError(string json, string code, string path)
    {
        var result = Read(json);

        Assert.False(result.IsSuccess);
        Assert.Null(result.Value);
        Assert.Contains(result.Errors, e => e.Code == code && e.Path == path);
    }

    [Fact]
    public void ValidDocument_Loads_WithNoIssues()
    {
        var result = Read(DocumentFixtures.ValidTriangle());

        Assert.True(result.IsSuccess, string.Join("\n", result.Issues));
        Assert.Equal(3, result.Value!.Network.Sites.Length);
        Assert.Equal(6, result.Value.Network.Fibers.Length);
    }

    [Fact]
    public void MalformedJson_IsReportedWithLineAndPosition()
    {
        var result = Read("{\n  \"format\": \"continuum-pce/network@1\",\n  \"name\": \"x\" \"oops\"\n}");

        var error = Assert.Single(result.Errors);
        Assert.Equal(IssueCodes.MalformedJson, error.Code);
        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnsupportedFormat_IsRejected() =>
        AssertSingleError(DocumentFixtures.Mutate(d => d["format"] = "continuum-pce/network@9"), IssueCodes.UnsupportedFormat, "$.format");

    [Fact]
    public void MissingName_IsReportedAtItsPath() =>
        AssertSingleError(DocumentFixtures.Mutate(d => d.Remove("name")), IssueCodes.MissingField, "$.name");

    [Fact]
    public void WrongType_IsReportedAtItsPath() =>
        AssertSingleError(DocumentFixtures.Mutate(d => d["sites"]![0]!["latitude"] = "north"), IssueCodes.WrongType, "$.sites[0].latitude");

    [Fact]
    public void DuplicateSiteId_IsReported() =>
        AssertSingleError(DocumentFixtures.Mutate(d => d["sites"]![1]!["id"] = "A"), IssueCodes.DuplicateId, "$.sites[1].id");

    [Fact]
    public void DuplicateNodeId_IsReported() =>
        AssertSingleError(DocumentFixtures.Mutate(d => d["nodes"]![1]!["id"] = d["nodes"]![0]!["id"]!.GetValue<string>()), IssueCodes.DuplicateId, "$.nodes[1].id");

    [Fact]
    public void DuplicateFiberId_IsReported() =>
        AssertSingleError(DocumentFixtures.Mutate(d => d["fibers"]![2]!["id"] = "A-B"), IssueCodes.DuplicateId, "$.fibers[2].id");

    [Fact]
    public void UnknownNodeInAFiber_IsReported() =>
        AssertSingleError(DocumentFixtures.Mutate(d => d["fibers"]![0]!["destination"] = "Z-R"), IssueCodes.UnknownNode, "$.fibers[0].destination");

    [Fact]
    public void UnknownSiteOfANode_IsReported() =>
        AssertSingleError(DocumentFixtures.Mutate(d => d["nodes"]![0]!["site"] = "Atlantis"), IssueCodes.UnknownSite, "$.nodes[0].site");

    [Fact]
    public void NegativeSpanLength_IsOutOfRange() =>
        AssertSingleError(DocumentFixtures.Mutate(d => d["fibers"]![0]!["spans"]![0]!["lengthKm"] = -5), IssueCodes.OutOfRange, "$.fibers[0].spans[0].lengthKm");

    [Fact]
    public void ZeroSpanLength_IsOutOfRange() =>
        AssertSingleError(DocumentFixtures.Mutate(d => d["fibers"]![0]!["spans"]![0]!["lengthKm"] = 0), IssueCodes.OutOfRange, "$.fibers[0].spans[0].lengthKm");

    [Fact]
    public void SpanLossAbove40Db_IsOutOfRange() =>
        AssertSingleError(DocumentFixtures.Mutate(d => d["fibers"]![0]!["spans"]![0]!["lengthKm"] = 260), IssueCodes.OutOfRange, "$.fibers[0].spans[0].lengthKm");

    [Fact]
    public void LossCoefficientAbove1DbPerKm_IsOutOfRange() =>
        AssertSingleError(DocumentFixtures.Mutate(d => d["fibers"]![0]!["spans"]![0]!["lossDbPerKm"] = 1.5), IssueCodes.OutOfRange, "$.fibers[0].spans[0].lossDbPerKm");

    [Fact]
    public void NegativeConnectorLoss_IsOutOfRange() =>
        AssertSingleError(DocumentFixtures.Mutate(d => d["fibers"]![0]!["spans"]![0]!["connectorInDb"] = -0.5), IssueCodes.OutOfRange, "$.fibers[0].spans[0].connectorInDb");

    [Fact]
    public void AmplifierTypeNotInLibrary_IsReported() =>
        AssertSingleError(DocumentFixtures.Mutate(d => d["fibers"]![0]!["spans"]![0]!["amplifier"]!["type"] = "edfa-unobtainium"), IssueCodes.UnknownAmplifierType, "$.fibers[0].spans[0].amplifier.type");

    [Fact]
    public void FiberTypeNotInLibrary_IsReported() =>
        AssertSingleError(DocumentFixtures.Mutate(d => d["fibers"]![0]!["spans"]![0]!["fiberType"] = "hollow-core"), IssueCodes.UnknownFiberType, "$.fibers[0].spans[0].fiberType");

    [Fact]
    public void RoadmTypeNotInLibrary_IsReported() =>
        AssertSingleError(DocumentFixtures.Mutate(d => d["nodes"]![0]!["type"] = "roadm-x"), IssueCodes.UnknownRoadmType, "$.nodes[0].type");

    [Fact]
    public void TransceiverTypeNotInLibrary_IsReported() =>
        AssertSingleError(DocumentFixtures.Mutate(d => d["nodes"]![3]!["type"] = "trx-x"), IssueCodes.UnknownTransceiverType, "$.nodes[3].type");

    [Fact]
    public void JurisdictionNotIso3166_IsReported() =>
        AssertSingleError(DocumentFixtures.Mutate(d => d["sites"]![0]!["jurisdiction"] = "EU"), IssueCodes.UnknownJurisdiction, "$.sites[0].jurisdiction");

    [Fact]
    public void FiberJurisdictionNotIso3166_IsReported() =>
        AssertSingleError(DocumentFixtures.Mutate(d => d["fibers"]![0]!["jurisdictions"] = new JsonArray("DE", "XX")), IssueCodes.UnknownJurisdiction, "$.fibers[0].jurisdictions[1]");

    [Fact]
    public void LatitudeOutOfRange_IsReported() =>
        AssertSingleError(DocumentFixtures.Mutate(d => d["sites"]![0]!["latitude"] = 95), IssueCodes.OutOfRange, "$.sites[0].latitude");

    [Fact]
    public void UnknownTier_IsReported() =>
        AssertSingleError(DocumentFixtures.Mutate(d => d["sites"]![0]!["tier"] = "moon-base"), IssueCodes.UnknownTier, "$.sites[0].tier");

    [Fact]
    public void UnknownNodeKind_IsReported() =>
        AssertSingleError(DocumentFixtures.Mutate(d => d["nodes"]![0]!["kind"] = "router"), IssueCodes.UnknownNodeKind, "$.nodes[0].kind");

    [Fact]
    public void TransponderAttachedToATransponder_IsReported() =>
        AssertSingleError(DocumentFixtures.Mutate(d => d["nodes"]![3]!["attachedRoadm"] = "B-T"), IssueCodes.NotARoadm, "$.nodes[3].attachedRoadm");

    [Fact]
    public void FiberEndingAtATransponder_IsReported() =>
        AssertSingleError(DocumentFixtures.Mutate(d => d["fibers"]![0]!["destination"] = "B-T"), IssueCodes.NotARoadm, "$.fibers[0].destination");

    [Fact]
    public void ReverseThatDoesNotPointBack_IsReported() =>
        AssertSingleError(DocumentFixtures.Mutate(d => d["fibers"]![0]!["reverse"] = "B-C"), IssueCodes.ReverseMismatch, "$.fibers[0].reverse");

    [Fact]
    public void ReverseThatDoesNotExist_IsReported() =>
        AssertSingleError(DocumentFixtures.Mutate(d => d["fibers"]![0]!["reverse"] = "nowhere"), IssueCodes.UnknownFiber, "$.fibers[0].reverse");

    [Fact]
    public void SelfLoopFiber_IsReported() =>
        AssertSingleError(DocumentFixtures.Mutate(d => d["fibers"]![0]!["destination"] = "A-R"), IssueCodes.SelfLoop, "$.fibers[0].destination");

    [Fact]
    public void FiberWithoutSpans_IsReported() =>
        AssertSingleError(DocumentFixtures.Mutate(d => d["fibers"]![0]!["spans"] = new JsonArray()), IssueCodes.EmptyCollection, "$.fibers[0].spans");

    [Fact]
    public void GridOffTheG694Anchor_IsReported() =>
        AssertSingleError(DocumentFixtures.Mutate(d => d["grid"]!["startMhz"] = 191_325_001), IssueCodes.InvalidGrid, "$.grid.startMhz");

    [Fact]
    public void GuardBandWiderThanTheGrid_IsReported() =>
        AssertSingleError(DocumentFixtures.Mutate(d => d["fibers"]![0]!["guardBandSlots"] = 5000), IssueCodes.OutOfRange, "$.fibers[0].guardBandSlots");

    [Fact]
    public void AmplifierDeviceThatIsNotAnAmplifier_IsReported() =>
        AssertSingleError(DocumentFixtures.Mutate(d => d["fibers"]![0]!["spans"]![0]!["amplifier"]!["device"] = "B-R"), IssueCodes.NotAnAmplifier, "$.fibers[0].spans[0].amplifier.device");

    [Fact]
    public void SeveralProblems_AreAllReportedAtOnce_AndNothingIsLoaded()
    {
        var json = DocumentFixtures.Mutate(d =>
        {
            d["sites"]![0]!["jurisdiction"] = "XX";
            d["nodes"]![0]!["type"] = "roadm-x";
            d["fibers"]![0]!["spans"]![0]!["lengthKm"] = -1;
            d["fibers"]![1]!["destination"] = "nowhere";
        });

        var result = Read(json);

        Assert.Null(result.Value);
        Assert.Equal(
            ["$.fibers[0].spans[0].lengthKm", "$.fibers[1].destination", "$.nodes[0].type", "$.sites[0].jurisdiction"],
            result.Errors.Select(e => e.Path).Distinct().Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void DisconnectedNetwork_LoadsWithAWarningNamingTheParts()
    {
        var network = new NetworkBuilder().Site("A").Site("B").Site("C").Site("D").Link("A", "B", 50).Link("C", "D", 50).Build();

        var result = Read(TopologyWriter.WriteNetwork(network));

        Assert.True(result.IsSuccess);
        var warning = Assert.Single(result.Warnings, w => w.Code == IssueCodes.Disconnected);
        Assert.Contains("2 disconnected parts", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FibreWithoutJurisdictions_InheritsThoseOfItsEndSites()
    {
        var json = DocumentFixtures.Mutate(d => d["fibers"]![0]!.AsObject().Remove("jurisdictions"));

        var fiber = Read(json).Value!.Network.Fibers[0];

        Assert.Equal(["DE", "FR"], fiber.Jurisdictions.Select(j => j.ToString()).ToArray());
    }

    [Fact]
    public void LongitudeOutOfRange_IsReported() =>
        AssertSingleError(DocumentFixtures.Mutate(d => d["sites"]![2]!["longitude"] = -181), IssueCodes.OutOfRange, "$.sites[2].longitude");

    [Fact]
    public void RootThatIsNotAnObject_IsAWrongType() =>
        AssertSingleError("[1, 2, 3]", IssueCodes.WrongType, "$");

    [Fact]
    public void MissingFieldInsideAList_IsReportedAtItsPath() =>
        AssertSingleError(DocumentFixtures.Mutate(d => d["fibers"]![4]!["spans"]![0]!.AsObject().Remove("fiberType")), IssueCodes.MissingField, "$.fibers[4].spans[0].fiberType");

    [Fact]
    public void UnknownNodeAsFiberSource_IsReported() =>
        AssertSingleError(DocumentFixtures.Mutate(d => d["fibers"]![2]!["source"] = "Q-R"), IssueCodes.UnknownNode, "$.fibers[2].source");

    [Fact]
    public void TransponderAttachedToAnUnknownNode_IsReported() =>
        AssertSingleError(DocumentFixtures.Mutate(d => d["nodes"]![3]!["attachedRoadm"] = "nowhere"), IssueCodes.UnknownNode, "$.nodes[3].attachedRoadm");

    [Fact]
    public void AmplifierGainOutsideItsTypesRange_IsReported() =>
        AssertSingleError(DocumentFixtures.Mutate(d => d["fibers"]![0]!["spans"]![0]!["amplifier"]!["gainDb"] = 5), IssueCodes.OutOfRange, "$.fibers[0].spans[0].amplifier.gainDb");

    [Fact]
    public void SlotWidthOffTheFlexGrid_IsReported() =>
        AssertSingleError(DocumentFixtures.Mutate(d => d["grid"]!["slotWidthMhz"] = 10_000), IssueCodes.InvalidGrid, "$.grid.slotWidthMhz");

    [Fact]
    public void ZeroSlotCount_IsOutOfRange() =>
        AssertSingleError(DocumentFixtures.Mutate(d => d["grid"]!["slotCount"] = 0), IssueCodes.OutOfRange, "$.grid.slotCount");

    [Fact]
    public void CurrencyThatIsNotIso4217_IsReported() =>
        AssertSingleError(DocumentFixtures.Mutate(d => d["currency"] = "euro"), IssueCodes.InvalidCurrency, "$.currency");

    [Fact]
    public void MissingGrid_DefaultsToTheCBandFlexGrid()
    {
        var result = Read(DocumentFixtures.Mutate(d => d.Remove("grid")));

        Assert.True(result.IsSuccess, string.Join("\n", result.Issues));
        Assert.Equal(Domain.Spectrum.SpectrumGrid.CBandFlex, result.Value!.Network.Grid);
    }

    [Fact]
    public void MisspeltOptionalField_LoadsWithAnUnknownFieldWarning()
    {
        var result = Read(DocumentFixtures.Mutate(d => d["fibers"]![0]!["spans"]![0]!["lossDbPerkm"] = 0.25));

        Assert.True(result.IsSuccess);
        var warning = Assert.Single(result.Warnings, w => w.Code == IssueCodes.UnknownField);
        Assert.Equal("$.fibers[0].spans[0].lossDbPerkm", warning.Path);
    }

    [Fact]
    public void FieldOfAnotherNodeKind_IsWarnedAbout()
    {
        var result = Read(DocumentFixtures.Mutate(d => d["nodes"]![3]!["degrees"] = 4));

        Assert.True(result.IsSuccess);
        Assert.Contains(result.Warnings, w => w.Code == IssueCodes.UnknownField && w.Path == "$.nodes[3].degrees");
    }

    [Fact]
    public void CurrencyDifferentFromTheLibrarys_IsAWarning()
    {
        var result = Read(DocumentFixtures.Mutate(d => d["currency"] = "JPY"));

        Assert.True(result.IsSuccess);
        Assert.Contains(result.Warnings, w => w.Code == IssueCodes.CurrencyMismatch && w.Path == "$.currency");
    }

    [Fact]
    public void Chain_LoadsWithBridgeAndArticulationPointWarnings()
    {
        var chain = new NetworkBuilder().Site("A").Site("B").Site("C").Link("A", "B", 50).Link("B", "C", 50).Build();

        var result = Read(TopologyWriter.WriteNetwork(chain));

        Assert.True(result.IsSuccess);
        Assert.Equal(2, result.Warnings.Count(w => w.Code == IssueCodes.Bridge));
        var articulation = Assert.Single(result.Warnings, w => w.Code == IssueCodes.ArticulationPoint);
        Assert.Contains("B-R", articulation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SiteThatHousesNothing_LoadsWithAWarningAtItsPath()
    {
        var network = new NetworkBuilder().Site("A").Site("B").EmptySite("X").Link("A", "B", 50).Build();

        var result = Read(TopologyWriter.WriteNetwork(network));

        Assert.True(result.IsSuccess);
        var warning = Assert.Single(result.Warnings, w => w.Code == IssueCodes.SiteWithoutNodes);
        Assert.Equal("$.sites[2]", warning.Path);
    }

    [Fact]
    public void FibreWithoutReverse_LoadsWithAWarning()
    {
        var network = new NetworkBuilder().Site("A").Site("B").Fiber("A", "B", 40).Fiber("B", "A", 40, f => f.WithId("B-A-2")).Build();

        var result = Read(TopologyWriter.WriteNetwork(network));

        Assert.True(result.IsSuccess);
        Assert.Equal(2, result.Warnings.Count(w => w.Code == IssueCodes.FiberWithoutReverse));
    }

    [Fact]
    public void ReaderWithASourceName_AttributesEveryIssueToIt()
    {
        var json = DocumentFixtures.Mutate(d =>
        {
            d["sites"]![0]!["latitude"] = 95;
            d["fibers"]![0]!["spans"]![0]!["lengthKm"] = 0;
        });

        var result = TopologyReader.ReadNetwork(json, TestEquipment.Library, "triangle.json");

        Assert.Equal(2, result.Errors.Count());
        Assert.All(result.Issues, i => Assert.Equal("triangle.json", i.Source));
        Assert.Contains(result.Errors, e => e.Location == "triangle.json:$.sites[0].latitude");
    }

    [Fact]
    public void EveryErrorKind_InOneDocument_IsReportedTogether()
    {
        var json = DocumentFixtures.Mutate(d =>
        {
            d["format"] = "continuum-pce/network@2";
            d["grid"]!["slotWidthMhz"] = 7_000;
            d["sites"]![0]!["tier"] = "castle";
            d["sites"]![1]!["latitude"] = "north";
            d["nodes"]![0]!["type"] = "roadm-x";
            d["nodes"]![3]!["attachedRoadm"] = "B-T";
            d["fibers"]![0]!["spans"]![0]!["connectorOutDb"] = -1;
            d["fibers"]![1]!["reverse"] = "C-A";
            d["fibers"]![2]!["destination"] = d["fibers"]![2]!["source"]!.GetValue<string>();
            d["fibers"]![3]!["id"] = "A-B";
        });

        var result = Read(json);

        Assert.Null(result.Value);
        string[] expected =
        [
            IssueCodes.UnsupportedFormat, IssueCodes.InvalidGrid, IssueCodes.UnknownTier, IssueCodes.WrongType, IssueCodes.UnknownRoadmType,
            IssueCodes.NotARoadm, IssueCodes.OutOfRange, IssueCodes.ReverseMismatch, IssueCodes.SelfLoop, IssueCodes.DuplicateId,
        ];
        Assert.All(expected, code => Assert.Contains(result.Errors, e => e.Code == code));
    }

    [Fact]
    public void TransponderAttachedToAROADMInAnotherSite_IsAWarning()
    {
        var result = Read(DocumentFixtures.Mutate(d => d["nodes"]![3]!["attachedRoadm"] = "B-R"));

        Assert.True(result.IsSuccess);
        Assert.Contains(result.Warnings, w => w.Code == IssueCodes.TransponderSiteMismatch && w.Path == "$.nodes[3].attachedRoadm");
    }

    [Fact]
    public void RoadmWithFewerDegreesThanNeighbours_IsAWarning()
    {
        var result = Read(DocumentFixtures.Mutate(d => d["nodes"]![0]!["degrees"] = 1));

        Assert.True(result.IsSuccess);
        Assert.Contains(result.Warnings, w => w.Code == IssueCodes.DegreeMismatch && w.Path == "$.nodes[0].degrees");
    }

    [Fact]
    public void FibreJurisdictionsThatOmitAnEndSite_IsAWarning()
    {
        var result = Read(DocumentFixtures.Mutate(d => d["fibers"]![0]!["jurisdictions"] = new JsonArray("DE")));

        Assert.True(result.IsSuccess);
        var warning = Assert.Single(result.Warnings, w => w.Code == IssueCodes.JurisdictionOmitsSite);
        Assert.Equal("$.fibers[0].jurisdictions", warning.Path);
        Assert.Contains("(FR)", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FibreListingTheCountryOfASubdivisionSite_CoversIt()
    {
        var network = new NetworkBuilder().Site("A", "DE-BY").Site("B", "DE-HE").Link("A", "B", 100, jurisdictions: ["DE"]).Build();

        var result = Read(TopologyWriter.WriteNetwork(network));

        Assert.DoesNotContain(result.Warnings, w => w.Code == IssueCodes.JurisdictionOmitsSite);
    }
}
