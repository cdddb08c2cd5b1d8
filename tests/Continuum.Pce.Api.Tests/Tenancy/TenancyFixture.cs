using System.Net.Http.Json;
using System.Text.Json;
using Continuum.Pce.Api.Testing;
using Xunit;

namespace Continuum.Pce.Api.Tests.Tenancy;

/// <summary>A caller: a tenant and a role, with its API key.</summary>
public sealed record Actor(string Tenant, string Role, string Key)
{
    public bool IsAdmin => Role == "admin";

    public override string ToString() => $"{Role} of {Tenant}";
}

/// <summary>
/// One server of its own (nothing else runs on it, so what tenant B sees changes only with what the test does) with
/// the owner tenant A, two foreign tenants B1 and B2 (viewer and operator each) and the admin.
/// </summary>
public sealed class TenancyFixture : IAsyncLifetime
{
    public const string OwnerTenant = "victim-7q";
    public const string ForeignTenant = "probe-one";
    public const string GhostForeignTenant = "probe-two";

    public PceTestServer Server { get; private set; } = null!;

    public Actor Owner { get; private set; } = null!;

    public Actor Admin { get; private set; } = null!;

    /// <summary>Viewer and operator of B1: the tenant that uses A's ids.</summary>
    public IReadOnlyList<Actor> Foreign { get; private set; } = [];

    /// <summary>Viewer and operator of B2: the tenant that uses ids nobody has (the same requests, to compare with).</summary>
    public IReadOnlyList<Actor> GhostForeign { get; private set; } = [];

    public async Task InitializeAsync()
    {
        // No telemetry: a lightpath that flaps to Degraded on one tenant's side and not on the other's would read as a difference.
        Server = await PceTestServer.StartAsync(settings: ["--Pce:Telemetry=false"]);
        Admin = new Actor("default", "admin", Server.AdminKey);
        Owner = new Actor(OwnerTenant, "operator", await Issue("operator", OwnerTenant));
        Foreign = [new Actor(ForeignTenant, "viewer", await Issue("viewer", ForeignTenant)), new Actor(ForeignTenant, "operator", await Issue("operator", ForeignTenant))];
        GhostForeign = [new Actor(GhostForeignTenant, "viewer", await Issue("viewer", GhostForeignTenant)), new Actor(GhostForeignTenant, "operator", await Issue("operator", GhostForeignTenant))];
    }

    public Task DisposeAsync() => Server.DisposeAndDeleteAsync();

    public HttpClient Http(Actor actor) => Server.Http(actor.Key);

    private async Task<string> Issue(string role, string tenant)
    {
        using var http = Server.Http();
        var response = await http.PostAsJsonAsync("/api/v1/keys", new { name = $"{tenant}-{role}", role, tenant });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }
}

[CollectionDefinition(Name)]
public sealed class TenancyCollection : ICollectionFixture<TenancyFixture>
{
    public const string Name = "tenancy";
}
