using Continuum.Pce.Cli.Commands.Server;
using Xunit;

namespace Continuum.Pce.Cli.Tests;

public sealed class UnitsAndHelpTests
{
    [Theory]
    [InlineData("400G", 400)]
    [InlineData("100G", 100)]
    [InlineData("1.2T", 1200)]
    [InlineData("400", 400)]
    [InlineData("400Gbps", 400)]
    [InlineData("800 G", 800)]
    public void Rate_OperatorNotation_ParsesToGbps(string text, int expected)
    {
        Assert.True(Units.TryParseRateGbps(text, out var gbps, out var error), error);
        Assert.Equal(expected, gbps);
    }

    [Theory]
    [InlineData("fast")]
    [InlineData("0G")]
    [InlineData("-400G")]
    [InlineData("1.23456T")]
    [InlineData("400X")]
    public void Rate_Nonsense_IsRejectedWithAnExample(string text)
    {
        Assert.False(Units.TryParseRateGbps(text, out _, out var error));
        Assert.Contains($"'{text}'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("3ms", 3000)]
    [InlineData("250us", 250)]
    [InlineData("250µs", 250)]
    [InlineData("2500", 2500)]
    [InlineData("0.5s", 500_000)]
    [InlineData("5us", 5)]
    [InlineData("1.5ms", 1500)]
    public void Duration_OperatorNotation_ParsesToMicroseconds(string text, double expected)
    {
        Assert.True(Units.TryParseMicroseconds(text, out var us, out var error), error);
        Assert.Equal(expected, us, 9);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("3h")]
    [InlineData("-1ms")]
    public void Duration_Nonsense_IsRejected(string text) => Assert.False(Units.TryParseMicroseconds(text, out _, out _));

    [Theory]
    [InlineData("--help")]
    [InlineData("topology", "--help")]
    [InlineData("topology", "load", "--help")]
    [InlineData("path", "compute", "--help")]
    [InlineData("lightpath", "--help")]
    [InlineData("lightpath", "watch", "--help")]
    [InlineData("bundle", "create", "--help")]
    [InlineData("spectrum", "--help")]
    [InlineData("alarms", "--help")]
    [InlineData("sites", "--help")]
    public async Task Help_AtEveryLevel_ExitsZeroWithUsage(params string[] args)
    {
        var stdout = new StringWriter();
        var exit = await CliApp.RunAsync(args, stdout, new StringWriter(), colour: false);

        Assert.Equal(0, exit);
        Assert.Contains("Usage:", stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerCommands_HaveTheConnectionAndOutputOptions()
    {
        var stdout = new StringWriter();
        await CliApp.RunAsync(["lightpath", "list", "--help"], stdout, new StringWriter(), colour: false);

        Assert.Contains("--server", stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains("--api-key", stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains("--output", stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Completion_Bash_UsesTheSuggestDirective()
    {
        var stdout = new StringWriter();
        var exit = await CliApp.RunAsync(["completion", "bash"], stdout, new StringWriter(), colour: false);

        Assert.Equal(0, exit);
        Assert.Contains("[suggest:", stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains("complete -o default -F _pce_complete pce", stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadServerAddress_IsAUsageError()
    {
        var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(["sites", "--server", "not a url"], new StringWriter(), stderr, colour: false);

        Assert.Equal(2, exit);
        Assert.Contains("--server", stderr.ToString(), StringComparison.Ordinal);
    }
}
