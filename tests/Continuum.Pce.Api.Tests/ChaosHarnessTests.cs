using System.Diagnostics;
using System.Text.Json;
using Xunit;

namespace Continuum.Pce.Api.Tests;

/// <summary>
/// The chaos harness (tools/Continuum.Pce.Chaos) in its bounded CI form: two cycles against a real server process, one
/// kill -9 of the server and one of the emulator, with device faults. It must lose no acknowledged write and let no two
/// lightpaths share a slot. The full run (20 cycles, ≥ 1,000 faults) is a command: docs/reliability.md "Chaos".
/// </summary>
public sealed class ChaosHarnessTests
{
    [Fact]
    public async Task ChaosHarness_TwoKillCycles_LoseNoAcknowledgedWrite_AndOverlapNoSpectrum()
    {
        var repo = Repo();
        var harness = Path.Combine(repo, "tools", "Continuum.Pce.Chaos", "bin", "Release", "net10.0", "Continuum.Pce.Chaos.dll");
        Assert.True(File.Exists(harness), $"{harness} is missing: the test project builds it (ProjectReference)");
        var start = new ProcessStartInfo("dotnet", ["exec", harness, "--cycles", "2", "--ops", "16", "--faults", "20", "--max-minutes", "10", "--seed", "7"])
        {
            WorkingDirectory = repo,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var output = await stdout + "\n--- stderr ---\n" + await stderr;

        // The whole output goes with any failure: the figures, the per-cycle examples and where the logs were kept.
        var summary = (await stdout).Split('\n').LastOrDefault(l => l.StartsWith("{\"cycles\"", StringComparison.Ordinal));
        Assert.True(summary is not null, output);
        using var figures = JsonDocument.Parse(summary);
        var f = figures.RootElement;
        Assert.True(f.GetProperty("cycles").GetInt32() == 2, output);
        Assert.True(f.GetProperty("serverKills").GetInt32() == 1 && f.GetProperty("emulatorKills").GetInt32() == 1, output);
        Assert.True(f.GetProperty("faults").GetInt32() > 0, output);
        Assert.True(f.GetProperty("lost").GetInt32() == 0, output);
        Assert.True(f.GetProperty("resurrected").GetInt32() == 0, output);
        Assert.True(f.GetProperty("overlaps").GetInt32() == 0, output);
    }

    private static string Repo()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Continuum.Pce.sln")))
        {
            dir = dir.Parent;
        }

        return dir!.FullName;
    }
}
