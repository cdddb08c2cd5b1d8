using Continuum.Pce.Cli.Commands.Server;
using Spectre.Console;
using Xunit;

namespace Continuum.Pce.Cli.Tests.Server;

/// <summary>The spectrum map of a fibre shared between tenants: the server hides other tenants' lightpaths, the map still draws their slots.</summary>
public sealed class SpectrumRenderTests
{
    [Fact]
    public void Render_AnotherTenantsClaim_DrawsItsSlotsAndNamesNoLightpath()
    {
        var spectrum = new SpectrumJson("FRA-PAR", true, 768, 6.25, 191_328_125, 16, 16 / 768.0,
        [
            new SpectrumClaimJson("mine-1", "acme", 0, 8, "Committed", 191.35, 50),
            new SpectrumClaimJson(null, null, 8, 8, "Committed", 191.4, 50),
        ]);
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 120;

        SpectrumCommands.Render(console, spectrum);

        var text = output.ToString();
        Assert.Contains("16 of 768 slots", text, StringComparison.Ordinal);
        Assert.Contains("AAAAAAAABBBBBBBB", text, StringComparison.Ordinal);
        Assert.Contains("mine-1", text, StringComparison.Ordinal);
        Assert.Contains("(another tenant)", text, StringComparison.Ordinal);
    }
}
