using System.Text.Json;
using System.Text.Json.Nodes;
using Continuum.Pce.Api.Hosting;
using Continuum.Pce.Api.Testing;
using Continuum.Pce.Api.Tests.Support;
using Continuum.Pce.DeviceEmulator;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Continuum.Pce.Api.Tests;

/// <summary>One server on continuum-demo with its emulator in this process (its device trees and fault injection at hand).</summary>
public sealed class DefragServerFixture : IAsyncLifetime
{
    public PceTestServer Server { get; private set; } = null!;

    public DeviceEmulator.DeviceEmulator Emulator => ((InProcessEmulator)Server.Services.GetRequiredService<DevicePlane>().Emulator!).Host.Emulator;

    public async Task InitializeAsync() => Server = await PceTestServer.StartAsync(null, "topologies/continuum-demo.json", new InProcessEmulatorLauncher());

    public Task DisposeAsync() => Server.DisposeAndDeleteAsync();
}

/// <summary>
/// Issue 28, live spectrum defragmentation through the real server: spectrum fragmented by creating and deleting
/// lightpaths, a plan computed, dry-run, applied (or aborted, or failing on a step), then the store, the fibres' claims
/// and the emulator's device trees checked to agree. Each test works in a tenant of its own and deletes its lightpaths.
/// FRA–PAR lightpaths end on coherent line cards (hitless retune), STR–SXB ones on pluggables (make-before-break).
/// </summary>
public sealed class DefragApiTests(DefragServerFixture fixture) : IClassFixture<DefragServerFixture>
{
    private const long GridStartMhz = 191_325_000;
    private const long SlotMhz = 6_250;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Plan_dry_run_then_apply_packs_the_spectrum_with_every_lightpath_Active_and_devices_agreeing_with_the_store()
    {
        const string tenant = "dfa";
        using var http = fixture.Server.Http();
        var ids = new List<string>();
        try
        {
            ids.AddRange(await CreateAsync(http, tenant, "fra", "FRA", "PAR", 6));
            ids.AddRange(await CreateAsync(http, tenant, "str", "STR", "SXB", 6));
            await DeleteAsync(http, ids.Where((_, i) => i % 2 == 0).ToList(), tenant);
            ids = [.. ids.Where((_, i) => i % 2 == 1)];
            var before = await ReadAsync(http, ids);

            var (planned, plan) = await http.PostAsync("/api/v1/defrag/plans", new { tenant });
            Assert.True(planned == 201, plan.ToString());
            var steps = plan.GetProperty("steps").EnumerateArray().ToList();
            Assert.NotEmpty(steps);
            Assert.Contains(steps, s => s.Str("kind") == "hitless" && s.Str("lightpath").StartsWith("fra", StringComparison.Ordinal));
            Assert.Contains(steps, s => s.Str("kind") == "make-before-break" && s.Str("lightpath").StartsWith("str", StringComparison.Ordinal));
            Assert.True(plan.GetProperty("fragmentationAfter").GetDouble() <= plan.GetProperty("fragmentationBefore").GetDouble());

            var (checkedStatus, dryRun) = await http.PostAsync($"/api/v1/defrag/plans/{plan.Str("id")}/apply", new { dryRun = true });
            Assert.Equal(200, checkedStatus);
            Assert.True(dryRun.GetProperty("passes").GetBoolean(), dryRun.ToString());
            Assert.Equal(before, await ReadAsync(http, ids)); // the dry run changed nothing

            var (applyStatus, _) = await http.PostAsync($"/api/v1/defrag/plans/{plan.Str("id")}/apply", new { });
            Assert.Equal(202, applyStatus);
            var done = await FinishedAsync(http, plan.Str("id"));

            Assert.Equal("completed", done.Str("state"));
            Assert.Equal(steps.Count, done.GetProperty("progress").GetProperty("done").GetInt32());
            var after = await ReadAsync(http, ids);
            var expected = steps.GroupBy(s => s.Str("lightpath")).ToDictionary(g => g.Key, g => g.Last().GetProperty("toStart").GetInt32());
            foreach (var id in ids)
            {
                Assert.Equal("Active", after[id].State);
                Assert.Equal(expected.TryGetValue(id, out var target) ? target : before[id].Start, after[id].Start);
            }

            Assert.True(after.Values.Max(l => l.Start + l.Count) < before.Values.Max(l => l.Start + l.Count), "the highest occupied slot came down");
            foreach (var id in expected.Keys)
            {
                var (_, history) = await http.GetJsonAsync($"/api/v1/lightpaths/{id}/history?tenant={tenant}");
                Assert.Contains(history.GetProperty("events").EnumerateArray(), e => e.GetProperty("reason").GetString()!.StartsWith("defragmentation retune (", StringComparison.Ordinal));
            }

            await AssertAgreementAsync(http, tenant, after);
        }
        finally
        {
            await DeleteAsync(http, ids, tenant);
        }
    }

    [Fact]
    public async Task Abort_stops_after_the_current_step_and_leaves_every_lightpath_whole_on_old_or_new_slots()
    {
        const string tenant = "dfb";
        using var http = fixture.Server.Http();
        var ids = new List<string>();
        try
        {
            ids.AddRange(await CreateAsync(http, tenant, "abt", "FRA", "PAR", 16));
            await DeleteAsync(http, ids.Where((_, i) => i % 2 == 0).ToList(), tenant);
            ids = [.. ids.Where((_, i) => i % 2 == 1)];
            var before = await ReadAsync(http, ids);
            var (_, plan) = await http.PostAsync("/api/v1/defrag/plans", new { tenant });
            var steps = plan.GetProperty("steps").EnumerateArray().ToList();
            Assert.True(steps.Count >= 4, plan.ToString());

            await http.PostAsync($"/api/v1/defrag/plans/{plan.Str("id")}/apply", new { });
            var (abortStatus, _) = await http.PostAsync($"/api/v1/defrag/plans/{plan.Str("id")}/abort", new { });
            var done = await FinishedAsync(http, plan.Str("id"));

            Assert.Equal(200, abortStatus);
            Assert.Equal("aborted", done.Str("state"));
            var progress = done.GetProperty("progress");
            Assert.Equal(0, progress.GetProperty("failed").GetInt32());
            Assert.True(progress.GetProperty("skipped").GetInt32() >= 1);
            Assert.Equal(steps.Count, progress.GetProperty("done").GetInt32() + progress.GetProperty("skipped").GetInt32());
            var after = await ReadAsync(http, ids);
            var finalSteps = done.GetProperty("steps").EnumerateArray().ToList();
            foreach (var id in ids)
            {
                var doneSteps = finalSteps.Where(s => s.Str("lightpath") == id && s.Str("status") == "done").ToList();
                Assert.Equal("Active", after[id].State);
                Assert.Equal(doneSteps.Count > 0 ? doneSteps[^1].GetProperty("toStart").GetInt32() : before[id].Start, after[id].Start);
            }

            await AssertAgreementAsync(http, tenant, after);
        }
        finally
        {
            await DeleteAsync(http, ids, tenant);
        }
    }

    [Fact]
    public async Task A_step_whose_target_was_taken_after_planning_fails_the_dry_run_and_the_apply_and_the_lightpath_keeps_its_slots()
    {
        const string tenant = "dfc";
        using var http = fixture.Server.Http();
        var ids = new List<string>();
        string? intruder = null;
        try
        {
            ids.AddRange(await CreateAsync(http, tenant, "tkn", "FRA", "PAR", 3));
            await DeleteAsync(http, [ids[0]], tenant);
            ids.RemoveAt(0);
            var before = await ReadAsync(http, ids);
            var (_, plan) = await http.PostAsync("/api/v1/defrag/plans", new { tenant });
            var first = plan.GetProperty("steps")[0];

            // Another tenant's new lightpath takes the hole (first fit) between planning and applying.
            intruder = (await CreateAsync(http, "dfc-other", "intr", "FRA", "PAR", 1))[0];
            var (_, dryRun) = await http.PostAsync($"/api/v1/defrag/plans/{plan.Str("id")}/apply", new { dryRun = true });
            await http.PostAsync($"/api/v1/defrag/plans/{plan.Str("id")}/apply", new { });
            var done = await FinishedAsync(http, plan.Str("id"));

            Assert.False(dryRun.GetProperty("passes").GetBoolean());
            Assert.False(dryRun.GetProperty("steps")[0].GetProperty("ok").GetBoolean());
            Assert.Equal("failed", done.Str("state"));
            var failed = done.GetProperty("steps")[0];
            Assert.Equal("failed", failed.Str("status"));
            Assert.StartsWith("Spectrum", failed.Str("error"), StringComparison.Ordinal);
            Assert.Contains($"step 1 ({tenant}/{first.Str("lightpath")})", done.Str("failure"), StringComparison.Ordinal);
            Assert.Equal(before, await ReadAsync(http, ids));
            await AssertAgreementAsync(http, tenant, before);
        }
        finally
        {
            await DeleteAsync(http, ids, tenant);
            if (intruder is not null)
            {
                await DeleteAsync(http, [intruder], "dfc-other");
            }
        }
    }

    [Fact]
    public async Task A_step_a_device_refuses_is_undone_and_the_lightpath_stays_on_its_old_slots_on_every_device()
    {
        const string tenant = "dfd";
        using var http = fixture.Server.Http();
        var ids = new List<string>();
        try
        {
            ids.AddRange(await CreateAsync(http, tenant, "ref", "STR", "SXB", 2));
            await DeleteAsync(http, [ids[0]], tenant);
            ids.RemoveAt(0);
            var before = await ReadAsync(http, ids);
            var (_, plan) = await http.PostAsync("/api/v1/defrag/plans", new { tenant });
            Assert.Equal("make-before-break", plan.GetProperty("steps")[0].Str("kind"));

            // The destination ROADM refuses its first write of the retune (the new channels beside the old): undone in reverse.
            fixture.Emulator.RejectNextSet(before[ids[0]].Nodes[^1], StatusCode.Unavailable, "line card busy");
            await http.PostAsync($"/api/v1/defrag/plans/{plan.Str("id")}/apply", new { });
            var done = await FinishedAsync(http, plan.Str("id"));

            Assert.Equal("failed", done.Str("state"));
            Assert.StartsWith("Render", done.GetProperty("steps")[0].Str("error"), StringComparison.Ordinal);
            Assert.Equal(before, await ReadAsync(http, ids));
            var (_, history) = await http.GetJsonAsync($"/api/v1/lightpaths/{ids[0]}/history?tenant={tenant}");
            Assert.StartsWith("defragmentation retune failed, old slots", history.GetProperty("events").EnumerateArray().Last().Str("reason"), StringComparison.Ordinal);
            await AssertAgreementAsync(http, tenant, before);
        }
        finally
        {
            await DeleteAsync(http, ids, tenant);
        }
    }

    private sealed record Lp(string State, int Start, int Count, string[] Fibers, string[] Nodes)
    {
        public bool Equals(Lp? other) => other is not null && State == other.State && Start == other.Start && Count == other.Count && Fibers.SequenceEqual(other.Fibers);

        public override int GetHashCode() => HashCode.Combine(State, Start, Count);
    }

    private static async Task<List<string>> CreateAsync(HttpClient http, string tenant, string prefix, string source, string destination, int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var id = $"{prefix}-{i:D2}";
            var (status, lp) = await http.PostAsync("/api/v1/lightpaths", new { id, tenant, source, destination, rateGbps = 100 });
            Assert.True(status == 201, lp.ToString());
            ids.Add(id);
        }

        return ids;
    }

    private static async Task DeleteAsync(HttpClient http, IReadOnlyList<string> ids, string tenant)
    {
        foreach (var id in ids)
        {
            await http.SendAsync(HttpMethod.Delete, $"/api/v1/lightpaths/{id}?tenant={tenant}");
        }
    }

    private static async Task<Dictionary<string, Lp>> ReadAsync(HttpClient http, IReadOnlyList<string> ids)
    {
        var views = new Dictionary<string, Lp>();
        foreach (var id in ids)
        {
            // Ids are unique across the tests' tenants, so the admin's list finds each.
            var (_, page) = await http.GetJsonAsync($"/api/v1/lightpaths?limit=500");
            var lp = page.GetProperty("items").EnumerateArray().Single(l => l.Str("id") == id);
            views[id] = new Lp(lp.Str("state"), lp.GetProperty("slotStart").GetInt32(), lp.GetProperty("slotCount").GetInt32(),
                [.. lp.GetProperty("fibers").EnumerateArray().Select(f => f.GetString()!)], [.. lp.GetProperty("nodes").EnumerateArray().Select(n => n.GetString()!)]);
        }

        return views;
    }

    private static async Task<JsonElement> FinishedAsync(HttpClient http, string plan)
    {
        JsonElement last = default;
        var finished = await Poll.UntilAsync(async () =>
        {
            (_, last) = await http.GetJsonAsync($"/api/v1/defrag/plans/{plan}");
            return last.Str("state") is "completed" or "failed" or "aborted";
        }, Deadline);
        Assert.True(finished, "the apply did not finish: " + last);
        return last;
    }

    /// <summary>
    /// The store, the fibres' claims and the devices agree: no slot of any fibre booked twice; each lightpath claims its
    /// own slots on exactly its fibres (both directions); every ROADM of its path carries its media channels at exactly
    /// its slots' edges and no retune channel is left; both transponders are tuned to its centre frequency.
    /// </summary>
    private async Task AssertAgreementAsync(HttpClient http, string tenant, Dictionary<string, Lp> lightpaths)
    {
        var (_, fibers) = await http.GetJsonAsync("/api/v1/fibers");
        var claimed = lightpaths.Keys.ToDictionary(id => id, _ => new List<(string Fiber, int Start, int Count)>());
        foreach (var fiber in fibers.EnumerateArray().Select(f => f.Str("id")))
        {
            var (_, spectrum) = await http.GetJsonAsync($"/api/v1/fibers/{fiber}/spectrum");
            var claims = spectrum.GetProperty("claims").EnumerateArray()
                .Select(c => (Lightpath: c.Str("lightpath"), Start: c.GetProperty("slotStart").GetInt32(), Count: c.GetProperty("slotCount").GetInt32()))
                .OrderBy(c => c.Start).ToList();
            for (var k = 1; k < claims.Count; k++)
            {
                Assert.True(claims[k - 1].Start + claims[k - 1].Count <= claims[k].Start, $"{fiber}: {claims[k - 1].Lightpath} and {claims[k].Lightpath} share slots");
            }

            foreach (var c in claims.Where(c => claimed.ContainsKey(c.Lightpath)))
            {
                claimed[c.Lightpath].Add((fiber, c.Start, c.Count));
            }
        }

        foreach (var (id, lp) in lightpaths)
        {
            Assert.All(claimed[id], c => Assert.Equal((lp.Start, lp.Count), (c.Start, c.Count)));
            Assert.Equal(lp.Fibers.Length * 2, claimed[id].Count);
            var lower = GridStartMhz + (lp.Start * SlotMhz);
            var upper = lower + (lp.Count * SlotMhz);
            var name = $"{tenant}/{id}";
            foreach (var roadm in lp.Nodes)
            {
                var tree = JsonNode.Parse(fixture.Emulator.ReadJson(roadm, "/wavelength-router/media-channels", DataFilter.Config) ?? "{}");
                var channels = Objects(tree).Where(o => o["config"]?["name"] is JsonValue).Select(o => (Name: o["config"]!["name"]!.GetValue<string>(), Config: o["config"]!)).ToList();
                Assert.DoesNotContain(channels, c => c.Name.StartsWith($"{name}-r-", StringComparison.Ordinal));
                foreach (var direction in new[] { "az", "za" })
                {
                    var channel = Assert.Single(channels, c => c.Name == $"{name}-{direction}");
                    Assert.Equal(lower, long.Parse(channel.Config["lower-frequency"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture));
                    Assert.Equal(upper, long.Parse(channel.Config["upper-frequency"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            foreach (var transponder in new[] { lp.Nodes[0].Replace("-ROADM", "-TRX", StringComparison.Ordinal), lp.Nodes[^1].Replace("-ROADM", "-TRX", StringComparison.Ordinal) })
            {
                var components = fixture.Emulator.ReadJson(transponder, "/components", DataFilter.Config) ?? "";
                Assert.Contains($"{(lower + upper) / 2}", components, StringComparison.Ordinal);
            }
        }
    }

    private static IEnumerable<JsonObject> Objects(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                yield return o;
                foreach (var child in o.Select(kv => kv.Value).SelectMany(Objects))
                {
                    yield return child;
                }

                break;
            case JsonArray a:
                foreach (var child in a.SelectMany(Objects))
                {
                    yield return child;
                }

                break;
        }
    }
}
