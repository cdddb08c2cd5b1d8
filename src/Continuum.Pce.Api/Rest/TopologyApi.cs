using System.Text.Json;
using Continuum.Pce.Api.Auth;
using Continuum.Pce.Api.Operations;

namespace Continuum.Pce.Api.Rest;

/// <summary>The topology resource: GET/PUT /topology, POST /topology/validate.</summary>
public static class TopologyApi
{
    public static IEndpointRouteBuilder MapTopologyApi(this IEndpointRouteBuilder app)
    {
        var api = RestEndpoints.V1(app);
        api.MapGet("/topology", async (TopologyOperations ops) => RestEndpoints.Answer(await ops.GetTopologyAsync()))
            .WithSummary("The current network and equipment documents, with their version").Produces<TopologyDocumentDto>();
        api.MapPut("/topology", async (HttpRequest request, TopologyOperations ops) =>
            {
                var (network, equipment, error) = await ReadTopology(request);
                return error is not null ? RestEndpoints.Problem(error) : RestEndpoints.Answer(await ops.LoadTopologyAsync(network!, equipment));
            })
            .RequireAuthorization(Policies.Admin).Accepts<JsonElement>("application/json")
            .WithSummary("Replaces the topology with a network document (continuum-pce/network@1), or {network, equipment}").Produces<TopologySummaryDto>();
        api.MapPost("/topology/validate", async (HttpRequest request, TopologyOperations ops) =>
            {
                var (network, equipment, error) = await ReadTopology(request);
                return error is not null ? RestEndpoints.Problem(error) : Results.Ok(await ops.ValidateTopologyAsync(network!, equipment));
            })
            .Accepts<JsonElement>("application/json").WithSummary("Validates a network document without loading it").Produces<ValidationReportDto>();
        return app;
    }

    private static async Task<(string? Network, string? Equipment, ApiError? Error)> ReadTopology(HttpRequest request)
    {
        if (request.ContentType is { } type && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, null, new ApiError(415, "Unsupported media type", $"expected application/json, got {type}"));
        }

        // Parsed straight from the body (pooled UTF-8 buffers), not read into a string first: a large document is held
        // once, not three times, while the large-body concurrency limit bounds how many are held at once.
        try
        {
            using var doc = await JsonDocument.ParseAsync(request.Body, default, request.HttpContext.RequestAborted);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("network", out var network) && network.ValueKind == JsonValueKind.Object)
            {
                // {network, equipment?}: an editor's save or a client that sends both.
                var equipment = doc.RootElement.TryGetProperty("equipment", out var e) && e.ValueKind == JsonValueKind.Object ? e.GetRawText() : null;
                return (network.GetRawText(), equipment, null);
            }

            return (doc.RootElement.GetRawText(), null, null);
        }
        catch (JsonException e) when (e.Message.Contains("does not contain any JSON tokens", StringComparison.Ordinal))
        {
            return (null, null, ApiError.Invalid("$", "a network document is required"));
        }
        catch (JsonException e)
        {
            return (null, null, ApiError.Invalid("$", $"malformed JSON: {e.Message.Split(" Path:", 2)[0]}"));
        }
    }
}
