using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Topology.IO;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Continuum.Pce.DeviceEmulator;

/// <summary>How the emulator listens and authenticates.</summary>
public sealed record DeviceEmulatorOptions
{
    /// <summary>gNMI port on 127.0.0.1 (HTTP/2 only); 0 picks a free one (read it back from <see cref="DeviceEmulatorHost.Port"/>).</summary>
    public int Port { get; init; }

    /// <summary>HTTP/1.1 control port on 127.0.0.1 for fault injection; 0 picks a free one; null disables it.</summary>
    public int? ControlPort { get; init; } = 0;

    /// <summary>Server certificate (with key) for TLS; null serves cleartext HTTP/2 (h2c).</summary>
    public X509Certificate2? ServerCertificate { get; init; }

    /// <summary>When set, clients must present a certificate issued by this CA (mutual TLS).</summary>
    public X509Certificate2? ClientCa { get; init; }

    /// <summary>When set, every RPC must carry matching <c>username</c>/<c>password</c> metadata.</summary>
    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>The OSNR source of lit channels; null uses the physics engine (<see cref="PhysicsChannelQualityModel"/>).</summary>
    public IChannelQualityModel? Quality { get; init; }

    /// <summary>Per-device encodings and naming (<see cref="DeviceProfiles"/>); null: every device speaks every encoding, default naming.</summary>
    public DeviceProfiles? Profiles { get; init; }

    /// <summary>The equipment library the physics engine reads; null uses the shipped library (topologies/equipment/default.json).</summary>
    public Continuum.Pce.Domain.Equipment.EquipmentLibrary? Equipment { get; init; }

    public TimeProvider? Time { get; init; }
}

/// <summary>
/// Hosts the emulator: Kestrel on 127.0.0.1 with one HTTP/2-only gNMI endpoint (TLS optional, mTLS optional) serving every
/// device of a network by <c>Path.target</c>, and an HTTP/1.1 control endpoint:
/// <c>POST /devices/{name}/reject-next-set[?code=ABORTED]</c>, <c>/devices/{name}/stall</c>, <c>/devices/{name}/resume</c>,
/// <c>/devices/{name}/drop-streams</c>, <c>/devices/{name}/unreachable</c>, <c>/devices/{name}/reachable</c>,
/// <c>/fibers/{id}/cut</c>, <c>/fibers/{id}/repair</c>, <c>/srlgs/{id}/cut</c>, <c>/srlgs/{id}/repair</c>; <c>GET /devices</c>;
/// <c>PUT /network</c> with <c>{"network": {...}, "equipment": {...}}</c> (the project's documents) to serve another
/// network, keeping the configuration of devices that remain (a controller's topology replacement).
/// </summary>
public sealed class DeviceEmulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DeviceEmulatorHost(WebApplication app, DeviceEmulator emulator, int port, int? controlPort)
    {
        _app = app;
        Emulator = emulator;
        Port = port;
        ControlPort = controlPort;
    }

    public DeviceEmulator Emulator { get; }

    /// <summary>The bound gNMI port.</summary>
    public int Port { get; }

    public int? ControlPort { get; }

    /// <summary>"127.0.0.1:port", the address clients dial.</summary>
    public string Address => $"127.0.0.1:{Port}";

    public static async Task<DeviceEmulatorHost> StartAsync(OpticalNetwork network, DeviceEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DeviceEmulatorOptions();
        var emulator = new DeviceEmulator(network, options.Quality, options.Time, options.Equipment);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, Args = [] });
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc(o => o.EnableDetailedErrors = true);
        builder.Services.AddSingleton(emulator);
        builder.Services.AddSingleton(options);
        ListenOptions? gnmi = null;
        ListenOptions? control = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port, listen =>
            {
                gnmi = listen;
                listen.Protocols = HttpProtocols.Http2;
                if (options.ServerCertificate is { } certificate)
                {
                    listen.UseHttps(new HttpsConnectionAdapterOptions
                    {
                        ServerCertificate = certificate,
                        ClientCertificateMode = options.ClientCa is null ? ClientCertificateMode.NoCertificate : ClientCertificateMode.RequireCertificate,
                        ClientCertificateValidation = options.ClientCa is null ? null : (cert, _, _) => ValidateClient(options.ClientCa, cert),
                    });
                }
            });
            if (options.ControlPort is { } controlPort)
            {
                kestrel.Listen(IPAddress.Loopback, controlPort, listen =>
                {
                    control = listen;
                    listen.Protocols = HttpProtocols.Http1;
                });
            }
        });

        var app = builder.Build();
        // Open streams end as soon as a stop begins, so the server need not wait for their clients to hang up.
        app.Lifetime.ApplicationStopping.Register(emulator.Stop);
        app.MapGrpcService<GnmiService>();
        MapControl(app, emulator);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return new DeviceEmulatorHost(app, emulator, gnmi!.IPEndPoint!.Port, control?.IPEndPoint?.Port);
    }

    /// <summary>
    /// The line a stand-alone emulator prints first once it listens: a parent process reads the ports from it (README,
    /// "Started by another program"), so its form is a contract:
    /// <c>gNMI emulator for '{network}' on 127.0.0.1:{port} (h2c), control on http://127.0.0.1:{port}</c> (or <c>control on none</c>).
    /// </summary>
    public string Banner => $"gNMI emulator for '{Emulator.Network.Name}' on {Address} (h2c), control on " +
                            (ControlPort is { } control ? $"http://127.0.0.1:{control.ToString(CultureInfo.InvariantCulture)}" : "none");

    /// <summary>Completes when the host is asked to stop (SIGTERM or Ctrl+C through the console lifetime) or when
    /// <paramref name="cancellationToken"/> is cancelled.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        Emulator.Stop();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static bool ValidateClient(X509Certificate2 ca, X509Certificate2 presented)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(presented);
    }

    private static void MapControl(WebApplication app, DeviceEmulator emulator)
    {
        app.MapGet("/devices", () => Results.Ok(emulator.DeviceNames.Order(StringComparer.Ordinal)));
        app.MapPost("/devices/{name}/reject-next-set", (string name, string? code) =>
            Run(() => emulator.RejectNextSet(name, code is null ? StatusCode.Aborted : Enum.Parse<StatusCode>(code.Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true))));
        app.MapPost("/devices/{name}/stall", (string name) => Run(() => emulator.Stall(name)));
        app.MapPost("/devices/{name}/resume", (string name) => Run(() => emulator.Resume(name)));
        app.MapPost("/devices/{name}/drop-streams", (string name) => Run(() => emulator.DropStreams(name)));
        app.MapPost("/devices/{name}/unreachable", (string name) => Run(() => emulator.MakeUnreachable(name)));
        app.MapPost("/devices/{name}/reachable", (string name) => Run(() => emulator.MakeReachable(name)));
        app.MapPost("/srlgs/{id}/cut", (string id) => Run(() => emulator.CutSrlg(id)));
        app.MapPost("/srlgs/{id}/repair", (string id) => Run(() => emulator.RepairSrlg(id)));
        app.MapPost("/fibers/{id}/cut", (string id) => Run(() => emulator.CutFiber(new FiberId(id))));
        app.MapPost("/fibers/{id}/repair", (string id) => Run(() => emulator.RepairFiber(new FiberId(id))));
        app.MapPut("/network", async (HttpRequest request, CancellationToken cancellationToken) => Adopt(emulator, await ReadBody(request, cancellationToken)));
        DeviceEmulator.MapDriftControl(app, emulator, Run);
    }

    private static async Task<JsonDocument?> ReadBody(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IResult Adopt(DeviceEmulator emulator, JsonDocument? body)
    {
        using (body)
        {
            if (body is null || body.RootElement.ValueKind != JsonValueKind.Object ||
                !body.RootElement.TryGetProperty("network", out var network) || network.ValueKind != JsonValueKind.Object ||
                !body.RootElement.TryGetProperty("equipment", out var equipment) || equipment.ValueKind != JsonValueKind.Object)
            {
                return Results.BadRequest("expected a JSON object {\"network\": {...}, \"equipment\": {...}}");
            }

            var read = TopologyReader.ReadNetworkWithEquipment(network.GetRawText(), equipment.GetRawText(), "network", "equipment");
            if (read.Value is not { } both)
            {
                return Results.BadRequest(string.Join("\n", read.Errors.Select(e => $"{e.Source} {e.Path}: {e.Message}")));
            }

            emulator.Adopt(both.Loaded.Network, both.Equipment);
            return Results.NoContent();
        }
    }

    private static IResult Run(Action action)
    {
        try
        {
            action();
            return Results.NoContent();
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return Results.NotFound(e.Status.Detail);
        }
        catch (KeyNotFoundException e)
        {
            return Results.NotFound(e.Message);
        }
        catch (ArgumentException e)
        {
            return Results.BadRequest(e.Message);
        }
        catch (RpcException e)
        {
            // An injected change the device refuses (a bad path or value, a dangling reference).
            return Results.BadRequest($"{e.StatusCode}: {e.Status.Detail}");
        }
    }
}
