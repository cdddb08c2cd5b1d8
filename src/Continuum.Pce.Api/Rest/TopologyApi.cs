using System.Text.Json;
using Continuum.Pce.Api.Auth;
using Continuum.Pce.Api.Operations;
using Continuum.Pce.Topology.IO;

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
                var (network, equipment, error) = await ReadTopology(request, ops.Limits);
                return error is not null ? RestEndpoints.Problem(error) : RestEndpoints.Answer(await ops.LoadTopologyAsync(network!, equipment));
            })
            .RequireAuthorization(Policies.Admin).Accepts<JsonElement>("application/json")
            .WithSummary("Replaces the topology with a network document (continuum-pce/network@1), or {network, equipment}").Produces<TopologySummaryDto>().ProducesProblem(409).ProducesProblem(422);
        api.MapPost("/topology/validate", async (HttpRequest request, TopologyOperations ops) =>
            {
                var (network, equipment, error) = await ReadTopology(request, ops.Limits);
                return error is not null ? RestEndpoints.Problem(error) : Results.Ok(await ops.ValidateTopologyAsync(network!, equipment));
            })
            .Accepts<JsonElement>("application/json").WithSummary("Validates a network document without loading it").Produces<ValidationReportDto>();
        return app;
    }

    private static async Task<(string? Network, string? Equipment, ApiError? Error)> ReadTopology(HttpRequest request, TopologyLimits limits)
    {
        if (request.ContentType is { } type && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, null, new ApiError(415, "Unsupported media type", $"expected application/json, got {type}"));
        }

        // The same reader as the CLI's files (comments, duplicate names, depth and size bounds): see TopologyInput. The
        // body stays bytes until it has passed the cheap checks (size, UTF-8, string lengths), so a hostile body costs
        // its own size in memory, not several copies of it.
        var (body, tooLarge) = await TopologyInput.ReadUtf8Async(request.Body, limits.MaxDocumentBytes, request.ContentLength, request.HttpContext.RequestAborted);
        if (body is not { } utf8)
        {
            return (null, null, new ApiError(413, "Payload too large", tooLarge!, "$"));
        }

        if (utf8.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            return (null, null, ApiError.Invalid("$", "a network document is required"));
        }

        var read = TopologyInput.ReadRequest(utf8, limits);
        if (!read.IsSuccess)
        {
            var issue = read.Errors.First();
            return (null, null, ApiError.Invalid(issue.Path, issue.Message).With("code", issue.Code));
        }

        return (read.Value!.Network, read.Value.Equipment, null);
    }
}
