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

    /// <summary>A three-node XLRON-style topology (Tokyo, Osaka, Nagoya) written into <paramref name="folder"/>, for the import commands.</summary>
    public static string WriteTriangle(string folder)
    {
        var source = Path.Combine(folder, "tri-source.json");
        File.WriteAllText(source, """
            {"nodes": [{"id": 1, "name": "Tokyo", "latitude": 35.68, "longitude": 139.69},
                       {"id": 2, "name": "Osaka", "latitude": 34.69, "longitude": 135.50},
                       {"id": 3, "name": "Nagoya", "latitude": 35.18, "longitude": 136.91}],
             "links": [{"source": 1, "target": 2, "distance": 500}, {"source": 2, "target": 3, "distance": 180.5}, {"source": 3, "target": 1, "distance": 350}]}
            """);
        return source;
    }
}
