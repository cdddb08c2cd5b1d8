using System.Text.Json.Nodes;
using Continuum.Pce.Api.Hosting;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Grains.Abstractions;
using Continuum.Pce.Grains.Lightpaths;
using Continuum.Pce.Grains.Topology;
using Continuum.Pce.Topology.IO;
using Continuum.Pce.Topology.IO.Analysis;
using Continuum.Pce.Topology.IO.Validation;

namespace Continuum.Pce.Api.Operations;

/// <summary>The topology resource: read, validate, replace (a replacement may not strand a live lightpath).</summary>
public sealed class TopologyOperations(IGrainFactory grains, INetworkCatalog catalog, LightpathDirectory directory, TopologyDevices devices, TopologyFollower follower, IConfiguration configuration)
{
    /// <summary>The bounds every topology document sent to this server is read under (<c>Topology:Limits</c>).</summary>
    public TopologyLimits Limits { get; } = TopologyLimitsConfiguration.From(configuration);

    public async Task<Outcome<TopologyDocumentDto>> GetTopologyAsync()
    {
        var documents = await grains.GetGrain<ITopologyGrain>("default").GetDocuments();
        return documents is not { } d
            ? ApiError.NotFound("topology", "default")
            : new TopologyDocumentDto(d.Version, JsonNode.Parse(d.Network), JsonNode.Parse(d.Equipment));
    }

    public async Task<ValidationReportDto> ValidateTopologyAsync(string networkJson, string? equipmentJson)
    {
        var (report, _, _) = await ValidateAsync(networkJson, equipmentJson);
        return report;
    }

    public async Task<Outcome<TopologySummaryDto>> LoadTopologyAsync(string networkJson, string? equipmentJson)
    {
        var (report, network, equipment) = await ValidateAsync(networkJson, equipmentJson);
        if (!report.Valid)
        {
            return ApiError.Unprocessable("Topology rejected", $"the network document has {report.Errors.Count} error(s)").With("errors", report.Errors);
        }

        // A replacement may not pull a fibre or node from under a live lightpath.
        var stranded = new List<string>();
        await foreach (var lp in directory.AllAsync())
        {
            if (lp.State is not (LightpathState.Deleted or LightpathState.Failed) && !lp.Fibers.IsDefaultOrEmpty &&
                (lp.Fibers.Any(f => !network!.TryGetFiber(new FiberId(f), out _)) || lp.Nodes.Any(n => !network!.TryGetNode(new NodeId(n), out _))))
            {
                stranded.Add(lp.Id);
            }
        }

        if (stranded.Count > 0)
        {
            return ApiError.Conflict($"{stranded.Count} live lightpath(s) use fibres or nodes the new topology removes; delete or reroute them first")
                .With("lightpaths", stranded.Take(100).ToArray());
        }

        // Stored and served as plain JSON: the documents may carry comments, which GET /topology's clients need not accept.
        var summary = await grains.GetGrain<ITopologyGrain>("default").Load(TopologyInput.Canonical(networkJson, Limits), TopologyInput.Canonical(equipment!, Limits));

        // The topology grain published the new version on its own silo; this server takes it now (the others follow
        // within Pce:Topology:FollowInterval), and its devices follow before the caller hears the replacement took effect.
        await follower.FollowOnceAsync();
        if (catalog.Current is { } published && published.Version == summary.Version)
        {
            await devices.FollowAsync(published);
        }

        return new TopologySummaryDto(summary.Name, summary.Version, summary.Sites, summary.Nodes, summary.Fibers);
    }

    private async Task<(ValidationReportDto Report, OpticalNetwork? Network, string? EquipmentJson)> ValidateAsync(string networkJson, string? equipmentJson)
    {
        equipmentJson ??= (await grains.GetGrain<ITopologyGrain>("default").GetDocuments())?.Equipment;
        if (equipmentJson is null)
        {
            return (new ValidationReportDto(false, [new ValidationIssueDto("$", "missing-equipment", "no equipment library: send one with the network")], []), null, null);
        }

        var library = TopologyReader.ReadEquipment(equipmentJson, "equipment", Limits);
        if (!library.IsSuccess)
        {
            return (Report(library.Issues, []), null, null);
        }

        var result = TopologyReader.ReadNetwork(networkJson, library.Value!, limits: Limits);
        var warnings = result.Value is { } loaded ? TopologyAnalysis.Warnings(loaded.Network) : [];
        return (Report(result.Issues, warnings), result.IsSuccess ? result.Value!.Network : null, equipmentJson);
    }

    private static ValidationReportDto Report(IEnumerable<TopologyIssue> issues, IEnumerable<TopologyIssue> extraWarnings)
    {
        var all = issues.Concat(extraWarnings).ToList();
        var errors = all.Where(i => i.IsError).Select(Issue).ToList();
        var warnings = all.Where(i => !i.IsError).Select(Issue).ToList();
        return new ValidationReportDto(errors.Count == 0, errors, warnings);

        static ValidationIssueDto Issue(TopologyIssue i) => new(i.Source is null or "network" ? i.Path : $"{i.Source}:{i.Path}", i.Code, i.Message);
    }
}
