using System.Text.Json;
using Continuum.Pce.Api.Hosting;
using Continuum.Pce.Api.Tests.Support;
using Continuum.Pce.Contracts.V1;
using Continuum.Pce.DeviceEmulator;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.TestKit.Processes;
using Grpc.Core;
using Xunit;
using PceService = Continuum.Pce.Contracts.V1.Pce;

namespace Continuum.Pce.Api.Tests;

/// <summary>
/// Issue 22, "survives the server being killed mid-restoration": the server as its own process (ServerChild)
/// on the demo network, its devices an emulator hosted by the test (so they outlive the server, half-configured as a
/// crash leaves them). A fibre carrying several restorable lightpaths is cut; once a restoration is under way (one at a
/// time, so the others are queued) the server gets SIGKILL and is started again on the same data. Every lightpath must
/// end Active on a path avoiding the cut with its store, its spectrum claims and the device trees agreeing.
/// </summary>
public sealed class RestorationCrashTests
{
    private const int Count = 8;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Kill9_DuringARestorationStorm_RestartFinishesEveryRestorationAndLeavesNothingHalfConfigured()
    {
        var loaded = Topology.IO.NetworkFile.Load(RepoPaths.Resolve("topologies/continuum-demo.json", AppContext.BaseDirectory)!);
        Assert.True(loaded.IsSuccess, string.Join("; ", loaded.Errors.Select(e => e.Message)));
        var network = loaded.Value!.Loaded.Network;
        await using var devices = await DeviceEmulatorHost.StartAsync(network, new DeviceEmulatorOptions { ControlPort = null, Equipment = loaded.Value.Equipment });

        var data = Path.Combine(Path.GetTempPath(), "pce-kill9", Guid.NewGuid().ToString("N"));
        string[] settings =
        [
            "--Pce:Emulator:Enabled=false", $"--Devices:Address={devices.Address}", "--Devices:UseTls=false",
            "--Pce:Restoration:HoldOff=00:00:00.100", "--Pce:Restoration:Concurrency=1",
            "--Pce:Restoration:RetryInitial=00:00:00.500", "--Pce:Restoration:RetryMax=00:00:02",
            "--Pce:Reservation:CleanupRetryInitial=00:00:00.500", "--Pce:Reservation:CleanupRetryMax=00:00:02",
        ];
        var start = new ServerChildOptions { Name = "first", DataDirectory = data, Settings = settings };
        var ids = Enumerable.Range(0, Count).Select(i => $"kill9-{i:D2}").ToList();
        FiberId cut;
        string key;
        var output = "";
        try
        {
            await using (var first = await ServerChild.StartAsync(start))
            {
                key = first.AdminKey ?? throw new InvalidOperationException("the first start printed no admin key:\n" + first.Output);
                using var http = first.Http(key);
                var created = new List<JsonElement>();
                foreach (var (id, i) in ids.Select((id, i) => (id, i)))
                {
                    var (status, lp) = await http.PostAsync("/api/v1/lightpaths", new { id, source = "FRA", destination = "PAR", rateGbps = 100, restoration = new { policy = "restore", priority = i % 8 } });
                    Assert.True(status == 201, lp.ToString());
                    created.Add(lp);
                }

                cut = new FiberId(created[0].GetProperty("fibers")[0].GetString()!);
                Assert.All(created, lp => Assert.Contains(cut.Value, Fibers(lp)));

                using var stop = new CancellationTokenSource(Deadline);
                var client = new PceService.PceClient(first.Grpc());
                using var watch = client.WatchLightpaths(new WatchLightpathsRequest(), new Metadata { { "x-api-key", key } }, cancellationToken: stop.Token);
                await watch.ResponseHeadersAsync;

                devices.Emulator.CutFiber(cut);

                // SIGKILL as soon as the first restoration has begun: it is in flight, the others wait their turn.
                while (await watch.ResponseStream.MoveNext(stop.Token) && watch.ResponseStream.Current.To != "Restoring")
                {
                }

                first.Kill();
                output = first.Output;
            }

            await using var second = await ServerChild.StartAsync(start with { Name = "second" });
            try
            {
                await AwaitAllRestoredAsync(second, key, ids, cut);
                await AssertAgreementAsync(second.Http(key), devices.Emulator, network, ids, cut);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException($"{e}\n--- first server ---\n{output}\n--- second server ---\n{second.Output}");
            }
        }
        finally
        {
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
                // Left in the temp folder.
            }
        }
    }

    /// <summary>The current state of every lightpath, then its changes, until each is Active off the cut fibre.</summary>
    private static async Task AwaitAllRestoredAsync(ServerChild server, string key, IReadOnlyList<string> ids, FiberId cut)
    {
        using var stop = new CancellationTokenSource(Deadline);
        var client = new PceService.PceClient(server.Grpc());
        using var watch = client.WatchLightpaths(new WatchLightpathsRequest { IncludeCurrent = true }, new Metadata { { "x-api-key", key } }, cancellationToken: stop.Token);
        var done = new HashSet<string>();
        var last = new Dictionary<string, string>();
        try
        {
            while (done.Count < ids.Count && await watch.ResponseStream.MoveNext(stop.Token))
            {
                var lp = watch.ResponseStream.Current.Lightpath;
                last[lp.Id] = $"{lp.State} on {string.Join(",", lp.Fibers)}";
                if (ids.Contains(lp.Id) && lp.State == "Active" && !lp.Fibers.Contains(cut.Value))
                {
                    done.Add(lp.Id);
                }
                else
                {
                    done.Remove(lp.Id);
                }
            }
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled)
        {
            // Reported below.
        }

        Assert.True(done.Count == ids.Count, "not every lightpath ended Active off the cut fibre: " + string.Join("; ", last.Select(kv => $"{kv.Key} {kv.Value}")));
    }

    private static async Task AssertAgreementAsync(HttpClient http, DeviceEmulator.DeviceEmulator emulator, OpticalNetwork network, IReadOnlyList<string> ids, FiberId cut)
    {
        var views = new Dictionary<string, JsonElement>();
        foreach (var id in ids)
        {
            var (status, lp) = await http.GetJsonAsync($"/api/v1/lightpaths/{id}");
            Assert.Equal(200, status);
            Assert.Equal("Active", lp.Str("state"));
            Assert.DoesNotContain(cut.Value, Fibers(lp));
            Assert.True(!lp.TryGetProperty("cleanupFailure", out var owed) || owed.ValueKind == JsonValueKind.Null, $"{id} still owes a device cleanup: {lp}");
            var (_, history) = await http.GetJsonAsync($"/api/v1/lightpaths/{id}/history");
            Assert.Contains(history.GetProperty("events").EnumerateArray(), e => e.Str("to") == "Restoring" &&
                e.TryGetProperty("reason", out var reason) && reason.GetString()!.StartsWith($"restoration: fibre {cut.Value} down", StringComparison.Ordinal));
            views[id] = lp;
        }

        // Spectrum: no slot of any fibre booked twice; each lightpath claims exactly its path, both directions.
        var claimed = ids.ToDictionary(id => id, _ => new HashSet<string>());
        foreach (var fiber in network.Fibers)
        {
            var (_, spectrum) = await http.GetJsonAsync($"/api/v1/fibers/{fiber.Id.Value}/spectrum");
            var claims = spectrum.GetProperty("claims").EnumerateArray()
                .Select(c => (Lightpath: c.Str("lightpath"), Start: c.GetProperty("slotStart").GetInt32(), Count: c.GetProperty("slotCount").GetInt32()))
                .OrderBy(c => c.Start).ToList();
            for (var k = 1; k < claims.Count; k++)
            {
                Assert.True(claims[k - 1].Start + claims[k - 1].Count <= claims[k].Start, $"{fiber.Id}: {claims[k - 1].Lightpath} and {claims[k].Lightpath} share slots");
            }

            foreach (var claim in claims.Where(c => claimed.ContainsKey(c.Lightpath)))
            {
                Assert.True(claimed[claim.Lightpath].Add(fiber.Id.Value), $"{claim.Lightpath} claims {fiber.Id} twice");
            }
        }

        foreach (var (id, lp) in views)
        {
            var path = Fibers(lp);
            var expected = path.Concat(path.Select(f => network.TryGetFiber(new FiberId(f), out var x) && x.Reverse is { } r ? r.Value : f)).ToHashSet();
            Assert.True(expected.SetEquals(claimed[id]), $"{id}: claims on {string.Join(",", claimed[id].Order())}, path {string.Join(",", expected.Order())}");
        }

        // Devices: every ROADM of a lightpath's path carries its media channel, no other ROADM does.
        foreach (var roadm in network.Roadms)
        {
            var channels = emulator.ReadJson(roadm.Id.Value, "/wavelength-router/media-channels") ?? "";
            foreach (var (id, lp) in views)
            {
                var onPath = lp.GetProperty("nodes").EnumerateArray().Any(n => n.GetString() == roadm.Id.Value);
                Assert.True(onPath == channels.Contains($"{id}-az", StringComparison.Ordinal), $"{roadm.Id} {(onPath ? "lacks" : "still carries")} the channel of {id}");
            }
        }
    }

    private static List<string> Fibers(JsonElement lp) => [.. lp.GetProperty("fibers").EnumerateArray().Select(f => f.GetString()!)];
}
