using System.Diagnostics;
using System.Globalization;
using Continuum.Pce.Api.Testing;
using Continuum.Pce.Api.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Continuum.Pce.Api.Tests;

/// <summary>
/// The figures of docs/performance.md for live defragmentation: with <c>PCE_DEFRAG_MEASURE=N</c>, N lightpaths between
/// random ROADM sites of continuum-demo (100G; those the transponders' interfaces or the spectrum refuse are skipped),
/// every second one deleted, then a plan over everything (its server-side time: snapshot read and planning), a dry run,
/// and the apply (steps per second). Without the variable it returns at once (it is a measurement, not a check).
/// </summary>
public sealed class DefragMeasurementTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Measure_plan_time_and_apply_throughput_when_asked()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable("PCE_DEFRAG_MEASURE"), CultureInfo.InvariantCulture, out var count) || count <= 0)
        {
            return;
        }

        await using var server = await PceTestServer.StartAsync(null, "topologies/continuum-demo.json", new InProcessEmulatorLauncher());
        using var http = server.Http();
        string[] sites = ["FRA", "PAR", "AMS", "BER", "MUC", "LYS", "BRU", "RTM", "DUS", "HAM", "CGN", "LEJ", "SXB", "LIL", "UTC", "STR", "EIN", "ANR", "TLS"];
        var random = new Random(28);
        var created = new List<string>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var a = sites[random.Next(sites.Length)];
            var b = sites.Where(s => s != a).ElementAt(random.Next(sites.Length - 1));
            var (status, _) = await http.PostAsync("/api/v1/lightpaths", new { id = $"m-{i:D4}", tenant = "measure", source = a, destination = b, rateGbps = 100 });
            if (status == 201)
            {
                created.Add($"m-{i:D4}");
            }
        }

        var createSeconds = clock.Elapsed.TotalSeconds;
        foreach (var id in created.Where((_, i) => i % 2 == 0))
        {
            await http.SendAsync(HttpMethod.Delete, $"/api/v1/lightpaths/{id}?tenant=measure");
        }

        clock.Restart();
        var (_, plan) = await http.PostAsync("/api/v1/defrag/plans", new { });
        var planWall = clock.Elapsed.TotalMilliseconds;
        var steps = plan.GetProperty("steps").GetArrayLength();
        clock.Restart();
        var (_, dryRun) = await http.PostAsync($"/api/v1/defrag/plans/{plan.Str("id")}/apply", new { dryRun = true });
        var dryRunWall = clock.Elapsed.TotalMilliseconds;
        await http.PostAsync($"/api/v1/defrag/plans/{plan.Str("id")}/apply", new { });
        var done = plan;
        Assert.True(await Poll.UntilAsync(async () =>
        {
            (_, done) = await http.GetJsonAsync($"/api/v1/defrag/plans/{plan.Str("id")}");
            return done.Str("state") is "completed" or "failed" or "aborted";
        }, TimeSpan.FromMinutes(30)));

        var progress = done.GetProperty("progress");
        output.WriteLine($"load average {File.ReadAllText("/proc/loadavg").Trim()} on {Environment.ProcessorCount} cores");
        output.WriteLine($"{created.Count} of {count} created in {createSeconds:F1} s, {created.Count - ((created.Count + 1) / 2)} kept");
        output.WriteLine($"plan: {plan.GetProperty("movableLightpaths").GetInt32()} movable, {plan.GetProperty("fixedClaims").GetInt32()} fixed claims, {steps} steps " +
                         $"({plan.GetProperty("steps").EnumerateArray().Count(s => s.Str("kind") == "hitless")} hitless), server {plan.GetProperty("planMs").GetDouble():F1} ms, wall {planWall:F1} ms");
        output.WriteLine($"highest slot {plan.GetProperty("highestSlotBefore").GetInt32()} → {plan.GetProperty("highestSlotAfter").GetInt32()}, " +
                         $"fragmentation {plan.GetProperty("fragmentationBefore").GetDouble():F3} → {plan.GetProperty("fragmentationAfter").GetDouble():F3}");
        output.WriteLine($"dry run: passes {dryRun.GetProperty("passes").GetBoolean()}, wall {dryRunWall:F1} ms");
        output.WriteLine($"apply: {done.Str("state")}, {progress.GetProperty("done").GetInt32()} done, {progress.GetProperty("stepsPerSecond").GetDouble():F2} steps/s");
        Assert.Equal("completed", done.Str("state"));
    }
}
