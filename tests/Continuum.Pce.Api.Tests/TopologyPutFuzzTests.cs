using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Continuum.Pce.Api.Testing;
using Continuum.Pce.Api.Tests.Support;
using Continuum.Pce.Topology.IO;
using Continuum.Pce.Topology.IO.Tests.Fuzzing;
using CsCheck;
using Xunit;
using Xunit.Abstractions;

namespace Continuum.Pce.Api.Tests;

/// <summary>A server of its own for the PUT /topology fuzzer: accepted mutants replace its topology.</summary>
public sealed class FuzzServerFixture : IAsyncLifetime
{
    public PceTestServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await PceTestServer.StartAsync(topology: "topologies/jpn12.json");

    public Task DisposeAsync() => Server.DisposeAndDeleteAsync();
}

/// <summary>
/// Mutation fuzzing of <c>PUT /topology</c> on a running server: no 5xx, every refusal a problem with <c>detail</c>,
/// invalid mutants refused with the topology version unchanged, neutral ones loaded, nothing accepted that the
/// independent oracle refuses, and the server healthy afterwards. CI runs a bounded number of cases; the full run is
/// <c>PCE_FUZZ_TOPOLOGIES_SERVER=1000 dotnet test tests/Continuum.Pce.Api.Tests --filter TopologyPutFuzz</c>.
/// </summary>
public sealed class TopologyPutFuzzTests(FuzzServerFixture fixture, ITestOutputHelper output) : IClassFixture<FuzzServerFixture>
{
    private static int Iterations => int.TryParse(Environment.GetEnvironmentVariable("PCE_FUZZ_TOPOLOGIES_SERVER"), out var n) && n > 0 ? n : 60;

    [Fact]
    public async Task TopologyPutFuzz_MutatedDocuments_NeverA5xx_InvalidOnesRefusedWithTheTopologyUnchanged()
    {
        using var http = fixture.Server.Http();
        var (_, current) = await http.GetJsonAsync("/api/v1/topology");
        var network = JsonNode.Parse(current.GetProperty("network").GetRawText())!.AsObject();
        var fiberTypes = current.GetProperty("equipment").GetProperty("fiberTypes").EnumerateArray().Select(f => f.Str("id")).ToHashSet(StringComparer.Ordinal);
        var tally = new Dictionary<string, int>(StringComparer.Ordinal);
        var statuses = new Dictionary<int, int>();

        await Gen.Select(Gen.Int[0, TopologyMutator.Operators.Length - 1], Gen.Int).SampleAsync(async c =>
        {
            var mutant = TopologyMutator.Mutate(network, c.Item1, c.Item2);
            var before = await VersionAsync(http);
            using var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/topology") { Content = new StringContent(mutant.Text, Encoding.UTF8) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await http.SendAsync(request);
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync();
            var after = await VersionAsync(http);
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            tally[$"{mutant.Kind}/{(status == 200 ? "accepted" : "refused")}"] = tally.GetValueOrDefault($"{mutant.Kind}/{(status == 200 ? "accepted" : "refused")}") + 1;

            Check(status < 500, mutant, status, body, "a 5xx");
            if (status != 200)
            {
                using var problem = JsonDocument.Parse(body);
                Check(problem.RootElement.TryGetProperty("detail", out var detail) && detail.GetString() is { Length: > 0 }, mutant, status, body, "a refusal without detail");
                Check(after == before, mutant, status, body, $"the version moved from {before} to {after} on a refusal");
            }

            Check(mutant.Kind != MutantKind.Invalid || status != 200, mutant, status, body, "an invalid document accepted");
            Check(mutant.Kind != MutantKind.Neutral || status == 200, mutant, status, body, "a neutral mutation refused");
            Check(status != 200 || TopologyOracle.Violations(mutant.Text, fiberTypes, TopologyLimits.Default).Count == 0, mutant, status, body, "accepted, but the oracle refuses it");
        }, iter: Iterations, threads: 1);

        using var live = await http.GetAsync("/health/live");
        output.WriteLine($"{Iterations} PUT /topology: statuses {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}; {string.Join(", ", tally.Select(t => $"{t.Key} {t.Value}"))}");
        Assert.True(live.IsSuccessStatusCode);
        Assert.Equal(Iterations, statuses.Values.Sum());
    }

    private static async Task<long> VersionAsync(HttpClient http)
    {
        var (_, doc) = await http.GetJsonAsync("/api/v1/topology");
        return doc.GetProperty("version").GetInt64();
    }

    private static void Check(bool condition, Mutant mutant, int status, string body, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"{what}: {mutant} → {status} {body[..Math.Min(body.Length, 2000)]}");
        }
    }
}
