using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Continuum.Pce.Benchmarks;

// BenchmarkDotNet builds a project per benchmark type before running it out of process; on a loaded 2-core machine
// that build takes longer than its default two minutes, and a timed-out build leaves the type with no results. Hence a
// long build timeout (PCE_BENCHMARK_BUILD_TIMEOUT_MINUTES, default 20) — or `--inProcess`, BenchmarkDotNet's own option,
// which builds nothing.
var buildTimeout = TimeSpan.FromMinutes(double.TryParse(Environment.GetEnvironmentVariable("PCE_BENCHMARK_BUILD_TIMEOUT_MINUTES"), out var minutes) && minutes > 0 ? minutes : 20);
var config = ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(buildTimeout);

// PCE_BENCHMARK_PROBE=fail swaps the project's benchmarks for one that throws: how the tests check, in a second, that
// a failed benchmark makes the program exit non-zero without running a real benchmark.
var switcher = Environment.GetEnvironmentVariable("PCE_BENCHMARK_PROBE") == "fail"
    ? BenchmarkSwitcher.FromTypes([typeof(FailingProbe)])
    : BenchmarkSwitcher.FromTypes([.. typeof(Program).Assembly.GetExportedTypes().Where(t => t != typeof(FailingProbe) && t.GetMethods().Any(m => m.IsDefined(typeof(BenchmarkAttribute), false)))]);
var summaries = switcher.Run(args, config).ToList();
var (code, message) = BenchmarkOutcome.Judge(summaries, args);
if (message is not null)
{
    Console.Error.WriteLine(message);
}

return code;
