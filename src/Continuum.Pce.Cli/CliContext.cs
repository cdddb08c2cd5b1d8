using Spectre.Console;

namespace Continuum.Pce.Cli;

/// <summary>Where a command writes: plain writers for JSON and a Spectre console (colour only on a terminal) for tables.</summary>
public sealed class CliContext
{
    public CliContext(TextWriter stdout, TextWriter stderr, bool colour)
    {
        Out = stdout;
        Error = stderr;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = colour ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = colour ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(stdout),
        });
        if (!colour)
        {
            Console.Profile.Width = 120;
        }
    }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    public IAnsiConsole Console { get; }
}
