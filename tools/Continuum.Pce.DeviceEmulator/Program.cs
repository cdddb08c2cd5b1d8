using Continuum.Pce.DeviceEmulator;
using Continuum.Pce.TopologyGenerator;

// dotnet run --project tools/Continuum.Pce.DeviceEmulator -- [--network demo|sample] [--topology <file>] [--port N] [--control-port N]
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

if (topology is not null)
{
    // Continuum.Pce.Topology.IO (the file format) is being written in parallel; until it lands the emulator serves a
    // built-in network.
    Console.Error.WriteLine($"--topology {topology}: topology files cannot be read yet; serving the built-in '{networkName}' network");
}

var network = networkName switch
{
    "sample" => SampleNetwork.Build(),
    _ => ContinuumDemoNetwork.Build(),
};
await using var host = await DeviceEmulatorHost.StartAsync(network, new DeviceEmulatorOptions { Port = port, ControlPort = controlPort });
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
