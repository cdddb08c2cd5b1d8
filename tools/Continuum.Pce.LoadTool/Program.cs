using System.Diagnostics;
using System.Globalization;
using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Lightpaths.Requests;
using Continuum.Pce.Application.Paths;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.DeviceEmulator;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Grains.Abstractions;
using Continuum.Pce.Grains.Hosting;
using Continuum.Pce.Grains.Lightpaths;
using Continuum.Pce.Grains.Storage;
using Continuum.Pce.LoadTool;
using Continuum.Pce.Southbound.Gnmi;
using Continuum.Pce.Topology.IO;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Lightpath creates through the grains on this machine: an in-process silo with SQLite storage and the no-op
// renderer, the real routing core. Bounded in count; loopback only (the silo's own ports).
//   dotnet run -c Release --project tools/Continuum.Pce.LoadTool -- --topology topologies/nsfnet.json --requests 30000 --concurrency 64 [--churn] [--warmup N]
// --churn deletes each lightpath right after it is created (steady state on a small network); without it the
// network fills up and later requests are blocked (counted apart).
// --gnmi renders through the gNMI southbound (AddGnmiSouthbound) against the device emulator started in process on a
// free loopback port (every device of the network, physics-engine OSNR); --telemetry also runs the silo's telemetry
// ingestion (AddContinuumPceTelemetry), so every device streams into the grains while the creates run.
//   dotnet run -c Release --project tools/Continuum.Pce.LoadTool -- --topology topologies/continuum-demo.json --requests 2000 --concurrency 64 --churn --gnmi [--telemetry]
// --max-km X draws pairs only among sites whose shortest fibre route is at most X km (a demand matrix the physics can
// serve; on the 1,000-node network most random pairs are thousands of km apart and end Blocked by QoT).
string Arg(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

var topology = Arg("--topology", "topologies/nsfnet.json");
var requests = int.Parse(Arg("--requests", "2000"), CultureInfo.InvariantCulture);
var concurrency = int.Parse(Arg("--concurrency", "64"), CultureInfo.InvariantCulture);
var churn = args.Contains("--churn");
// Warm-up requests run before the clock starts. With churn they leave the network as it was; the default of 5,000
// takes the JIT past its first tier (with 200 the same code measured 880/s instead of 1,862/s on NSFNET), but steady
// state needs more: docs/performance.md uses 60,000 on NSFNET (1,850 → 2,016–2,294/s for one build). Without churn
// they fill the network, so the default stays short.
var warmup = int.Parse(Arg("--warmup", churn ? "5000" : "200"), CultureInfo.InvariantCulture);
var rate = int.Parse(Arg("--rate", "100"), CultureInfo.InvariantCulture);
var gnmi = args.Contains("--gnmi") || args.Contains("--telemetry");
var telemetry = args.Contains("--telemetry");
var maxKm = double.Parse(Arg("--max-km", "Infinity"), CultureInfo.InvariantCulture);
// --storm K: the lightpaths are created restorable; after the run the K busiest duplex fibres are cut at once in the
// emulator (needs --telemetry: the loss of light travels the real path) and the tool reports how long each hit
// lightpath took from the cut to Active on its new path, and audits the spectrum for double booking.
var storm = int.Parse(Arg("--storm", "0"), CultureInfo.InvariantCulture);
if (storm > 0 && !args.Contains("--telemetry"))
{
    Console.Error.WriteLine("--storm needs --telemetry (restoration is triggered by the loss of light the devices report)");
    return 1;
}
var data = Path.Combine(Path.GetTempPath(), "pce-load-" + Guid.NewGuid().ToString("N"));

var loaded = NetworkFile.Load(topology);
if (!loaded.IsSuccess)
{
    Console.Error.WriteLine(string.Join(Environment.NewLine, loaded.Errors));
    return 1;
}

var network = loaded.Value!.Loaded.Network;
// --interfaces N: every transponder shelf gets N line interfaces (a storm of 1,000 hit lightpaths needs more than the
// reference files give their sites).
if (Arg("--interfaces", "") is { Length: > 0 } interfaceText)
{
    var interfaces = int.Parse(interfaceText, CultureInfo.InvariantCulture);
    network = new OpticalNetwork(network.Name, network.Grid, network.Sites, network.Nodes.Select(n => n is Transponder t ? t with { Interfaces = interfaces } : n), network.Fibers, network.Description);
}

await using var emulator = gnmi
    ? await DeviceEmulatorHost.StartAsync(network, new DeviceEmulatorOptions { ControlPort = null, Equipment = loaded.Value.Equipment })
    : null;
var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders();
builder.UseOrleans(silo =>
{
    silo.UseLocalhostClustering(siloPort: 22222 + Random.Shared.Next(1000), gatewayPort: 40000 + Random.Shared.Next(1000));
    // A create queued behind many others on a loaded machine can take longer than Orleans' default 30 s: the tool waits
    // for its answer instead of dying on a timeout (a slow create is a figure, not an error).
    silo.Configure<Orleans.Configuration.SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(5));
    var catalog = new InMemoryNetworkCatalog();
    catalog.Publish(new NetworkSnapshot(network, loaded.Value.Equipment, 1));
    silo.Services.AddSingleton<INetworkCatalog>(catalog);
    silo.Services.AddSingleton<IPathComputer, RoutingPathComputer>();
    if (emulator is not null)
    {
        silo.Services.AddGnmiSouthbound(id => new GnmiDeviceOptions { Address = emulator.Address, Target = id.Value, UseTls = false });
    }

    silo.AddContinuumPce(new PceStorageOptions { SqlitePath = Path.Combine(data, "state.db") });
    if (telemetry)
    {
        silo.AddContinuumPceTelemetry();
    }
});
using var host = builder.Build();
await host.StartAsync();
var grains = host.Services.GetRequiredService<IGrainFactory>();
var sites = network.Roadms.Select(r => r.Site.Value).Distinct().ToArray();
var paths = new PathTopology(network);
var pairs = SitePairs.Within(network, sites, maxKm);
if (pairs.Length == 0)
{
    Console.Error.WriteLine($"no two sites are within {maxKm} km of each other");
    return 1;
}

var failuresShown = 0;
var lit = new System.Collections.Concurrent.ConcurrentBag<string>();
async Task<(double[] Latencies, int Active, Dictionary<string, int> Blocked, double Seconds)> Run(string prefix, int count)
{
    var latencies = new double[count];
    var states = new string[count];
    var next = -1;
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
    {
        for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
        {
            var (a, b) = pairs[new Random(i).Next(pairs.Length)];
            var id = $"{prefix}-{i}";
            var grain = grains.Lightpath("load", id);
            var started = Stopwatch.GetTimestamp();
            var fields = new LightpathRequestFields(id, "load", sites[a], sites[b], rate) { Restoration = storm > 0 ? "restore" : null, RestorationPriority = storm > 0 ? i % 8 : null };
            LightpathView view;
            try
            {
                view = await grain.Create(OrderMapping.Check(fields, network, paths));
            }
            catch (TimeoutException)
            {
                // Past even the tool's 5 min response timeout on a saturated machine: counted, not fatal (a crash here
                // threw away a 54-minute build-up before its storm).
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                states[i] = "TimedOut";
                continue;
            }

            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            states[i] = view.State == LightpathState.Active ? "Active" : view.BlockReason ?? view.State.ToString();
            if (view.State == LightpathState.Failed && view.BlockReason is null && Interlocked.Increment(ref failuresShown) <= 3)
            {
                Console.Error.WriteLine($"failed: {view.FailureReason}");
            }
            if (churn && view.State == LightpathState.Active)
            {
                await grain.Delete();
            }
            else if (view.State == LightpathState.Active)
            {
                lit.Add(id);
            }
        }
    })));
    var seconds = clock.Elapsed.TotalSeconds;
    return (latencies, states.Count(s => s == "Active"), states.Where(s => s != "Active").GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count()), seconds);
}

await Run("warm", warmup);
var gcBefore = (Gen2: GC.CollectionCount(2), Pause: GC.GetTotalPauseDuration());
var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var store = host.Services.GetRequiredService<IGrainStateStore>() as RelationalGrainStateStore;
var writerBefore = store?.WriterStatistics ?? default;
var (lat, active, blocked, secs) = await Run("run", requests);
var writer = store?.WriterStatistics ?? default;
Array.Sort(lat);
double P(double q) => lat[Math.Min(lat.Length - 1, (int)Math.Ceiling(q * lat.Length) - 1)];
Console.WriteLine($"network {network.Name}: {network.Roadms.Count()} ROADMs, {network.Fibers.Length} fibres, {network.Grid.SlotCount} slots");
Console.WriteLine($"requests {requests} ({rate} Gb/s), {pairs.Length} site pairs{(double.IsFinite(maxKm) ? $" within {maxKm} km" : "")}, concurrency {concurrency}, churn {churn}, warm-up {warmup}, renderer {(gnmi ? $"gNMI against the emulator ({emulator!.Emulator.DeviceNames.Count} devices)" : "no-op")}, telemetry {telemetry}");
Console.WriteLine($"wall {secs:F2} s: {requests / secs:F0} requests/s, {active / secs:F0} active creates/s{(churn ? " (each followed by its delete)" : "")}");
Console.WriteLine($"create latency ms: p50 {P(0.50):F2}, p90 {P(0.90):F2}, p99 {P(0.99):F2}, max {lat[^1]:F2}");
var pause = GC.GetTotalPauseDuration() - gcBefore.Pause;
var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
Console.WriteLine($"CPU during the run: {cpu.TotalSeconds / secs:F2} of {Environment.ProcessorCount} cores, {1e6 * cpu.TotalSeconds / requests:F0} µs per request");
Console.WriteLine($"GC during the run: {GC.CollectionCount(2) - gcBefore.Gen2} gen-2 collections, {pause.TotalMilliseconds:F0} ms paused ({100 * pause.TotalSeconds / secs:F1} % of wall); heap {GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0:F0} MB, working set {Environment.WorkingSet / 1048576.0:F0} MB");
if (store is not null)
{
    var (batches, items, busy) = (writer.Batches - writerBefore.Batches, writer.Items - writerBefore.Items, writer.Busy - writerBefore.Busy);
    Console.WriteLine($"store writer: {items / (double)requests:F1} items per request in batches of {items / (double)Math.Max(1, batches):F1}, {1e6 * busy.TotalSeconds / Math.Max(1, items):F1} µs each, busy {100 * busy.TotalSeconds / secs:F0} % of wall");
}

Console.WriteLine($"active {active}, blocked {string.Join(", ", blocked.Select(kv => $"{kv.Key} {kv.Value}"))}");
if (storm > 0)
{
    await Storm.RunAsync(grains, emulator!, paths, [.. lit], storm);
}

await host.StopAsync();
Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
Directory.Delete(data, recursive: true);
return 0;
