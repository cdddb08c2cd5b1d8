// The northbound server: `dotnet run --project src/Continuum.Pce.Api` starts one silo with SQLite storage, loads
// topologies/continuum-demo.json, starts the gNMI device emulator, and serves REST on :5080 and gRPC on :5081.
using Continuum.Pce.Api.Hosting;

try
{
    var app = PceServer.Build(args);
    // The initial topology file, when the store has none: missing, unreadable or invalid is a configuration error too.
    await Bootstrap.PreflightAsync(app.Services);
    await app.RunAsync();
    return 0;
}
catch (PceConfigurationException e)
{
    // A setting the server cannot start with: the keys, values and what is allowed, once, without a stack trace.
    await Console.Error.WriteLineAsync(e.Message);
    return ConfigurationValidation.ExitCode;
}
