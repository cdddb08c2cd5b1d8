using System.Globalization;
using Continuum.Pce.Topology.IO;
using Continuum.Pce.Topology.IO.Json;

namespace Continuum.Pce.TopologyGenerator;

/// <summary>
/// The generator's command line, runnable in-process for tests:
/// <c>synthetic --nodes N [--degree D] [--seed S] [--radius-km R] [--country CC] [--transponder-interfaces I] [--fibre-pairs P] --out FILE [--equipment LIB]</c>
/// and <c>demo --out FILE [--equipment LIB]</c>. The written file names the equipment library so that it resolves from
/// where the file is written (<see cref="EquipmentReference.Resolve"/>): by default the repository's
/// topologies/equipment/default.json, relative to the file when they share a folder, else absolute.
/// </summary>
public static class GeneratorCommand
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, string? workingDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        string? Arg(string name, string? fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        if (args.Length == 0 || args[0] is not ("synthetic" or "demo") || Arg("--out", null) is null)
        {
            stderr.WriteLine("usage: synthetic --nodes N [--degree 3] [--seed 1] [--radius-km 1500] [--country US] [--transponder-interfaces 16] [--fibre-pairs 1] --out FILE [--equipment LIB]");
            stderr.WriteLine("       demo --out FILE [--equipment LIB]");
            stderr.WriteLine("LIB: an equipment library, relative to the output folder or to the current folder (default: the repository's topologies/equipment/default.json)");
            return 2;
        }

        var output = Path.GetFullPath(Arg("--out", null)!, workingDirectory ?? Directory.GetCurrentDirectory());
        try
        {
            var network = args[0] == "demo"
                ? ContinuumDemoNetwork.Build()
                : SyntheticNetworkGenerator.Generate(new SyntheticNetworkOptions
                {
                    Nodes = int.Parse(Arg("--nodes", "1000")!, CultureInfo.InvariantCulture),
                    AverageDegree = double.Parse(Arg("--degree", "3")!, CultureInfo.InvariantCulture),
                    Seed = int.Parse(Arg("--seed", "1")!, CultureInfo.InvariantCulture),
                    RadiusKm = double.Parse(Arg("--radius-km", "1500")!, CultureInfo.InvariantCulture),
                    Country = Arg("--country", "US")!,
                    TransponderInterfaces = int.Parse(Arg("--transponder-interfaces", "16")!, CultureInfo.InvariantCulture),
                    FiberPairs = int.Parse(Arg("--fibre-pairs", "1")!, CultureInfo.InvariantCulture),
                });
            var provenance = args[0] == "demo"
                ? new Provenance("Continuum PCE demo network (designed for this project)", "Apache-2.0", "City coordinates are public facts; energy prices and grid carbon intensities are indicative national averages.")
                : new Provenance("tools/Continuum.Pce.TopologyGenerator", "Apache-2.0", network.Description);
            var equipment = EquipmentReference.Resolve(output, Arg("--equipment", null), workingDirectory);
            if (!equipment.Found)
            {
                stderr.WriteLine($"note: equipment library '{equipment.FullPath}' does not exist; the file names '{equipment.Field}' as given");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(output)!);
            File.WriteAllText(output, TopologyWriter.WriteNetwork(network, equipment.Field, "EUR", provenance));
            stdout.WriteLine($"wrote {output}: {network.Sites.Length} sites, {network.Nodes.Length} nodes, {network.Fibers.Length} directed fibres; equipment {equipment.Field}");
            return 0;
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            stderr.WriteLine(e.Message);
            return 2;
        }
    }
}
