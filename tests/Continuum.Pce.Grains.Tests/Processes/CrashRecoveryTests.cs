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

    [Fact]
    public async Task HostKilledAfterDeletes_AfterRestart_ReleasesTheSpectrumAndInterfacesWhoseReleaseWasNotYetWritten()
    {
        // Releases are answered before they are written; after the last delete nothing writes those fibres again, so
        // the kill loses the last release on every fibre the lightpaths used.
        var db = Path.Combine(_directory, "state.db");
        await using (var burst = ChildHost.Start("--mode", "burst", "--data", db, "--count", "120", "--concurrency", "8", "--delete-every", "1",
                         "--linger", "--hold-timeout-ms", "600000", "--prefix", "churn",
                         "--silo-port", ChildHost.FreePort().ToString(), "--gateway-port", ChildHost.FreePort().ToString()))
        {
            await burst.WaitForLineAsync(l => l == "BURST DONE", TimeSpan.FromSeconds(120));
            burst.Kill();
        }

        var report = await AuditAsync(db);

        var violations = report.GetProperty("Violations").EnumerateArray().Select(v => v.GetString()).ToList();
        Assert.True(violations.Count == 0, string.Join('\n', violations));
        Assert.Equal(120, report.GetProperty("Deleted").GetInt32());
        Assert.True(report.GetProperty("RecoveredHolds").GetInt32() > 0, "the kill lost no spectrum release, so the test proved nothing");
        Assert.True(report.GetProperty("RecoveredInterfaces").GetInt32() > 0, "the kill lost no interface release, so the test proved nothing");
    }

    [Fact]
    public async Task HostStoppedNormallyAfterDeletes_WritesEveryRelease_SoTheRestartHasNothingToRecover()
    {
        var db = Path.Combine(_directory, "state.db");
        await using (var burst = ChildHost.Start("--mode", "burst", "--data", db, "--count", "60", "--concurrency", "8", "--delete-every", "1",
                         "--hold-timeout-ms", "600000", "--prefix", "stop",
                         "--silo-port", ChildHost.FreePort().ToString(), "--gateway-port", ChildHost.FreePort().ToString()))
        {
            await burst.WaitForExitAsync(TimeSpan.FromSeconds(120));
        }

        var report = await AuditAsync(db);

        var violations = report.GetProperty("Violations").EnumerateArray().Select(v => v.GetString()).ToList();
        Assert.True(violations.Count == 0, string.Join('\n', violations));
        Assert.Equal(60, report.GetProperty("Deleted").GetInt32());
        Assert.Equal(0, report.GetProperty("RecoveredHolds").GetInt32());
        Assert.Equal(0, report.GetProperty("RecoveredInterfaces").GetInt32());
    }

    private static async Task<JsonElement> AuditAsync(string db)
    {
        await using var audit = ChildHost.Start("--mode", "audit", "--data", db, "--hold-timeout-ms", "0",
            "--silo-port", ChildHost.FreePort().ToString(), "--gateway-port", ChildHost.FreePort().ToString());
        var line = await audit.WaitForLineAsync(l => l.StartsWith("AUDIT ", StringComparison.Ordinal), TimeSpan.FromSeconds(120));
        return JsonDocument.Parse(line["AUDIT ".Length..]).RootElement.Clone();
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
