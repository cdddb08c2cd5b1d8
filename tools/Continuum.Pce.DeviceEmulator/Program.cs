using Continuum.Pce.DeviceEmulator;
using Continuum.Pce.Topology.IO;
using Continuum.Pce.TopologyGenerator;

// dotnet run --project tools/Continuum.Pce.DeviceEmulator -- [--topology topologies/continuum-demo.json [--equipment FILE] | --network demo|sample]
//     [--port N] [--control-port N|none] [--profiles FILE] [--until-stdin-closes]
// Serves every transponder, ROADM and amplifier of the network on one gNMI port (cleartext HTTP/2 on 127.0.0.1; the
// device is Path.target of each request prefix) and the fault-injection API on the control port (HTTP/1.1). Port 0
// picks a free port; the first line printed names both ports. It stops on SIGTERM or Ctrl+C, and with
// --until-stdin-closes also when its standard input closes: a parent that starts it as a child process holds the other
// end, so the emulator ends with its parent however the parent ends. --profiles names a JSON file of per-device encodings
// and naming conventions (DeviceProfiles; README "Device profiles").
var port = 9339;
int? controlPort = 9340;
var networkName = "demo";
string? topology = null;
string? equipmentPath = null;
DeviceProfiles? profiles = null;
var untilStdinCloses = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--port":
            port = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            break;
        case "--control-port":
            controlPort = args[++i] == "none" ? null : int.Parse(args[i], System.Globalization.CultureInfo.InvariantCulture);
            break;
        case "--network":
            networkName = args[++i];
            break;
        case "--topology":
            topology = args[++i];
            break;
        case "--equipment":
            equipmentPath = args[++i];
            break;
        case "--profiles":
            try
            {
                profiles = DeviceProfiles.Parse(File.ReadAllText(Resolve(args[++i])));
            }
            catch (Exception e) when (e is FormatException or IOException or System.Text.Json.JsonException or InvalidOperationException)
            {
                Console.Error.WriteLine($"--profiles {args[i]}: {e.Message}");
                return 1;
            }

            break;
        case "--until-stdin-closes":
            untilStdinCloses = true;
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
    var loaded = NetworkFile.Load(topology, equipmentPath is null ? null : Resolve(equipmentPath));
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
await using var host = await DeviceEmulatorHost.StartAsync(network, new DeviceEmulatorOptions { Port = port, ControlPort = controlPort, Equipment = equipment, Profiles = profiles });
Console.WriteLine(host.Banner);
Console.WriteLine($"{host.Emulator.DeviceNames.Count} targets: " + string.Join(", ", host.Emulator.DeviceNames.Order(StringComparer.Ordinal).Take(12)) + " ...");
Console.Out.Flush();
// Not disposed: the watcher below may cancel it while the host is already stopping.
var parentGone = new CancellationTokenSource();
if (untilStdinCloses)
{
    _ = Task.Run(async () =>
    {
        await using var stdin = Console.OpenStandardInput();
        var buffer = new byte[256];
        while (await stdin.ReadAsync(buffer) > 0)
        {
            // Nothing is expected on stdin; only its end matters.
        }

        await parentGone.CancelAsync();
    });
}

// The console lifetime turns SIGTERM and Ctrl+C into a stop of the host.
await host.WaitForShutdownAsync(parentGone.Token);
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
