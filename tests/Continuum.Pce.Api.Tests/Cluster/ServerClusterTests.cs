using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Continuum.Pce.Api.Tests.Support;
using Continuum.Pce.Contracts.V1;
using Continuum.Pce.TestKit.Processes;
using Grpc.Core;
using Npgsql;
using Xunit;
using Xunit.Abstractions;
using PceService = Continuum.Pce.Contracts.V1.Pce;

namespace Continuum.Pce.Api.Tests.Cluster;

/// <summary>
/// Several server processes started at the same time on one PostgreSQL database and one Redis membership table (the
/// servers .ci/run starts on 127.0.0.1; PCE_TEST_POSTGRES overrides the PostgreSQL connection), each with its own REST,
/// gRPC, silo and gateway ports. Devices are not rendered (Devices:Renderer=none): what is under test is the cluster.
/// Fails, never skips, when PostgreSQL or Redis is missing.
/// </summary>
public sealed class ServerClusterTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Start = TimeSpan.FromMinutes(6);
    private static readonly TimeSpan Converge = TimeSpan.FromMinutes(2);

    // A client's pause before it repeats a request the converging cluster refused (as a real client honours Retry-After):
    // without it a retry loop floods the survivor and meets its rate limit (429) instead of the cluster's answer.
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(250);
    private static readonly string[] Sites = ["FRA", "PAR", "AMS", "BER", "MUC", "LYS", "BRU", "RTM", "DUS", "HAM", "CGN", "LEJ", "STR"];

    private readonly string _admin = Environment.GetEnvironmentVariable("PCE_TEST_POSTGRES") ?? "Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres;Timeout=5";
    private readonly string _database = "pce_cluster_" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _data = Path.Combine(Path.GetTempPath(), "pce-cluster-tests", Guid.NewGuid().ToString("N"));
    private readonly List<ServerChild> _servers = [];

    public async Task InitializeAsync()
    {
        await Execute(_admin, $"CREATE DATABASE {_database}");
        Directory.CreateDirectory(_data);
    }

    public async Task DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
        await Execute(_admin, $"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp folder.
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Servers_started_together_serve_any_request_follow_a_replaced_topology_stream_cluster_wide_and_lose_nothing_when_one_is_killed(int count)
    {
        try
        {
            await RunAsync(count);
        }
        catch (Exception e)
        {
            // The children's whole output: a failure on a loaded machine must leave its cause in the log.
            foreach (var server in _servers)
            {
                output.WriteLine($"===== {server.Name} ({(server.Killed ? "killed" : "alive")}) =====\n{server.Output}");
            }

            output.WriteLine($"===== the failure (also above, before the output) =====\n{e.GetType().Name}: {e.Message}");
            throw;
        }
    }

    private async Task RunAsync(int count)
    {
        // 1. Started at the same time: one of them loads the initial topology, every one becomes ready with it.
        var connection = new NpgsqlConnectionStringBuilder(_admin) { Database = _database }.ToString();
        var clusterId = "pce-cluster-" + Guid.NewGuid().ToString("N")[..8];
        var starts = Enumerable.Range(0, count).Select(i => ServerChild.StartAsync(new ServerChildOptions
        {
            Name = $"server{i}",
            DataDirectory = _data,
            PickSiloPorts = true,
            StartTimeout = Start,
            Settings =
            [
                "--Pce:InitialTopology=topologies/continuum-demo.json",
                "--Pce:Emulator:Enabled=false",
                "--Pce:Telemetry=false",
                "--Devices:Renderer=none",
                "--Storage:Provider=postgres",
                $"--Storage:PostgresConnectionString={connection}",
                "--Clustering:Provider=redis",
                "--Clustering:Redis=127.0.0.1:6379",
                $"--Clustering:ClusterId={clusterId}",
                "--Clustering:Membership:ProbeTimeout=00:00:02",
                "--Clustering:Membership:NumMissedProbesLimit=2",
                "--Clustering:Membership:NumVotesForDeathDeclaration=1",
                "--Clustering:Membership:TableRefreshTimeout=00:00:02",
                "--Pce:Topology:FollowInterval=00:00:00.500",
            ],
        })).ToList();
        try
        {
            await Task.WhenAll(starts);
        }
        finally
        {
            // The ones that started, for the output dump and disposal (a failed start carries its own output).
            _servers.AddRange(starts.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
        }

        var key = (await File.ReadAllTextAsync(Path.Combine(_data, "admin-api-key"))).Trim();
        var http = _servers.Select(s => s.Http(key)).ToArray();
        var grpc = _servers.Select(s => new PceService.PceClient(s.Grpc())).ToArray();
        foreach (var client in http)
        {
            var (status, topology) = await client.GetJsonAsync("/api/v1/topology");
            Assert.Equal(200, status);
            Assert.Equal(1, topology.GetProperty("version").GetInt64());
        }

        // 2. A replacement loaded through the first server is followed by every other one (no GET needed on them), and
        // its new site is usable through the last.
        var (_, current) = await http[0].GetJsonAsync("/api/v1/topology");
        var (replaced, summary) = await http[0].SendAsync(HttpMethod.Put, "/api/v1/topology", rawBody: WithWiesbaden(current));
        Assert.True(replaced == 200, summary.ToString());
        Assert.Equal(2, summary.GetProperty("version").GetInt64());
        await Task.WhenAll(_servers.Skip(1).Select(s => s.WaitForTopologyAsync(2, Converge)));
        var (site, _) = await http[^1].GetJsonAsync("/api/v1/sites/WIE");
        Assert.Equal(200, site);

        // 3. A watch stream on the last server sees the lifecycle of lightpaths created through every server, whichever
        // silo their grains live on.
        using var watchCancel = new CancellationTokenSource(Converge);
        using var watch = grpc[^1].WatchLightpaths(new WatchLightpathsRequest(), ServerChildGrpc.Key(key), cancellationToken: watchCancel.Token);
        await watch.ResponseHeadersAsync;
        var warmup = new List<string>();
        for (var i = 0; i < 4 * count; i++)
        {
            var id = $"warm-{i}";
            var created = await CreateAsync(http[i % count], grpc[i % count], i, id, key, retry: false);
            Assert.True(created, $"{id} through server{i % count} was not created");
            warmup.Add(id);
        }

        var active = new HashSet<string>();
        while (!warmup.All(active.Contains) && await watch.ResponseStream.MoveNext(watchCancel.Token))
        {
            if (watch.ResponseStream.Current.To == "Active")
            {
                active.Add(watch.ResponseStream.Current.Lightpath.Id);
            }
        }

        Assert.True(warmup.All(active.Contains), $"the watch on the last server saw {active.Count} of {warmup.Count} lightpaths go Active");

        // 4. A burst through every server, REST and gRPC; the first server is killed (SIGKILL) mid-burst. Acknowledged
        // creates are those answered 201 / OK; creates sent to survivors are retried with their idempotency key.
        var acknowledged = new ConcurrentBag<string>();
        var killAfter = 8 * count;
        var killed = new TaskCompletionSource<DateTime>(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstAfterKill = new ConcurrentBag<TimeSpan>();
        var perServer = 12;
        var workers = Enumerable.Range(0, count).Select(s => Task.Run(async () =>
        {
            // The first server until it is killed; the others their share, and at least three creates after the kill.
            var afterKill = 0;
            for (var n = 0; n < 200; n++)
            {
                if (s == 0 ? killed.Task.IsCompleted : n >= perServer && killed.Task.IsCompleted && afterKill >= 3)
                {
                    return;
                }

                var id = $"burst-{s}-{n}";
                var ok = await CreateAsync(http[s], grpc[s], (s * perServer) + n, id, key, retry: s != 0);
                if (ok)
                {
                    acknowledged.Add(id);
                    if (killed.Task.IsCompleted && s != 0)
                    {
                        afterKill++;
                        firstAfterKill.Add(DateTime.UtcNow - killed.Task.Result);
                    }

                    if (acknowledged.Count >= killAfter && killed.TrySetResult(DateTime.UtcNow))
                    {
                        _servers[0].Kill();
                    }
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        Assert.True(killed.Task.IsCompleted, "the burst ended before the kill");
        Assert.NotEmpty(firstAfterKill);
        output.WriteLine($"{count} servers: {acknowledged.Count} acknowledged in the burst; first create after the kill acknowledged {firstAfterKill.Min().TotalSeconds:F1} s after it");

        // 5. Audit through a survivor: every acknowledged lightpath is there and Active; on every fibre, no two claims
        // share a slot and each acknowledged lightpath holds its slots.
        var survivor = http[^1];
        var all = warmup.Concat(acknowledged).ToList();
        var views = new Dictionary<string, JsonElement>();
        foreach (var id in all)
        {
            var view = await ReadAsync(survivor, $"/api/v1/lightpaths/{id}");
            Assert.True(view.Str("state") == "Active", $"{id}: {view}");
            views[id] = view;
        }

        var fibers = views.Values.SelectMany(v => v.GetProperty("fibers").EnumerateArray().Select(f => f.GetString()!)).Distinct().ToList();
        foreach (var fiber in fibers)
        {
            // Claims of different lightpaths never overlap, at any moment. A create cut by the kill may have left a
            // hold of its first attempt that the retried create (a new attempt of the same lightpath) overlaps: the
            // fibre resolves it with its owner after the hold timeout (presumed abort), so the per-lightpath audit
            // waits until no hold is left.
            var claims = await ClaimsAsync(survivor, fiber);
            AssertNoOverlap(fiber, claims, sameOwnerToo: false);
            var clock = Stopwatch.StartNew();
            while (claims.Any(c => c.Status == "Held"))
            {
                Assert.True(clock.Elapsed < Converge, $"{fiber}: holds not resolved within {Converge}: {string.Join(", ", claims)}");
                await Task.Delay(TimeSpan.FromMilliseconds(500));
                claims = await ClaimsAsync(survivor, fiber);
                AssertNoOverlap(fiber, claims, sameOwnerToo: false);
            }

            AssertNoOverlap(fiber, claims, sameOwnerToo: true);
            foreach (var (id, view) in views.Where(v => v.Value.GetProperty("fibers").EnumerateArray().Any(f => f.GetString() == fiber)))
            {
                Assert.Contains(claims, c => c.Lightpath == id && c.Start == view.GetProperty("slotStart").GetInt32() && c.Count == view.GetProperty("slotCount").GetInt32());
            }
        }

        // 6. The survivors still take new work.
        for (var s = 1; s < count; s++)
        {
            Assert.True(await CreateAsync(http[s], grpc[s], s, $"after-{s}", key, retry: true), $"server{s} refused a create after the kill");
        }
    }

    /// <summary>
    /// Creates one lightpath through REST (even numbers) or gRPC (odd), with its id as idempotency key. With
    /// <paramref name="retry"/>, transient failures (the cluster converging after a kill) are retried with the same key.
    /// </summary>
    private static async Task<bool> CreateAsync(HttpClient http, PceService.PceClient grpc, int n, string id, string key, bool retry)
    {
        var source = Sites[n % Sites.Length];
        var destination = Sites[(n + 1 + (n / Sites.Length)) % Sites.Length];
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (n % 2 == 0)
                {
                    var (status, body) = await http.PostAsync("/api/v1/lightpaths", new { id, source, destination, rateGbps = 100 }, new Dictionary<string, string> { ["Idempotency-Key"] = id });
                    if (status is 200 or 201 && body.Str("state") == "Active")
                    {
                        return true;
                    }

                    if (status is 200 or 201)
                    {
                        // A repeat of a create that a killed server had begun: the grain, reactivated on a survivor, resumes
                        // it (lazily, on activation); the client asks again with the same key until it is done.
                        Assert.True(retry && clock.Elapsed < Converge, $"{id}: {status} {body}");
                        await Task.Delay(RetryPause);
                        continue;
                    }

                    if (status < 500 || !retry || clock.Elapsed > Converge)
                    {
                        Assert.True(status >= 500, $"{id}: {status} {body}");
                        return false;
                    }

                    await Task.Delay(RetryPause);
                }
                else
                {
                    var created = await grpc.CreateLightpathAsync(new CreateLightpathRequest { Id = id, Source = source, Destination = destination, RateGbps = 100, IdempotencyKey = id }, ServerChildGrpc.Key(key), deadline: DateTime.UtcNow.AddSeconds(60));
                    if (created.State == "Active")
                    {
                        return true;
                    }

                    Assert.True(retry && clock.Elapsed < Converge, $"{id}: {created}");
                    await Task.Delay(RetryPause);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or RpcException { StatusCode: StatusCode.Unavailable or StatusCode.Internal or StatusCode.DeadlineExceeded or StatusCode.Unknown })
            {
                // The server is gone (killed) or the cluster is converging.
                if (!retry || clock.Elapsed > Converge)
                {
                    return false;
                }

                await Task.Delay(RetryPause);
            }
        }
    }

    private static async Task<List<(string? Lightpath, int Start, int Count, string? Status)>> ClaimsAsync(HttpClient http, string fiber)
    {
        var spectrum = await ReadAsync(http, $"/api/v1/fibers/{fiber}/spectrum");
        return [.. spectrum.GetProperty("claims").EnumerateArray()
            .Select(c => (c.GetProperty("lightpath").GetString(), c.GetProperty("slotStart").GetInt32(), c.GetProperty("slotCount").GetInt32(), c.GetProperty("status").GetString()))
            .OrderBy(c => c.Item2)];
    }

    private static void AssertNoOverlap(string fiber, List<(string? Lightpath, int Start, int Count, string? Status)> claims, bool sameOwnerToo)
    {
        for (var i = 0; i < claims.Count; i++)
        {
            for (var j = i + 1; j < claims.Count && claims[j].Start < claims[i].Start + claims[i].Count; j++)
            {
                Assert.True(!sameOwnerToo && claims[i].Lightpath == claims[j].Lightpath, $"{fiber}: {claims[i]} overlaps {claims[j]}");
            }
        }
    }

    /// <summary>A GET answered 200, retried while the cluster converges (5xx, timeouts).</summary>
    private static async Task<JsonElement> ReadAsync(HttpClient http, string path)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var (status, body) = await http.GetJsonAsync(path);
                if (status == 200)
                {
                    return body;
                }

                Assert.True(status >= 500 && clock.Elapsed < Converge, $"GET {path}: {status} {body}");
            }
            catch (Exception e) when ((e is HttpRequestException or TaskCanceledException) && clock.Elapsed < Converge)
            {
                // Converging.
            }

            await Task.Delay(RetryPause);
        }
    }

    private static string WithWiesbaden(JsonElement document)
    {
        var network = JsonNode.Parse(document.GetProperty("network").GetRawText())!;
        network["sites"]!.AsArray().Add(JsonNode.Parse("""
            {"id":"WIE","name":"Wiesbaden edge","tier":"telco-edge","jurisdiction":"DE-HE","latitude":50.08,"longitude":8.24,"electricityPricePerKwh":0.21,"carbonIntensityGramsPerKwh":380}
            """));
        network["nodes"]!.AsArray().Add(JsonNode.Parse("""{"id":"WIE-ROADM","name":"WIE ROADM","kind":"roadm","site":"WIE","type":"roadm-cdc","degrees":1,"addDropGroups":1}"""));
        network["nodes"]!.AsArray().Add(JsonNode.Parse("""{"id":"WIE-TRX","name":"WIE transponders","kind":"transponder","site":"WIE","type":"coherent-800g","attachedRoadm":"WIE-ROADM","interfaces":4}"""));
        foreach (var (from, to) in new[] { ("WIE", "FRA"), ("FRA", "WIE") })
        {
            network["fibers"]!.AsArray().Add(JsonNode.Parse($$"""
                {"id":"{{from}}-{{to}}","name":"{{from}} to {{to}}","source":"{{from}}-ROADM","destination":"{{to}}-ROADM","reverse":"{{to}}-{{from}}","srlgs":[],"jurisdictions":["DE-HE"],
                 "spans":[{"lengthKm":38,"fiberType":"SSMF","connectorInDb":0.5,"connectorOutDb":0.5}]}
                """));
        }

        return network.ToJsonString();
    }

    private static async Task Execute(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
