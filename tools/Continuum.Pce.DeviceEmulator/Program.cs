using Continuum.Pce.DeviceEmulator;

// dotnet run --project tools/Continuum.Pce.DeviceEmulator -- [--topology <file>] [--port N] [--control-port N]
// Serves every transponder, ROADM and amplifier of the network on one gNMI port (cleartext HTTP/2 on 127.0.0.1; the
// device is Path.target of each request prefix) and the fault-injection API on the control port.
var port = 9339;
var controlPort = 9340;
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
    // Topology.IO (the file format) is being written in parallel; until it lands the emulator serves the built-in network.
    Console.Error.WriteLine($"--topology {topology}: topology files are not readable yet; serving the built-in sample network");
}

var network = SampleNetwork.Build();
await using var host = await DeviceEmulatorHost.StartAsync(network, new DeviceEmulatorOptions { Port = port, ControlPort = controlPort });
Console.WriteLine($"gNMI emulator for '{network.Name}' on 127.0.0.1:{host.Port} (h2c), control on http://127.0.0.1:{host.ControlPort}");
Console.WriteLine("targets: " + string.Join(", ", host.Emulator.DeviceNames.Order(StringComparer.Ordinal)));
var done = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    done.TrySetResult();
};
await done.Task;
return 0;
