using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace Continuum.Pce.Cli.Tests.Server;

/// <summary>`pce defrag plan | apply` against the real server: the plan printed, a dry run, an apply to the end, Ctrl+C = abort.</summary>
[Collection(ServerCollection.Name)]
public sealed class DefragCommandTests(ServerFixture server)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Plan_DryRun_Apply_PrintsThePlanChecksItThenRunsItToTheEnd()
    {
        var ids = await FragmentAsync("cdf", 4);
        try
        {
            var plan = await server.Run("defrag", "plan", "-o", "json");
            Assert.True(plan.Exit == 0, plan.ToString());
            var id = plan.Json.GetProperty("id").GetString()!;
            Assert.True(plan.Json.GetProperty("steps").GetArrayLength() > 0, plan.ToString());
            Assert.True(plan.Json.GetProperty("fragmentationAfter").GetDouble() <= plan.Json.GetProperty("fragmentationBefore").GetDouble());
            var table = await server.Run("defrag", "show", id);
            Assert.Contains("highest occupied slot", table.Out, StringComparison.Ordinal);

            var dryRun = await server.Run("defrag", "apply", id, "--dry-run");
            var applied = await server.Run("defrag", "apply", id, "-o", "json").WaitAsync(Bound);

            Assert.True(dryRun.Exit == 0, dryRun.ToString());
            Assert.Contains("every step would go through now", dryRun.Out, StringComparison.Ordinal);
            Assert.True(applied.Exit == 0, applied.ToString());
            Assert.Equal("completed", applied.Json.GetProperty("state").GetString());
            Assert.All(applied.Json.GetProperty("steps").EnumerateArray(), s => Assert.Equal("done", s.GetProperty("status").GetString()));
        }
        finally
        {
            await DeleteAsync(ids);
        }
    }

    [Fact]
    public async Task Apply_CtrlC_AbortsAfterTheStepInProgressAndExits1()
    {
        var ids = await FragmentAsync("cdg", 16);
        try
        {
            var plan = await server.Run("defrag", "plan", "-o", "json");
            var id = plan.Json.GetProperty("id").GetString()!;
            var steps = plan.Json.GetProperty("steps").GetArrayLength();
            Assert.True(steps >= 4, plan.ToString());
            using var ctrlC = new CancellationTokenSource();
            using var http = server.Server.Http(server.OperatorKey);

            var run = CliRun.Start(["defrag", "apply", id, "-o", "json", "--server", server.Address, "--api-key", server.OperatorKey], ctrlC.Token);
            // Ctrl+C once the first step is done.
            var deadline = DateTime.UtcNow + Bound;
            while (DateTime.UtcNow < deadline)
            {
                var now = await http.GetFromJsonAsync<JsonElement>($"/api/v1/defrag/plans/{id}");
                if (now.GetProperty("progress").GetProperty("done").GetInt32() > 0)
                {
                    break;
                }

                await Task.Delay(50);
            }

            ctrlC.Cancel();
            var result = await run.WaitAsync(Bound);
            var final = await http.GetFromJsonAsync<JsonElement>($"/api/v1/defrag/plans/{id}");
            for (var i = 0; i < 1200 && final.GetProperty("state").GetString() == "running"; i++)
            {
                await Task.Delay(50);
                final = await http.GetFromJsonAsync<JsonElement>($"/api/v1/defrag/plans/{id}");
            }

            Assert.Equal(1, result.Exit);
            Assert.True(final.GetProperty("progress").GetProperty("abortRequested").GetBoolean(), final.ToString());
            Assert.Equal("aborted", final.GetProperty("state").GetString());
            Assert.True(final.GetProperty("progress").GetProperty("skipped").GetInt32() > 0);
        }
        finally
        {
            await DeleteAsync(ids);
        }
    }

    /// <summary>Lightpaths FRA → PAR in the operator's tenant, every second one deleted (the ones kept are returned).</summary>
    private async Task<List<string>> FragmentAsync(string prefix, int count)
    {
        using var http = server.Server.Http(server.OperatorKey);
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var response = await http.PostAsJsonAsync("/api/v1/lightpaths", new { id = $"{prefix}-{i:D2}", source = "FRA", destination = "PAR", rateGbps = 100 });
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            ids.Add($"{prefix}-{i:D2}");
        }

        await DeleteAsync(ids.Where((_, i) => i % 2 == 0).ToList());
        return [.. ids.Where((_, i) => i % 2 == 1)];
    }

    private async Task DeleteAsync(IReadOnlyList<string> ids)
    {
        using var http = server.Server.Http(server.OperatorKey);
        foreach (var id in ids)
        {
            await http.DeleteAsync($"/api/v1/lightpaths/{id}");
        }
    }
}
