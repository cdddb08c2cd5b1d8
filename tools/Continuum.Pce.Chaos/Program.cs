using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Continuum.Pce.Chaos;

// Chaos harness, loopback only, bounded in cycles and time:
//   dotnet build -c Release src/Continuum.Pce.Api && dotnet run -c Release --project tools/Continuum.Pce.Chaos -- \
//       [--cycles 20] [--ops 40] [--faults 50] [--concurrency 6] [--topology topologies/nsfnet.json] [--max-minutes 40] [--seed 1]
// Starts the server (src/Continuum.Pce.Api, Release build) as a child process (the test kit's ServerChild) on free
// ports it binds and reports, kept for every restart, with its emulator.
// Each cycle runs a burst of lightpath creates, deletes and reroutes over REST while device faults are injected on the
// emulator's control port (rejected Sets, dropped telemetry streams, stalled devices, fibre cuts), and in the middle
// of the burst kill -9s the server (odd cycles) or the emulator (even cycles). It then restarts what it killed (the
// server's supervisor restarts the emulator), waits for the lightpaths to settle and audits store vs spectrum vs
// devices against what the server acknowledged. Prints the figures per cycle and a total, then one JSON line.
string Arg(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

int IntArg(string name, int fallback) => int.Parse(Arg(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

var repo = FindRepo();
var cycles = IntArg("--cycles", 20);
var opsPerCycle = IntArg("--ops", 40);
var faultsPerCycle = IntArg("--faults", 50);
var concurrency = IntArg("--concurrency", 6);
var seed = IntArg("--seed", 1);
var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(double.Parse(Arg("--max-minutes", "40"), CultureInfo.InvariantCulture));
var topology = Path.GetFullPath(Path.Combine(repo, Arg("--topology", "topologies/nsfnet.json")));
var serverDll = Path.Combine(repo, "src", "Continuum.Pce.Api", "bin", "Release", "net10.0", "Continuum.Pce.Api.dll");
if (!File.Exists(serverDll))
{
    Console.Error.WriteLine($"{serverDll} is missing: dotnet build -c Release src/Continuum.Pce.Api first");
    return 2;
}

var work = Directory.CreateTempSubdirectory("pce-chaos-").FullName;
var server = new ChaosServer(serverDll, topology, Path.Combine(work, "data"), work);
Console.WriteLine($"chaos: {cycles} cycles × {opsPerCycle} operations, ≤ {faultsPerCycle} device faults each, concurrency {concurrency}, {Path.GetFileName(topology)}; logs in {work}");

var random = new Random(seed);
var ledger = new Ledger();
var totals = new Totals();
var clock = Stopwatch.StartNew();
HttpClient? control = null;
HttpClient? admin = null;
HttpClient? operatorClient = null;
const string Tenant = "chaos";
var exit = 0;
try
{
    await server.StartAsync();
    control = new HttpClient { BaseAddress = server.ControlUri, Timeout = TimeSpan.FromSeconds(10) };
    admin = Client(server.RestUri, server.AdminKey);
    var issued = await admin.PostAsJsonAsync("/api/v1/keys", new { name = "chaos", role = "operator", tenant = Tenant });
    issued.EnsureSuccessStatusCode();
    var operatorKey = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    operatorClient = Client(server.RestUri, operatorKey);
    var sites = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/sites")).EnumerateArray().Select(s => s.GetProperty("id").GetString()!).ToArray();
    var fibers = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/fibers")).EnumerateArray().Select(f => f.GetProperty("id").GetString()!).ToArray();

    for (var cycle = 1; cycle <= cycles && DateTime.UtcNow < deadline; cycle++)
    {
        var killServer = cycle % 2 == 1;
        var devices = await DevicesAsync(control);
        var ops = new Counts();
        var cut = new System.Collections.Concurrent.ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        using var burstDone = new CancellationTokenSource();
        var killAt = opsPerCycle / 2;
        var started = -1;
        var killed = 0;
        // Faults run for the whole cycle, through the kill (attempts while the emulator is down are not counted).
        burstDone.CancelAfter(TimeSpan.FromMinutes(1));
        var faults = Task.Run(() => InjectFaultsAsync(control, devices, fibers, faultsPerCycle, new Random(random.Next()), cut, totals, burstDone.Token));
        var serverUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        serverUp.SetResult();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            var r = new Random(seed * 1000 + (cycle * 100) + w);
            for (var i = Interlocked.Increment(ref started); i < opsPerCycle; i = Interlocked.Increment(ref started))
            {
                if (i >= killAt && Interlocked.Exchange(ref killed, 1) == 0)
                {
                    if (killServer)
                    {
                        // The requests in flight lose their answers (in doubt); later ones wait for the restarted server.
                        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                        Volatile.Write(ref serverUp, up);
                        server.Kill9();
                        totals.ServerKills++;
                        await server.StartAsync();
                        up.SetResult();
                    }
                    else if (server.KillEmulator9())
                    {
                        totals.EmulatorKills++;
                    }
                }

                await Volatile.Read(ref serverUp).Task;
                await OneOperationAsync(operatorClient!, sites, ledger, r, $"c{cycle}-{i}", ops);
            }
        })));
        await faults;

        if (!server.IsRunning)
        {
            await server.StartAsync();
        }

        await server.WaitReadyAsync(TimeSpan.FromMinutes(6));
        await WaitEmulatorAsync(control, TimeSpan.FromMinutes(2));
        foreach (var fiber in cut.Keys)
        {
            await TryPostAsync(control, $"/fibers/{Uri.EscapeDataString(fiber)}/repair");
        }

        foreach (var device in devices)
        {
            await TryPostAsync(control, $"/devices/{Uri.EscapeDataString(device)}/resume");
        }

        var settled = await SettleAsync(admin, Tenant, TimeSpan.FromMinutes(2));
        var audit = await AuditUntilStableAsync(admin, Tenant, server.EmulatorAddress, ledger);
        totals.Add(ops, audit, settled);
        Console.WriteLine(
            $"cycle {cycle,2}: kill -9 {(killServer ? "server  " : "emulator")} | ops {ops.Total} (create {ops.Creates}, delete {ops.Deletes}, reroute {ops.Reroutes}; acknowledged {ops.Acknowledged}, refused {ops.Refused}, in doubt {ops.InDoubt}) " +
            $"| answers {ops.StatusText} | faults {totals.Faults} total | lightpaths {audit.Lightpaths} ({audit.Live} live){(settled ? "" : ", NOT SETTLED")} | inconsistencies {audit.Inconsistencies} " +
            $"(lost {audit.LostAcknowledgedCreates}, resurrected {audit.ResurrectedAcknowledgedDeletes}, overlaps {audit.Overlaps}, spectrum {audit.SpectrumMissing}+{audit.SpectrumOrphans}, devices {audit.DeviceMissing}+{audit.DeviceOrphans}), failed after ack {audit.FailedAfterAcknowledgement}, cleanup owed {audit.CleanupOwed}");
        foreach (var example in audit.Examples) // every kind found shows (≤ 20): five hid cycle 16's device findings behind spectrum ones
        {
            Console.WriteLine($"           {example}");
        }
    }
}
catch (Exception e)
{
    Console.Error.WriteLine($"chaos run aborted: {e}");
    exit = 1;
}
finally
{
    control?.Dispose();
    await server.DisposeAsync();
}

Console.WriteLine();
Console.WriteLine($"total: {totals.Cycles} cycles in {clock.Elapsed.TotalMinutes:F1} min; {totals.Operations} operations ({totals.Acknowledged} acknowledged, {totals.Refused} refused, {totals.InDoubt} in doubt, of which {totals.ServerErrors} 5xx answers); " +
    $"{totals.Faults} device faults injected ({totals.FaultKinds}); kill -9: {totals.ServerKills} server, {totals.EmulatorKills} emulator; " +
    $"inconsistencies after recovery {totals.Inconsistencies} (lost acknowledged writes {totals.Lost}, resurrected deletes {totals.Resurrected}, overlaps {totals.Overlaps}, store/spectrum {totals.Spectrum}, store/device {totals.Device}); " +
    $"failed after acknowledgement {totals.FailedAfterAck}; unsettled audits {totals.Unsettled}");
Console.WriteLine(JsonSerializer.Serialize(new
{
    cycles = totals.Cycles,
    operations = totals.Operations,
    acknowledged = totals.Acknowledged,
    refused = totals.Refused,
    inDoubt = totals.InDoubt,
    serverErrors = totals.ServerErrors,
    faults = totals.Faults,
    serverKills = totals.ServerKills,
    emulatorKills = totals.EmulatorKills,
    inconsistencies = totals.Inconsistencies,
    lost = totals.Lost,
    resurrected = totals.Resurrected,
    overlaps = totals.Overlaps,
    storeSpectrum = totals.Spectrum,
    storeDevice = totals.Device,
    failedAfterAck = totals.FailedAfterAck,
    unsettled = totals.Unsettled,
    minutes = Math.Round(clock.Elapsed.TotalMinutes, 1),
}));
if (exit == 0 && totals.Inconsistencies == 0)
{
    Directory.Delete(work, recursive: true);
}
else
{
    Console.WriteLine($"kept for inspection: {work} (server logs, data directory)");
}

return exit != 0 ? exit : totals.Inconsistencies > 0 ? 3 : 0;

static HttpClient Client(Uri baseAddress, string key)
{
    var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    client.DefaultRequestHeaders.Add("X-API-Key", key);
    return client;
}

static async Task OneOperationAsync(HttpClient http, string[] sites, Ledger ledger, Random r, string id, Counts ops)
{
    var roll = r.Next(10);
    var target = roll < 5 ? null : ledger.Claim(r);
    try
    {
        if (target is null)
        {
            var a = r.Next(sites.Length);
            var b = (a + 1 + r.Next(sites.Length - 1)) % sites.Length;
            object body = r.Next(2) == 0
                ? new { id, source = sites[a], destination = sites[b], rateGbps = 100 }
                : new { id, source = sites[a], destination = sites[b], rateGbps = 100, restoration = new { policy = "restore", priority = r.Next(8) } };
            Interlocked.Increment(ref ops.Creates);
            using var response = await http.PostAsJsonAsync("/api/v1/lightpaths", body);
            if (response.IsSuccessStatusCode && (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString() == "Active")
            {
                ops.Status((int)response.StatusCode);
                ledger.Created(id);
                Interlocked.Increment(ref ops.Acknowledged);
            }
            else
            {
                Outcome(response, id, ledger, ops);
            }
        }
        else if (roll < 8)
        {
            Interlocked.Increment(ref ops.Deletes);
            using var response = await http.DeleteAsync($"/api/v1/lightpaths/{target}");
            if (response.IsSuccessStatusCode)
            {
                ops.Status((int)response.StatusCode);
                ledger.Deleted(target);
                Interlocked.Increment(ref ops.Acknowledged);
            }
            else
            {
                Outcome(response, target, ledger, ops);
            }
        }
        else
        {
            Interlocked.Increment(ref ops.Reroutes);
            using var response = await http.PostAsJsonAsync($"/api/v1/lightpaths/{target}/reroute", new { });
            if (response.IsSuccessStatusCode)
            {
                ops.Status((int)response.StatusCode);
                Interlocked.Increment(ref ops.Acknowledged);
            }
            else
            {
                Outcome(response, target, ledger, ops);
            }
        }
    }
    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
    {
        // The answer was lost (the server was killed in flight, or it did not answer in time): the outcome is unknown.
        ops.Status(0);
        ledger.Doubt(target ?? id);
        Interlocked.Increment(ref ops.InDoubt);
    }
    finally
    {
        if (target is not null)
        {
            ledger.Release(target);
        }
    }
}

static void Outcome(HttpResponseMessage response, string id, Ledger ledger, Counts ops)
{
    ops.Status((int)response.StatusCode);
    // 4xx and 409/422 are answers (refused, blocked, busy); 5xx means the server does not know either.
    if ((int)response.StatusCode >= 500)
    {
        ledger.Doubt(id);
        Interlocked.Increment(ref ops.InDoubt);
    }
    else
    {
        Interlocked.Increment(ref ops.Refused);
    }
}

static async Task InjectFaultsAsync(HttpClient control, string[] devices, string[] fibers, int budget, Random r, System.Collections.Concurrent.ConcurrentDictionary<string, byte> cut, Totals totals, CancellationToken burstDone)
{
    var injected = 0;
    while (injected < budget && !burstDone.IsCancellationRequested && devices.Length > 0)
    {
        var device = Uri.EscapeDataString(devices[r.Next(devices.Length)]);
        var kind = r.Next(10);
        bool ok;
        string name;
        if (kind < 5)
        {
            (name, ok) = ("reject-next-set", await TryPostAsync(control, $"/devices/{device}/reject-next-set{(r.Next(2) == 0 ? "?code=ABORTED" : "")}"));
        }
        else if (kind < 7)
        {
            (name, ok) = ("drop-streams", await TryPostAsync(control, $"/devices/{device}/drop-streams"));
        }
        else if (kind < 9)
        {
            name = "stall";
            ok = await TryPostAsync(control, $"/devices/{device}/stall");
            await Task.Delay(r.Next(50, 400), CancellationToken.None);
            await TryPostAsync(control, $"/devices/{device}/resume");
        }
        else
        {
            name = "fibre-cut";
            var fiber = fibers[r.Next(fibers.Length)];
            ok = await TryPostAsync(control, $"/fibers/{Uri.EscapeDataString(fiber)}/cut");
            if (ok)
            {
                cut[fiber] = 0;
            }
        }

        if (ok)
        {
            injected++;
            totals.Fault(name);
        }
        else
        {
            // The emulator is down (killed): wait for its supervisor to bring it back, bounded by the burst.
            await Task.Delay(100, CancellationToken.None);
        }

        await Task.Delay(r.Next(5, 40), CancellationToken.None);
    }
}

static async Task<bool> TryPostAsync(HttpClient http, string path)
{
    try
    {
        using var response = await http.PostAsync(path, null);
        return response.IsSuccessStatusCode;
    }
    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
    {
        return false;
    }
}

static async Task<string[]> DevicesAsync(HttpClient control)
{
    await WaitEmulatorAsync(control, TimeSpan.FromMinutes(2));
    return (await control.GetFromJsonAsync<string[]>("/devices"))!;
}

static async Task WaitEmulatorAsync(HttpClient control, TimeSpan limit)
{
    var until = DateTime.UtcNow + limit;
    while (true)
    {
        try
        {
            using var response = await control.GetAsync("/devices");
            if (response.IsSuccessStatusCode)
            {
                return;
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // Not up yet.
        }

        if (DateTime.UtcNow > until)
        {
            throw new TimeoutException($"the emulator's control port did not answer within {limit}");
        }

        await Task.Delay(200);
    }
}

static async Task<bool> SettleAsync(HttpClient admin, string tenant, TimeSpan limit)
{
    var until = DateTime.UtcNow + limit;
    while (DateTime.UtcNow < until)
    {
        if (!(await Audit.ListAsync(admin, tenant, CancellationToken.None)).Any(Audit.Transient))
        {
            return true;
        }

        await Task.Delay(500);
    }

    return false;
}

static async Task<AuditResult> AuditUntilStableAsync(HttpClient admin, string tenant, string emulator, Ledger ledger)
{
    // Device resync after a restart and cleanup retries are asynchronous: a disagreement counts only if it outlives 30 s.
    var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
    while (true)
    {
        try
        {
            var audit = await Audit.RunAsync(admin, tenant, emulator, ledger, CancellationToken.None);
            if (audit.Inconsistencies == 0 || DateTime.UtcNow > until)
            {
                return audit;
            }
        }
        catch (Exception e) when ((e is HttpRequestException or Grpc.Core.RpcException or TaskCanceledException) && DateTime.UtcNow < until)
        {
            // A device or the server not answering yet (a restart still under way): read again.
        }

        await Task.Delay(1000);
    }
}

static string FindRepo()
{
    foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Continuum.Pce.sln")))
            {
                return dir.FullName;
            }
        }
    }

    throw new InvalidOperationException("run from inside the repository");
}

/// <summary>Operation counts of one burst (fields for Interlocked).</summary>
internal sealed class Counts
{
    public int Creates;
    public int Deletes;
    public int Reroutes;
    public int Acknowledged;
    public int Refused;
    public int InDoubt;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, int> _statuses = new();

    public int Total => Creates + Deletes + Reroutes;

    /// <summary>HTTP statuses of the answers, "lost" for none.</summary>
    public string StatusText => string.Join(" ", _statuses.OrderBy(s => s.Key).Select(s => $"{(s.Key == 0 ? "lost" : s.Key.ToString(CultureInfo.InvariantCulture))}×{s.Value}"));

    public IReadOnlyDictionary<int, int> Statuses => _statuses;

    public void Status(int code) => _statuses.AddOrUpdate(code, 1, (_, n) => n + 1);
}

/// <summary>The run's figures.</summary>
internal sealed class Totals
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _faults = new(StringComparer.Ordinal);

    public int Cycles { get; private set; }

    public int Operations { get; private set; }

    public int Acknowledged { get; private set; }

    public int Refused { get; private set; }

    public int InDoubt { get; private set; }

    public int Faults => _faults.Values.Sum();

    public string FaultKinds => string.Join(", ", _faults.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key} {f.Value}"));

    public int ServerKills { get; set; }

    public int EmulatorKills { get; set; }

    public int Inconsistencies { get; private set; }

    public int Lost { get; private set; }

    public int Resurrected { get; private set; }

    public int Overlaps { get; private set; }

    public int Spectrum { get; private set; }

    public int Device { get; private set; }

    public int FailedAfterAck { get; private set; }

    public int Unsettled { get; private set; }

    public int ServerErrors { get; private set; }

    public void Fault(string kind) => _faults.AddOrUpdate(kind, 1, (_, n) => n + 1);

    public void Add(Counts ops, AuditResult audit, bool settled)
    {
        Cycles++;
        Operations += ops.Total;
        Acknowledged += ops.Acknowledged;
        Refused += ops.Refused;
        InDoubt += ops.InDoubt;
        ServerErrors += ops.Statuses.Where(s => s.Key >= 500).Sum(s => s.Value);
        // Audits are cumulative over the run's lightpaths: the totals keep the worst cycle, not a sum that recounts.
        Inconsistencies = Math.Max(Inconsistencies, audit.Inconsistencies);
        Lost = Math.Max(Lost, audit.LostAcknowledgedCreates);
        Resurrected = Math.Max(Resurrected, audit.ResurrectedAcknowledgedDeletes);
        Overlaps = Math.Max(Overlaps, audit.Overlaps);
        Spectrum = Math.Max(Spectrum, audit.SpectrumMissing + audit.SpectrumOrphans);
        Device = Math.Max(Device, audit.DeviceMissing + audit.DeviceOrphans);
        FailedAfterAck = Math.Max(FailedAfterAck, audit.FailedAfterAcknowledgement);
        Unsettled += settled ? 0 : 1;
    }
}
