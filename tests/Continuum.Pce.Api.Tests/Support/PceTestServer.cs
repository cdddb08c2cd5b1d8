using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Continuum.Pce.Api.Hosting;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Continuum.Pce.Api.Testing;

/// <summary>
/// The real server in this process on loopback: REST and gRPC on free ports, its own silo ports and cluster id, SQLite
/// in a temporary data directory, the gNMI emulator on a free port, authentication on (the bootstrap admin key is read
/// from the data directory). Restartable on the same data directory.
/// </summary>
public sealed class PceTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PceTestServer(WebApplication app, string dataDirectory)
    {
        _app = app;
        DataDirectory = dataDirectory;
        var endpoints = app.Services.GetRequiredService<ServerEndpoints>();
        RestUri = endpoints.RestUri;
        GrpcUri = endpoints.GrpcUri;
        AdminKey = File.ReadAllText(Path.Combine(dataDirectory, "admin-api-key")).Trim();
    }

    public string DataDirectory { get; }

    public Uri RestUri { get; }

    public Uri GrpcUri { get; }

    public string AdminKey { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a server; <paramref name="dataDirectory"/> reuses an earlier server's state (a restart).</summary>
    public static Task<PceTestServer> StartAsync(string? dataDirectory = null, string topology = "topologies/continuum-demo.json", params string[] settings) =>
        StartAsync(dataDirectory, topology, emulatorLauncher: null, settings);

    /// <summary>
    /// Starts a server whose emulator is started by <paramref name="emulatorLauncher"/> (null: the server's own, a child
    /// process); an <see cref="InProcessEmulatorLauncher"/> hosts it in this process.
    /// </summary>
    public static async Task<PceTestServer> StartAsync(string? dataDirectory, string topology, IDeviceEmulatorLauncher? emulatorLauncher, params string[] settings)
    {
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "pce-api-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        string[] args =
        [
            $"--Pce:DataDirectory={dataDirectory}",
            "--Pce:RestUrl=http://127.0.0.1:0",
            "--Pce:GrpcUrl=http://127.0.0.1:0",
            $"--Pce:InitialTopology={topology}",
            "--Pce:Emulator:Port=0",
            $"--Clustering:SiloPort={FreePort()}",
            $"--Clustering:GatewayPort={FreePort()}",
            $"--Clustering:ClusterId=test-{Guid.NewGuid():N}",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Orleans=Error",
            "--Logging:LogLevel:Microsoft.Orleans=Error",
            "--Logging:LogLevel:Polly=Error",
            .. settings,
        ];
        var app = PceServer.Build(args);
        if (emulatorLauncher is not null)
        {
            app.Services.GetRequiredService<DevicePlane>().EmulatorLauncher = emulatorLauncher;
        }

        await app.StartAsync();
        return new PceTestServer(app, dataDirectory);
    }

    /// <summary>An HTTP client on the REST port, authenticated with <paramref name="apiKey"/> (the admin key by default; "" for none).</summary>
    public HttpClient Http(string? apiKey = null)
    {
        var client = new HttpClient { BaseAddress = RestUri, Timeout = TimeSpan.FromSeconds(60) };
        apiKey ??= AdminKey;
        if (apiKey.Length > 0)
        {
            client.DefaultRequestHeaders.Add("X-API-Key", apiKey);
        }

        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    public GrpcChannel Grpc() => GrpcChannel.ForAddress(GrpcUri);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    /// <summary>Stops the server and deletes its data directory.</summary>
    public async Task DisposeAndDeleteAsync()
    {
        await DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp folder.
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
