using Continuum.Pce.Api.Auth;
using Continuum.Pce.Api.Operations;

namespace Continuum.Pce.Api.Rest;

/// <summary>
/// The what-if survivability report on the live network: GET /api/v1/reports/survivability[?format=json|markdown]
/// [&amp;failures=fiber,srlg,node][&amp;lightpaths=true], and its SVG charts under /charts/{name}. Viewers and up; a tenant
/// sees its own lightpaths only (admins: all), like the energy and cost reports.
/// </summary>
public static class SurvivabilityApi
{
    public static IEndpointRouteBuilder MapSurvivabilityApi(this IEndpointRouteBuilder app)
    {
        var api = RestEndpoints.V1(app);
        api.MapGet("/reports/survivability", async (HttpContext http, SurvivabilityOperations ops, string? format, string? failures, bool? lightpaths) =>
            {
                if (format is not (null or "json" or "markdown" or "md"))
                {
                    return RestEndpoints.Problem(ApiError.Invalid("format", $"unknown format '{format}' (expected json or markdown)"));
                }

                var outcome = await ops.AnalyseAsync(Caller.From(http.User), failures, http.RequestAborted);
                if (outcome.Error is { } error)
                {
                    return RestEndpoints.Problem(error);
                }

                var (result, document) = outcome.Value;
                return format is "markdown" or "md"
                    ? Results.Text(document.Markdown, "text/markdown; charset=utf-8")
                    : Results.Json(SurvivabilityOperations.ToDto(result, lightpaths ?? false), RestEndpoints.Json);
            })
            .Produces<SurvivabilityDto>()
            .WithSummary("Every single fibre-pair, SRLG and ROADM failure on the live network: lightpaths hit, restorable with QoT margin, extra latency, Gb/s lost per tenant (JSON or Markdown)");
        api.MapGet("/reports/survivability/charts/{name}", async (string name, HttpContext http, SurvivabilityOperations ops, string? failures) =>
            {
                var outcome = await ops.AnalyseAsync(Caller.From(http.User), failures, http.RequestAborted);
                if (outcome.Error is { } error)
                {
                    return RestEndpoints.Problem(error);
                }

                var charts = outcome.Value.Document.Charts;
                return charts.TryGetValue(name, out var svg)
                    ? Results.Text(svg, "image/svg+xml")
                    : RestEndpoints.Problem(ApiError.NotFound("chart", name).With("charts", charts.Keys.ToArray()));
            })
            .WithSummary("One SVG chart of the survivability report (the Markdown names them)");
        return app;
    }
}
