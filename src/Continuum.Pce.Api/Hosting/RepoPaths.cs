namespace Continuum.Pce.Api.Hosting;

/// <summary>Finds files named relative to the repository (topologies, equipment) wherever the server was started from.</summary>
public static class RepoPaths
{
    /// <summary>
    /// Where a relative data directory lives: the repository root when the server runs from a clone (`dotnet run` starts
    /// it in the project's folder, but users look for ./data beside the README), else the current directory.
    /// </summary>
    public static string DataRoot(string contentRoot)
    {
        for (var dir = new DirectoryInfo(contentRoot); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Continuum.Pce.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }

    /// <summary>The path as given if it exists; else relative to the content root or any ancestor of it or of the binaries.</summary>
    public static string? Resolve(string path, string contentRoot)
    {
        if (Path.IsPathRooted(path))
        {
            return File.Exists(path) ? path : null;
        }

        if (File.Exists(path))
        {
            return Path.GetFullPath(path);
        }

        foreach (var start in new[] { contentRoot, AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, path);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
