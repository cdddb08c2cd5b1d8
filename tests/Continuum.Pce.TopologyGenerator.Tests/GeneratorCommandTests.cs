using Continuum.Pce.Topology.IO;
using Xunit;

namespace Continuum.Pce.TopologyGenerator.Tests;

/// <summary>Files the generator writes anywhere name an equipment library that resolves from where they are written.</summary>
public sealed class GeneratorCommandTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("pce-gen-").FullName;

    private static string Repo()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Continuum.Pce.sln")))
        {
            dir = dir.Parent;
        }

        return dir!.FullName;
    }

    [Theory]
    [InlineData("demo")]
    [InlineData("synthetic", "--nodes", "30", "--seed", "3")]
    public void Run_IntoAnotherFolder_WritesAFileThatLoadsWithItsLibrary(params string[] args)
    {
        var output = Path.Combine(_temp, "out", "network.json");
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exit = GeneratorCommand.Run([.. args, "--out", output], stdout, stderr, workingDirectory: Repo());

        Assert.True(exit == 0, stderr.ToString());
        var loaded = NetworkFile.Load(output);
        Assert.True(loaded.IsSuccess, string.Join("; ", loaded.Errors.Select(e => e.Message)));
        Assert.Equal(Path.Combine(Repo(), "topologies", "equipment", "default.json"), loaded.Value!.EquipmentPath);
    }

    [Fact]
    public void Run_IntoTheRepositoryTopologies_KeepsTheUsualRelativeReference()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_temp, "topologies", "equipment")).FullName;
        File.Copy(Path.Combine(Repo(), "topologies", "equipment", "default.json"), Path.Combine(folder, "default.json"));
        var output = Path.Combine(_temp, "topologies", "demo.json");

        var exit = GeneratorCommand.Run(["demo", "--out", output], new StringWriter(), new StringWriter(), workingDirectory: _temp);

        Assert.Equal(0, exit);
        Assert.Contains("\"equipment\": \"equipment/default.json\"", File.ReadAllText(output), StringComparison.Ordinal);
        Assert.True(NetworkFile.Load(output).IsSuccess);
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);
}
