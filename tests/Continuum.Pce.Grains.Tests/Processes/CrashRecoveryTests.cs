using System.Text.Json;
using Continuum.Pce.Grains.Tests.Support;
using Xunit;

namespace Continuum.Pce.Grains.Tests.Processes;

public sealed class CrashRecoveryTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "pce-tests", "crash-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task HostKilledMidBurst_AfterRestart_AuditFindsNoOverlapNoOrphanHoldAndEveryLightpathResolved()
    {
        var db = Path.Combine(_directory, "state.db");
        await using (var burst = ChildHost.Start("--mode", "burst", "--data", db, "--count", "2000", "--concurrency", "32",
                         "--silo-port", ChildHost.FreePort().ToString(), "--gateway-port", ChildHost.FreePort().ToString(), "--prefix", "crash"))
        {
            await burst.WaitForLineAsync(l => l == "READY", TimeSpan.FromSeconds(60));
            await burst.WaitForCountAsync(l => l.StartsWith("created ", StringComparison.Ordinal), 150, TimeSpan.FromSeconds(120));
            burst.Kill();
        }

        await using var audit = ChildHost.Start("--mode", "audit", "--data", db, "--hold-timeout-ms", "0",
            "--silo-port", ChildHost.FreePort().ToString(), "--gateway-port", ChildHost.FreePort().ToString());
        var line = await audit.WaitForLineAsync(l => l.StartsWith("AUDIT ", StringComparison.Ordinal), TimeSpan.FromSeconds(120));

        var report = JsonDocument.Parse(line["AUDIT ".Length..]).RootElement;
        var violations = report.GetProperty("Violations").EnumerateArray().Select(v => v.GetString()).ToList();
        Assert.True(violations.Count == 0, string.Join('\n', violations));
        Assert.True(report.GetProperty("Lightpaths").GetInt32() >= 150);
        Assert.True(report.GetProperty("Active").GetInt32() > 0);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
