using System.Net;
using Continuum.Pce.Api.Alarms;
using Continuum.Pce.Api.Auth;
using Continuum.Pce.Api.Events;
using Continuum.Pce.Api.Grpc;
using Continuum.Pce.Api.Observability;
using Continuum.Pce.Api.Operations;
using Continuum.Pce.Api.Rest;
using Continuum.Pce.Api.Tapi;
using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Paths;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Grains;
using Continuum.Pce.Grains.Hosting;
using Continuum.Pce.Grains.Storage;
using Continuum.Pce.Southbound.Gnmi;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Configuration;
using Scalar.AspNetCore;

namespace Continuum.Pce.Api.Hosting;

/// <summary>The bound REST and gRPC endpoints (known after start; port 0 in configuration picks a free one).</summary>
public sealed class ServerEndpoints
{
    internal ListenOptions? Rest { get; set; }

    internal ListenOptions? Grpc { get; set; }

    public Uri RestUri => new($"http://{Rest!.IPEndPoint!.Address}:{Rest.IPEndPoint.Port}");

    public Uri GrpcUri => new($"http://{Grpc!.IPEndPoint!.Address}:{Grpc.IPEndPoint.Port}");
}

/// <summary>
/// Composes the server: one Orleans silo (localhost or Redis clustering; SQLite or PostgreSQL grain storage), the routing
/// core behind the path-computation port, the gNMI renderer towards the emulator or real devices, REST on HTTP/1.1,
/// gRPC on HTTP/2 only, API-key authentication, OpenTelemetry with Prometheus /metrics, and health probes.
/// </summary>
public static class PceServer
{
    /// <summary>
    /// The content root when none is given: `dotnet run` starts the server in the project's folder, where its
    /// appsettings.json is; started from anywhere else (the built binary from the repository root, a service manager) the
    /// folder of the binary, which holds a copy, so the settings (logging levels among them) are the same however it is
    /// started. Null (the framework's default) when the working directory has the file or a content root is given.
    /// </summary>
    public static string? ContentRoot(string currentDirectory, string baseDirectory, string[] args, string? environmentContentRoot)
    {
        ArgumentNullException.ThrowIfNull(args);
        var given = environmentContentRoot is not null || args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase));
        return given || File.Exists(Path.Combine(currentDirectory, "appsettings.json")) || !File.Exists(Path.Combine(baseDirectory, "appsettings.json"))
            ? null
            : baseDirectory;
    }

    public static WebApplication Build(string[] args) => Build(args, null);

    /// <summary>Composes the server; <paramref name="configure"/> adds to the builder last (tests: an in-memory span exporter).</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = ContentRoot(Directory.GetCurrentDirectory(), AppContext.BaseDirectory, args, Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT")),
        });
        var configuration = builder.Configuration;
        // Every setting checked before anything starts: a bad one ends the start naming each bad key (Program prints it).
        ConfigurationValidation.ThrowIfInvalid(configuration, builder.Environment);
        var options = configuration.GetSection(PceServerOptions.Section).Get<PceServerOptions>() ?? new PceServerOptions();
        if (!Path.IsPathRooted(options.DataDirectory))
        {
            options.DataDirectory = Path.Combine(RepoPaths.DataRoot(builder.Environment.ContentRootPath), options.DataDirectory);
        }

        var auth = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        var clustering = configuration.GetSection(ClusteringOptions.Section).Get<ClusteringOptions>() ?? new ClusteringOptions();
        var otlp = !string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var tracing = configuration.GetValue<bool?>("Pce:Tracing:Enabled") ?? otlp;
        var storage = configuration.GetSection("Storage").Get<PceStorageOptions>() ?? new PceStorageOptions();
        if (storage.Provider.Equals("sqlite", StringComparison.OrdinalIgnoreCase) && configuration["Storage:SqlitePath"] is null)
        {
            storage.SqlitePath = Path.Combine(options.DataDirectory, "pce-state.db");
        }

        Directory.CreateDirectory(options.DataDirectory);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(auth);
        builder.Services.AddSingleton(new AuthMode(auth.Enabled));

        var limits = configuration.GetSection(LimitsOptions.Section).Get<LimitsOptions>() ?? new LimitsOptions();
        builder.Services.AddSingleton(limits);
        var endpoints = new ServerEndpoints();
        builder.Services.AddSingleton(endpoints);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Bodies: the general limit here, the topology endpoints raise it for themselves (ApplyLimits); a stalled or
            // truncated body ends in 408 after the grace period instead of holding the request.
            kestrel.Limits.MaxRequestBodySize = limits.MaxBodyBytes;
            kestrel.Limits.RequestHeadersTimeout = limits.RequestHeadersTimeout;
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(limits.MinBodyBytesPerSecond, TimeSpan.FromSeconds(5));
            kestrel.Listen(EndPoint(options.RestUrl, "Pce:RestUrl"), listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                listen.UseKestrelProblems(kestrel.Limits.MaxRequestLineSize, kestrel.Limits.MaxRequestHeadersTotalSize, kestrel.Limits.MaxRequestHeaderCount);
                endpoints.Rest = listen;
            });
            kestrel.Listen(EndPoint(options.GrpcUrl, "Pce:GrpcUrl"), listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                endpoints.Grpc = listen;
            });
        });

        // The silo, with the ports of the grains composed here.
        var catalog = new ObservableNetworkCatalog();
        builder.Services.AddSingleton(catalog);
        var alarmOptions = configuration.GetSection(AlarmOptions.Section).Get<AlarmOptions>() ?? new AlarmOptions();
        var alarms = new AlarmBook(alarmOptions);
        builder.Services.AddSingleton(alarmOptions);
        builder.Services.AddSingleton(alarms);
        builder.Services.AddSingleton<AlarmOperations>();
        builder.Services.AddSingleton(sp => new AlarmJournal(alarms, sp.GetRequiredService<IGrainStateStore>(), alarmOptions, TimeProvider.System, sp.GetRequiredService<ILogger<AlarmJournal>>()));
        // Before the silo: the stored alarms are loaded before any grain writes, and written out after the silo stops.
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AlarmJournal>());
        var feed = new ChangeFeed(new AlarmMonitor(alarms));
        builder.Services.AddSingleton(feed);
        var devicePlane = new DevicePlane(configuration);
        builder.Services.AddSingleton(devicePlane);
        // Before the silo, so stopped after it: the devices outlive the grains and telemetry that use them.
        builder.Services.AddHostedService<DevicePlaneShutdown>();
        // Probes on a port of their own (Pce:Probes:Port), answering from the start, outside the API's queues.
        builder.Services.AddSingleton(configuration.GetSection(HealthOptions.Section).Get<HealthOptions>() ?? new HealthOptions());
        builder.Services.AddSingleton<HealthListener>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<HealthListener>());
        // Orleans ports: configured, or 11111/30000 when clustered, or free ones with localhost clustering (a one-silo
        // cluster of its own: a second server on the host must not find and join, or collide with, the first one's silo).
        var (siloPort, gatewayPort) = clustering.ResolvePorts(FreeLoopbackPort);
        builder.Services.AddSingleton(new SiloPorts(siloPort, gatewayPort, clustering.IsClustered));
        builder.UseOrleans(silo =>
        {
            if (clustering.IsClustered)
            {
                var redis = clustering.Redis ?? throw new InvalidOperationException("Clustering:Redis is required when Clustering:Provider is redis");
                silo.UseRedisClustering(o => o.ConfigurationOptions = StackExchange.Redis.ConfigurationOptions.Parse(redis));
                silo.ConfigureEndpoints(IPAddress.Loopback, siloPort, gatewayPort, listenOnAnyHostAddress: false);
            }
            else
            {
                silo.UseLocalhostClustering(siloPort, gatewayPort);
            }

            // Failure detection (ProbeTimeout, NumMissedProbesLimit, ...): Orleans' defaults unless "Clustering:Membership" says otherwise.
            silo.Services.Configure<ClusterMembershipOptions>(configuration.GetSection("Clustering:Membership"));
            silo.Configure<ClusterOptions>(c =>
            {
                c.ClusterId = clustering.ClusterId;
                c.ServiceId = clustering.ServiceId;
            });
            if (tracing)
            {
                silo.AddActivityPropagation();
            }
            silo.Services.AddSingleton<INetworkCatalog>(catalog);
            // One memory budget for the candidate caches and QoT memos (docs/performance.md, "Memory of the path computer").
            var routingBudgetMb = configuration.GetValue<long?>("Pce:Routing:MemoryBudgetMb") ?? RoutingPathComputer.DefaultMemoryBudgetBytes >> 20;
            silo.Services.AddSingleton<IPathComputer>(sp => new RoutingPathComputer(sp.GetRequiredService<INetworkCatalog>()) { MemoryBudgetBytes = routingBudgetMb << 20 });
            silo.Services.AddSingleton<ITopologyCodec, TopologyIoCodec>();
            silo.Services.AddSingleton<IGrainStateObserver>(feed);
            silo.AddContinuumPceClusterEvents(feed, feed);
            if (configuration["Devices:Renderer"] is "none")
            {
                // Planning-only deployments and measurements of the engine without devices.
                silo.Services.AddSingleton<IDeviceRenderer, NoOpDeviceRenderer>();
            }
            else
            {
                silo.Services.AddGnmiSouthbound(devicePlane.OptionsFor);
                if (options.Telemetry)
                {
                    silo.AddContinuumPceTelemetry();
                }
            }

            silo.AddContinuumPce(storage);

            // Hold timeout, candidates per create, launch power, device-cleanup back-off (docs/api.md).
            silo.Services.Configure<ReservationOptions>(configuration.GetSection("Pce:Reservation"));
        });

        builder.Services.AddSingleton<ApiKeyStore>();
        builder.Services.AddSingleton<PceMetrics>();
        builder.Services.AddSingleton<LightpathOrders>();
        builder.Services.AddSingleton<LightpathDtos>();
        builder.Services.AddSingleton<TopologyOperations>();
        builder.Services.AddSingleton<TopologyDevices>();
        builder.Services.AddSingleton<InventoryOperations>();
        builder.Services.AddSingleton<DriftOperations>();
        builder.Services.AddSingleton<PathOperations>();
        builder.Services.AddSingleton<SurvivabilityOperations>();
        builder.Services.AddSingleton<LightpathOperations>();
        builder.Services.AddSingleton<BundleOperations>();
        builder.Services.AddSingleton<DefragOperations>();
        builder.Services.AddSingleton<KeyOperations>();
        builder.Services.AddTapi();
        builder.Services.AddSingleton<ReadinessCheck>();
        builder.Services.AddSingleton<DevicePlaneHealth>();
        builder.Services.AddSingleton<EmulatorSupervisor>();
        var reconcile = configuration.GetSection(ReconcileOptions.Section).Get<ReconcileOptions>() ?? new ReconcileOptions();
        builder.Services.AddSingleton(reconcile);
        builder.Services.AddSingleton<DeviceReconciler>();
        builder.Services.AddHostedService<Bootstrap>();

        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Viewer, p => p.RequireAuthenticatedUser())
            .AddPolicy(Policies.Operator, p => p.RequireAuthenticatedUser().RequireRole(Roles.Operator, Roles.Admin))
            .AddPolicy(Policies.Admin, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin));

        // Every error a problem with a detail (Problems); a query parameter that does not bind throws, so it becomes a
        // 400 naming the parameter rather than an empty 400.
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = Problems.Customize);
        builder.Services.AddExceptionHandler<BadInputExceptionHandler>();
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddPceRateLimits(limits);
        // The framework's JSON (answers, and the types the OpenAPI document declares) as strict as the body reader:
        // numbers are numbers, never strings (RestEndpoints.Json).
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
            o.SerializerOptions.AllowDuplicateProperties = false;
        });
        // The document declares the key schemes and every operation's problems (OpenApiConventions).
        builder.Services.AddOpenApi(OpenApiConventions.Configure);
        builder.Services.AddGrpc(o =>
        {
            o.EnableDetailedErrors = false;
            o.Interceptors.Add<ClusterUnavailableInterceptor>();
        });
        builder.Services.AddGrpcReflection();
        // grpc.health.v1: "" and the Pce service answer with the readiness checks (topology loaded, devices bound).
        builder.Services.AddGrpcHealthChecks(o =>
        {
            o.Services.Map("", r => r.Tags.Contains("ready"));
            o.Services.Map(Contracts.V1.Pce.Descriptor.FullName, r => r.Tags.Contains("ready"));
        });
        builder.Services.AddHealthChecks().AddCheck<ReadinessCheck>("ready", tags: ["ready"])
            .AddCheck<DevicePlaneHealth>("devices", tags: ["ready"]);

        // Metrics always (Prometheus /metrics); traces when there is somewhere to send them (OTLP endpoint configured, or
        // Pce:Tracing:Enabled): spans nobody collects cost every request its allocations. The resource: service
        // continuum-pce, overridden by the standard OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES (environment or
        // configuration). Traces are whole (WholeTraces): requests and the server's operations, never the idle background.
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.Clear()
                .AddService("continuum-pce", serviceVersion: typeof(PceServer).Assembly.GetName().Version?.ToString(), autoGenerateServiceInstanceId: true)
                .AddTelemetrySdk()
                .AddEnvironmentVariableDetector())
            .WithMetrics(m => m
                // System.Runtime: the runtime's own meter (GC heap after the last collection by generation, working set,
                // allocations, lock contention), so heap per live lightpath can be read from /metrics.
                .AddMeter(PceMetrics.Name, "Microsoft.Orleans", "System.Net.Http", "Grpc.AspNetCore.Server", "System.Runtime")
                .AddAspNetCoreInstrumentation()
                .AddPrometheusExporter());
        if (tracing)
        {
            otel.WithTracing(t => t
                .SetSampler(new WholeTraceSampler())
                .AddProcessor(new WholeTraceProcessor())
                .AddSource(PceMetrics.Name, "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", GnmiClient.ActivitySourceName)
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/metrics") && !http.Request.Path.StartsWithSegments("/health") &&
                                                                      !http.Request.Path.StartsWithSegments("/grpc.health.v1.Health"))
                .AddHttpClientInstrumentation());
            if (otlp)
            {
                otel.UseOtlpExporter();
            }
        }

        configure?.Invoke(builder);
        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseReadinessGate();
        app.UseAuthentication();
        // After authentication (the partition is the key), before authorization (unauthorised guessing is limited too).
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseGrpcMessageValidation(Contracts.V1.Pce.Descriptor);
        app.UseGrpcMessageValidation(Contracts.V1.PceDefrag.Descriptor);

        // REST, OpenAPI, the API reference, metrics and health answer on the HTTP/1.1 port; gRPC needs the HTTP/2 one.
        var rest = app.MapGroup("");
        ((IEndpointConventionBuilder)rest).Add(endpoint => ApplyLimits(endpoint, limits));
        rest.MapGet("/", () => Results.Redirect("/scalar/v1")).ExcludeFromDescription();
        rest.MapPceRest();
        rest.MapTapi();
        rest.MapPceReports();
        rest.MapTopologyEditor();
        rest.MapOpenApi();
        rest.MapScalarApiReference(o => o.WithTitle("Continuum PCE API"));
        var metrics = rest.MapPrometheusScrapingEndpoint("/metrics");
        if (options.Metrics.RequireKey ?? !builder.Environment.IsDevelopment())
        {
            metrics.RequireAuthorization(Policies.Viewer);
        }

        // Answered by the routing middleware itself (ShortCircuit): none of the API's middleware on the way.
        rest.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).DisableRateLimiting().ShortCircuit();
        rest.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).DisableRateLimiting().ShortCircuit();
        app.MapGrpcService<PceGrpcService>();
        app.MapGrpcService<DefragGrpcService>();
        app.MapGrpcReflectionService();
        app.MapGrpcHealthChecksService().DisableRateLimiting();
        return app;
    }

    /// <summary>The topology endpoints (PUT /topology, POST /topology/validate, /topology/import) take large bodies: their own size limit and the concurrency limit.</summary>
    private static void ApplyLimits(EndpointBuilder endpoint, LimitsOptions limits)
    {
        if (endpoint is RouteEndpointBuilder { RoutePattern.RawText: { } pattern } &&
            pattern.TrimEnd('/').StartsWith("/api/v1/topology", StringComparison.OrdinalIgnoreCase) &&
            endpoint.Metadata.OfType<Microsoft.AspNetCore.Routing.HttpMethodMetadata>().Any(m => m.HttpMethods.Any(h => h is "PUT" or "POST")))
        {
            endpoint.Metadata.Add(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(limits.MaxTopologyBodyBytes));
            endpoint.Metadata.Add(new Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute(RequestLimits.LargeBodies));
        }
    }

    /// <summary>A port free on loopback now (the OS picks it; the silo binds it moments later).</summary>
    private static int FreeLoopbackPort()
    {
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static IPEndPoint EndPoint(string url, string setting)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != "http")
        {
            throw new InvalidOperationException($"{setting} must be an http:// URL with a host and port, got '{url}'");
        }

        var address = uri.Host is "localhost" ? IPAddress.Loopback : IPAddress.TryParse(uri.Host, out var ip) ? ip : throw new InvalidOperationException($"{setting}: '{uri.Host}' is not an IP address");
        return new IPEndPoint(address, uri.Port);
    }
}

/// <summary>Ready once the topology is loaded and the devices are bound.</summary>
public sealed class ReadinessCheck : IHealthCheck
{
    private volatile string? _problem = "starting";

    public void Ready() => _problem = null;

    public void NotReady(string problem) => _problem = problem;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_problem is null ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy(_problem));
}
