// The northbound server. For now it only answers its liveness probe; the northbound issue composes the silo,
// REST, gRPC, authentication and telemetry here.
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/health/live", () => Results.Ok(new { status = "live" }));
app.Run();
