using System.CommandLine;
using Continuum.Pce.Cli.Commands;
using Continuum.Pce.Cli.Commands.Server;

namespace Continuum.Pce.Cli;

/// <summary>Exit codes of every command: scripts rely on them.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Blocked, not found, or the input is invalid (the command ran and said no).</summary>
    public const int Refused = 1;

    /// <summary>The command line itself is wrong.</summary>
    public const int Usage = 2;

    /// <summary>The server is unreachable or refused the credentials.</summary>
    public const int Server = 3;
}

/// <summary>The `pce` command line, runnable in-process for tests.</summary>
public static class CliApp
{
    public static RootCommand BuildRoot(CliContext context)
    {
        var root = new RootCommand("pce: the Continuum PCE operator command line (topology, paths, lightpaths, planning)");
        root.Subcommands.Add(TopologyCommands.Create(context));
        root.Subcommands.Add(SimulateCommands.Create(context));
        root.Subcommands.Add(ReportCommands.Create(context));
        root.Subcommands.Add(GnpyCommands.Create(context));
        ServerCommands.Register(root, context);
        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, bool? colour = null, CancellationToken cancellationToken = default)
    {
        var context = new CliContext(stdout, stderr, colour ?? (!Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null));
        var root = BuildRoot(context);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await stderr.WriteLineAsync(error.Message);
            }

            await stderr.WriteLineAsync("Run 'pce --help' (or '<command> --help') for usage.");
            return ExitCodes.Usage;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false }, cancellationToken);
        }
        catch (UsageException e)
        {
            await stderr.WriteLineAsync(e.Message);
            return ExitCodes.Usage;
        }
        catch (Topology.IO.TopologyInputException e)
        {
            // A file that cannot be read whole within the limits (missing, over MaxDocumentBytes, endless, not UTF-8).
            await stderr.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Refused;
        }
    }
}

/// <summary>Bad command-line input found while running a command (for example a malformed option value).</summary>
public sealed class UsageException(string message) : Exception(message);
