using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

// Load through the REST API of running servers, from a second process, loopback only, bounded in count and time:
//   dotnet run -c Release --project tools/Continuum.Pce.RestLoad -- --server http://127.0.0.1:5080 --api-key $PCE_API_KEY \
//       --requests 5000 --concurrency 16 [--warmup 500] [--rate-gbps 100] [--no-churn] [--max-seconds 120]
// By default every created lightpath is deleted right after (churn: a steady state on a network that would fill up);
// only creates are timed. Prints creates/s, p50/p90/p99/max and the outcome counts, then one JSON line.
// A cluster: --server takes several base URLs, comma-separated; the requests go to them in turn. Failover:
// --kill-pid PID --kill-server N --kill-after SECONDS sends SIGKILL to that server process (the N-th URL, from 0) that long
// into the timed phase; from then on its URL gets no more requests (what a load balancer does), the creates answered
// otherwise than 201 or 422 after the kill are timed (failover: the kill to the last of them, and to the first 201 after
// it), and at the end every lightpath answered 201 (with --no-churn) is read back through a surviving server: any not
// found, or not Active, is lost.
string Arg(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

var servers = Arg("--server", "http://127.0.0.1:5080").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(u => new Uri(u)).ToArray();
if (servers.FirstOrDefault(u => !u.IsLoopback) is { } remote)
{
    Console.Error.WriteLine($"refusing to load {remote}: this tool only targets loopback servers");
    return 2;
}

var killPid = int.Parse(Arg("--kill-pid", "0"), CultureInfo.InvariantCulture);
var killServer = int.Parse(Arg("--kill-server", "-1"), CultureInfo.InvariantCulture);
var killAfter = double.Parse(Arg("--kill-after", "-1"), CultureInfo.InvariantCulture);
var failover = killPid > 0 && killServer >= 0 && killServer < servers.Length && killAfter >= 0;

var apiKey = Arg("--api-key", Environment.GetEnvironmentVariable("PCE_API_KEY") ?? "");
var requests = int.Parse(Arg("--requests", "5000"), CultureInfo.InvariantCulture);
var concurrency = int.Parse(Arg("--concurrency", "16"), CultureInfo.InvariantCulture);
var warmup = int.Parse(Arg("--warmup", "500"), CultureInfo.InvariantCulture);
var rate = int.Parse(Arg("--rate-gbps", "100"), CultureInfo.InvariantCulture);
var maxSeconds = double.Parse(Arg("--max-seconds", "120"), CultureInfo.InvariantCulture);
var churn = !args.Contains("--no-churn");

using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
var clients = servers.Select(server =>
{
    var client = new HttpClient(handler, disposeHandler: false) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
    if (apiKey.Length > 0)
    {
        client.DefaultRequestHeaders.Add("X-API-Key", apiKey);
    }

    return client;
}).ToArray();
var http = clients[0];
var killed = -1; // the index of the killed server, once killed
var killedAt = 0L; // Stopwatch timestamp of the kill
var created = new System.Collections.Concurrent.ConcurrentBag<string>();
var failuresAfterKill = new System.Collections.Concurrent.ConcurrentBag<(double At, string Kind)>();
var firstSuccessAfterKill = double.MaxValue;

// Endpoints: sites that have a ROADM with a transponder (the lightpath ends).
var nodes = await http.GetFromJsonAsync<JsonElement>("/api/v1/nodes?kind=transponder");
var sites = nodes.EnumerateArray().Select(n => n.GetProperty("site").GetString()!).Distinct().Order(StringComparer.Ordinal).ToArray();
if (sites.Length < 2)
{
    Console.Error.WriteLine("the server's topology has fewer than two sites with transponders");
    return 1;
}

var deadline = Stopwatch.StartNew();
var run = Guid.NewGuid().ToString("N")[..6];
await Run("warm", warmup);
created.Clear();
using var killer = new CancellationTokenSource();
var kill = failover ? KillAsync(killer.Token) : Task.CompletedTask;
var (latencies, outcomes, seconds) = await Run("load", requests);
await killer.CancelAsync();
await kill;
Array.Sort(latencies);
double P(double q) => latencies.Length == 0 ? double.NaN : latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(q * latencies.Length) - 1)];
var perSecond = latencies.Length / seconds;
Console.WriteLine($"{latencies.Length} creates in {seconds:F2} s = {perSecond:F0} creates/s (concurrency {concurrency}, churn {churn}, {rate} Gb/s, {sites.Length} sites, {servers.Length} server(s))");
Console.WriteLine($"create latency ms: p50 {P(0.50):F1}  p90 {P(0.90):F1}  p99 {P(0.99):F1}  max {latencies[^1]:F1}");
Console.WriteLine("outcomes: " + string.Join(", ", outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key} {o.Value}")));
object? failoverReport = null;
if (killed >= 0)
{
    var failed = failuresAfterKill.OrderBy(f => f.At).ToArray();
    var lastFailure = failed.Length == 0 ? 0 : failed[^1].At;
    var firstSuccess = firstSuccessAfterKill == double.MaxValue ? double.NaN : firstSuccessAfterKill;
    Console.WriteLine($"failover: server {killed} killed (SIGKILL); {failed.Length} creates failed after it ({string.Join(", ", failed.GroupBy(f => f.Kind).Select(g => $"{g.Key} {g.Count()}"))}); " +
        $"first 201 {firstSuccess:F1} s after the kill, last failure {lastFailure:F1} s after it");
    // The audit: every lightpath answered 201 is read back through a survivor.
    var survivor = clients[(killed + 1) % clients.Length];
    var (lost, notActive) = (0, 0);
    var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, concurrency) };
    await Parallel.ForEachAsync(created, parallel, async (id, ct) =>
    {
        using var response = await survivor.GetAsync($"/api/v1/lightpaths/{id}", ct);
        if ((int)response.StatusCode == 404)
        {
            Interlocked.Increment(ref lost);
        }
        else if (!response.IsSuccessStatusCode ||
                 (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("state").GetString() != "Active")
        {
            Interlocked.Increment(ref notActive);
        }
    });
    Console.WriteLine($"audit through {survivor.BaseAddress}: {created.Count} lightpaths answered 201, {lost} not found (lost), {notActive} not Active");
    failoverReport = new { killed, failedAfterKill = failed.Length, firstSuccessAfterKill = firstSuccess, lastFailureAfterKill = lastFailure, answered201 = created.Count, lost, notActive };
}

Console.WriteLine(JsonSerializer.Serialize(new { creates = latencies.Length, seconds, perSecond, p50 = P(0.5), p90 = P(0.9), p99 = P(0.99), max = latencies[^1], concurrency, churn, servers = servers.Length, outcomes, failover = failoverReport }));
return 0;

async Task KillAsync(CancellationToken cancellationToken)
{
    try
    {
        await Task.Delay(TimeSpan.FromSeconds(killAfter), cancellationToken);
    }
    catch (OperationCanceledException)
    {
        return;
    }

    using (var signal = Process.Start("kill", ["-KILL", killPid.ToString(CultureInfo.InvariantCulture)]))
    {
        await signal.WaitForExitAsync(CancellationToken.None);
    }

    Volatile.Write(ref killedAt, Stopwatch.GetTimestamp());
    Volatile.Write(ref killed, killServer);
    Console.WriteLine($"killed server {killServer} ({servers[killServer]}, pid {killPid}) {deadline.Elapsed.TotalSeconds:F1} s into the run");
}

double SinceKill() => Stopwatch.GetElapsedTime(Volatile.Read(ref killedAt)).TotalSeconds;

async Task<(double[] Latencies, Dictionary<string, int> Outcomes, double Seconds)> Run(string phase, int count)
{
    var times = new double[count];
    var kinds = new string[count];
    var next = -1;
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        for (var i = Interlocked.Increment(ref next); i < count && deadline.Elapsed.TotalSeconds < maxSeconds; i = Interlocked.Increment(ref next))
        {
            var random = new Random(i * 7919 + phase.Length);
            var a = random.Next(sites.Length);
            var b = (a + 1 + random.Next(sites.Length - 1)) % sites.Length;
            var id = $"{run}-{phase}-{i}";
            // In turn over the servers, the killed one left out once it is killed.
            var target = i % clients.Length;
            var down = Volatile.Read(ref killed);
            if (target == down)
            {
                target = (target + 1) % clients.Length;
            }

            var client = clients[target];
            var afterKill = down >= 0;
            var started = Stopwatch.GetTimestamp();
            int status;
            string kind;
            try
            {
                using var response = await client.PostAsJsonAsync("/api/v1/lightpaths", new { id, source = sites[a], destination = sites[b], rateGbps = rate });
                status = (int)response.StatusCode;
                kind = status switch
                {
                    201 => "active",
                    422 => "blocked:" + ((await response.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("reason", out var r) ? r.GetString() : "?"),
                    _ => "http-" + status,
                };
            }
            catch (Exception e) when (failover && e is HttpRequestException or TaskCanceledException)
            {
                // The killed server's connections (requests in flight at the kill), or a survivor that did not answer.
                status = 0;
                kind = "error:" + e.GetType().Name;
            }

            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            kinds[i] = kind;
            if (status == 201)
            {
                created.Add(id);
                if (afterKill)
                {
                    var at = SinceKill();
                    double seen;
                    while (at < (seen = Volatile.Read(ref firstSuccessAfterKill)) && Interlocked.CompareExchange(ref firstSuccessAfterKill, at, seen) != seen)
                    {
                    }
                }
            }
            else if (status != 422 && Volatile.Read(ref killed) >= 0)
            {
                failuresAfterKill.Add((SinceKill(), kind));
            }

            if (churn && status == 201)
            {
                using var deleted = await client.DeleteAsync($"/api/v1/lightpaths/{id}");
            }
        }
    }));
    var done = Math.Min(count, next);
    var outcomes = kinds.Take(done).Where(k => k is not null).GroupBy(k => k).ToDictionary(g => g.Key, g => g.Count());
    return (times.Take(done).ToArray(), outcomes, clock.Elapsed.TotalSeconds);
}
