using System.Text.Json;
using System.Text.Json.Nodes;
using Continuum.Pce.Api.Auth;
using Continuum.Pce.Api.Operations;
using Continuum.Pce.Topology.IO;
using Continuum.Pce.Topology.IO.Gnpy;
using Continuum.Pce.Topology.IO.Import;
using Continuum.Pce.Topology.IO.Json;
using Continuum.Pce.Topology.IO.Validation;

namespace Continuum.Pce.Api.Rest;

/// <summary>A converted topology: the network document (continuum-pce/network@1), the equipment library when the source brings one (GNPy), and the importer's warnings.</summary>
public sealed record ImportedTopologyDto(JsonNode? Network, JsonNode? Equipment, IReadOnlyList<ValidationIssueDto> Warnings);

/// <summary>
/// POST /api/v1/topology/import?format=sndlib|gnpy: converts an SNDlib native file (the body as text) or a GNPy network
/// with its equipment file (the body as <c>{"network": …, "equipment": …}</c>) with the Topology.IO importers and answers
/// the converted documents. Nothing is loaded: the caller edits, validates and saves with PUT /api/v1/topology.
/// </summary>
public static class ImportEndpoints
{
    public const string DefaultEquipmentPath = "equipment/default.json";

    public static IEndpointRouteBuilder MapTopologyImport(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/topology/import", Import)
            .RequireAuthorization(Policies.Viewer).WithTags("v1")
            .Accepts<string>("text/plain", "application/json")
            .Produces<ImportedTopologyDto>().ProducesProblem(422)
            .WithSummary("Converts an SNDlib (text body) or GNPy ({network, equipment}) file into a network document; nothing is loaded");
        return app;
    }

    private static async Task<IResult> Import(HttpRequest request, string? format, string? name, string? country)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        if (string.IsNullOrWhiteSpace(text))
        {
            return RestEndpoints.Problem(ApiError.Invalid("$", "the file to import is required as the request body"));
        }

        return format?.ToLowerInvariant() switch
        {
            "sndlib" => Sndlib(text, name, country),
            "gnpy" => Gnpy(text, country),
            null or "" => RestEndpoints.Problem(ApiError.Invalid("format", "required: sndlib or gnpy")),
            _ => RestEndpoints.Problem(ApiError.Invalid("format", $"unknown format '{format}' (expected sndlib or gnpy)")),
        };
    }

    private static IResult Sndlib(string text, string? name, string? country)
    {
        var options = new ImportOptions { Name = string.IsNullOrWhiteSpace(name) ? "sndlib-import" : name.Trim(), Country = string.IsNullOrWhiteSpace(country) ? "US" : country.Trim() };
        var imported = SndlibImporter.Import(text, options.Name!, options);
        if (!imported.IsSuccess)
        {
            return Refused(imported.Errors.Select(Issue).ToList());
        }

        var provenance = new Provenance("SNDlib import", null, $"{imported.Value!.Description} {options.Assumptions()}".Trim());
        var network = TopologyWriter.WriteNetwork(imported.Value!, DefaultEquipmentPath, provenance: provenance);
        return Results.Json(new ImportedTopologyDto(JsonNode.Parse(network), null, [.. imported.Warnings.Select(Issue)]), RestEndpoints.Json);
    }

    private static IResult Gnpy(string text, string? country)
    {
        string networkJson;
        string equipmentJson;
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("network", out var network) || network.ValueKind != JsonValueKind.Object)
            {
                return RestEndpoints.Problem(ApiError.Invalid("network", "required: the GNPy network file as {\"network\": …, \"equipment\": …}"));
            }

            if (!root.TryGetProperty("equipment", out var equipment) || equipment.ValueKind != JsonValueKind.Object)
            {
                return RestEndpoints.Problem(ApiError.Invalid("equipment", "required: the GNPy equipment file (eqpt_config.json) as {\"network\": …, \"equipment\": …}"));
            }

            networkJson = network.GetRawText();
            equipmentJson = equipment.GetRawText();
        }
        catch (JsonException e)
        {
            return RestEndpoints.Problem(ApiError.Invalid("$", $"malformed JSON: {e.Message.Split(" Path:", 2)[0]}"));
        }

        try
        {
            var options = string.IsNullOrWhiteSpace(country) ? GnpyImportOptions.Default : new GnpyImportOptions(country.Trim());
            var gnpy = GnpyNetworkReader.Parse(networkJson, GnpyEquipmentReader.Parse(equipmentJson), options);
            var network = TopologyWriter.WriteNetwork(gnpy.Network, DefaultEquipmentPath, provenance: new Provenance("GNPy import", null, gnpy.Network.Description));
            var equipment = TopologyWriter.WriteEquipment(gnpy.Library);
            var warnings = gnpy.Warnings.Select(w => new ValidationIssueDto("$", "gnpy-import", w)).ToList();
            return Results.Json(new ImportedTopologyDto(JsonNode.Parse(network), JsonNode.Parse(equipment), warnings), RestEndpoints.Json);
        }
        catch (GnpyFormatException e)
        {
            return Refused([.. e.Errors.Select(m => new ValidationIssueDto(m.Split(':', 2)[0], "gnpy-format", m))]);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException or ArgumentException)
        {
            return Refused([new ValidationIssueDto("$", "gnpy-format", e.Message)]);
        }
    }

    private static IResult Refused(IReadOnlyList<ValidationIssueDto> errors) =>
        RestEndpoints.Problem(ApiError.Unprocessable("Import failed", $"the file has {errors.Count} problem(s)").With("errors", errors));

    private static ValidationIssueDto Issue(TopologyIssue i) => new(i.Path, i.Code, i.Message);
}
