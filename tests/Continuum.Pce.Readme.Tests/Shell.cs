using System.Diagnostics;
using System.Text;

namespace Continuum.Pce.Readme.Tests;

/// <summary>A finished command: its exit code and everything it wrote (stdout and stderr, in arrival order).</summary>
public sealed record ShellResult(int ExitCode, string Output, bool TimedOut);

/// <summary>Runs bash scripts from the repository root, bounded; a timed-out script is killed with its whole tree.</summary>
public static class Shell
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static async Task<ShellResult> RunAsync(string script, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        using var process = Start(script, environment, out var output);
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            return new ShellResult(-1, Text(output), TimedOut: true);
        }

        // WaitForExitAsync returns once the streams are drained.
        return new ShellResult(process.ExitCode, Text(output), TimedOut: false);
    }

    /// <summary>Starts a long-running script; its output lines go to <paramref name="onLine"/> (null at the end).</summary>
    public static Process StartLongRunning(string script, IReadOnlyDictionary<string, string> environment, Action<string?> onLine)
    {
        var info = Info(script, environment);
        var process = Process.Start(info) ?? throw new InvalidOperationException("bash did not start");
        process.OutputDataReceived += (_, e) => onLine(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                onLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static Process Start(string script, IReadOnlyDictionary<string, string> environment, out StringBuilder output)
    {
        var all = new StringBuilder();
        output = all;
        var process = Process.Start(Info(script, environment)) ?? throw new InvalidOperationException("bash did not start");
        process.OutputDataReceived += (_, e) => Append(all, e.Data);
        process.ErrorDataReceived += (_, e) => Append(all, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static ProcessStartInfo Info(string script, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("bash")
        {
            WorkingDirectory = RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        // Workstation GC: the server and the tests share two cores and their memory with other test assemblies.
        info.Environment["DOTNET_gcServer"] = "0";
        // Nothing of the test host's own environment that would change what a command does.
        info.Environment.Remove("PCE_SERVER");
        info.Environment.Remove("PCE_API_KEY");
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return info;
    }

    private static void Append(StringBuilder all, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (all)
        {
            all.AppendLine(line);
        }
    }

    private static string Text(StringBuilder all)
    {
        lock (all)
        {
            return all.ToString();
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Continuum.Pce.sln")) && File.Exists(Path.Combine(dir.FullName, "README.md")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("the repository root (Continuum.Pce.sln) was not found above " + AppContext.BaseDirectory);
    }
}
