using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

// Scale harness: the real server (Continuum.Pce.Api.dll, built) as a child process on loopback, devices not rendered
// (Devices:Renderer=none), SQLite in a fresh data directory. It loads N lightpaths through REST (tenants t0..t9, each
// between a site and one of its near neighbours in the network), then prints the server's RSS and managed heap, the
// store's size, a tenant's first list page and a fibre's spectrum read (p50/p99 of 200 each), the managed heap per
// lightpath loaded (the GC heap gauge of /metrics against the empty server's) and the lightpath grains active; with --idle
// it then waits that long without requests and prints the active lightpath grains and the heap again (idle grains
// deactivate after Pce:Grains:LightpathCollectionAge); then it stops the server cleanly and starts it again, then kills it
// (SIGKILL) and starts it again, timing each start to ready.
//   dotnet run -c Release --project tools/Continuum.Pce.ScaleHarness -- --server src/Continuum.Pce.Api/bin/Release/net10.0/Continuum.Pce.Api.dll \
//       --topology FILE --lightpaths N [--concurrency 32] [--data DIR] [--idle SECONDS] [--set Key=Value]... [--gcdump PATH]
//       [--max-load-seconds S]
// --gcdump names the dotnet-gcdump tool: the live heap is then also measured exactly (a gcdump induces a full GC and
// counts what survives), where the gauge is the heap after whatever collection ran last (garbage included).
// Bounded: every wait has a deadline; the child is killed on exit.
string Arg(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

var server = Path.GetFullPath(Arg("--server", "src/Continuum.Pce.Api/bin/Release/net10.0/Continuum.Pce.Api.dll"));
var topology = Path.GetFullPath(Arg("--topology", "topologies/continuum-demo.json"));
var count = int.Parse(Arg("--lightpaths", "1000"), CultureInfo.InvariantCulture);
var concurrency = int.Parse(Arg("--concurrency", "32"), CultureInfo.InvariantCulture);
var data = Path.GetFullPath(Arg("--data", Path.Combine(Path.GetTempPath(), "pce-scale-" + Guid.NewGuid().ToString("N")[..8])));
var idle = TimeSpan.FromSeconds(double.Parse(Arg("--idle", "0"), CultureInfo.InvariantCulture));
// The load stops after this long (then everything is measured at the size reached): a bound for a session's time box.
var loadFor = TimeSpan.FromSeconds(double.Parse(Arg("--max-load-seconds", "0"), CultureInfo.InvariantCulture));
// Server settings passed through (--set Pce:Grains:LightpathCollectionAge=00:02:00).
Child.Settings = [.. args.Select((a, i) => (a, i)).Where(p => p.a == "--set" && p.i + 1 < args.Length).Select(p => "--" + args[p.i + 1])];
Directory.CreateDirectory(data);

// Near-neighbour demands: each site with the sites one or two ROADM hops away (what a metro/regional network carries).
var network = JsonNode.Parse(File.ReadAllText(topology))!;
var siteOf = network["nodes"]!.AsArray().Where(n => (string?)n!["kind"] == "roadm").ToDictionary(n => (string)n!["id"]!, n => (string)n!["site"]!);
var withTransponders = network["nodes"]!.AsArray().Where(n => (string?)n!["kind"] == "transponder").Select(n => (string)n!["site"]!).ToHashSet();
var adjacent = new Dictionary<string, HashSet<string>>();
foreach (var f in network["fibers"]!.AsArray())
{
    var (a, b) = (siteOf[(string)f!["source"]!], siteOf[(string)f["destination"]!]);
    (adjacent.TryGetValue(a, out var set) ? set : adjacent[a] = []).Add(b);
}

var pairs = new List<(string A, string B)>();
foreach (var (a, near) in adjacent)
{
    var reach = near.Concat(near.SelectMany(n => adjacent.TryGetValue(n, out var s) ? s : [])).Where(s => s != a).Distinct();
    pairs.AddRange(reach.Where(b => withTransponders.Contains(a) && withTransponders.Contains(b) && string.CompareOrdinal(a, b) < 0).Select(b => (a, b)));
}

pairs.Sort();
Child.FiberIds = [.. network["fibers"]!.AsArray().Select(f => (string)f!["id"]!)];
Console.WriteLine($"{topology}: {pairs.Count} near-neighbour site pairs; loading {count} lightpaths with concurrency {concurrency}; data {data}");

var child = await Child.StartAsync(server, data, topology, Path.GetDirectoryName(server)!);
Console.WriteLine($"first start: ready in {child.ReadyIn.TotalSeconds:F1} s");
using var http = new HttpClient { BaseAddress = child.Rest, Timeout = TimeSpan.FromMinutes(2) };
http.DefaultRequestHeaders.Add("X-API-Key", File.ReadAllText(Path.Combine(data, "admin-api-key")).Trim());
var gcdump = Arg("--gcdump", "");
var empty = await Gauges.ReadAsync(http);
var emptyLive = await child.LiveHeapAsync(gcdump);
Console.WriteLine($"  empty server: RSS {child.RssMiB():F0} MiB; {empty}; live heap {Child.MiB(emptyLive)}");

var next = -1;
var (created, blocked, failed) = (0, 0, 0);
var failures = new System.Collections.Concurrent.ConcurrentDictionary<int, int>(); // status code → count
var clock = Stopwatch.StartNew();
await Parallel.ForEachAsync(Enumerable.Range(0, concurrency), async (_, _) =>
{
    int i;
    while ((i = Interlocked.Increment(ref next)) < count && (loadFor == TimeSpan.Zero || clock.Elapsed < loadFor))
    {
        var (a, b) = pairs[i % pairs.Count];
        using var response = await http.PostAsJsonAsync("/api/v1/lightpaths", new { id = $"s{i:D7}", tenant = $"t{i % 10}", source = a, destination = b, rateGbps = 100 });
        switch ((int)response.StatusCode)
        {
            case 201:
                Interlocked.Increment(ref created);
                break;
            case 422:
                Interlocked.Increment(ref blocked);
                break;
            case var other:
                Interlocked.Increment(ref failed);
                failures.AddOrUpdate(other, 1, (_, n) => n + 1);
                break;
        }

        if (i > 0 && i % 20_000 == 0)
        {
            Console.WriteLine($"  {i} requested in {clock.Elapsed.TotalSeconds:F0} s ({i / clock.Elapsed.TotalSeconds:F0}/s): RSS {child.RssMiB():F0} MiB; load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        }
    }
});
Console.WriteLine($"loaded: {created} created, {blocked} blocked, {failed} failed ({string.Join(", ", failures.OrderBy(f => f.Key).Select(f => $"HTTP {f.Key}: {f.Value}"))}) in {clock.Elapsed.TotalSeconds:F0} s ({created / clock.Elapsed.TotalSeconds:F0}/s)");
await ReportAsync(child, http, data);
var loaded = await Gauges.ReadAsync(http);
var loadedLive = await child.LiveHeapAsync(gcdump);
Console.WriteLine($"  per live lightpath: {loaded.PerLightpath(empty, created)}; live heap {Child.MiB(loadedLive)}, {Child.PerLightpath(loadedLive, emptyLive, created)}");
if (idle > TimeSpan.Zero)
{
    // No requests: the lightpath grains' collection age passes and Orleans deactivates them (it checks once a minute).
    var idleClock = Stopwatch.StartNew();
    while (idleClock.Elapsed < idle)
    {
        await Task.Delay(TimeSpan.FromSeconds(30));
        Console.WriteLine($"  idle {idleClock.Elapsed.TotalSeconds:F0} s: RSS {child.RssMiB():F0} MiB; {await Gauges.ReadAsync(http)}");
    }

    var idled = await Gauges.ReadAsync(http);
    var idledLive = await child.LiveHeapAsync(gcdump);
    Console.WriteLine($"  after {idle.TotalSeconds:F0} s idle: {idled}; per live lightpath: {idled.PerLightpath(empty, created)}; live heap {Child.MiB(idledLive)}, {Child.PerLightpath(idledLive, emptyLive, created)}");
}

await child.StopAsync();
child = await Child.StartAsync(server, data, topology, Path.GetDirectoryName(server)!);
Console.WriteLine($"after a clean stop: ready in {child.ReadyIn.TotalSeconds:F1} s");
await ReportAsync(child, http, data, child.Rest);

child.Kill();
child = await Child.StartAsync(server, data, topology, Path.GetDirectoryName(server)!);
Console.WriteLine($"after kill -9: ready in {child.ReadyIn.TotalSeconds:F1} s");
await ReportAsync(child, http, data, child.Rest);
await child.StopAsync();
return 0;

static async Task ReportAsync(Child child, HttpClient http, string data, Uri? rest = null)
{
    using var client = new HttpClient { BaseAddress = rest ?? child.Rest, Timeout = TimeSpan.FromMinutes(2) };
    client.DefaultRequestHeaders.Add("X-API-Key", http.DefaultRequestHeaders.GetValues("X-API-Key").First());
    var list = await LatencyAsync(client, i => $"/api/v1/lightpaths?tenant=t{i % 10}&limit=50");
    // The fibres of the topology file (GET /api/v1/fibers answered 500 with 120,000 fibres loaded; not investigated).
    var ids = Child.FiberIds;
    var spectrum = await LatencyAsync(client, i => $"/api/v1/fibers/{ids[i % ids.Length]}/spectrum");
    var store = Directory.GetFiles(data, "pce-state.db*").Sum(f => new FileInfo(f).Length);
    Console.WriteLine($"  RSS {child.RssMiB():F0} MiB; {await Gauges.ReadAsync(client)}; store {store / 1048576.0:F1} MiB");
    Console.WriteLine($"  tenant's first list page (50): p50 {list.P50:F1} ms, p99 {list.P99:F1} ms; fibre spectrum: p50 {spectrum.P50:F1} ms, p99 {spectrum.P99:F1} ms");
}

static async Task<(double P50, double P99)> LatencyAsync(HttpClient http, Func<int, string> path)
{
    var times = new List<double>(200);
    for (var i = 0; i < 220; i++)
    {
        var clock = Stopwatch.StartNew();
        using var response = await http.GetAsync(path(i));
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
        if (i >= 20)
        {
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
    }

    times.Sort();
    return (times[times.Count / 2], times[(int)(times.Count * 0.99)]);
}

/// <summary>The server as a child process; ready when it says a topology is in effect and has printed its banner.</summary>
internal sealed class Child
{
    private readonly Process _process;

    private Child(Process process) => _process = process;

    public Uri Rest { get; private set; } = null!;

    /// <summary>The fibres of the topology file, for the spectrum reads.</summary>
    public static string[] FiberIds { get; set; } = [];

    /// <summary>Extra server settings (command-line configuration), the same for every start.</summary>
    public static string[] Settings { get; set; } = [];

    public TimeSpan ReadyIn { get; private set; }

    public static async Task<Child> StartAsync(string server, string data, string topology, string directory)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        string[] arguments =
        [
            server, $"--Pce:DataDirectory={data}", "--Pce:RestUrl=http://127.0.0.1:0", "--Pce:GrpcUrl=http://127.0.0.1:0", $"--Pce:InitialTopology={topology}",
            "--Pce:Emulator:Enabled=false", "--Pce:Telemetry=false", "--Devices:Renderer=none", "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Continuum.Pce.Api.Hosting.Bootstrap=Information",
            .. Settings,
        ];
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        var clock = Stopwatch.StartNew();
        var child = new Child(Process.Start(info)!);
        var ready = new TaskCompletionSource();
        var inEffect = false;
        child._process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                ready.TrySetException(new InvalidOperationException("the server exited before it was ready"));
                return;
            }

            if (e.Data.Contains("in effect", StringComparison.Ordinal))
            {
                inEffect = true;
            }

            if (e.Data.Contains("recovery complete", StringComparison.Ordinal))
            {
                Console.WriteLine($"  ({e.Data.Trim()}, {clock.Elapsed.TotalSeconds:F1} s after start)");
            }

            if (e.Data.TrimStart().StartsWith("REST ", StringComparison.Ordinal))
            {
                child.Rest = new Uri(e.Data.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1].Replace("api/v1", "", StringComparison.Ordinal));
            }

            if (e.Data.StartsWith("Try:", StringComparison.Ordinal) && inEffect)
            {
                child.ReadyIn = clock.Elapsed;
                ready.TrySetResult();
            }
        };
        child._process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine("server: " + e.Data);
            }
        };
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromMinutes(20));
        return child;
    }

    public double RssMiB()
    {
        var line = File.ReadAllLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }


    public async Task StopAsync()
    {
        // SIGTERM: the host's clean shutdown.
        using (Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await _process.WaitForExitAsync(deadline.Token);
    }

    /// <summary>The live managed heap, bytes, as dotnet-gcdump reports it (it induces a full GC); null without the tool.</summary>
    public async Task<double?> LiveHeapAsync(string tool)
    {
        if (tool.Length == 0)
        {
            return null;
        }

        var file = Path.Combine(Path.GetTempPath(), $"pce-scale-{_process.Id}-{Guid.NewGuid():N}.gcdump");
        try
        {
            await RunAsync(tool, ["collect", "-p", _process.Id.ToString(CultureInfo.InvariantCulture), "-o", file]);
            var report = await RunAsync(tool, ["report", file]);
            var line = report.Split('\n').FirstOrDefault(l => l.Contains("GC Heap bytes", StringComparison.Ordinal));
            return line is null ? null : double.Parse(line.Trim().Split(' ')[0].Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
        }
        finally
        {
            File.Delete(file);
        }
    }

    public static string MiB(double? bytes) => bytes is { } b ? $"{b / 1048576:F1} MiB" : "n/a";

    public static string PerLightpath(double? heap, double? empty, int lightpaths) =>
        heap is { } h && empty is { } e && lightpaths > 0 ? $"{(h - e) / lightpaths:F0} B per lightpath over the empty server" : "n/a";

    private static async Task<string> RunAsync(string tool, string[] arguments)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(deadline.Token);
        return await output;
    }

    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(60_000);
    }
}

/// <summary>
/// What /metrics says of memory and grains: the GC heap after the last collection (System.Runtime's
/// dotnet.gc.last_collection.heap.size, summed over generations) and the grain activations (Orleans' catalog).
/// </summary>
internal sealed record Gauges(double? HeapBytes, double? Activations, double? LightpathGrains)
{
    public static async Task<Gauges> ReadAsync(HttpClient http)
    {
        var lines = (await http.GetStringAsync("/metrics")).Split('\n').Where(l => l.Length > 0 && l[0] != '#').ToArray();
        return new Gauges(
            Sum(lines, l => l.StartsWith("dotnet_gc_last_collection_heap_size_bytes", StringComparison.Ordinal)),
            Sum(lines, l => l.StartsWith("orleans_catalog_activations", StringComparison.Ordinal) && !l.StartsWith("orleans_catalog_activations_", StringComparison.Ordinal)),
            Sum(lines, l => l.StartsWith("orleans_catalog_activations{", StringComparison.Ordinal) && l.Contains("grain_type=\"lightpath\"", StringComparison.Ordinal)));
    }

    public string PerLightpath(Gauges empty, int lightpaths) =>
        HeapBytes is { } heap && empty.HeapBytes is { } baseline && lightpaths > 0
            ? $"heap {(heap - baseline) / lightpaths:F0} B ({(heap - baseline) / 1048576:F0} MiB over the empty server's {baseline / 1048576:F0} MiB, {lightpaths} lightpaths)"
            : "n/a (/metrics has no GC heap gauge)";

    public override string ToString() =>
        $"managed heap {(HeapBytes is { } h ? $"{h / 1048576:F0} MiB" : "n/a")}; activations {Activations?.ToString("F0", CultureInfo.InvariantCulture) ?? "n/a"}, lightpath grains {LightpathGrains?.ToString("F0", CultureInfo.InvariantCulture) ?? "n/a"}";

    private static double? Sum(string[] lines, Func<string, bool> match)
    {
        // "name{labels} value [timestamp]" or "name value [timestamp]".
        var values = lines.Where(match)
            .Select(l => l.Contains('}', StringComparison.Ordinal) ? l[(l.LastIndexOf('}') + 1)..].Trim().Split(' ')[0] : l.Split(' ')[1])
            .Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        return values.Length == 0 ? null : values.Sum();
    }
}
