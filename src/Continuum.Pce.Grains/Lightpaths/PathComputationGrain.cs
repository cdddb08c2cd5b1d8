using System.Collections.Immutable;
using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Domain.Requests;
using Continuum.Pce.Grains.Abstractions;
using Continuum.Pce.Grains.Spectrum;
using Orleans;
using Orleans.Concurrency;

namespace Continuum.Pce.Grains.Lightpaths;

/// <summary>
/// Path computation without reservation. A stateless worker: several activations per silo, each using the silo's
/// frozen graph (inside the path computer) and spectrum view; nothing is persisted.
/// </summary>
[StatelessWorker]
public sealed class PathComputationGrain(LightpathServices services, IPathComputer pathComputer, SiloSpectrumView spectrum) : Grain, IPathComputationGrain
{
    public Task<PathComputationView> Compute(LightpathOrder order, int maxCandidates)
    {
        ArgumentNullException.ThrowIfNull(order);
        var topology = services.Topology;
        foreach (var node in (ReadOnlySpan<Domain.Identity.NodeId>)[order.Request.Source, order.Request.Destination])
        {
            if (!topology.TryResolveRoadm(node.Value, out _))
            {
                return Refused(BlockReason.InvalidRequest, $"the network no longer has node '{node.Value}' (it was replaced after the request was checked)");
            }
        }

        var spec = OrderMapping.ToSpec(order);
        var computation = pathComputer.ComputeAlternatives(spec.Request, spectrum, maxCandidates);
        if (!computation.IsFound)
        {
            var blocked = computation.Blocked ?? new Blocked(BlockReason.NoPath, "no candidate");
            return Refused(blocked.Reason, blocked.Detail);
        }

        return Task.FromResult(new PathComputationView([.. computation.Candidates.Select(c => OrderMapping.CandidateView(order, c))], null, null));
    }

    private static Task<PathComputationView> Refused(BlockReason reason, string? detail) =>
        Task.FromResult(new PathComputationView([], reason.ToString(), detail));
}
