using System.Net.Http.Json;
using System.Text.Json;
using Continuum.Pce.Api.Testing;
using Xunit;

namespace Continuum.Pce.Cli.Tests.Server;

/// <summary>One real server (continuum-demo, SQLite, emulated devices) on loopback for every server-command test.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private PceTestServer? _server;

    public PceTestServer Server => _server ?? throw new InvalidOperationException("the server has not started");

    public string Address => Server.GrpcUri.ToString();

    public string AdminKey => Server.AdminKey;

    public string OperatorKey { get; private set; } = "";

    public string ViewerKey { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _server = await PceTestServer.StartAsync();
        OperatorKey = await IssueKey("cli-operator", "operator");
        ViewerKey = await IssueKey("cli-viewer", "viewer");
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAndDeleteAsync();
        }
    }

    /// <summary>Runs <c>pce</c> in-process against this server with <paramref name="key"/> (the operator key by default).</summary>
    public Task<CliRun> Run(params string[] args) => RunWith(OperatorKey, args);

    public Task<CliRun> RunWith(string? key, params string[] args) =>
        CliRun.Start([.. args, "--server", Address, .. key is null ? Array.Empty<string>() : ["--api-key", key]]);

    private async Task<string> IssueKey(string name, string role)
    {
        using var http = Server.Http();
        var response = await http.PostAsJsonAsync("/api/v1/keys", new { name, role, tenant = "default" });
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("key").GetString()!;
    }
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "pce server";
}

/// <summary>The outcome of one in-process run of the CLI.</summary>
public sealed record CliRun(int Exit, string Out, string Err)
{
    public static async Task<CliRun> Start(string[] args, CancellationToken cancellationToken = default)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, stdout, stderr, colour: false, cancellationToken);
        return new CliRun(exit, stdout.ToString(), stderr.ToString());
    }

    public JsonElement Json => JsonDocument.Parse(Out).RootElement;

    public override string ToString() => $"exit {Exit}\nstdout:\n{Out}\nstderr:\n{Err}";
}
