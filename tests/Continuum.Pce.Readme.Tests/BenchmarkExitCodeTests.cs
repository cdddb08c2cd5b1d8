namespace Continuum.Pce.Readme.Tests;

/// <summary>
/// The README's benchmark command must fail loudly: tests/Continuum.Pce.Benchmarks exits non-zero when nothing ran or a
/// benchmark failed. Checked without running a real benchmark (a filter that matches nothing; a probe that throws, run
/// in process with BenchmarkDotNet's dry job).
/// </summary>
public sealed class BenchmarkExitCodeTests
{
    private const string Benchmarks = "dotnet run -c Release --project tests/Continuum.Pce.Benchmarks --";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(15);
    private static readonly Dictionary<string, string> None = [];

    [Fact]
    public async Task Benchmarks_ExitTwo_WhenTheFilterMatchesNothing()
    {
        var result = await Shell.RunAsync($"{Benchmarks} --filter '*NoSuchBenchmarkAnywhere*'", None, Timeout);

        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}:\n{result.Output}");
        Assert.Contains("none ran", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Benchmarks_ExitOne_WhenABenchmarkFails()
    {
        var result = await Shell.RunAsync($"{Benchmarks} --filter '*' --job dry --inProcess", new Dictionary<string, string> { ["PCE_BENCHMARK_PROBE"] = "fail" }, Timeout);

        Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}:\n{result.Output}");
        Assert.Contains("FailingProbe", result.Output, StringComparison.Ordinal);
        Assert.Contains("1 failed", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Benchmarks_ExitZero_WhenOnlyListing()
    {
        var result = await Shell.RunAsync($"{Benchmarks} --list flat", None, Timeout);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}:\n{result.Output}");
        Assert.Contains("KShortestPathsBenchmarks", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("FailingProbe", result.Output, StringComparison.Ordinal);
    }
}
