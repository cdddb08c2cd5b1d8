using Continuum.Pce.TestKit.Topology;
using Continuum.Pce.Topology.IO.Validation;
using Xunit;

namespace Continuum.Pce.Topology.IO.Tests;

/// <summary>Loading a network file and the library it names from disk (each test in its own temporary folder).</summary>
public sealed class NetworkFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pce-topology-").FullName;

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private string NetworkNaming(string equipment) =>
        Write("net/triangle.json", DocumentFixtures.ValidTriangle().Replace("\"equipment.json\"", $"\"{equipment}\"", StringComparison.Ordinal));

    [Fact]
    public void Load_ResolvesTheEquipmentPathAgainstTheNetworksFolder()
    {
        Write("net/lib/test.json", TopologyWriter.WriteEquipment(TestEquipment.Library));
        var network = NetworkNaming("lib/test.json");

        var result = NetworkFile.Load(network);

        Assert.True(result.IsSuccess, string.Join("\n", result.Issues));
        Assert.Equal(Path.Combine(_dir, "net", "lib", "test.json"), result.Value!.EquipmentPath);
        Assert.Equal("test", result.Value.Equipment.Name);
        Assert.Equal(6, result.Value.Loaded.Network.Fibers.Length);
    }

    [Fact]
    public void Load_WithAnExplicitLibrary_IgnoresTheNamedOne()
    {
        var library = Write("elsewhere.json", TopologyWriter.WriteEquipment(TestEquipment.Library));
        var network = NetworkNaming("missing.json");

        var result = NetworkFile.Load(network, library);

        Assert.True(result.IsSuccess, string.Join("\n", result.Issues));
    }

    [Fact]
    public void Load_MissingLibrary_IsAFileNotFoundAtTheEquipmentField()
    {
        var network = NetworkNaming("missing.json");

        var result = NetworkFile.Load(network);

        var error = Assert.Single(result.Errors);
        Assert.Equal(IssueCodes.FileNotFound, error.Code);
        Assert.Equal("$.equipment", error.Path);
        Assert.Equal("triangle.json", error.Source);
    }

    [Fact]
    public void Load_MissingNetworkFile_IsAFileNotFound()
    {
        var result = NetworkFile.Load(Path.Combine(_dir, "none.json"));

        Assert.Equal(IssueCodes.FileNotFound, Assert.Single(result.Errors).Code);
        Assert.Null(result.Value);
    }

    [Fact]
    public void Load_NetworkThatNamesNoLibrary_SaysHowToGiveOne()
    {
        var network = Write("bare.json", DocumentFixtures.Mutate(d => d.Remove("equipment")));

        var error = Assert.Single(NetworkFile.Load(network).Errors);

        Assert.Equal(IssueCodes.MissingField, error.Code);
        Assert.Equal("$.equipment", error.Path);
        Assert.Contains("--equipment", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MalformedNetwork_ReportsLineAndPosition()
    {
        var network = Write("broken.json", "{\n  \"format\": \"continuum-pce/network@1\",\n  \"name\": ,\n}");

        var error = Assert.Single(NetworkFile.Load(network).Errors);

        Assert.Equal(IssueCodes.MalformedJson, error.Code);
        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
        Assert.Equal("broken.json", error.Source);
    }

    [Fact]
    public void Load_BrokenLibrary_ReportsTheLibrarysErrorsAttributedToIt_AndLoadsNothing()
    {
        var library = TopologyWriter.WriteEquipment(TestEquipment.Library).Replace("\"rollOff\": 0.2", "\"rollOff\": 2", StringComparison.Ordinal);
        Write("net/lib/test.json", library);
        var network = NetworkNaming("lib/test.json");

        var result = NetworkFile.Load(network);

        Assert.Null(result.Value);
        Assert.NotEmpty(result.Errors);
        Assert.All(result.Errors, e => Assert.Equal("test.json", e.Source));
        Assert.Contains(result.Errors, e => e.Code == IssueCodes.OutOfRange && e.Path == "$.transceivers[0].modes[0].rollOff");
    }

    [Fact]
    public void LoadEquipment_ReadsALibraryOnItsOwn()
    {
        var path = Write("lib.json", TopologyWriter.WriteEquipment(TestEquipment.Library));

        var result = NetworkFile.LoadEquipment(path);

        Assert.True(result.IsSuccess);
        Assert.Equal(3, result.Value!.Transceivers[0].Modes.Length);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
