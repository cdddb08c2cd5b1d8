using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Reports;

namespace Continuum.Pce.Benchmarks;

/// <summary>The program's exit code: 0 only when at least one benchmark ran and every selected benchmark produced results.</summary>
public static class BenchmarkOutcome
{
    /// <summary>Exit code when a benchmark failed (build, run, or validation).</summary>
    public const int Failed = 1;

    /// <summary>Exit code when nothing ran (a filter that matched nothing, or every build timed out before running).</summary>
    public const int NoneRan = 2;

    // Options after which BenchmarkDotNet prints and runs nothing by design.
    private static readonly string[] InformationOnly = ["--list", "--help", "-h", "-?", "--version", "--info"];

    public static (int Code, string? Message) Judge(IReadOnlyList<Summary> summaries, IReadOnlyList<string> args)
    {
        if (summaries.Count == 0 && args.Any(a => InformationOnly.Contains(a, StringComparer.OrdinalIgnoreCase)))
        {
            return (0, null);
        }

        var reports = summaries.SelectMany(s => s.Reports).ToList();
        var failed = summaries.SelectMany(s => s.BenchmarksCases)
            .Where(c => reports.FirstOrDefault(r => r.BenchmarkCase == c) is not { Success: true, ResultStatistics: not null })
            .Select(c => c.DisplayInfo)
            .ToList();
        var invalid = summaries.SelectMany(s => s.ValidationErrors).Where(e => e.IsCritical).Select(e => e.Message).ToList();
        if (failed.Count > 0 || invalid.Count > 0)
        {
            return (Failed, $"benchmarks: {failed.Count} failed or without results{(invalid.Count > 0 ? $", {invalid.Count} critical validation errors" : "")}:"
                + string.Concat(invalid.Concat(failed).Select(f => $"{Environment.NewLine}  {f}")));
        }

        if (reports.Count == 0)
        {
            return (NoneRan, "benchmarks: none ran (no benchmark matched the filter, or none could be built)");
        }

        return (0, null);
    }
}

/// <summary>A benchmark that always throws (selected only with PCE_BENCHMARK_PROBE=fail): the failing case of the exit-code test.</summary>
public class FailingProbe
{
    [Benchmark]
    public int Throws() => throw new InvalidOperationException("the failing probe benchmark fails by design");
}
