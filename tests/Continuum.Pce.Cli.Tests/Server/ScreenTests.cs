using Xunit;

namespace Continuum.Pce.Cli.Tests.Server;

/// <summary>Captured terminal output of the two most-read screens: they must stay readable in 80–120 columns.</summary>
[Collection(ServerCollection.Name)]
public sealed class ScreenTests(ServerFixture server)
{
    [Fact]
    public async Task PathCompute_Table_ShowsEveryColumnAndTheRoute()
    {
        var run = await server.Run("path", "compute", "FRA", "PAR", "--rate", "400G", "--k", "3");

        Assert.True(run.Exit == 0, run.ToString());
        var lines = run.Out.Split('\n');
        Assert.StartsWith("FRA → PAR at 400G:", lines[0], StringComparison.Ordinal);
        foreach (var column in new[] { "latency", "km", "hops", "mode", "GSNR dB", "margin dB", "slots", "W" })
        {
            Assert.Contains(column, lines[2], StringComparison.Ordinal);
        }

        Assert.Contains(lines, l => l.Contains(" ms ", StringComparison.Ordinal) && l.Contains("DP-", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.TrimStart().StartsWith("1  ", StringComparison.Ordinal) && l.Contains("FRA-", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.True(l.Length <= 120, $"wider than 120 columns: {l}"));
    }

    [Fact]
    public async Task PathCompute_Blocked_SaysBlockedWithTheReason()
    {
        var run = await server.Run("path", "compute", "FRA", "PAR", "--rate", "400G", "--max-latency", "1us");

        Assert.Equal(1, run.Exit);
        Assert.Contains("FRA → PAR at 400G: blocked (Latency)", run.Out, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Spectrum_Table_DrawsTheLightpathOnItsSlotsWithALegendAndUtilisation()
    {
        var id = "scr-" + Guid.NewGuid().ToString("N")[..6];
        var created = await server.Run("lightpath", "create", "MUC", "FRA", "--rate", "400G", "--id", id, "-o", "json");
        Assert.True(created.Exit == 0, created.ToString());
        var fiber = created.Json.GetProperty("fibers")[0].GetString()!;
        var start = created.Json.GetProperty("slotStart").GetInt32();
        var count = created.Json.GetProperty("slotCount").GetInt32();

        var run = await server.Run("spectrum", fiber);

        Assert.True(run.Exit == 0, run.ToString());
        var lines = run.Out.Split('\n');
        Assert.StartsWith($"{fiber}  up  768 slots × 6.25 GHz  191.325–196.125 THz", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("utilisation ", lines[1], StringComparison.Ordinal);
        Assert.Contains($"{count} of 768 slots", string.Join('\n', lines[..2]).Replace("  ", " ", StringComparison.Ordinal), StringComparison.Ordinal);
        var mapRows = lines.Where(l => l.Contains('│', StringComparison.Ordinal) && l.Length > 70 && char.IsAsciiDigit(l.TrimStart().FirstOrDefault())).ToList();
        Assert.Equal(12, mapRows.Count);
        Assert.All(mapRows, r => Assert.True(r.Length <= 80, $"map row wider than 80 columns: {r}"));
        var key = lines.Single(l => l.Contains(id, StringComparison.Ordinal)).Trim('│', ' ')[0];
        var row = mapRows[start / 64];
        var map = row[(row.IndexOf('│', StringComparison.Ordinal) + 1)..];
        Assert.Equal(key, map[start % 64]);
        Assert.Contains($"{start}–{start + count - 1} ({count})", run.Out, StringComparison.Ordinal);
        Assert.Equal(0, (await server.Run("lightpath", "delete", id)).Exit);
    }

    [Fact]
    public async Task Spectrum_Colour_UsesAnsiOnlyWhenAsked()
    {
        var plain = await server.Run("spectrum", "FRA-PAR");
        var stdout = new StringWriter();
        var exit = await CliApp.RunAsync(["spectrum", "FRA-PAR", "--server", server.Address, "--api-key", server.OperatorKey], stdout, new StringWriter(), colour: true);

        Assert.Equal(0, exit);
        Assert.Contains("\u001b[", stdout.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", plain.Out, StringComparison.Ordinal);
    }
}
