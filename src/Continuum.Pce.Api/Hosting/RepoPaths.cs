namespace Continuum.Pce.Api.Hosting;

/// <summary>Finds files named relative to the repository (topologies, equipment) wherever the server was started from.</summary>
public static class RepoPaths
{
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
