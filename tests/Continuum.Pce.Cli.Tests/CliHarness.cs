namespace Continuum.Pce.Cli.Tests;

/// <summary>The offline CLI tests' two helpers: a path in the repository, and a run of the CLI in process with its output captured.</summary>
internal static class CliHarness
{
    /// <summary>A path under the repository root (the folder holding Continuum.Pce.sln above the test binaries).</summary>
    public static string Repo(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Continuum.Pce.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine([dir!.FullName, .. parts]);
    }

    /// <summary>Runs <c>pce</c> with <paramref name="args"/> in process, without colour; the exit code and both streams.</summary>
    public static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, stdout, stderr, colour: false);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
