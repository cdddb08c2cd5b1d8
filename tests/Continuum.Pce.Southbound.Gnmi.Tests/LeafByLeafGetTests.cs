using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Southbound.Gnmi.Rendering;
using Gnmi;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using GnmiPath = Gnmi.Path;

namespace Continuum.Pce.Southbound.Gnmi.Tests;

/// <summary>
/// A scripted gNMI target on loopback (Npgsql's fake-server idea): it answers Get of a media channel with content owned
/// by another system, split leaf by leaf (one update per leaf, or one notification per leaf), and records every Set.
/// </summary>
public sealed class LeafByLeafTarget : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LeafByLeafTarget(WebApplication app, Script script, int port)
    {
        _app = app;
        Recorded = script;
        Address = $"127.0.0.1:{port}";
    }

    public string Address { get; }

    public Script Recorded { get; }

    public static async Task<LeafByLeafTarget> StartAsync(bool notificationPerLeaf)
    {
        var script = new Script(notificationPerLeaf);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(script);
        ListenOptions? listen = null;
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l =>
        {
            listen = l;
            l.Protocols = HttpProtocols.Http2;
        }));
        var app = builder.Build();
        app.MapGrpcService<Service>();
        await app.StartAsync();
        return new LeafByLeafTarget(app, script, listen!.IPEndPoint!.Port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public sealed class Script(bool notificationPerLeaf)
    {
        public bool NotificationPerLeaf { get; } = notificationPerLeaf;

        public ConcurrentQueue<SetRequest> Sets { get; } = new();
    }

    private sealed class Service(Script script) : gNMI.gNMIBase
    {
        public override Task<CapabilityResponse> Capabilities(CapabilityRequest request, ServerCallContext context) =>
            Task.FromResult(new CapabilityResponse { GNMIVersion = "0.10.0", SupportedEncodings = { global::Gnmi.Encoding.JsonIetf } });

        public override Task<SetResponse> Set(SetRequest request, ServerCallContext context)
        {
            script.Sets.Enqueue(request);
            return Task.FromResult(new SetResponse { Prefix = request.Prefix });
        }

        public override Task<GetResponse> Get(GetRequest request, ServerCallContext context)
        {
            var path = GnmiPaths.Join(request.Prefix, request.Path[0]);
            if (path.Elem.Count != 3 || path.Elem[2].Name != "channel" || !path.Elem[2].Key.TryGetValue("index", out var index))
            {
                throw new RpcException(new Status(StatusCode.NotFound, "nothing there"));
            }

            // The entry of a foreign system, leaves in the order a target walks its tree: the owner's name comes late.
            var leaves = new (string Leaf, string Json)[]
            {
                ("index", index),
                ("config/index", index),
                ("config/lower-frequency", "\"193000000\""),
                ("config/upper-frequency", "\"193075000\""),
                ("source/config/port-name", "\"SRG1-ADD\""),
                ("dest/config/port-name", "\"DEG1-OUT\""),
                ("config/name", "\"foreign-system-channel\""),
            };
            var response = new GetResponse();
            var notification = new Notification { Timestamp = 1, Prefix = new GnmiPath { Target = request.Prefix?.Target ?? "" } };
            foreach (var (leaf, json) in leaves)
            {
                var at = GnmiPaths.Join(new GnmiPath { Elem = { path.Elem } }, GnmiPaths.Parse("/" + leaf));
                notification.Update.Add(new Update { Path = at, Val = GnmiValues.JsonIetf(json) });
                if (script.NotificationPerLeaf)
                {
                    response.Notification.Add(notification);
                    notification = new Notification { Timestamp = 1, Prefix = new GnmiPath { Target = request.Prefix?.Target ?? "" } };
                }
            }

            if (notification.Update.Count > 0)
            {
                response.Notification.Add(notification);
            }

            return Task.FromResult(response);
        }
    }
}

public sealed class LeafByLeafGetTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Provision_OverForeignContentSentLeafByLeaf_RefusesNamingTheOwnerAndWritesNothing(bool notificationPerLeaf)
    {
        await using var target = await LeafByLeafTarget.StartAsync(notificationPerLeaf);
        await using var devices = new GnmiDeviceDirectory(id => new GnmiDeviceOptions { Address = target.Address, Target = id.Value, UseTls = false, Timeout = TimeSpan.FromSeconds(10) });
        var renderer = new GnmiRenderer(devices);

        var result = await renderer.ProvisionAsync(Intents.AcrossFourRoadms("lp-mine", 1, 8, 10), CancellationToken.None);

        var failed = Assert.IsType<RenderResult.Failed>(result);
        Assert.Equal(nameof(StatusCode.AlreadyExists), failed.Failure.Status);
        Assert.Contains("'foreign-system-channel'", failed.Failure.Message, StringComparison.Ordinal);
        Assert.Empty(target.Recorded.Sets);
    }

    [Fact]
    public void AssembleTree_UpdatesSpreadOverNotificationsAndAncestors_BuildsOneTreeWithTheEntryKeys()
    {
        var requested = GnmiPaths.Parse("/wavelength-router/media-channels/channel[index=7]");
        var notifications = new[]
        {
            new Notification { Update = { new Update { Path = GnmiPaths.Parse("/wavelength-router/media-channels/channel[index=7]/config/lower-frequency"), Val = GnmiValues.JsonIetf("\"1\"") } } },
            new Notification
            {
                Prefix = GnmiPaths.Parse("/openconfig-wavelength-router:wavelength-router"),
                Update =
                {
                    new Update { Path = GnmiPaths.Parse("/media-channels/channel[index=7]/config/name"), Val = GnmiValues.JsonIetf("\"x\"") },
                    new Update { Path = GnmiPaths.Parse("/media-channels/channel[index=8]/config/name"), Val = GnmiValues.JsonIetf("\"other\"") },
                },
            },
            new Notification { Update = { new Update { Path = GnmiPaths.Parse("/wavelength-router/media-channels"), Val = GnmiValues.JsonIetf("{\"channel\":[{\"index\":7,\"source\":{\"config\":{\"port-name\":\"A\"}}},{\"index\":8}]}") } } },
        };

        var tree = GnmiClient.AssembleTree(requested, notifications);

        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("{\"config\":{\"lower-frequency\":\"1\",\"name\":\"x\"},\"index\":7,\"source\":{\"config\":{\"port-name\":\"A\"}}}"),
            tree),
            tree?.ToJsonString());
    }
}
