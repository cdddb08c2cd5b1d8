using Xunit;

namespace Continuum.Pce.Topology.IO.Tests;

public sealed class ShippedNetworksTests
{
    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Continuum.Pce.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    public static IEnumerable<string> NetworkFiles() =>
        Directory.GetFiles(Path.Combine(RepoRoot(), "topologies"), "*.json").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal);

    public static TheoryData<string> Networks() => [.. NetworkFiles()];

    [Theory]
    [MemberData(nameof(Networks))]
    public void EveryShippedNetwork_LoadsWithoutErrors(string file)
    {
        var result = NetworkFile.Load(Path.Combine(RepoRoot(), "topologies", file));

        Assert.True(result.IsSuccess, string.Join("\n", result.Errors));
    }

    [Fact]
    public void TheReferenceSet_IsComplete()
    {
        string[] required = ["nsfnet", "cost239", "usnet", "jpn12", "jpn48", "germany50", "geant", "coronet-conus", "usa100", "continuum-demo"];

        var present = NetworkFiles().Select(Path.GetFileNameWithoutExtension).ToHashSet();

        Assert.All(required, name => Assert.Contains(name, present));
    }

    [Fact]
    public void Nsfnet_IsTheDeepRmsaBenchmarkVersion()
    {
        var network = NetworkFile.Load(Path.Combine(RepoRoot(), "topologies", "nsfnet.json")).Value!.Loaded.Network;

        Assert.Equal(14, network.Roadms.Count());
        Assert.Equal(44, network.Fibers.Length);
        Assert.Equal(100, network.Grid.SlotCount);
        Assert.Equal(12_500, network.Grid.SlotWidthMhz);
    }
}
