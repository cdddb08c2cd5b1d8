using Continuum.Pce.Api.Testing;
using Continuum.Pce.Api.Tests.Support;
using Npgsql;
using Xunit;

namespace Continuum.Pce.Api.Tests;

/// <summary>
/// The same server on PostgreSQL storage and Redis membership, selected by configuration only (the servers .ci/run
/// starts on 127.0.0.1:5432 and :6379; PCE_TEST_POSTGRES overrides the PostgreSQL connection). Fails, never skips,
/// when they are missing.
/// </summary>
public sealed class ClusterConfigurationTests
{
    [Fact]
    public async Task Postgres_and_Redis_by_configuration_keep_lightpaths_keys_and_topology_across_a_restart()
    {
        var admin = Environment.GetEnvironmentVariable("PCE_TEST_POSTGRES") ?? "Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres;Timeout=5";
        var database = "pce_api_" + Guid.NewGuid().ToString("N")[..12];
        await Execute(admin, $"CREATE DATABASE {database}");
        var connection = new NpgsqlConnectionStringBuilder(admin) { Database = database }.ToString();
        string[] settings =
        [
            "--Storage:Provider=postgres", $"--Storage:PostgresConnectionString={connection}",
            "--Clustering:Provider=redis", "--Clustering:Redis=127.0.0.1:6379", $"--Clustering:ClusterId=api-{Guid.NewGuid():N}",
        ];
        string? data = null;
        try
        {
            string id;
            string key;
            await using (var first = await PceTestServer.StartAsync(null, "topologies/continuum-demo.json", settings))
            {
                data = first.DataDirectory;
                key = first.AdminKey;
                using var http = first.Http();
                var (status, lp) = await http.PostAsync("/api/v1/lightpaths", new { source = "HAM", destination = "AMS", rateGbps = 100 });
                Assert.Equal(201, status);
                id = lp.Str("id");
            }

            // A new data directory: nothing local survives, everything comes back from PostgreSQL.
            File.Delete(Path.Combine(data, "admin-api-key"));
            await File.WriteAllTextAsync(Path.Combine(data, "admin-api-key"), key);
            await using var second = await PceTestServer.StartAsync(data, "topologies/continuum-demo.json", [.. settings, $"--Clustering:ClusterId=api-{Guid.NewGuid():N}"]);
            using var again = second.Http(key);
            // The restarted server's devices (a new emulator) learn the lightpath again after readiness: until the re-push
            // and the next telemetry, it may read Degraded. It must come back to Active, and never end.
            var (getStatus, after) = await again.GetJsonAsync($"/api/v1/lightpaths/{id}");
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (getStatus == 200 && after.Str("state") is "Degraded" or "Provisioning" && DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
                (getStatus, after) = await again.GetJsonAsync($"/api/v1/lightpaths/{id}");
            }

            var (_, topology) = await again.GetJsonAsync("/api/v1/topology");

            Assert.Equal(200, getStatus);
            Assert.Equal("Active", after.Str("state"));
            Assert.Equal(1, topology.GetProperty("version").GetInt64());
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await Execute(admin, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
            if (data is not null)
            {
                try
                {
                    Directory.Delete(data, recursive: true);
                }
                catch (IOException)
                {
                    // Left in the temp folder.
                }
            }
        }
    }

    private static async Task Execute(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
