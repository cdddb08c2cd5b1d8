using System.Globalization;
using Continuum.Pce.Topology.IO;
using Continuum.Pce.Topology.IO.Json;
using Continuum.Pce.TopologyGenerator;

// Deterministic network generators:
//   synthetic --nodes N [--degree D] [--seed S] [--radius-km R] [--country CC] [--transponder-interfaces I] [--fibre-pairs P] --out FILE
//   demo --out FILE
// The written file names ../equipment/default.json relative to its folder unless --equipment says otherwise.
string Arg(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

if (args.Length == 0 || args[0] is not ("synthetic" or "demo") || Array.IndexOf(args, "--out") < 0)
{
    Console.Error.WriteLine("usage: synthetic --nodes N [--degree 3] [--seed 1] [--radius-km 1500] [--country US] [--transponder-interfaces 16] [--fibre-pairs 1] --out FILE [--equipment equipment/default.json]");
    Console.Error.WriteLine("       demo --out FILE [--equipment equipment/default.json]");
    return 2;
}

var output = Arg("--out", "");
var equipment = Arg("--equipment", "equipment/default.json");
try
{
    var network = args[0] == "demo"
        ? ContinuumDemoNetwork.Build()
        : SyntheticNetworkGenerator.Generate(new SyntheticNetworkOptions
        {
            Nodes = int.Parse(Arg("--nodes", "1000"), CultureInfo.InvariantCulture),
            AverageDegree = double.Parse(Arg("--degree", "3"), CultureInfo.InvariantCulture),
            Seed = int.Parse(Arg("--seed", "1"), CultureInfo.InvariantCulture),
            RadiusKm = double.Parse(Arg("--radius-km", "1500"), CultureInfo.InvariantCulture),
            Country = Arg("--country", "US"),
            TransponderInterfaces = int.Parse(Arg("--transponder-interfaces", "16"), CultureInfo.InvariantCulture),
            FiberPairs = int.Parse(Arg("--fibre-pairs", "1"), CultureInfo.InvariantCulture),
        });
    var provenance = args[0] == "demo"
        ? new Provenance("Continuum PCE demo network (designed for this project)", "Apache-2.0", "City coordinates are public facts; energy prices and grid carbon intensities are indicative national averages.")
        : new Provenance("tools/Continuum.Pce.TopologyGenerator", "Apache-2.0", network.Description);
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
    File.WriteAllText(output, TopologyWriter.WriteNetwork(network, equipment, "EUR", provenance));
    Console.WriteLine($"wrote {output}: {network.Sites.Length} sites, {network.Nodes.Length} nodes, {network.Fibers.Length} directed fibres");
    return 0;
}
catch (Exception e) when (e is FormatException or ArgumentException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
