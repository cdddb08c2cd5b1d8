using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using Continuum.Pce.Api.Hosting;
using Continuum.Pce.Api.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Xunit;

namespace Continuum.Pce.Api.Tests.Conventions;

/// <summary>
/// The spans the server exports, caught by an exporter in this process: the resource from the standard OTEL_ variables,
/// whole traces for a request, nothing for the idle background. Alone in its collection: activity sources are process-wide,
/// so other tests' servers running meanwhile would add their spans to this one's listener.
/// </summary>
[Collection(Name)]
public sealed class TracingTests(Xunit.Abstractions.ITestOutputHelper output)
{
    public const string Name = "tracing (not parallel)";

    [Fact]
    public async Task Exported_spans_carry_the_OTEL_resource_form_whole_traces_per_request_and_none_at_idle()
    {
        var spans = new Collector();
        var data = Directory.CreateTempSubdirectory("pce-tracing").FullName;
        string[] args =
        [
            $"--Pce:DataDirectory={data}", "--Pce:RestUrl=http://127.0.0.1:0", "--Pce:GrpcUrl=http://127.0.0.1:0", "--Pce:Emulator:Port=0",
            $"--Clustering:ClusterId=test-{Guid.NewGuid():N}", "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Orleans=Error", "--Logging:LogLevel:Microsoft.Orleans=Error",
            "--Pce:Tracing:Enabled=true", "--OTEL_SERVICE_NAME=pce-under-test", "--OTEL_RESOURCE_ATTRIBUTES=deployment.environment=ci,service.namespace=optical",
        ];
        var app = PceServer.Build(args, b => b.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddProcessor(new SimpleActivityExportProcessor(spans))));

        // Counts the background work the server starts (Orleans runtime, gNMI), without creating or sampling anything.
        var background = 0;
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) || s.Name.StartsWith("Continuum.Pce.Southbound", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) =>
            {
                Interlocked.Increment(ref background);
                return ActivitySamplingResult.None;
            },
        };
        ActivitySource.AddActivityListener(listener);
        await app.StartAsync();
        try
        {
            var endpoints = app.Services.GetRequiredService<ServerEndpoints>();
            // A client of its own, not of this process's traces: it sends no traceparent (an in-process HttpClient would
            // send one of an unsampled span, and the server follows its caller's sampling decision).
            using var http = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = endpoints.RestUri };
            http.DefaultRequestHeaders.Add("X-API-Key", (await File.ReadAllTextAsync(Path.Combine(data, "admin-api-key"))).Trim());

            // Resource: the variables win over the built-in service name.
            var resource = spans.Resource.Attributes.ToDictionary(a => a.Key, a => a.Value);
            Assert.Equal("pce-under-test", resource["service.name"]);
            Assert.Equal("ci", resource["deployment.environment"]);
            Assert.Equal("optical", resource["service.namespace"]);

            // A create: one whole tree under the request span.
            using var response = await http.PostAsJsonAsync("/api/v1/lightpaths", new { source = "AMS", destination = "RTM", rateGbps = 100 });
            Assert.Equal(201, (int)response.StatusCode);
            var root = await Poll(() => spans.All.FirstOrDefault(s => s.DisplayName.StartsWith("POST", StringComparison.Ordinal) &&
                                                                      s.GetTagItem("url.path") as string == "/api/v1/lightpaths"));
            // A span is exported when it ends, a parent after its children: the trace is whole once every span has ended.
            List<Activity> Orphans(List<Activity> spansOfTrace) =>
                [.. spansOfTrace.Where(s => s.ParentSpanId != default && spansOfTrace.All(p => p.SpanId != s.ParentSpanId))];
            var trace = await Poll(() => spans.All.Where(s => s.TraceId == root.TraceId).ToList() is var t && Orphans(t).Count == 0 ? t : null, TimeSpan.FromSeconds(20), () =>
            {
                var t = spans.All.Where(s => s.TraceId == root.TraceId).ToList();
                return $"{Orphans(t).Count} of {t.Count} spans have a parent never exported: {string.Join(", ", Orphans(t).Select(s => $"{s.Source.Name}/{s.DisplayName}"))}";
            });
            Assert.True(trace.Count > 3, $"only {trace.Count} spans in the create's trace");
            Assert.Equal(default, root.ParentSpanId);
            Assert.Contains(trace, s => s.Source.Name == "Continuum.Pce" && s.DisplayName == "pce.lightpath.create");
            // The device configuration is in it.
            Assert.Contains(trace, s => s.Source.Name == "Continuum.Pce.Southbound.Gnmi");
            output.WriteLine($"{trace.Count} spans in the create's trace: " +
                             string.Join(", ", trace.GroupBy(s => $"{s.Source.Name}/{s.DisplayName}").OrderByDescending(g => g.Count()).Select(g => $"{g.Key} x{g.Count()}")));

            // Every exported span so far: its parent exported too, or none.
            var all = spans.All;
            var allIds = all.Select(s => s.SpanId).ToHashSet();
            Assert.DoesNotContain(all, s => s.ParentSpanId != default && !allIds.Contains(s.ParentSpanId) && !s.HasRemoteParent);

            // Idle: the background goes on (hundreds of Orleans and gNMI activities), nothing is exported.
            spans.Clear();
            var start = Volatile.Read(ref background);
            await Poll(() => Volatile.Read(ref background) - start >= 300 ? "busy" : null, TimeSpan.FromMinutes(2));
            var idle = spans.All;
            Assert.True(idle.Count <= 2, $"{idle.Count} spans exported at idle while the background started {Volatile.Read(ref background) - start} activities: " +
                                         string.Join(", ", idle.Take(20).Select(s => $"{s.Source.Name}/{s.DisplayName}")));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }

    private static async Task<T> Poll<T>(Func<T?> probe, TimeSpan? timeout = null, Func<string>? why = null)
        where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            if (probe() is { } found)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(why?.Invoke() ?? "the condition did not hold in time");
            }

            await Task.Delay(50);
        }
    }

    private sealed class Collector : BaseExporter<Activity>
    {
        private readonly ConcurrentQueue<Activity> _spans = new();

        public Resource Resource => ParentProvider!.GetResource();

        public List<Activity> All => [.. _spans];

        public void Clear() => _spans.Clear();

        public override ExportResult Export(in Batch<Activity> batch)
        {
            foreach (var span in batch)
            {
                _spans.Enqueue(span);
            }

            return ExportResult.Success;
        }
    }
}

[CollectionDefinition(TracingTests.Name, DisableParallelization = true)]
public sealed class TracingCollection
{
}
