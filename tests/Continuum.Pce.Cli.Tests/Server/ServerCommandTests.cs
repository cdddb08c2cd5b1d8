using System.Text.Json;
using Continuum.Pce.Api.Events;
using Continuum.Pce.Api.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Continuum.Pce.Cli.Tests.Server;

[Collection(ServerCollection.Name)]
public sealed class ServerCommandTests(ServerFixture server)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task LightpathCreate_WithFrequencyWidthAndMode_SitsExactlyThere_AndAnUnknownModeIsRefused()
    {
        var id = "l0-" + Guid.NewGuid().ToString("N")[..6];

        var created = await server.Run("lightpath", "create", "MUC", "FRA", "--rate", "200G", "--id", id,
            "--frequency-thz", "194.5", "--width-ghz", "100", "--mode", "DP-QPSK", "-o", "json");
        var unknown = await server.Run("path", "compute", "MUC", "FRA", "--rate", "200G", "--mode", "DP-1024QAM");
        await server.Run("lightpath", "delete", id);

        // 194.5 THz is boundary 508 of the 6.25 GHz grid from 191.325 THz; 100 GHz is 16 slots: 500–515.
        Assert.True(created.Exit == 0, created.ToString());
        Assert.Equal(500, created.Json.GetProperty("slotStart").GetInt32());
        Assert.Equal(16, created.Json.GetProperty("slotCount").GetInt32());
        Assert.Contains("QPSK", created.Json.GetProperty("mode").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(0, unknown.Exit);
        Assert.Contains("constraints.mode", unknown.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sites_Json_ListsTheDemoSitesWithTheirNodes()
    {
        var run = await server.Run("sites", "--output", "json");

        Assert.True(run.Exit == 0, run.ToString());
        var fra = run.Json.EnumerateArray().Single(s => s.GetProperty("id").GetString() == "FRA");
        Assert.Equal("DE", fra.GetProperty("jurisdiction").GetString()![..2]);
        Assert.Contains(fra.GetProperty("nodes").EnumerateArray(), n => n.GetString() == "FRA-ROADM");
        Assert.True(fra.TryGetProperty("latitude", out _));
    }

    [Fact]
    public async Task Nodes_KindRoadm_ListsOnlyRoadms()
    {
        var run = await server.Run("nodes", "--kind", "roadm", "-o", "json");

        Assert.True(run.Exit == 0, run.ToString());
        var nodes = run.Json.EnumerateArray().ToList();
        Assert.NotEmpty(nodes);
        Assert.All(nodes, n => Assert.Equal("roadm", n.GetProperty("kind").GetString()));
        Assert.Contains(nodes, n => n.GetProperty("id").GetString() == "PAR-ROADM");
    }

    [Fact]
    public async Task Fibers_JsonAndCsv_DescribeTheSameFibres()
    {
        var json = await server.Run("fibers", "-o", "json");
        var csv = await server.Run("fibers", "-o", "csv");

        Assert.True(json.Exit == 0, json.ToString());
        Assert.True(csv.Exit == 0, csv.ToString());
        var fraPar = json.Json.EnumerateArray().Single(f => f.GetProperty("id").GetString() == "FRA-PAR");
        Assert.Equal("FRA-ROADM", fraPar.GetProperty("from").GetString());
        Assert.True(fraPar.GetProperty("lengthKm").GetDouble() > 0);
        Assert.Equal(768, fraPar.GetProperty("slotCount").GetInt32());
        var lines = csv.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,from,to,lengthKm,latencyUs,up,", lines[0], StringComparison.Ordinal);
        Assert.Equal(json.Json.GetArrayLength(), lines.Length - 1);
    }

    [Fact]
    public async Task TopologyShow_Json_CarriesTheNetworkDocumentAndVersion()
    {
        var run = await server.Run("topology", "show", "-o", "json");

        Assert.True(run.Exit == 0, run.ToString());
        Assert.True(run.Json.GetProperty("version").GetInt64() >= 1);
        Assert.Equal("continuum-demo", run.Json.GetProperty("network").GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Object, run.Json.GetProperty("equipment").ValueKind);
    }

    [Fact]
    public async Task TopologyLoad_AdminKey_LoadsTheFileWithItsEquipmentAsANewVersion()
    {
        var before = (await server.Run("topology", "show", "-o", "json")).Json.GetProperty("version").GetInt64();

        var run = await server.RunWith(server.AdminKey, "topology", "load", Repo.File("topologies", "continuum-demo.json"), "-o", "json");

        Assert.True(run.Exit == 0, run.ToString());
        Assert.Equal("continuum-demo", run.Json.GetProperty("name").GetString());
        Assert.True(run.Json.GetProperty("version").GetInt64() > before);
        Assert.Equal(64, run.Json.GetProperty("fibers").GetInt32());
    }

    [Fact]
    public async Task TopologyLoad_ProgressSteps_GoToStderrAndTheSummaryToStdout()
    {
        var run = await server.RunWith(server.AdminKey, "topology", "load", Repo.File("topologies", "continuum-demo.json"));

        Assert.True(run.Exit == 0, run.ToString());
        Assert.Contains("[2/3] validating on the server", run.Err, StringComparison.Ordinal);
        Assert.Contains("loaded continuum-demo", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TopologyLoad_ViewerKey_ExitsThreeWithPermissionDenied()
    {
        var run = await server.RunWith(server.ViewerKey, "topology", "load", Repo.File("topologies", "continuum-demo.json"));

        Assert.Equal(3, run.Exit);
        Assert.Contains("permission denied", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PathCompute_Json_ReturnsRankedCandidatesWithPhysicsAndSpectrum()
    {
        var run = await server.Run("path", "compute", "FRA", "PAR", "--rate", "400G", "--max-latency", "10ms", "--k", "3", "-o", "json");

        Assert.True(run.Exit == 0, run.ToString());
        Assert.True(run.Json.GetProperty("found").GetBoolean());
        Assert.Equal(400, run.Json.GetProperty("rateGbps").GetInt32());
        var candidates = run.Json.GetProperty("candidates").EnumerateArray().ToList();
        Assert.InRange(candidates.Count, 1, 3);
        var best = candidates[0];
        Assert.Equal(1, best.GetProperty("rank").GetInt32());
        Assert.InRange(best.GetProperty("latencyUs").GetDouble(), 1, 10_000);
        Assert.True(best.GetProperty("slotCount").GetInt32() > 0);
        Assert.False(string.IsNullOrEmpty(best.GetProperty("mode").GetString()));
        Assert.Equal(JsonValueKind.Null, run.Json.GetProperty("blockReason").ValueKind);
        var latencies = candidates.Select(c => c.GetProperty("latencyUs").GetDouble()).ToList();
        Assert.Equal(latencies.Order(), latencies);
    }

    [Fact]
    public async Task PathCompute_Protect_AsksForADisjointPairAndReportsEitherThePairOrTheDiversityBlock()
    {
        // On continuum-demo the server's candidates for one pair differ in spectrum, not in route, so it answers
        // "Diversity" today; the CLI must carry either answer faithfully.
        var run = await server.Run("path", "compute", "FRA", "PAR", "--rate", "100G", "--protect", "-o", "json");

        if (run.Exit == 0)
        {
            var pair = run.Json.GetProperty("protectionPair").EnumerateArray().ToList();
            Assert.Equal(2, pair.Count);
            var working = pair[0].GetProperty("fibers").EnumerateArray().Select(f => f.GetString()).ToHashSet();
            Assert.DoesNotContain(pair[1].GetProperty("fibers").EnumerateArray(), f => working.Contains(f.GetString()));
        }
        else
        {
            Assert.True(run.Exit == 1, run.ToString());
            Assert.Equal("Diversity", run.Json.GetProperty("blockReason").GetString());
        }
    }

    [Fact]
    public async Task PathCompute_UnknownNode_ExitsTwoAndNamesTheField()
    {
        var run = await server.Run("path", "compute", "NOWHERE", "PAR", "--rate", "400G");

        Assert.Equal(2, run.Exit);
        Assert.Contains("invalid source", run.Err, StringComparison.Ordinal);
        Assert.Contains("NOWHERE", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PathCompute_ImpossibleLatency_ExitsOneWithTheBlockReason()
    {
        var run = await server.Run("path", "compute", "FRA", "PAR", "--rate", "400G", "--max-latency", "1us", "-o", "json");

        Assert.Equal(1, run.Exit);
        Assert.False(run.Json.GetProperty("found").GetBoolean());
        Assert.Contains("latency", run.Json.GetProperty("blockReason").GetString()!, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(run.Json.GetProperty("candidates").EnumerateArray());
        Assert.Contains("blocked", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PathCompute_ForbiddenJurisdictionAndExclusions_AreSentToTheServer()
    {
        var run = await server.Run("path", "compute", "FRA", "PAR", "--rate", "100G", "--exclude-fiber", "FRA-PAR", "--forbid-jurisdiction", "BE", "-o", "json");

        Assert.True(run.Exit is 0 or 1, run.ToString());
        foreach (var candidate in run.Json.GetProperty("candidates").EnumerateArray())
        {
            Assert.DoesNotContain(candidate.GetProperty("fibers").EnumerateArray(), f => f.GetString() == "FRA-PAR");
        }
    }

    [Fact]
    public async Task PathCompute_BadRate_IsAUsageError()
    {
        var run = await server.Run("path", "compute", "FRA", "PAR", "--rate", "fast");

        Assert.Equal(2, run.Exit);
        Assert.Contains("--rate", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lightpath_CreateWithRestoration_ShowsThePolicyAndPriority()
    {
        var id = "cli-rest-" + Guid.NewGuid().ToString("N")[..8];

        var created = await server.Run("lightpath", "create", "FRA", "PAR", "--rate", "100G", "--id", id, "--restoration", "restore-revertive", "--priority", "2", "-o", "json");
        var refused = await server.Run("lightpath", "create", "FRA", "PAR", "--rate", "100G", "--restoration", "sometimes");
        var shown = await server.Run("lightpath", "show", id);
        await server.Run("lightpath", "delete", id);

        Assert.True(created.Exit == 0, created.ToString());
        Assert.Equal("restore-revertive", created.Json.GetProperty("restoration").GetProperty("policy").GetString());
        Assert.Equal(2, created.Json.GetProperty("restoration").GetProperty("priority").GetInt32());
        Assert.NotEqual(0, refused.Exit);
        Assert.Contains("restore-revertive, priority 2", shown.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportSurvivabilityLive_AnalysesTheServersLightpaths_AndWritesMarkdownAndCharts()
    {
        var id = "cli-surv-" + Guid.NewGuid().ToString("N")[..8];
        var folder = Directory.CreateTempSubdirectory("pce-surv-live-");
        try
        {
            var created = await server.Run("lightpath", "create", "FRA", "PAR", "--rate", "100G", "--id", id, "--restoration", "restore");
            var live = await server.Run("report", "survivability", "--live", "--failures", "fiber", "--out", folder.FullName);
            var mixed = await server.Run("report", "survivability", "--live", "--topology", "topologies/continuum-demo.json", "--out", folder.FullName);

            Assert.True(created.Exit == 0, created.ToString());
            Assert.True(live.Exit == 0, live.ToString());
            Assert.Matches(@"[1-9]\d* live lightpaths", live.Out);
            var markdown = File.ReadAllText(Path.Combine(folder.FullName, "survivability.md"));
            Assert.Contains("FRA", markdown, StringComparison.Ordinal);
            Assert.NotEmpty(Directory.GetFiles(folder.FullName, "*.svg"));
            Assert.All(Directory.GetFiles(folder.FullName, "*.svg"), f => Assert.Contains(Path.GetFileName(f), markdown, StringComparison.Ordinal));
            Assert.Equal(ExitCodes.Usage, mixed.Exit);
        }
        finally
        {
            await server.Run("lightpath", "delete", id);
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Lightpath_CreateOnePlusOne_ShowsBothLegsAndSwitchHoldsTheProtectionLeg()
    {
        var id = "cli-prot-" + Guid.NewGuid().ToString("N")[..8];

        var created = await server.Run("lightpath", "create", "FRA", "PAR", "--rate", "100G", "--id", id, "--protection", "1+1", "-o", "json");
        var switched = await server.Run("lightpath", "switch", id, "protection", "-o", "json");
        var shown = await server.Run("lightpath", "protection", id);
        var wrongLeg = await server.Run("lightpath", "switch", id, "sideways");
        await server.Run("lightpath", "delete", id);

        Assert.True(created.Exit == 0, created.ToString());
        var protection = created.Json.GetProperty("protection");
        Assert.Equal("1+1", protection.GetProperty("type").GetString());
        Assert.Equal("srlg", protection.GetProperty("diversity").GetString());
        var working = created.Json.GetProperty("fibers").EnumerateArray().Select(f => f.GetString()).ToHashSet();
        Assert.DoesNotContain(protection.GetProperty("fibers").EnumerateArray(), f => working.Contains(f.GetString()));
        Assert.True(switched.Exit == 0, switched.ToString());
        Assert.Equal("protection", switched.Json.GetProperty("protection").GetProperty("force").GetString());
        Assert.Contains("held on the protection leg", shown.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, wrongLeg.Exit);
    }

    [Fact]
    public async Task Lightpath_Lifecycle_CreateShowListHistorySpectrumRerouteDelete()
    {
        var id = "cli-life-" + Guid.NewGuid().ToString("N")[..8];

        var created = await server.Run("lightpath", "create", "FRA", "PAR", "--rate", "400G", "--id", id, "--max-latency", "10ms", "-o", "json");
        Assert.True(created.Exit == 0, created.ToString());
        Assert.Equal(id, created.Json.GetProperty("id").GetString());
        Assert.Equal("Active", created.Json.GetProperty("state").GetString());
        var fiber = created.Json.GetProperty("fibers")[0].GetString()!;
        var slotStart = created.Json.GetProperty("slotStart").GetInt32();

        var shown = await server.Run("lightpath", "show", id, "-o", "json");
        Assert.True(shown.Exit == 0, shown.ToString());
        Assert.Equal(created.Json.GetProperty("fibers").GetRawText(), shown.Json.GetProperty("fibers").GetRawText());

        var listed = await server.Run("lightpath", "list", "--state", "Active", "-o", "json");
        Assert.True(listed.Exit == 0, listed.ToString());
        Assert.Contains(listed.Json.EnumerateArray(), l => l.GetProperty("id").GetString() == id);

        var history = await server.Run("lightpath", "history", id, "-o", "json");
        Assert.True(history.Exit == 0, history.ToString());
        Assert.Contains(history.Json.GetProperty("events").EnumerateArray(), e => e.GetProperty("to").GetString() == "Active");

        var spectrum = await server.Run("spectrum", fiber, "-o", "json");
        Assert.True(spectrum.Exit == 0, spectrum.ToString());
        var claim = spectrum.Json.GetProperty("claims").EnumerateArray().Single(c => c.GetProperty("lightpath").GetString() == id);
        Assert.Equal(slotStart, claim.GetProperty("slotStart").GetInt32());
        Assert.True(spectrum.Json.GetProperty("occupiedSlots").GetInt32() >= claim.GetProperty("slotCount").GetInt32());

        var rerouted = await server.Run("lightpath", "reroute", id, "--exclude-fiber", fiber, "-o", "json");
        Assert.True(rerouted.Exit == 0, rerouted.ToString());
        Assert.DoesNotContain(rerouted.Json.GetProperty("fibers").EnumerateArray(), f => f.GetString() == fiber);

        var deleted = await server.Run("lightpath", "delete", id, "-o", "json");
        Assert.True(deleted.Exit == 0, deleted.ToString());
        Assert.Contains(deleted.Json.GetProperty("state").GetString(), new[] { "Deleting", "Deleted" });
    }

    [Fact]
    public async Task Lightpath_OfAnotherTenant_IsNamedByAdminsWithTenant_AndDeletedWithForce()
    {
        var id = "cli-tenant-" + Guid.NewGuid().ToString("N")[..8];
        var created = await server.RunWith(server.AdminKey, "lightpath", "create", "FRA", "PAR", "--rate", "100G", "--id", id, "--tenant", "initech", "-o", "json");
        Assert.True(created.Exit == 0, created.ToString());

        var inOwnSpace = await server.RunWith(server.AdminKey, "lightpath", "show", id, "-o", "json");
        var named = await server.RunWith(server.AdminKey, "lightpath", "show", id, "--tenant", "initech", "-o", "json");
        var operatorAsks = await server.Run("lightpath", "show", id, "--tenant", "initech", "-o", "json");
        var deleted = await server.RunWith(server.AdminKey, "lightpath", "delete", id, "--tenant", "initech", "--force", "-o", "json");

        Assert.Equal(1, inOwnSpace.Exit);
        Assert.True(named.Exit == 0, named.ToString());
        Assert.Equal("initech", named.Json.GetProperty("tenant").GetString());
        Assert.NotEqual(0, operatorAsks.Exit);
        Assert.True(deleted.Exit == 0, deleted.ToString());
        Assert.Equal("Deleted", deleted.Json.GetProperty("state").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, deleted.Json.GetProperty("cleanupFailure").ValueKind);
    }

    [Fact]
    public async Task LightpathCreate_ImpossibleLatency_ExitsOneWithTheBlockReason()
    {
        var run = await server.Run("lightpath", "create", "FRA", "PAR", "--rate", "400G", "--max-latency", "1us");

        Assert.Equal(1, run.Exit);
        Assert.Contains("blocked", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LightpathShow_UnknownId_ExitsOneNotFound()
    {
        var run = await server.Run("lightpath", "show", "no-such-lightpath", "-o", "json");

        Assert.Equal(1, run.Exit);
        Assert.Contains("not found", run.Err, StringComparison.Ordinal);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task LightpathDelete_UnknownId_ExitsOne()
    {
        var run = await server.Run("lightpath", "delete", "no-such-lightpath");

        Assert.Equal(1, run.Exit);
    }

    [Fact]
    public async Task LightpathCreate_ViewerKey_ExitsThree()
    {
        var run = await server.RunWith(server.ViewerKey, "lightpath", "create", "FRA", "PAR", "--rate", "100G");

        Assert.Equal(3, run.Exit);
        Assert.Contains("permission denied", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BundleCreate_FourLightpathsWithinTheSkew()
    {
        var prefix = "cli-b" + Guid.NewGuid().ToString("N")[..6];

        var run = await server.Run("bundle", "create", "AMS", "BER", "--count", "2", "--rate", "100G", "--max-skew", "5ms", "--id-prefix", prefix, "-o", "json");

        Assert.True(run.Exit == 0, run.ToString());
        var members = run.Json.GetProperty("lightpaths").EnumerateArray().ToList();
        Assert.Equal(2, members.Count);
        Assert.All(members, m => Assert.StartsWith(prefix, m.GetProperty("id").GetString(), StringComparison.Ordinal));
        Assert.InRange(run.Json.GetProperty("skewUs").GetDouble(), 0, 5000);
        foreach (var m in members)
        {
            Assert.Equal(0, (await server.Run("lightpath", "delete", m.GetProperty("id").GetString()!)).Exit);
        }
    }

    [Fact]
    public async Task Spectrum_UnknownFibre_ExitsOne()
    {
        var run = await server.Run("spectrum", "NO-SUCH");

        Assert.Equal(1, run.Exit);
        Assert.Contains("NO-SUCH", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alarms_Json_IsAnArray()
    {
        var run = await server.Run("alarms", "-o", "json");

        Assert.True(run.Exit == 0, run.ToString());
        Assert.Equal(JsonValueKind.Array, run.Json.ValueKind);
    }

    [Fact]
    public async Task WrongKey_ExitsThreeWithAOneLineMessage()
    {
        var run = await server.RunWith("not-a-key", "sites");

        Assert.Equal(3, run.Exit);
        Assert.Contains("refused the API key", run.Err, StringComparison.Ordinal);
        Assert.Single(run.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task NoKey_ExitsThreeAndSaysHowToGiveOne()
    {
        var run = await server.RunWith(null, "nodes");

        Assert.Equal(3, run.Exit);
        Assert.Contains("PCE_API_KEY", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableServer_ExitsThreeWithAOneLineMessage()
    {
        var closed = $"http://127.0.0.1:{PceTestServer.FreePort()}";

        var run = await CliRun.Start(["fibers", "--server", closed, "--api-key", "x"]);

        Assert.Equal(3, run.Exit);
        Assert.Contains("cannot reach the PCE server", run.Err, StringComparison.Ordinal);
        Assert.Single(run.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task LightpathWatch_SeesACreateEvent()
    {
        using var timeout = new CancellationTokenSource(Bound);
        var id = "cli-watch-" + Guid.NewGuid().ToString("N")[..8];
        var feed = server.Server.Services.GetRequiredService<ChangeFeed>();
        var watchersBefore = feed.WatchesOpened;
        var stdout = new SignallingWriter(id);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var watch = CliApp.RunAsync(
            ["lightpath", "watch", "-o", "json", "--server", server.Address, "--api-key", server.OperatorKey], stdout, new StringWriter(), colour: false, stop.Token);

        // The stream is open once the server has registered the watcher; then the create must be seen.
        Assert.True(SpinWait.SpinUntil(() => feed.WatchesOpened > watchersBefore || watch.IsCompleted, Bound), "the watch stream did not open");
        var created = await server.Run("lightpath", "create", "PAR", "LYS", "--rate", "100G", "--id", id);
        Assert.True(created.Exit == 0, created.ToString());
        await stdout.Seen.Task.WaitAsync(timeout.Token);
        await stop.CancelAsync();
        var exit = await watch.WaitAsync(timeout.Token);

        Assert.Equal(0, exit);
        var events = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var mine = events.Where(e => e.GetProperty("lightpath").GetProperty("id").GetString() == id).ToList();
        Assert.NotEmpty(mine);
        Assert.All(mine, e => Assert.False(string.IsNullOrEmpty(e.GetProperty("to").GetString())));
        Assert.Equal(0, (await server.Run("lightpath", "delete", id)).Exit);
    }

    [Fact]
    public async Task AlarmsWatch_OpensTheStreamAndStopsCleanlyOnCancel()
    {
        using var timeout = new CancellationTokenSource(Bound);
        var feed = server.Server.Services.GetRequiredService<ChangeFeed>();
        var watchersBefore = feed.WatchesOpened;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var stderr = new StringWriter();
        var watch = CliApp.RunAsync(
            ["alarms", "--watch", "-o", "json", "--server", server.Address, "--api-key", server.ViewerKey], new StringWriter(), stderr, colour: false, stop.Token);

        Assert.True(SpinWait.SpinUntil(() => feed.WatchesOpened > watchersBefore || watch.IsCompleted, Bound), "the alarm stream did not open");
        await stop.CancelAsync();
        var exit = await watch.WaitAsync(timeout.Token);

        Assert.Equal(0, exit);
        Assert.Contains("watching alarms", stderr.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A stdout that completes <see cref="Seen"/> when a line mentions a text (the watch test's signal, instead of a sleep).</summary>
    private sealed class SignallingWriter(string text) : StringWriter
    {
        public TaskCompletionSource Seen { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void WriteLine(string? value)
        {
            lock (this)
            {
                base.WriteLine(value);
            }

            if (value?.Contains(text, StringComparison.Ordinal) == true)
            {
                Seen.TrySetResult();
            }
        }

        public override string ToString()
        {
            lock (this)
            {
                return base.ToString();
            }
        }
    }
}

internal static class Repo
{
    public static string File(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !System.IO.File.Exists(Path.Combine(dir.FullName, "Continuum.Pce.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine([dir!.FullName, .. parts]);
    }
}
