using System.Diagnostics;
using System.Text;
using Xunit;

namespace Continuum.Pce.Cli.Tests.Conventions;

/// <summary>
/// `pce` as a .NET tool: the CLI project packs (from its existing build: --no-build) into a temporary folder, installs
/// from that folder alone (a NuGet.config that clears every other source, so it works without internet) into a tool
/// path, and the installed <c>pce</c> runs. Each child gets a generous bound awaited on its exit; a failure shows the
/// child's whole output.
/// </summary>
public sealed class ToolPackageTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(5);
    private readonly string _temp = Directory.CreateTempSubdirectory("pce-tool-").FullName;

    [Fact]
    public async Task PackedTool_InstallsFromTheLocalFolderAndRunsPce()
    {
        var project = CliHarness.Repo("src", "Continuum.Pce.Cli", "Continuum.Pce.Cli.csproj");
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/net10.0/
        var feed = Directory.CreateDirectory(Path.Combine(_temp, "feed")).FullName;
        var tools = Path.Combine(_temp, "tools");
        var version = "0.0.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture);
        var config = Path.Combine(_temp, "NuGet.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
              </packageSources>
            </configuration>
            """);

        var pack = await Dotnet(["pack", project, "-c", configuration, "--no-build", "-o", feed, $"-p:PackageVersion={version}", "-nodeReuse:false", "--tl:off", "-nologo"]);
        Assert.True(pack.Exit == 0, pack.ToString());
        Assert.True(File.Exists(Path.Combine(feed, $"Continuum.Pce.Cli.{version}.nupkg")), pack.ToString());

        var install = await Dotnet(["tool", "install", "--tool-path", tools, "--configfile", config, "--add-source", feed, "Continuum.Pce.Cli", "--version", version]);
        Assert.True(install.Exit == 0, install.ToString());

        var pce = Path.Combine(tools, OperatingSystem.IsWindows() ? "pce.exe" : "pce");
        Assert.True(File.Exists(pce), install.ToString());
        var versionRun = await Start(pce, ["--version"]);
        Assert.True(versionRun.Exit == 0 && versionRun.Out.Trim().Length > 0, versionRun.ToString());
        var validate = await Start(pce, ["topology", "validate", CliHarness.Repo("topologies", "continuum-demo.json"), "-o", "json"]);
        Assert.True(validate.Exit == 0 && validate.Out.Contains("\"valid\": true", StringComparison.Ordinal), validate.ToString());
    }

    private Task<Child> Dotnet(string[] args) => Start(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet", args);

    private async Task<Child> Start(string file, string[] args)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _temp,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        // A clean child: no MSBuild state of the test run, no build servers outliving it, its own package cache.
        foreach (var inherited in new[] { "MSBUILD_EXE_PATH", "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBuildLoadMicrosoftTargetsReadOnly" })
        {
            start.Environment.Remove(inherited);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";
        start.Environment["NUGET_PACKAGES"] = Path.Combine(_temp, "packages");
        start.Environment["DOTNET_ROOT"] = DotnetRoot();

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }
        };
        var clock = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(Bound);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            lock (output)
            {
                return new Child(file, args, -1, clock.Elapsed, output + $"\n(killed after {Bound.TotalSeconds:0} s)");
            }
        }

        process.WaitForExit(); // drains the redirected streams
        lock (output)
        {
            return new Child(file, args, process.ExitCode, clock.Elapsed, output.ToString());
        }
    }

    /// <summary>The dotnet root of the running runtime (…/shared/Microsoft.NETCore.App/&lt;version&gt;/ → …/), for the installed apphost.</summary>
    private static string DotnetRoot() =>
        Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root
            ? root
            : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private sealed record Child(string File, string[] Args, int Exit, TimeSpan Elapsed, string Out)
    {
        public override string ToString() => $"{File} {string.Join(' ', Args)}\nexit {Exit} after {Elapsed.TotalSeconds:0.0} s\n{Out}";
    }
}
