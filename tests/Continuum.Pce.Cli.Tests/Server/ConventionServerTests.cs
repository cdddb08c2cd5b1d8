using System.Text.Json;
using Continuum.Pce.Cli.Commands.Server;
using Continuum.Pce.Cli.Tests.Conventions;
using Xunit;

namespace Continuum.Pce.Cli.Tests.Server;

/// <summary>PCE_SERVER against a real server, and the offline path computation against the server's own answer.</summary>
[Collection(ServerCollection.Name)]
public sealed class ConventionServerTests(ServerFixture server)
{
    [Fact]
    public async Task PceServerVariable_IsUsedWithoutServerOption_AndTheOptionStillWins()
    {
        var before = Environment.GetEnvironmentVariable(PceConnection.ServerVariable);
        try
        {
            Environment.SetEnvironmentVariable(PceConnection.ServerVariable, server.Address);
            var fromVariable = await CliRun.Start(["sites", "-o", "json", "--api-key", server.OperatorKey]);

            Environment.SetEnvironmentVariable(PceConnection.ServerVariable, "http://127.0.0.1:1");
            var optionWins = await CliRun.Start(["sites", "-o", "json", "--server", server.Address, "--api-key", server.OperatorKey]);

            Environment.SetEnvironmentVariable(PceConnection.ServerVariable, "127.0.0.1:5081");
            var malformed = await CliRun.Start(["sites", "--api-key", server.OperatorKey]);

            Assert.True(fromVariable.Exit == 0, fromVariable.ToString());
            Assert.Contains(fromVariable.Json.EnumerateArray(), s => s.GetProperty("id").GetString() == "FRA");
            Assert.True(optionWins.Exit == 0, optionWins.ToString());
            Assert.Equal(ExitCodes.Usage, malformed.Exit);
            Assert.Contains("PCE_SERVER", malformed.Err, StringComparison.Ordinal);
            Assert.Contains("127.0.0.1:5081", malformed.Err, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(PceConnection.ServerVariable, before);
        }
    }

    [Fact]
    public async Task PathCompute_OfflineOnTheServersNetwork_FindsTheSameRoutesModesAndFigures()
    {
        // The server runs continuum-demo; lightpaths other tests created may move slots, not routes, modes or physics.
        var online = await server.Run("path", "compute", "FRA", "PAR", "--rate", "400G", "--k", "3", "-o", "json");
        var offline = await CliRun.Start(["path", "compute", "FRA", "PAR", "--rate", "400G", "--k", "3", "-o", "json",
            "--topology", CliHarness.Repo("topologies", "continuum-demo.json")]);

        Assert.True(online.Exit == 0, online.ToString());
        Assert.True(offline.Exit == 0, offline.ToString());
        Assert.Equal(Shape(online.Json), Shape(offline.Json));
        Assert.Equal(Figures(online.Json), Figures(offline.Json));
    }

    /// <summary>Every property name at every depth: both forms print the same document shape.</summary>
    private static string Shape(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "{" + string.Join(",", e.EnumerateObject().Select(p => p.Name + ":" + (p.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array ? Shape(p.Value) : ""))) + "}",
        JsonValueKind.Array => "[" + (e.GetArrayLength() > 0 ? Shape(e[0]) : "") + "]",
        _ => "",
    };

    private static List<string> Figures(JsonElement result) =>
    [
        .. result.GetProperty("candidates").EnumerateArray().Select(c => string.Join("|",
            string.Join(",", c.GetProperty("fibers").EnumerateArray().Select(f => f.GetString())),
            c.GetProperty("mode").GetString(),
            c.GetProperty("latencyUs").GetDouble().ToString("0.###", System.Globalization.CultureInfo.InvariantCulture),
            c.GetProperty("lengthKm").GetDouble().ToString("0.###", System.Globalization.CultureInfo.InvariantCulture),
            c.GetProperty("gsnrDb").GetDouble().ToString("0.###", System.Globalization.CultureInfo.InvariantCulture),
            c.GetProperty("powerW").GetDouble().ToString("0.#", System.Globalization.CultureInfo.InvariantCulture))),
    ];
}
