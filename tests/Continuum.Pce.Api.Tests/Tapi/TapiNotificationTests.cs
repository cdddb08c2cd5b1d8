using System.Text.Json.Nodes;
using Continuum.Pce.Api.Tests.Support;
using Xunit;
using static Continuum.Pce.Api.Tests.Tapi.RestconfClient;
using static Continuum.Pce.Api.Tests.Tapi.TapiServices;

namespace Continuum.Pce.Api.Tests.Tapi;

/// <summary>tapi-notification subscriptions and their RESTCONF event streams (server-sent events), through the real server.</summary>
[Collection(ServerCollection.Name)]
public sealed class TapiNotificationTests(ServerFixture fixture)
{
    [Fact]
    public async Task A_subscription_stream_carries_a_services_creation_state_changes_and_deletion_as_tapi_event_notifications()
    {
        using var http = fixture.Http(fixture.AcmeKey);
        var subscription = NewUuid();
        var subscribed = await http.PostYangAsync(Notification, new JsonObject
        {
            ["tapi-notification:notif-subscription"] = new JsonArray(new JsonObject
            {
                ["uuid"] = subscription,
                ["subscription-filter"] = new JsonArray(new JsonObject
                {
                    ["local-id"] = "services",
                    ["requested-object-types"] = new JsonArray("tapi-connectivity:CONNECTIVITY_OBJECT_TYPE_CONNECTIVITY_SERVICE"),
                    ["include-content"] = true,
                }),
            }),
        });
        var read = await http.GetYangAsync($"{Notification}/notif-subscription={subscription}");
        var address = read.Body!["tapi-notification:notif-subscription"]![0]!["notification-channel"]!["stream-address"]!.GetValue<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        using var stream = new EventStream(fixture.Http(fixture.AcmeKey), address);
        await stream.OpenAsync(timeout.Token);

        var sips = (await http.GetYangAsync(Context + "/service-interface-point")).Body!["tapi-common:service-interface-point"]!;
        var uuid = NewUuid();
        Assert.Equal(201, (await http.PostYangAsync(Connectivity, Service(uuid, SipsOf(sips, "LYS-TRX")[0], SipsOf(sips, "MUC-TRX")[0]))).Status);
        var context = await http.GetYangAsync(Context);
        var untilActive = await stream.ReadUntilAsync(n => Target(n) == uuid && Info(n, "to-state") == "Active", timeout.Token);
        Assert.Equal(204, (await http.DeleteYangAsync($"{Connectivity}/connectivity-service={uuid}")).Status);
        var untilDeleted = await stream.ReadUntilAsync(n => Target(n) == uuid && Info(n, "to-state") == "Deleted", timeout.Token);
        var unsubscribed = await http.DeleteYangAsync($"{Notification}/notif-subscription={subscription}");
        var ended = await stream.EndedAsync(timeout.Token);

        Assert.Equal(201, subscribed.Status);
        Assert.StartsWith("/restconf/streams/tapi-notification/", address);
        var mine = untilActive.Concat(untilDeleted).Where(n => Target(n) == uuid).ToList();
        Assert.True(mine[0]["event-notification-type"]!.GetValue<string>() == "tapi-notification:NOTIFICATION_TYPE_OBJECT_CREATION", string.Join("\n", mine.Select(n => n.ToJsonString())));
        Assert.Equal("tapi-notification:NOTIFICATION_TYPE_OBJECT_DELETION", mine[^1]["event-notification-type"]!.GetValue<string>());
        var active = mine.Single(n => Info(n, "to-state") == "Active");
        Assert.Equal("ENABLED", active["tapi-connectivity:connectivity-service"]!["operational-state"]!.GetValue<string>());
        var sequence = mine.Select(n => long.Parse(n["sequence-number"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(sequence.Order(), sequence);
        Assert.All(untilActive.Concat(untilDeleted), n => Assert.Equal("tapi-connectivity:CONNECTIVITY_OBJECT_TYPE_CONNECTIVITY_SERVICE", n["target-object-type"]!.GetValue<string>()));
        var notification = new JsonObject { ["tapi-notification:event-notification"] = active.DeepClone() }.ToJsonString();
        Assert.Equal("", TapiYang.ValidateNotification(notification, context.Text));
        Assert.Contains("not found in module \"tapi-notification\"", TapiYang.ValidateNotification(notification, context.Text, asShipped: true));
        Assert.Equal(204, unsubscribed.Status);
        Assert.True(ended);
    }

    [Fact]
    public async Task A_subscription_for_topology_objects_is_told_of_a_new_topology_version_and_another_tenant_cannot_read_it()
    {
        using var http = fixture.Http(fixture.AcmeKey);
        using var admin = fixture.Http();
        var subscription = NewUuid();
        Assert.Equal(201, (await http.PostYangAsync(Notification, new JsonObject
        {
            ["tapi-notification:notif-subscription"] = new JsonArray(new JsonObject
            {
                ["uuid"] = subscription,
                ["subscription-filter"] = new JsonArray(new JsonObject { ["requested-object-types"] = new JsonArray("TOPOLOGY_OBJECT_TYPE_TOPOLOGY") }),
            }),
        })).Status);
        var foreign = await fixture.Http(fixture.GlobexKey).GetYangAsync($"{Notification}/notif-subscription={subscription}");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        using var stream = new EventStream(fixture.Http(fixture.AcmeKey), $"/restconf/streams/tapi-notification/{subscription}");
        await stream.OpenAsync(timeout.Token);

        // The same network again: a new topology version.
        var document = (await admin.SendAsync(HttpMethod.Get, "/api/v1/topology")).Body;
        var (put, _) = await admin.SendAsync(HttpMethod.Put, "/api/v1/topology", rawBody: document.GetProperty("network").GetRawText());
        var events = await stream.ReadUntilAsync(n => n["target-object-type"]?.GetValue<string>() == "tapi-topology:TOPOLOGY_OBJECT_TYPE_TOPOLOGY", timeout.Token);
        await http.DeleteYangAsync($"{Notification}/notif-subscription={subscription}");

        Assert.Equal(404, foreign.Status);
        Assert.Equal(200, put);
        var change = events[^1];
        Assert.Equal("tapi-notification:NOTIFICATION_TYPE_ATTRIBUTE_VALUE_CHANGE", change["event-notification-type"]!.GetValue<string>());
        Assert.Equal(document.GetProperty("version").GetInt64() + 1, long.Parse(Info(change, "version")!, System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string? Target(JsonNode n) => n["target-object-identifier"]?.GetValue<string>();

    private static string? Info(JsonNode n, string name) =>
        n["additional-info"]?.AsArray().FirstOrDefault(i => i?["value-name"]?.GetValue<string>() == name)?["value"]?.GetValue<string>();

    /// <summary>A RESTCONF event stream read line by line: each <c>data:</c> line one ietf-restconf:notification.</summary>
    private sealed class EventStream(HttpClient http, string address) : IDisposable
    {
        private HttpResponseMessage? _response;
        private StreamReader? _reader;

        public async Task OpenAsync(CancellationToken ct)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, address);
            request.Headers.Accept.ParseAdd("text/event-stream");
            _response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            Assert.Equal(200, (int)_response.StatusCode);
            Assert.Equal("text/event-stream", _response.Content.Headers.ContentType?.MediaType);
            _reader = new StreamReader(await _response.Content.ReadAsStreamAsync(ct));
        }

        /// <summary>The event notifications up to and including the first that satisfies <paramref name="until"/>.</summary>
        public async Task<List<JsonNode>> ReadUntilAsync(Func<JsonNode, bool> until, CancellationToken ct)
        {
            var seen = new List<JsonNode>();
            while (await _reader!.ReadLineAsync(ct) is { } line)
            {
                if (!line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    continue;
                }

                var envelope = JsonNode.Parse(line["data: ".Length..])!["ietf-restconf:notification"]!;
                Assert.NotNull(envelope["eventTime"]);
                var notification = envelope["tapi-notification:event-notification"]!;
                seen.Add(notification);
                if (until(notification))
                {
                    return seen;
                }
            }

            throw new InvalidOperationException("the stream ended before the awaited notification; seen: " + string.Join("\n", seen.Select(s => s.ToJsonString())));
        }

        /// <summary>True when the server ends the stream (after the subscription is deleted).</summary>
        public async Task<bool> EndedAsync(CancellationToken ct)
        {
            while (await _reader!.ReadLineAsync(ct) is not null)
            {
            }

            return true;
        }

        public void Dispose()
        {
            _reader?.Dispose();
            _response?.Dispose();
            http.Dispose();
        }
    }
}
