using System.Text.Json.Nodes;
using Continuum.Pce.TestKit.Topology;
using Continuum.Pce.Topology.IO.Json;
using Continuum.Pce.Topology.IO.Validation;
using Xunit;

namespace Continuum.Pce.Topology.IO.Tests;

/// <summary>The one reader's rules: comments, exact spellings, ISO 3166 codes from the maintained list, no duplicate names.</summary>
public sealed class StrictInputTests
{
    private static ReadResult<LoadedNetwork> Read(string json) => NetworkReader.Read(json, TestEquipment.Library);

    private static TopologyIssue SingleError(string json)
    {
        var result = Read(json);
        Assert.False(result.IsSuccess);
        return Assert.Single(result.Errors);
    }

    [Fact]
    public void Comments_AreAccepted_InADocumentAndInARequestEnvelope()
    {
        var commented = "// a network\n" + DocumentFixtures.ValidTriangle().Replace("\"sites\":", "/* the sites */ \"sites\":", StringComparison.Ordinal);
        var envelope = $"{{ /* editor save */ \"network\": {commented} }}";

        var direct = Read(commented);
        var request = TopologyInput.ReadRequest(envelope);

        Assert.True(direct.IsSuccess, string.Join("\n", direct.Issues));
        Assert.True(request.IsSuccess, string.Join("\n", request.Issues));
        Assert.True(Read(request.Value!.Network).IsSuccess);
        Assert.DoesNotContain("/*", request.Value.Network, StringComparison.Ordinal);
    }

    [Fact]
    public void Canonical_DropsComments_SoThatAnyJsonReaderParsesTheStoredDocument()
    {
        var commented = "// a network\n" + DocumentFixtures.ValidTriangle();

        var canonical = TopologyInput.Canonical(commented);

        Assert.NotNull(JsonNode.Parse(canonical));
        Assert.True(Read(canonical).IsSuccess);
    }

    [Fact]
    public void DuplicatePropertyName_IsRefused()
    {
        var json = DocumentFixtures.ValidTriangle().Replace("\"name\": \"triangle\"", "\"name\": \"triangle\", \"name\": \"other\"", StringComparison.Ordinal);
        Assert.Contains("\"other\"", json, StringComparison.Ordinal);

        var error = SingleError(json);

        Assert.Equal(IssueCodes.MalformedJson, error.Code);
        Assert.Contains("name", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CORE-DC")]
    [InlineData("Core-Dc")]
    [InlineData("core_dc")]
    public void Tier_NotSpelledAsDocumented_IsRefused(string tier)
    {
        var error = SingleError(DocumentFixtures.Mutate(d => d["sites"]![0]!["tier"] = tier));

        Assert.Equal(IssueCodes.UnknownTier, error.Code);
        Assert.Equal("$.sites[0].tier", error.Path);
        Assert.Contains("core-dc", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("roadm", "ROADM")]
    [InlineData("roadm", "Roadm")]
    public void NodeKind_NotSpelledAsDocumented_IsRefused(string _, string kind)
    {
        var result = Read(DocumentFixtures.Mutate(d => d["nodes"]![0]!["kind"] = kind));

        Assert.Contains(result.Errors, e => e.Code == IssueCodes.UnknownNodeKind && e.Path == "$.nodes[0].kind");
    }

    [Theory]
    [InlineData("de", "'DE'")]
    [InlineData("De", "'DE'")]
    [InlineData("de-by", "'DE-BY'")]
    public void LowerCaseJurisdiction_OfASite_IsRefusedWithTheUpperCaseSpelling(string code, string suggestion)
    {
        var error = SingleError(DocumentFixtures.Mutate(d => d["sites"]![0]!["jurisdiction"] = code));

        Assert.Equal(IssueCodes.UnknownJurisdiction, error.Code);
        Assert.Equal("$.sites[0].jurisdiction", error.Path);
        Assert.Contains(suggestion, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("FR-ZZZ")]
    [InlineData("DE-XX")]
    [InlineData("JP-99")]
    public void UnknownSubdivision_InAFibresJurisdictions_IsRefusedAtItsIndex(string code)
    {
        var error = SingleError(DocumentFixtures.Mutate(d => d["fibers"]![0]!["jurisdictions"] = new JsonArray("DE", code)));

        Assert.Equal(IssueCodes.UnknownJurisdiction, error.Code);
        Assert.Equal("$.fibers[0].jurisdictions[1]", error.Path);
        Assert.Contains("ISO 3166-2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DE-BY")]
    [InlineData("FR-IDF")]
    [InlineData("JP-13")]
    [InlineData("US-CA")]
    public void AssignedSubdivision_IsAccepted(string code)
    {
        var result = Read(DocumentFixtures.Mutate(d => d["sites"]![0]!["jurisdiction"] = code));

        Assert.True(result.IsSuccess, string.Join("\n", result.Issues));
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Continuum.Pce.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
