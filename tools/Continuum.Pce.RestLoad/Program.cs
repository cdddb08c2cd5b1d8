using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

// Load through the REST API of a running server, from a second process, loopback only, bounded in count and time:
//   dotnet run -c Release --project tools/Continuum.Pce.RestLoad -- --server http://127.0.0.1:5080 --api-key $PCE_API_KEY \
//       --requests 5000 --concurrency 16 [--warmup 500] [--rate-gbps 100] [--no-churn] [--max-seconds 120]
// By default every created lightpath is deleted right after (churn: a steady state on a network that would fill up);
// only creates are timed. Prints creates/s, p50/p90/p99/max and the outcome counts, then one JSON line.
string Arg(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

var server = new Uri(Arg("--server", "http://127.0.0.1:5080"));
if (!server.IsLoopback)
{
    Console.Error.WriteLine($"refusing to load {server}: this tool only targets loopback servers");
    return 2;
}

var apiKey = Arg("--api-key", Environment.GetEnvironmentVariable("PCE_API_KEY") ?? "");
var requests = int.Parse(Arg("--requests", "5000"), CultureInfo.InvariantCulture);
var concurrency = int.Parse(Arg("--concurrency", "16"), CultureInfo.InvariantCulture);
var warmup = int.Parse(Arg("--warmup", "500"), CultureInfo.InvariantCulture);
var rate = int.Parse(Arg("--rate-gbps", "100"), CultureInfo.InvariantCulture);
var maxSeconds = double.Parse(Arg("--max-seconds", "120"), CultureInfo.InvariantCulture);
var churn = !args.Contains("--no-churn");

using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
using var http = new HttpClient(handler) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
if (apiKey.Length > 0)
{
    http.DefaultRequestHeaders.Add("X-API-Key", apiKey);
}

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
var (latencies, outcomes, seconds) = await Run("load", requests);
Array.Sort(latencies);
double P(double q) => latencies.Length == 0 ? double.NaN : latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(q * latencies.Length) - 1)];
var perSecond = latencies.Length / seconds;
Console.WriteLine($"{latencies.Length} creates in {seconds:F2} s = {perSecond:F0} creates/s (concurrency {concurrency}, churn {churn}, {rate} Gb/s, {sites.Length} sites)");
Console.WriteLine($"create latency ms: p50 {P(0.50):F1}  p90 {P(0.90):F1}  p99 {P(0.99):F1}  max {latencies[^1]:F1}");
Console.WriteLine("outcomes: " + string.Join(", ", outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key} {o.Value}")));
Console.WriteLine(JsonSerializer.Serialize(new { creates = latencies.Length, seconds, perSecond, p50 = P(0.5), p90 = P(0.9), p99 = P(0.99), max = latencies[^1], concurrency, churn, outcomes }));
return 0;

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
            var started = Stopwatch.GetTimestamp();
            using var response = await http.PostAsJsonAsync("/api/v1/lightpaths", new { id, source = sites[a], destination = sites[b], rateGbps = rate });
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var status = (int)response.StatusCode;
            kinds[i] = status switch
            {
                201 => "active",
                422 => "blocked:" + ((await response.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("reason", out var r) ? r.GetString() : "?"),
                _ => "http-" + status,
            };
            if (churn && status == 201)
            {
                using var deleted = await http.DeleteAsync($"/api/v1/lightpaths/{id}");
            }
        }
    }));
    var done = Math.Min(count, next);
    var outcomes = kinds.Take(done).Where(k => k is not null).GroupBy(k => k).ToDictionary(g => g.Key, g => g.Count());
    return (times.Take(done).ToArray(), outcomes, clock.Elapsed.TotalSeconds);
}
