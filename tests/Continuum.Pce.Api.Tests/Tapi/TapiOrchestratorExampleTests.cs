using System.Diagnostics;
using Continuum.Pce.Api.Tests.Support;
using Xunit;
using static Continuum.Pce.Api.Tests.Tapi.RestconfClient;

namespace Continuum.Pce.Api.Tests.Tapi;

/// <summary>The orchestrator example in examples/tapi runs as written (bash, curl, jq) against a real server: TAPI alone creates and deletes a service.</summary>
[Collection(ServerCollection.Name)]
public sealed class TapiOrchestratorExampleTests(ServerFixture fixture)
{
    [Fact]
    public async Task The_curl_example_creates_reads_and_deletes_a_service_through_tapi_alone()
    {
        var script = Path.Combine(RepoRoot(), "examples", "tapi", "create-and-delete-service.sh");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.Environment["PCE_URL"] = fixture.Server.RestUri.ToString().TrimEnd('/');
        start.Environment["PCE_API_KEY"] = fixture.AcmeKey;
        start.Environment["A"] = "CGN-TRX";
        start.Environment["Z"] = "STR-TRX";
        start.Environment["RATE"] = "100"; // 382 km: beyond the 400G pluggables' reach once the ROADM design rules apply

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout + await stderr;

        Assert.True(process.ExitCode == 0, output);
        Assert.Contains("state: INSTALLED / ENABLED", output);
        Assert.Matches(@"central frequency: 19\d{13} Hz", output);
        var uuid = output.Split('\n').Single(l => l.StartsWith("created ", StringComparison.Ordinal))["created ".Length..].Trim();
        Assert.Contains($"deleted {uuid}", output);
        using var http = fixture.Http(fixture.AcmeKey);
        Assert.Equal(404, (await http.GetYangAsync($"{Connectivity}/connectivity-service={uuid}")).Status);
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Continuum.Pce.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Continuum.Pce.sln not found");
    }
}
