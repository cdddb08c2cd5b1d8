using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Continuum.Pce.Fuzz.Tests.Support;
using Continuum.Pce.TestKit.Processes;
using Xunit;
using Xunit.Abstractions;

namespace Continuum.Pce.Fuzz.Tests;

/// <summary>
/// A flood against a server with its default limits (issue 26): 32 clients over 8 keys and anonymous callers, small
/// reads, malformed writes and, one request in a hundred, a 10 MB body; meanwhile two probes read /health/live in a loop (on the REST port and on the health listener's own port)
/// and the server's RSS is sampled. Asserted: no 5xx, every error a problem with a detail, health always 200, the server
/// alive and ready after. Measured (printed, and written to PCE_FUZZ_REPORT/flood.txt; figures in docs/reliability.md):
/// health latency p50/p99/max and peak RSS. PCE_FLOOD_REQUESTS sets the length (default 3,000).
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed class FloodTests(ITestOutputHelper output)
{
    private const int Clients = 32;

    [Fact]
    public async Task A_flood_with_large_bodies_leaves_health_answering_memory_bounded_and_no_5xx()
    {
        await using var server = await FuzzServer.StartServerAsync("--Pce:Probes:Port=0");
        var healthPort = server.HealthUri ?? throw new InvalidOperationException("no health listener:\n" + server.Output);
        var total = FuzzSettings.FloodRequests;
        var keys = new List<string>();
        using (var admin = Client(server, server.AdminKey!))
        {
            for (var i = 0; i < 8; i++)
            {
                using var issued = await admin.PostAsJsonAsync("/api/v1/keys", new { name = $"flood-{i}", role = "operator", tenant = $"flood{i % 2}" });
                issued.EnsureSuccessStatusCode();
                keys.Add((await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!);
            }
        }

        var clients = keys.Select(k => Client(server, k)).Append(Client(server, "")).ToArray();
        var large = Encoding.UTF8.GetBytes("{\"name\":\"" + new string('a', 10 * 1024 * 1024) + "\"}");
        var verdicts = new Verdicts();
        var next = 0;
        var aborted = 0;
        var done = new CancellationTokenSource();
        var peakRss = server.ResidentBytes();
        var startRss = peakRss;

        var sampler = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
            while (await WaitAsync(timer, done.Token))
            {
                peakRss = Math.Max(peakRss, server.ResidentBytes());
            }
        });
        // Two probes, as a kubelet would probe (from outside this process's busy thread pool: a thread each, synchronous
        // calls): /health/live on the REST port, and on the health listener's own port (Pce:Probes:Port).
        var healthFailures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var restProbe = Probe(server.RestUri, done.Token, healthFailures);
        var portProbe = Probe(healthPort, done.Token, healthFailures);

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(worker => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i <= total; i = Interlocked.Increment(ref next))
            {
                var http = i % 100 is >= 10 and < 15 ? clients[^1] : clients[i % keys.Count];
                using var request = (i % 100) switch
                {
                    0 => new HttpRequestMessage(HttpMethod.Post, "/api/v1/topology/validate") { Content = Json(large) },
                    < 10 => new HttpRequestMessage(HttpMethod.Post, "/api/v1/lightpaths") { Content = Json(Encoding.UTF8.GetBytes("{\"source\":\"FRA\",\"rateGbps\":\"100\"")) },
                    < 15 => new HttpRequestMessage(HttpMethod.Get, "/api/v1/sites"),
                    < 50 => new HttpRequestMessage(HttpMethod.Get, "/api/v1/sites"),
                    < 75 => new HttpRequestMessage(HttpMethod.Get, "/api/v1/fibers"),
                    _ => new HttpRequestMessage(HttpMethod.Get, "/api/v1/lightpaths?limit=10"),
                };
                try
                {
                    using var response = await http.SendAsync(request);
                    var body = await response.Content.ReadAsStringAsync();
                    verdicts.CheckHttp($"{request.Method} {request.RequestUri}", (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, head: false);
                }
                catch (HttpRequestException) when (i % 100 == 0)
                {
                    // A 10 MB body refused (429) before it was read: the server answers and closes while the client still sends.
                    Interlocked.Increment(ref aborted);
                }
            }
        })));
        var seconds = clock.Elapsed.TotalSeconds;
        await done.CancelAsync();
        await sampler;
        var restHealth = await restProbe;
        var portHealth = await portProbe;
        var load = File.Exists("/proc/loadavg") ? (await File.ReadAllTextAsync("/proc/loadavg")).Split(' ')[0] : "?";
        var figures = $"{verdicts.Requests + aborted} requests in {seconds:F1} s ({(verdicts.Requests + aborted) / seconds:F0}/s, {Clients} clients, 8 keys + anonymous); " +
            $"{aborted} large bodies cut off after an early refusal; /health/live on the REST port {Latencies(restHealth)}; on the health port {Latencies(portHealth)}; " +
            $"RSS {startRss / 1048576} MiB at start, peak {peakRss / 1048576} MiB; load average at the end {load} ({Environment.ProcessorCount} cores)\n{verdicts.Summary()}";
        output.WriteLine(figures);
        if (Environment.GetEnvironmentVariable("PCE_FUZZ_REPORT") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await File.WriteAllTextAsync(Path.Combine(folder, "flood.txt"), figures + "\n");
        }

        using var after = Client(server, "");
        using var ready = await after.GetAsync("/health/ready");
        Assert.False(server.HasExited, server.Output);
        Assert.True(ready.IsSuccessStatusCode, await ready.Content.ReadAsStringAsync());
        Assert.Empty(healthFailures);
        Assert.True(verdicts.Violations.Count == 0, figures + "\n--- server output ---\n" + server.Output);
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    /// <summary>/health/live in a loop on a thread of its own (synchronous HTTP/1.1) until cancelled: the latencies, sorted.</summary>
    private static Task<List<double>> Probe(Uri server, CancellationToken stop, System.Collections.Concurrent.ConcurrentQueue<string> failures)
    {
        var result = new TaskCompletionSource<List<double>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            var latencies = new List<double>();
            try
            {
                using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromMinutes(1) };
                while (!stop.IsCancellationRequested)
                {
                    var watch = Stopwatch.StartNew();
                    using var live = http.Send(new HttpRequestMessage(HttpMethod.Get, "/health/live"));
                    latencies.Add(watch.Elapsed.TotalMilliseconds);
                    if (!live.IsSuccessStatusCode)
                    {
                        failures.Enqueue($"{server}: {(int)live.StatusCode}");
                    }

                    // A probe every 10 ms (kubelets probe every few seconds; this samples the whole flood).
                    stop.WaitHandle.WaitOne(10);
                }

                latencies.Sort();
                result.SetResult(latencies);
            }
            catch (Exception e)
            {
                result.SetException(e);
            }
        })
        { IsBackground = true, Name = "health probe " + server.Port };
        thread.Start();
        return result.Task;
    }

    private static string Latencies(List<double> sorted)
    {
        double P(double q) => sorted[Math.Min(sorted.Count - 1, (int)(q * sorted.Count))];
        return sorted.Count == 0 ? "no probes" : $"{sorted.Count} probes: p50 {P(0.5):F1} ms, p99 {P(0.99):F1} ms, max {sorted[^1]:F1} ms";
    }

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return content;
    }

    private static HttpClient Client(ServerChild server, string key)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Clients }) { BaseAddress = server.RestUri, Timeout = TimeSpan.FromMinutes(2) };
        if (key.Length > 0)
        {
            http.DefaultRequestHeaders.Add("X-API-Key", key);
        }

        return http;
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
