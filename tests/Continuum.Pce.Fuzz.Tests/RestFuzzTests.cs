using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Continuum.Pce.Fuzz.Tests.Support;
using CsCheck;
using Xunit;
using Xunit.Abstractions;

namespace Continuum.Pce.Fuzz.Tests;

/// <summary>
/// Property-based fuzzing of every operation of the server's own OpenAPI document (issue 26), against the server as a
/// child process: whatever the request, no 5xx, every error an RFC 9457 problem with a detail (and a field for 400s),
/// a rejected change leaves the state (lightpaths of every tenant, topology version, keys) as it was, and the server is
/// healthy afterwards. PCE_FUZZ_ITERATIONS sets the length (default 1,000: a CI-sized run).
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed class RestFuzzTests(FuzzServer fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Every_rest_operation_answers_fuzzed_requests_without_5xx_with_problems_and_unchanged_state_when_rejected()
    {
        using var admin = fixture.Http(fixture.AdminKey);
        var document = OpenApiOperations.Parse(await admin.GetStringAsync("/openapi/v1.json"));
        Assert.True(document.Operations.Count >= 25, $"only {document.Operations.Count} operations in the OpenAPI document");
        var cases = new RestCases(document, fixture.Known);
        var verdicts = new Verdicts();
        var clients = Enum.GetValues<KeyKind>().ToDictionary(k => k, k => fixture.Http(fixture.KeyFor(k)));
        var digest = await fixture.DigestAsync(admin);
        var covered = new HashSet<string>();

        var generator = Gen.Select(Gen.Int[0, document.Operations.Count - 1], Gen.Int, (op, seed) => cases.Build(op, seed));
        await generator.SampleAsync(async fuzzed =>
        {
            covered.Add(fuzzed.Operation.ToString());
            using var request = new HttpRequestMessage(new HttpMethod(fuzzed.Method), fuzzed.Target);
            if (fuzzed.Body is not null)
            {
                request.Content = new ByteArrayContent(fuzzed.Body);
                if (fuzzed.ContentType is not null)
                {
                    request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(fuzzed.ContentType);
                }
            }

            foreach (var (name, value) in fuzzed.Headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            using var response = await clients[fuzzed.Key].SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            verdicts.CheckHttp(fuzzed.ToString(), status, response.Content.Headers.ContentType?.MediaType, body, fuzzed.Method == "HEAD");
            if (!fuzzed.Mutates)
            {
                return;
            }

            var rejected = status >= 400;
            if (rejected)
            {
                Interlocked.Increment(ref verdicts.RejectedMutations);
            }

            if (await fixture.ChangedByAsync(admin, digest, fuzzed.Target, rejected) is { } changed)
            {
                verdicts.Violation($"rejected ({status}) but the state changed: {fuzzed}\n{changed}");
            }

            if (status is >= 200 and < 300 && fuzzed.Target.StartsWith("/api/v1/lightpaths", StringComparison.Ordinal) && fuzzed.Method == "POST")
            {
                // A lightpath the fuzzer made: later requests may name it.
                try
                {
                    if (JsonDocument.Parse(body).RootElement.TryGetProperty("id", out var id) && id.GetString() is { } made)
                    {
                        fixture.Known.Lightpaths.Add(made);
                    }
                }
                catch (JsonException)
                {
                }
            }
        }, iter: FuzzSettings.Iterations, threads: 1, seed: FuzzSettings.Seed);

        foreach (var client in clients.Values)
        {
            client.Dispose();
        }

        output.WriteLine($"REST fuzz: {verdicts.Summary()}");
        output.WriteLine($"operations covered: {covered.Count} of {document.Operations.Count}");
        await WriteReportAsync("rest", verdicts, covered.Count, document.Operations.Count);
        await fixture.AssertHealthyAsync();
        Assert.True(verdicts.Violations.Count == 0, verdicts.Summary() + "\n--- server output ---\n" + fixture.Server.Output);
        Assert.Equal(FuzzSettings.Iterations, verdicts.Requests);
    }

    internal static async Task WriteReportAsync(string suite, Verdicts verdicts, int covered, int operations)
    {
        // PCE_FUZZ_REPORT: a folder where each suite writes its figures (for docs/reliability.md).
        if (Environment.GetEnvironmentVariable("PCE_FUZZ_REPORT") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await File.WriteAllTextAsync(Path.Combine(folder, $"{suite}.txt"), $"{verdicts.Summary()}\noperations covered: {covered} of {operations}\n", Encoding.UTF8);
        }
    }

}
