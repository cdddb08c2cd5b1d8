using System.Text.Json;
using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Lightpaths.Requests;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Grains.Abstractions;
using Continuum.Pce.Grains.Hosting;
using Continuum.Pce.Grains.Lightpaths;
using Continuum.Pce.Grains.ProcessHost;
using Continuum.Pce.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

// A silo in its own process, driven by the crash and cluster tests:
//   --mode serve  : run until killed (prints READY)
//   --mode burst  : create --count lightpaths with --concurrency callers, printing "created <id> <state>" per lightpath;
//                   with --delete-every N, every N-th lightpath is deleted once created ("deleted <id> <state>");
//                   with --linger, prints "BURST DONE" and runs until killed instead of stopping
//   --mode audit  : recover stale holds, activate every stored lightpath, audit spectrum and print "AUDIT <json>"
var options = HostOptions.Parse(args);
var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
builder.Logging.AddFilter("Orleans", LogLevel.Error);
builder.UseOrleans(silo =>
{
    if (options.Redis is { } redis)
    {
        silo.UseRedisClustering(o => o.ConfigurationOptions = StackExchange.Redis.ConfigurationOptions.Parse(redis));
        silo.ConfigureEndpoints(System.Net.IPAddress.Loopback, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: false);
        silo.Configure<ClusterMembershipOptions>(m =>
        {
            // Fast failure detection for tests only (see shared/reference/dotnet-pitfalls.md).
            m.ProbeTimeout = TimeSpan.FromSeconds(1);
            m.NumMissedProbesLimit = 2;
            m.NumVotesForDeathDeclaration = 1;
            m.TableRefreshTimeout = TimeSpan.FromSeconds(2);
            m.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
        });
    }
    else
    {
        silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort);
    }

    silo.Configure<ClusterOptions>(c =>
    {
        c.ClusterId = options.ClusterId;
        c.ServiceId = "continuum-pce-test";
    });
    var catalog = new InMemoryNetworkCatalog();
    catalog.Publish(new NetworkSnapshot(RingNetwork.Build(options.Sites, options.Slots), RingNetwork.Equipment, 1));
    silo.Services.AddSingleton<INetworkCatalog>(catalog);
    silo.Services.AddSingleton<IPathComputer, SimplePathComputer>();
    silo.AddContinuumPce(
        options.Postgres is { } pg ? new PceStorageOptions { Provider = "postgres", PostgresConnectionString = pg } : new PceStorageOptions { SqlitePath = options.Data },
        r => r.HoldTimeout = options.HoldTimeout);
});

using var host = builder.Build();
await host.StartAsync();
var grains = host.Services.GetRequiredService<IGrainFactory>();
Console.WriteLine("READY");
switch (options.Mode)
{
    case "burst":
        await Burst(grains, options);
        if (options.Linger)
        {
            Console.WriteLine("BURST DONE");
            await host.WaitForShutdownAsync();
        }

        break;
    case "audit":
        var report = await Audit(grains, host.Services.GetRequiredService<IGrainStateStore>(), options);
        Console.WriteLine("AUDIT " + JsonSerializer.Serialize(report));
        break;
    default:
        await host.WaitForShutdownAsync();
        break;
}

await host.StopAsync();
return 0;

static async Task Burst(IGrainFactory grains, HostOptions options)
{
    var network = RingNetwork.Build(options.Sites, options.Slots);
    var topology = new PathTopology(network);
    var next = -1;
    var gate = new object();
    await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(_ => Task.Run(async () =>
    {
        for (var i = Interlocked.Increment(ref next); i < options.Count; i = Interlocked.Increment(ref next))
        {
            var random = new Random(i);
            var a = random.Next(options.Sites);
            var b = (a + 1 + random.Next(options.Sites - 1)) % options.Sites;
            var id = $"{options.Prefix}-{i}";
            var grain = grains.Lightpath("tenant", id);
            var view = await grain.Create(OrderMapping.Check(new LightpathRequestFields(id, "tenant", $"S{a}", $"S{b}", 100), network, topology));
            lock (gate)
            {
                Console.WriteLine($"created {id} {view.State}");
            }

            if (options.DeleteEvery > 0 && i % options.DeleteEvery == 0)
            {
                var deleted = await grain.Delete();
                lock (gate)
                {
                    Console.WriteLine($"deleted {id} {deleted.State}");
                }
            }
        }
    })));
}

static async Task<AuditReport> Audit(IGrainFactory grains, IGrainStateStore store, HostOptions options)
{
    var network = RingNetwork.Build(options.Sites, options.Slots);
    var violations = new List<string>();

    // Activate every stored lightpath first: activation resumes any lifecycle a crash interrupted.
    var lightpaths = new Dictionary<string, LightpathView>();
    await foreach (var (key, _, _) in store.ScanAsync("lightpath"))
    {
        lightpaths[key] = await grains.GetGrain<ILightpathGrain>(key).Reconcile();
    }

    var spectra = new List<FiberSpectrumView>();
    var recovered = 0;
    foreach (var fiber in network.Fibers)
    {
        var grain = grains.GetGrain<IFiberGrain>(fiber.Id.Value);
        recovered += await grain.RecoverStaleHolds();
        spectra.Add(await grain.GetSpectrum());
    }

    foreach (var spectrum in spectra)
    {
        var claims = spectrum.Claims.OrderBy(c => c.SlotStart).ToList();
        for (var k = 1; k < claims.Count; k++)
        {
            if (claims[k - 1].SlotStart + claims[k - 1].SlotCount > claims[k].SlotStart)
            {
                violations.Add($"{spectrum.Fiber}: {claims[k - 1].Lightpath} overlaps {claims[k].Lightpath}");
            }
        }

        foreach (var claim in claims)
        {
            if (claim.Status != "Committed")
            {
                violations.Add($"{spectrum.Fiber}: hold of {claim.Lightpath} ({claim.Attempt}) left unresolved");
            }

            if (!lightpaths.TryGetValue(claim.Lightpath, out var owner) || owner.State != LightpathState.Active ||
                !owner.ReservedFibers.Contains(spectrum.Fiber) || owner.SlotStart != claim.SlotStart || owner.SlotCount != claim.SlotCount)
            {
                violations.Add($"{spectrum.Fiber}: claim of {claim.Lightpath} at {claim.SlotStart} has no Active owner naming it");
            }
        }
    }

    // Every transponder interface in use belongs to an Active lightpath.
    var recoveredInterfaces = 0;
    foreach (var transponder in network.Transponders)
    {
        var node = grains.GetGrain<IOpticalNodeGrain>(transponder.Id.Value);
        recoveredInterfaces += await node.RecoverInterfaces();
        foreach (var use in (await node.GetStatus()).Interfaces)
        {
            if (!lightpaths.TryGetValue(use.Lightpath, out var owner) || owner.State != LightpathState.Active)
            {
                violations.Add($"{transponder.Id}: interface {use.Interface} held by {use.Lightpath}, which is not Active");
            }
        }
    }

    foreach (var lp in lightpaths.Values)
    {
        if (lp.State == LightpathState.Active)
        {
            foreach (var fiber in lp.ReservedFibers)
            {
                if (!spectra.Single(s => s.Fiber == fiber).Claims.Any(c => c.Lightpath == LightpathGrains.KeyOf(lp.Tenant, lp.Id) && c.SlotStart == lp.SlotStart))
                {
                    violations.Add($"{lp.Id}: Active but holds nothing on {fiber}");
                }
            }
        }
        else if (lp.State != LightpathState.Deleted && (lp.State != LightpathState.Failed || lp.BlockReason is null && lp.FailureReason is null))
        {
            violations.Add($"{lp.Id}: ended {lp.State} without a reason");
        }
    }

    return new AuditReport(
        lightpaths.Count,
        lightpaths.Values.Count(l => l.State == LightpathState.Active),
        lightpaths.Values.Count(l => l.State == LightpathState.Failed),
        lightpaths.Values.Count(l => l.State == LightpathState.Deleted),
        recovered,
        recoveredInterfaces,
        violations);
}

internal sealed record AuditReport(int Lightpaths, int Active, int Blocked, int Deleted, int RecoveredHolds, int RecoveredInterfaces, List<string> Violations);

internal sealed record HostOptions(
    string Mode, string Data, string? Postgres, string? Redis, int SiloPort, int GatewayPort, string ClusterId,
    int Count, int Concurrency, string Prefix, int Sites, int Slots, TimeSpan HoldTimeout, int DeleteEvery, bool Linger)
{
    public static HostOptions Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        int Int(string name, int fallback) => int.Parse(Get(name, fallback.ToString(System.Globalization.CultureInfo.InvariantCulture)), System.Globalization.CultureInfo.InvariantCulture);
        var postgres = Get("--postgres", "");
        var redis = Get("--redis", "");
        return new HostOptions(
            Get("--mode", "serve"),
            Get("--data", Path.Combine("data", "host.db")),
            postgres.Length == 0 ? null : postgres,
            redis.Length == 0 ? null : redis,
            Int("--silo-port", 11111),
            Int("--gateway-port", 30000),
            Get("--cluster-id", "dev"),
            Int("--count", 200),
            Int("--concurrency", 16),
            Get("--prefix", "lp"),
            Int("--sites", 6),
            Int("--slots", 32),
            TimeSpan.FromMilliseconds(Int("--hold-timeout-ms", 10_000)),
            Int("--delete-every", 0),
            Array.IndexOf(args, "--linger") >= 0);
    }
}
