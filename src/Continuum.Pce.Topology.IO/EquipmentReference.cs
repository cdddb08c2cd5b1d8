namespace Continuum.Pce.Topology.IO;

/// <summary>
/// The <c>equipment</c> field to write into a network file so that <see cref="NetworkFile.Load"/> (which resolves it
/// relative to the file's folder) finds the library from where the file is written, whatever folder it goes to.
/// </summary>
public static class EquipmentReference
{
    /// <summary>The library the repository's networks name (<c>topologies/equipment/default.json</c>).</summary>
    public const string DefaultLibrary = "equipment/default.json";

    /// <summary>The repository's library, relative to the repository root.</summary>
    public static readonly string RepositoryLibrary = Path.Combine("topologies", "equipment", "default.json");

    /// <summary>
    /// Resolves <paramref name="requested"/> (a library path as the user gave it, or <see cref="DefaultLibrary"/>) for a
    /// network written to <paramref name="outputFile"/>. In order: a path that already resolves from the output folder
    /// is kept as given; else a path that resolves from <paramref name="workingDirectory"/>; else, for the default
    /// only, the repository's library found in the working directory or one of its parents. A library found so is
    /// written relative to the output folder when the two share a folder below the file-system root, else absolute.
    /// When nothing is found the request is written as given and <see cref="Resolution.Found"/> is false.
    /// </summary>
    public static Resolution Resolve(string outputFile, string? requested, string? workingDirectory = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputFile);
        requested = string.IsNullOrWhiteSpace(requested) ? DefaultLibrary : requested;
        workingDirectory = Path.GetFullPath(workingDirectory ?? Directory.GetCurrentDirectory());
        var folder = Path.GetDirectoryName(Path.GetFullPath(outputFile))!;

        var besideOutput = Path.GetFullPath(Path.Combine(folder, requested));
        if (File.Exists(besideOutput))
        {
            return new Resolution(requested, besideOutput, true);
        }

        var fromWorkingDirectory = Path.GetFullPath(Path.Combine(workingDirectory, requested));
        if (File.Exists(fromWorkingDirectory))
        {
            return new Resolution(Reference(folder, fromWorkingDirectory), fromWorkingDirectory, true);
        }

        if (requested == DefaultLibrary)
        {
            for (var dir = new DirectoryInfo(workingDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, RepositoryLibrary);
                if (File.Exists(candidate))
                {
                    return new Resolution(Reference(folder, candidate), candidate, true);
                }
            }
        }

        return new Resolution(requested, besideOutput, false);
    }

    /// <summary>
    /// <paramref name="library"/> relative to <paramref name="folder"/> when they share a folder below the root (the
    /// reference then survives moving both together), else its absolute path. Always with '/' separators.
    /// </summary>
    public static string Reference(string folder, string library)
    {
        var from = Path.GetFullPath(folder);
        var to = Path.GetFullPath(library);
        var relative = Path.GetRelativePath(from, to);
        var root = Path.GetPathRoot(to) ?? "";
        var shared = SharedPrefix(from, to);
        return Path.IsPathRooted(relative) || shared.Length <= root.Length
            ? to.Replace(Path.DirectorySeparatorChar, '/')
            : relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    private static string SharedPrefix(string a, string b)
    {
        var partsA = a.TrimEnd(Path.DirectorySeparatorChar).Split(Path.DirectorySeparatorChar);
        var partsB = b.TrimEnd(Path.DirectorySeparatorChar).Split(Path.DirectorySeparatorChar);
        var comparison = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var n = 0;
        while (n < partsA.Length && n < partsB.Length && string.Equals(partsA[n], partsB[n], comparison))
        {
            n++;
        }

        return string.Join(Path.DirectorySeparatorChar, partsA.Take(n)) + (n > 0 ? Path.DirectorySeparatorChar : "");
    }

    /// <summary>The field to write, the library's full path, and whether that library exists.</summary>
    public sealed record Resolution(string Field, string FullPath, bool Found);
}
