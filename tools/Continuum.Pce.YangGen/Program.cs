using Continuum.Pce.YangGen;

// Usage: dotnet run --project tools/Continuum.Pce.YangGen -- [models/yang] [models/Continuum.Pce.Models]
// Regenerates the C# for the YANG subset; files other than *.cs, the csproj and README are left alone.
var yang = args.Length > 0 ? args[0] : Path.Combine("models", "yang");
var output = args.Length > 1 ? args[1] : Path.Combine("models", "Continuum.Pce.Models");
var files = CSharpEmitter.Generate(yang);
Directory.CreateDirectory(output);
foreach (var stale in Directory.GetFiles(output, "*.cs"))
{
    if (!files.ContainsKey(Path.GetFileName(stale)))
    {
        File.Delete(stale);
    }
}

foreach (var (name, content) in files)
{
    File.WriteAllText(Path.Combine(output, name), content);
}

Console.WriteLine($"generated {files.Count} files from {yang} into {output}");
