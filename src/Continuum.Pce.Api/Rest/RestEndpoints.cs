using System.Text.Json;
using Continuum.Pce.Api.Alarms;
using Continuum.Pce.Api.Auth;
using Continuum.Pce.Api.Operations;
using Microsoft.AspNetCore.Mvc;

namespace Continuum.Pce.Api.Rest;

/// <summary>REST under /api/v1: each route checks its role, reads its body strictly, calls the operations and answers a value or an RFC 9457 problem.</summary>
public static class RestEndpoints
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        AllowTrailingCommas = false,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    public static IEndpointRouteBuilder MapPceRest(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(Policies.Viewer).WithTags("v1");

        // topology
        api.MapGet("/topology", async (PceOperations ops) => Answer(await ops.GetTopologyAsync()))
            .WithSummary("The current network and equipment documents, with their version").Produces<TopologyDocumentDto>();
        api.MapPut("/topology", async (HttpRequest request, PceOperations ops) =>
            {
                var (network, equipment, error) = await ReadTopology(request);
                return error is not null ? Problem(error) : Answer(await ops.LoadTopologyAsync(network!, equipment));
            })
            .RequireAuthorization(Policies.Admin).Accepts<JsonElement>("application/json")
            .WithSummary("Replaces the topology with a network document (continuum-pce/network@1), or {network, equipment}").Produces<TopologySummaryDto>();
        api.MapPost("/topology/validate", async (HttpRequest request, PceOperations ops) =>
            {
                var (network, equipment, error) = await ReadTopology(request);
                return error is not null ? Problem(error) : Results.Ok(await ops.ValidateTopologyAsync(network!, equipment));
            })
            .Accepts<JsonElement>("application/json").WithSummary("Validates a network document without loading it").Produces<ValidationReportDto>();

        // inventory
        api.MapGet("/sites", (PceOperations ops) => Answer(ops.ListSites())).Produces<List<SiteDto>>();
        api.MapGet("/sites/{id}", (string id, PceOperations ops) => Answer(ops.GetSite(id))).Produces<SiteDto>();
        api.MapGet("/nodes", async (string? kind, PceOperations ops) => Answer(await ops.ListNodesAsync(kind))).Produces<List<NodeDto>>();
        api.MapGet("/nodes/{id}", async (string id, PceOperations ops) => Answer(await ops.GetNodeAsync(id))).Produces<NodeDto>();
        api.MapGet("/fibers", async (PceOperations ops) => Answer(await ops.ListFibersAsync())).Produces<List<FiberDto>>();
        api.MapGet("/fibers/{id}", async (string id, PceOperations ops) => Answer(await ops.GetFiberAsync(id))).Produces<FiberDto>();
        api.MapGet("/fibers/{id}/spectrum", async (string id, HttpContext http, PceOperations ops) => Answer(await ops.GetSpectrumAsync(id, Caller.From(http.User))))
            .WithSummary("Slot occupancy of a fibre: the caller's claims with their lightpaths, other tenants' claims as occupied slots only (admins: all)").Produces<SpectrumDto>();

        // paths
        api.MapPost("/paths/compute", async (HttpContext http, PceOperations ops) =>
                await WithBody<PathRequestDto, PathComputationDto>(http, body => ops.ComputeAsync(body, Caller.From(http.User))))
            .Accepts<PathRequestDto>("application/json").Produces<PathComputationDto>()
            .WithSummary("Candidate paths with latency, km, GSNR, margin, slots and power; nothing is reserved");

        // lightpaths
        api.MapPost("/lightpaths", async (HttpContext http, PceOperations ops, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey) =>
                await WithBody<CreateLightpathDto, LightpathDto>(http, body => ops.CreateAsync(body, Caller.From(http.User), idempotencyKey)))
            .RequireAuthorization(Policies.Operator).Accepts<CreateLightpathDto>("application/json").Produces<LightpathDto>(201)
            .WithSummary("Creates a lightpath: compute, reserve, configure the devices. A repeated Idempotency-Key returns the first lightpath");
        api.MapGet("/lightpaths", async (HttpContext http, PceOperations ops, string? tenant, string? state, string? cursor, int? limit) =>
                Answer(await ops.ListAsync(Caller.From(http.User), tenant, state, cursor, limit)))
            .Produces<LightpathPageDto>().WithSummary("Lightpaths of the caller's tenant (admins: any), by id, with a cursor");
        api.MapGet("/lightpaths/{id}", async (string id, string? tenant, HttpContext http, PceOperations ops) => Answer(await ops.GetAsync(id, Caller.From(http.User), tenant)))
            .Produces<LightpathDto>().WithSummary("A lightpath of the caller's tenant (admins: of ?tenant=)");
        api.MapDelete("/lightpaths/{id}", async (string id, string? tenant, bool? force, HttpContext http, PceOperations ops) =>
                Answer(await ops.DeleteAsync(id, Caller.From(http.User), tenant, force ?? false)))
            .RequireAuthorization(Policies.Operator).Produces<LightpathDto>().Produces<LightpathDto>(202)
            .WithSummary("Deletes: devices cleared, then spectrum and interfaces released (200, Deleted). When a device refuses the cleanup: 202, " +
                "the lightpath stays Deleting with cleanupFailure and keeps its spectrum; cleanup is retried with back-off. ?force=true releases anyway");
        api.MapPost("/lightpaths/{id}/reroute", async (string id, string? tenant, HttpContext http, PceOperations ops) =>
                await WithBody<RerouteDto, LightpathDto>(http, body => ops.RerouteAsync(id, body, Caller.From(http.User), tenant), allowEmpty: true))
            .RequireAuthorization(Policies.Operator).Accepts<RerouteDto>("application/json").Produces<LightpathDto>()
            .WithSummary("Moves the lightpath to another path (make-before-break on spectrum)");
        api.MapGet("/lightpaths/{id}/history", async (string id, string? tenant, HttpContext http, PceOperations ops) => Answer(await ops.HistoryAsync(id, Caller.From(http.User), tenant)))
            .Produces<LightpathHistoryDto>();
        api.MapPost("/bundles", async (HttpContext http, PceOperations ops) =>
                await WithBody<CreateBundleDto, BundleDto>(http, body => ops.CreateBundleAsync(body, Caller.From(http.User))))
            .RequireAuthorization(Policies.Operator).Accepts<CreateBundleDto>("application/json").Produces<BundleDto>(201)
            .WithSummary("N lightpaths between two endpoints whose latencies differ by at most maxSkewUs; all or none");

        // alarms and keys
        api.MapGet("/alarms", (HttpContext http, AlarmOperations alarms, string? severity, string? kind, string? resource, string? tenant, string? state, string? cursor, int? limit) =>
                Answer(alarms.List(Caller.From(http.User), new AlarmListRequest(severity, kind, resource, tenant, state, cursor, limit))))
            .Produces<AlarmPageDto>()
            .WithSummary("Alarms the caller sees (its tenant's and network-wide ones; admins: all), newest first, with a cursor; state=active (default), cleared or all");
        api.MapPost("/alarms/{id}/acknowledge", (string id, HttpContext http, AlarmOperations alarms) => Answer(alarms.Acknowledge(id, Caller.From(http.User))))
            .RequireAuthorization(Policies.Operator).Produces<AlarmDto>()
            .WithSummary("Acknowledges an alarm (it stays active until its condition clears); network-wide alarms: admins only");
        var keys = api.MapGroup("/keys").RequireAuthorization(Policies.Admin);
        keys.MapGet("", async (PceOperations ops) => Results.Ok(await ops.ListKeysAsync())).Produces<List<ApiKeyDto>>();
        keys.MapPost("", async (HttpContext http, PceOperations ops) => await WithBody<CreateApiKeyDto, ApiKeyDto>(http, ops.IssueKeyAsync))
            .Accepts<CreateApiKeyDto>("application/json").Produces<ApiKeyDto>(201).WithSummary("Issues an API key; the key is shown in this answer only");
        keys.MapDelete("/{id}", async (string id, PceOperations ops) =>
        {
            var outcome = await ops.RevokeKeyAsync(id);
            return outcome.IsSuccess ? Results.NoContent() : Problem(outcome.Error!);
        });
        return app;
    }

    /// <summary>Reads a JSON body strictly: malformed JSON, unknown members and wrong types are 400s naming the path.</summary>
    public static async Task<(T? Value, ApiError? Error)> ReadBody<T>(HttpRequest request, bool allowEmpty = false)
        where T : class, new()
    {
        if (request.ContentLength == 0 || (request.ContentLength is null && !request.Body.CanSeek && request.Headers.TransferEncoding.Count == 0))
        {
            return allowEmpty ? (new T(), null) : (null, ApiError.Invalid("$", "a JSON body is required"));
        }

        if (request.ContentType is { } type && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) && !type.Contains("+json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, new ApiError(415, "Unsupported media type", $"expected application/json, got {type}"));
        }

        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, Json, request.HttpContext.RequestAborted);
            return value is null ? (null, ApiError.Invalid("$", "the body is null")) : (value, null);
        }
        catch (JsonException e)
        {
            var where = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "$" : e.Path;
            var reason = e.Message.Split(" Path:", 2)[0];
            return (null, ApiError.Invalid(where, $"malformed JSON: {reason}{(e.LineNumber is { } l ? $" (line {l + 1}, byte {e.BytePositionInLine + 1})" : "")}"));
        }
    }

    private static async Task<IResult> WithBody<T, TResult>(HttpContext http, Func<T, Task<Outcome<TResult>>> operation, bool allowEmpty = false)
        where T : class, new()
    {
        var (body, error) = await ReadBody<T>(http.Request, allowEmpty);
        return error is not null ? Problem(error) : Answer(await operation(body!));
    }

    private static async Task<(string? Network, string? Equipment, ApiError? Error)> ReadTopology(HttpRequest request)
    {
        if (request.ContentType is { } type && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, null, new ApiError(415, "Unsupported media type", $"expected application/json, got {type}"));
        }

        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, null, ApiError.Invalid("$", "a network document is required"));
        }

        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("network", out var network) && network.ValueKind == JsonValueKind.Object)
            {
                // {network, equipment?}: an editor's save or a client that sends both.
                var equipment = doc.RootElement.TryGetProperty("equipment", out var e) && e.ValueKind == JsonValueKind.Object ? e.GetRawText() : null;
                return (network.GetRawText(), equipment, null);
            }

            return (text, null, null);
        }
        catch (JsonException e)
        {
            return (null, null, ApiError.Invalid("$", $"malformed JSON: {e.Message.Split(" Path:", 2)[0]}"));
        }
    }

    public static IResult Answer<T>(Outcome<T> outcome) =>
        outcome.IsSuccess
            ? outcome.SuccessStatus == 200 ? Results.Json(outcome.Value, Json) : Results.Json(outcome.Value, Json, statusCode: outcome.SuccessStatus)
            : Problem(outcome.Error!);

    public static IResult Problem(ApiError error)
    {
        var extensions = new Dictionary<string, object?>(error.Extensions);
        if (error.Field is not null)
        {
            extensions["field"] = error.Field;
            extensions.TryAdd("errors", new Dictionary<string, string[]> { [error.Field] = [error.Detail] });
        }

        return Results.Problem(error.Detail, statusCode: error.Status, title: error.Title,
            type: $"https://continuum-pce.dev/problems/{error.Title.ToLowerInvariant().Replace(' ', '-')}", extensions: extensions);
    }
}
