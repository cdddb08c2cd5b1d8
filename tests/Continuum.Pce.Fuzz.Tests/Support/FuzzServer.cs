using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Continuum.Pce.TestKit.Processes;
using Grpc.Net.Client;
using Xunit;

namespace Continuum.Pce.Fuzz.Tests.Support;

/// <summary>Iteration counts: bounded for CI, full length by environment variables (docs/reliability.md).</summary>
public static class FuzzSettings
{
    /// <summary>Fuzzed requests per suite (REST and gRPC each): PCE_FUZZ_ITERATIONS, default 1,000 (a CI-sized run).</summary>
    public static int Iterations => Env("PCE_FUZZ_ITERATIONS", 1000);

    /// <summary>Requests of the flood: PCE_FLOOD_REQUESTS, default 3,000.</summary>
    public static int FloodRequests => Env("PCE_FLOOD_REQUESTS", 3000);

    /// <summary>The seed of the run (PCE_FUZZ_SEED), to replay one.</summary>
    public static string? Seed => Environment.GetEnvironmentVariable("PCE_FUZZ_SEED");

    private static int Env(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) && value > 0 ? value : fallback;
}

/// <summary>
/// One server process for the fuzz suites (no rate limit, so the operations themselves are fuzzed), a viewer key, the
/// ids of its network, and the state digest that rejected calls must leave unchanged.
/// </summary>
public sealed class FuzzServer : IAsyncLifetime
{
    public ServerChild Server { get; private set; } = null!;

    /// <summary>The admin key of the server's first start.</summary>
    public string AdminKey => Server.AdminKey ?? throw new InvalidOperationException("the server printed no admin key:\n" + Server.Output);

    public string ViewerKey { get; private set; } = "";

    public KnownIds Known { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await StartServerAsync("--Pce:Limits:RequestsPerSecond=0");
        using var admin = Http(AdminKey);
        using var issued = await admin.PostAsJsonAsync("/api/v1/keys", new { name = "fuzz-viewer", role = "viewer", tenant = "acme" });
        issued.EnsureSuccessStatusCode();
        ViewerKey = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        Known = await KnownIds.ReadAsync(admin);
        await SeedAsync(admin, Known);
    }

    /// <summary>
    /// Something for the newest operations to act on: a plain lightpath, a 1+1 one (protection switch and read), and a
    /// defrag plan (get, apply, abort); their ids join the known ones.
    /// </summary>
    private static async Task SeedAsync(HttpClient admin, KnownIds known)
    {
        foreach (var (id, body) in new (string, object)[]
                 {
                     ("fuzz-plain", new { id = "fuzz-plain", source = "FRA", destination = "PAR", rateGbps = 100 }),
                     ("fuzz-protected", new { id = "fuzz-protected", source = "FRA", destination = "PAR", rateGbps = 100, protection = "1+1" }),
                 })
        {
            using var created = await admin.PostAsJsonAsync("/api/v1/lightpaths", body);
            Assert.True(created.IsSuccessStatusCode, $"seeding {id}: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
            known.Lightpaths.Add(id);
        }

        using var plan = await admin.PostAsJsonAsync("/api/v1/defrag/plans", new { });
        Assert.True(plan.IsSuccessStatusCode, $"seeding a defrag plan: {(int)plan.StatusCode} {await plan.Content.ReadAsStringAsync()}");
        known.DefragPlans.Add((await plan.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>
    /// The server (Continuum.Pce.Api.dll, copied next to these tests) as a child process: the demo network, SQLite in a
    /// temporary data directory, authentication on, a cluster id of its own, the emulator its own child.
    /// </summary>
    public static Task<ServerChild> StartServerAsync(params string[] settings) => ServerChild.StartAsync(new ServerChildOptions
    {
        Name = "fuzzed server",
        Settings =
        [
            $"--Pce:InitialTopology={Path.Combine(ServerLaunch.RepositoryRoot(), "topologies", "continuum-demo.json")}",
            $"--Clustering:ClusterId=fuzz-{Guid.NewGuid():N}",
            .. settings,
        ],
    });

    public HttpClient Http(string? key)
    {
        var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = Server.RestUri, Timeout = TimeSpan.FromMinutes(2) };
        if (!string.IsNullOrEmpty(key))
        {
            http.DefaultRequestHeaders.Add("X-API-Key", key);
        }

        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return http;
    }

    public GrpcChannel Grpc() => GrpcChannel.ForAddress(Server.GrpcUri);

    public string KeyFor(Support.KeyKind kind) => kind switch
    {
        KeyKind.Admin => AdminKey,
        KeyKind.Viewer => ViewerKey,
        KeyKind.Invalid => "pce_0123456789ab_not-a-valid-secret",
        _ => "",
    };

    /// <summary>The parts of the state a change may touch: "topology" (its version), "keys", "lightpaths" (every tenant's, by id).</summary>
    public static readonly string[] AllParts = ["topology", "keys", "lightpaths"];

    /// <summary>The parts a call to <paramref name="target"/> (a REST path or a gRPC method) may change: only those are read after it.</summary>
    public static string[] PartsFor(string target) => target switch
    {
        _ when target.Contains("topology", StringComparison.OrdinalIgnoreCase) => ["topology", "lightpaths"],
        _ when target.Contains("keys", StringComparison.OrdinalIgnoreCase) => ["keys"],
        _ when target.Contains("alarm", StringComparison.OrdinalIgnoreCase) => ["lightpaths"],
        _ => ["lightpaths"],
    };

    /// <summary>What a rejected call must not change, part by part (see <see cref="AllParts"/>).</summary>
    public async Task<Dictionary<string, string>> DigestAsync(HttpClient admin, IEnumerable<string>? parts = null)
    {
        var digest = new Dictionary<string, string>();
        foreach (var part in parts ?? AllParts)
        {
            digest[part] = part switch
            {
                "topology" => "v" + (await admin.GetFromJsonAsync<JsonElement>("/api/v1/topology")).GetProperty("version"),
                "keys" => string.Join(',', (await admin.GetFromJsonAsync<JsonElement>("/api/v1/keys")).EnumerateArray().Select(k => k.GetProperty("id").GetString()).Order(StringComparer.Ordinal)),
                _ => await LightpathsAsync(admin),
            };
        }

        return digest;
    }

    private static async Task<string> LightpathsAsync(HttpClient admin)
    {
        var ids = new List<string>();
        string? cursor = null;
        do
        {
            var page = await admin.GetFromJsonAsync<JsonElement>("/api/v1/lightpaths?limit=1000" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            ids.AddRange(page.GetProperty("items").EnumerateArray().Select(l => $"{l.GetProperty("tenant").GetString()}/{l.GetProperty("id").GetString()}"));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        return string.Join(',', ids.Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// After a call that may change <paramref name="target"/>'s parts: reads them, and when the call was rejected
    /// returns the parts that changed all the same (a violation). <paramref name="known"/> is brought up to date.
    /// </summary>
    public async Task<string?> ChangedByAsync(HttpClient admin, Dictionary<string, string> known, string target, bool rejected)
    {
        var now = await DigestAsync(admin, PartsFor(target));
        var changed = now.Where(p => known[p.Key] != p.Value).Select(p => $"{p.Key}: before [{Cut(known[p.Key])}] after [{Cut(p.Value)}]").ToList();
        foreach (var (part, value) in now)
        {
            known[part] = value;
        }

        return rejected && changed.Count > 0 ? string.Join("; ", changed) : null;
    }

    private static string Cut(string s) => s.Length > 300 ? "…" + s[^300..] : s;

    /// <summary>After a run: the process lives, liveness and readiness answer 200.</summary>
    public async Task AssertHealthyAsync()
    {
        Assert.False(Server.HasExited, "the server process ended:\n" + Server.Output);
        using var http = Http(null);
        using var live = await http.GetAsync("/health/live");
        using var ready = await http.GetAsync("/health/ready");
        Assert.True(live.IsSuccessStatusCode && ready.IsSuccessStatusCode, $"live {(int)live.StatusCode}, ready {(int)ready.StatusCode}: {await ready.Content.ReadAsStringAsync()}\n{Server.Output}");
    }
}

[CollectionDefinition(Name)]
public sealed class FuzzCollection : ICollectionFixture<FuzzServer>
{
    public const string Name = "fuzz-server";
}
