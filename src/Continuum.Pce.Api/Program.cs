// The northbound server: `dotnet run --project src/Continuum.Pce.Api` starts one silo with SQLite storage, loads
// topologies/continuum-demo.json, starts the gNMI device emulator, and serves REST on :5080 and gRPC on :5081.
using Continuum.Pce.Api.Hosting;

var app = PceServer.Build(args);
await app.RunAsync();
