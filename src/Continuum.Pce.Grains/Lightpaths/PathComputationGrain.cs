using System.Collections.Immutable;
using Continuum.Pce.Application.Lightpaths;
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
    public Task<ImmutableArray<LightpathView>> Compute(LightpathOrder order, int maxCandidates)
    {
        var topology = services.Topology;
        if (!topology.TryResolveRoadm(order.Source, out var source) || !topology.TryResolveRoadm(order.Destination, out var destination) ||
            !OrderMapping.TryToSpec(order, source, destination, out var spec, out _))
        {
            return Task.FromResult(ImmutableArray<LightpathView>.Empty);
        }

        var computation = pathComputer.Compute(spec.Request, spectrum, maxCandidates);
        return Task.FromResult(computation.IsFound
            ? computation.Candidates.Select(c => OrderMapping.CandidateView(order, c)).ToImmutableArray()
            : []);
    }
}
