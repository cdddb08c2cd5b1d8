using Continuum.Pce.DeviceEmulator;
using Continuum.Pce.Topology.IO;
using Continuum.Pce.TopologyGenerator;

// dotnet run --project tools/Continuum.Pce.DeviceEmulator -- [--topology topologies/continuum-demo.json | --network demo|sample] [--port N] [--control-port N]
// Serves every transponder, ROADM and amplifier of the network on one gNMI port (cleartext HTTP/2 on 127.0.0.1; the
// device is Path.target of each request prefix) and the fault-injection API on the control port (HTTP/1.1).
var port = 9339;
var controlPort = 9340;
var networkName = "demo";
string? topology = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--port":
            port = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            break;
        case "--control-port":
            controlPort = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            break;
        case "--network":
            networkName = args[++i];
            break;
        case "--topology":
            topology = args[++i];
            break;
        default:
            Console.Error.WriteLine($"unknown argument {args[i]}");
            return 2;
    }
}

Continuum.Pce.Domain.Network.OpticalNetwork network;
Continuum.Pce.Domain.Equipment.EquipmentLibrary? equipment = null;
if (topology is not null)
{
    // The project's network format (Continuum.Pce.Topology.IO), with the equipment library it names. A relative path is
    // looked up from the current folder and its parents, then from the binaries' folder and its parents (`dotnet run`
    // starts the program in the project's folder).
    topology = Resolve(topology);
    var loaded = NetworkFile.Load(topology);
    if (!loaded.IsSuccess)
    {
        foreach (var error in loaded.Errors)
        {
            Console.Error.WriteLine($"{topology}: {error.Path}: {error.Message}");
        }

        return 1;
    }

    network = loaded.Value!.Loaded.Network;
    equipment = loaded.Value.Equipment;
}
else
{
    network = networkName switch
    {
        "sample" => SampleNetwork.Build(),
        _ => ContinuumDemoNetwork.Build(),
    };
}
await using var host = await DeviceEmulatorHost.StartAsync(network, new DeviceEmulatorOptions { Port = port, ControlPort = controlPort, Equipment = equipment });
Console.WriteLine($"gNMI emulator for '{network.Name}' on 127.0.0.1:{host.Port} (h2c), control on http://127.0.0.1:{host.ControlPort}");
Console.WriteLine($"{host.Emulator.DeviceNames.Count} targets: " + string.Join(", ", host.Emulator.DeviceNames.Order(StringComparer.Ordinal).Take(12)) + " ...");
var done = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    done.TrySetResult();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => done.TrySetResult();
await done.Task;
return 0;

static string Resolve(string path)
{
    if (Path.IsPathRooted(path) || File.Exists(path))
    {
        return path;
    }

    foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
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

    return path;
}
