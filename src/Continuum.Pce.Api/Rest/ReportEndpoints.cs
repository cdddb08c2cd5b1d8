using Continuum.Pce.Api.Auth;
using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Planning;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Application.Reports;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.Grains.Lightpaths;

namespace Continuum.Pce.Api.Rest;

/// <summary>
/// Energy, carbon and cost of the network as it runs now (every Active or Degraded lightpath of the caller's tenant; an
/// admin's report covers every tenant), as JSON figures, the Markdown report, or one of its SVG charts:
/// GET /api/v1/reports/{energy|cost}[?format=json|markdown][/charts/{name}].
/// </summary>
public static class ReportEndpoints
{
    public static IEndpointRouteBuilder MapPceReports(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/v1/reports").RequireAuthorization(Policies.Viewer).WithTags("reports");
        reports.MapGet("/{kind}", async (string kind, string? format, HttpContext http, INetworkCatalog catalog, LightpathDirectory directory, LightpathServices services) =>
            {
                var built = await Build(kind, Caller.From(http.User), catalog, directory, services);
                if (built.Error is { } error)
                {
                    return RestEndpoints.Problem(error);
                }

                var (document, figures) = built.Value;
                return format switch
                {
                    null or "json" => Results.Json(figures, RestEndpoints.Json),
                    "markdown" or "md" => Results.Text(document.Markdown, "text/markdown; charset=utf-8"),
                    _ => RestEndpoints.Problem(Operations.ApiError.Invalid("format", $"unknown format '{format}' (expected json or markdown)")),
                };
            })
            .WithSummary("Energy and carbon (kind=energy) or CAPEX/OPEX (kind=cost) of the caller's tenant's live lightpaths (admins: all): figures as JSON, or the Markdown report");
        reports.MapGet("/{kind}/charts/{name}", async (string kind, string name, HttpContext http, INetworkCatalog catalog, LightpathDirectory directory, LightpathServices services) =>
            {
                var built = await Build(kind, Caller.From(http.User), catalog, directory, services);
                if (built.Error is { } error)
                {
                    return RestEndpoints.Problem(error);
                }

                return built.Value.Document.Charts.TryGetValue(name, out var svg)
                    ? Results.Text(svg, "image/svg+xml")
                    : RestEndpoints.Problem(Operations.ApiError.NotFound("chart", name).With("charts", built.Value.Document.Charts.Keys.ToArray()));
            })
            .WithSummary("One SVG chart of a report (the Markdown names them)");
        return app;
    }

    private static async Task<(ReportOutcome Value, Operations.ApiError? Error)> Build(string kind, Caller caller, INetworkCatalog catalog, LightpathDirectory directory, LightpathServices services)
    {
        if (kind is not ("energy" or "cost"))
        {
            return (default, Operations.ApiError.NotFound("report", kind));
        }

        if (catalog.Current is not { } snapshot)
        {
            return (default, new Operations.ApiError(503, "No topology", "no topology is loaded yet"));
        }

        var planned = new List<PlannedLightpath>();
        var topology = services.Topology;
        // A tenant's report is the cost of its own lightpaths: another tenant's would tell it what they run.
        await foreach (var lp in directory.AllAsync(caller.SeesAllTenants ? null : caller.Tenant))
        {
            if (lp.State is LightpathState.Active or LightpathState.Degraded &&
                Operations.PlannedLightpaths.Of(topology, lp.Id, lp.Nodes, lp.Fibers, lp.Mode, lp.SlotStart ?? 0, lp.SlotCount ?? 1) is { } one)
            {
                planned.Add(one);
            }
        }

        var network = snapshot.Network;
        if (kind == "energy")
        {
            var energy = EnergyModel.Evaluate(network, snapshot.Equipment, planned);
            var figures = new
            {
                network = network.Name,
                lightpaths = planned.Count,
                totalWatts = Math.Round(energy.TotalWatts, 1),
                kwhPerYear = Math.Round(energy.KwhPerYear, 0),
                tonnesCo2PerYear = Math.Round(energy.TonnesCo2PerYear, 2),
                energyCostPerYear = Math.Round(energy.EnergyCostPerYear, 0),
                carriedGbps = energy.CarriedGbps,
                wattsPerGbps = energy.CarriedGbps == 0 ? (double?)null : Math.Round(energy.WattsPerGbps, 3),
                sites = energy.Sites.Select(s => new { site = s.Site.Value, s.Name, tier = Topology.IO.Json.FormatNames.TierName(s.Tier), s.Country, watts = Math.Round(s.Watts, 1), kgCo2PerYear = Math.Round(s.KgCo2PerYear, 0) }),
            };
            return (new ReportOutcome(PlanningReports.Energy(network.Name, energy), figures), null);
        }

        var cost = CostModel.Evaluate(network, snapshot.Equipment, planned);
        var costFigures = new
        {
            network = network.Name,
            lightpaths = planned.Count,
            currency = cost.Currency,
            capex = Math.Round(cost.Capex, 0),
            opexPerYear = Math.Round(cost.OpexPerYear, 0),
            years = cost.Years,
            totalCostOfOwnership = Math.Round(cost.TotalCostOfOwnership, 0),
            carriedGbps = cost.CarriedGbps,
            carriedGbpsKm = Math.Round(cost.CarriedGbpsKm, 0),
        };
        return (new ReportOutcome(PlanningReports.Cost(network.Name, cost), costFigures), null);
    }

    private readonly record struct ReportOutcome(ReportDocument Document, object Figures);
}
