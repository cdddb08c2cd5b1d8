using System.Net.Http.Json;
using Continuum.Pce.Api.Testing;
using Xunit;

namespace Continuum.Pce.Api.Tests.Support;

/// <summary>One server on continuum-demo shared by the API tests, with keys for two tenants and a viewer.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public PceTestServer Server { get; private set; } = null!;

    /// <summary>Operator of tenant "acme".</summary>
    public string AcmeKey { get; private set; } = "";

    /// <summary>Operator of tenant "globex".</summary>
    public string GlobexKey { get; private set; } = "";

    /// <summary>Viewer of tenant "acme".</summary>
    public string ViewerKey { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Server = await PceTestServer.StartAsync();
        AcmeKey = await Issue("acme-ops", "operator", "acme");
        GlobexKey = await Issue("globex-ops", "operator", "globex");
        ViewerKey = await Issue("acme-viewer", "viewer", "acme");
    }

    public Task DisposeAsync() => Server.DisposeAndDeleteAsync();

    public HttpClient Http(string? key = null) => Server.Http(key);

    private async Task<string> Issue(string name, string role, string tenant)
    {
        using var http = Server.Http();
        var response = await http.PostAsJsonAsync("/api/v1/keys", new { name, role, tenant });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        return body.GetProperty("key").GetString()!;
    }
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "server";
}
