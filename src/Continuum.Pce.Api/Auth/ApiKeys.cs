using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Continuum.Pce.Grains.Storage;

namespace Continuum.Pce.Api.Auth;

/// <summary>The three roles: viewers read, operators also change lightpaths, admins also change the topology and keys.</summary>
public static class Roles
{
    public const string Viewer = "viewer";
    public const string Operator = "operator";
    public const string Admin = "admin";

    public static bool IsKnown(string role) => role is Viewer or Operator or Admin;

    /// <summary>Whether <paramref name="role"/> has at least the rights of <paramref name="required"/>.</summary>
    public static bool Covers(string role, string required) => Rank(role) >= Rank(required);

    private static int Rank(string role) => role switch
    {
        Admin => 3,
        Operator => 2,
        Viewer => 1,
        _ => 0,
    };
}

/// <summary>A stored API key: only the SHA-256 of its secret is kept.</summary>
public sealed record ApiKeyRecord(string Id, string Name, string Role, string Tenant, string SecretSha256, DateTimeOffset CreatedAt);

/// <summary>A key as issued: the plain key is returned once and never stored.</summary>
public sealed record IssuedApiKey(ApiKeyRecord Record, string Key);

/// <summary>
/// API keys in the grain state store (so SQLite and PostgreSQL deployments keep them like everything else). A key reads
/// <c>pce_&lt;id&gt;_&lt;secret&gt;</c>; the id finds the record, the secret is compared by hash in constant time.
/// </summary>
public sealed class ApiKeyStore(IGrainStateStore store)
{
    private const string GrainType = "apikey";
    private const string StateName = "key";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ConcurrentDictionary<string, ApiKeyRecord?> _cache = new(StringComparer.Ordinal);

    public async Task<IssuedApiKey> IssueAsync(string name, string role, string tenant, CancellationToken cancellationToken = default)
    {
        if (!Roles.IsKnown(role))
        {
            throw new ArgumentException($"unknown role '{role}' (expected viewer, operator or admin)", nameof(role));
        }

        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(24));
        var record = new ApiKeyRecord(id, name, role, tenant, Hash(secret), DateTimeOffset.UtcNow);
        var outcome = await store.WriteAsync(GrainType, id, StateName, JsonSerializer.Serialize(record, Json), 1, null, cancellationToken).ConfigureAwait(false);
        if (!outcome.Written)
        {
            throw new InvalidOperationException("key id collision; try again");
        }

        _cache[id] = record;
        return new IssuedApiKey(record, $"pce_{id}_{secret}");
    }

    /// <summary>The key's record when the key is genuine, else null.</summary>
    public async ValueTask<ApiKeyRecord?> VerifyAsync(string key, CancellationToken cancellationToken = default)
    {
        var parts = key.Split('_');
        if (parts.Length != 3 || parts[0] != "pce" || parts[1].Length != 12)
        {
            return null;
        }

        if (!_cache.TryGetValue(parts[1], out var record))
        {
            record = await ReadAsync(parts[1], cancellationToken).ConfigureAwait(false);
            _cache[parts[1]] = record;
        }

        if (record is null)
        {
            return null;
        }

        var presented = Encoding.ASCII.GetBytes(Hash(parts[2]));
        var expected = Encoding.ASCII.GetBytes(record.SecretSha256);
        return CryptographicOperations.FixedTimeEquals(presented, expected) ? record : null;
    }

    public async Task<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        var records = new List<ApiKeyRecord>();
        await foreach (var (_, _, stored) in store.ScanAsync(GrainType, cancellationToken).ConfigureAwait(false))
        {
            if (JsonSerializer.Deserialize<ApiKeyRecord>(stored.Payload, Json) is { } record)
            {
                records.Add(record);
            }
        }

        return records;
    }

    public async Task<bool> AnyAsync(CancellationToken cancellationToken = default) =>
        (await store.PageAsync(GrainType, null, 1, cancellationToken).ConfigureAwait(false)).Count > 0;

    public async Task<bool> RevokeAsync(string id, CancellationToken cancellationToken = default)
    {
        var stored = await store.ReadAsync(GrainType, id, StateName, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return false;
        }

        await store.DeleteAsync(GrainType, id, StateName, stored.Version, cancellationToken).ConfigureAwait(false);
        _cache[id] = null;
        return true;
    }

    private async Task<ApiKeyRecord?> ReadAsync(string id, CancellationToken cancellationToken)
    {
        var stored = await store.ReadAsync(GrainType, id, StateName, cancellationToken).ConfigureAwait(false);
        return stored is null ? null : JsonSerializer.Deserialize<ApiKeyRecord>(stored.Payload, Json);
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '-');
}
