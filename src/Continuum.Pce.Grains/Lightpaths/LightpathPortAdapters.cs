using System.Collections.Immutable;
using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Lightpaths.Service;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Grains.Abstractions;
using Continuum.Pce.Grains.Spectrum;
using Orleans;

namespace Continuum.Pce.Grains.Lightpaths;

/// <summary>
/// The lightpath service's spectrum port over the fibre grains: one hold per duplex pair (the pair's grain keeps both
/// fibres' ledgers), all in parallel, all or none. A refusal teaches this silo's spectrum view the refusing fibre's
/// occupancy, so the next computation avoids what another request took.
/// </summary>
public sealed class FiberGrainReservation(LightpathServices services, SiloSpectrumView spectrum) : ILightpathReservation
{
    public async Task<bool> TryHoldAsync(string owner, string attempt, PathCandidate path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var fibers = services.Topology.Pairs(path.AllFibers()).Select(services.Fiber).ToArray();
        var request = new HoldRequest(owner, attempt, path.Slots.Start, path.Slots.Count);
        var replies = await Task.WhenAll(fibers.Select(f => f.Hold(request)));
        var held = new List<IFiberGrain>(fibers.Length);
        var refused = false;
        for (var i = 0; i < replies.Length; i++)
        {
            if (replies[i].Granted)
            {
                held.Add(fibers[i]);
            }
            else
            {
                refused = true;
                spectrum.Update(new FiberId(replies[i].Fiber), replies[i].Occupancy.AsSpan(), replies[i].Refusal != "FiberDown");
            }
        }

        if (refused)
        {
            await Task.WhenAll(held.Select(h => h.Release(owner, attempt)));
        }

        return !refused;
    }

    public void Confirm(string owner, string attempt, PathCandidate path)
    {
        ArgumentNullException.ThrowIfNull(path);
        foreach (var fiber in services.Topology.Pairs(path.AllFibers()))
        {
            _ = services.Fiber(fiber).Confirm(owner, attempt);
        }
    }

    public Task ReleaseAsync(string owner, string? attempt, ImmutableArray<FiberId> fibers) =>
        Task.WhenAll(services.Topology.Pairs(fibers).Select(f => services.Fiber(f).Release(owner, attempt)));
}

/// <summary>The lightpath service's interface port over the transponders' node grains.</summary>
public sealed class NodeGrainInterfaces(LightpathServices services) : ITransponderInterfaces
{
    public Task<int?> AllocateAsync(NodeId transponder, string owner) => services.Node(transponder).AllocateInterface(owner);

    public Task ReleaseAsync(NodeId transponder, string owner) => services.Node(transponder).ReleaseInterface(owner);
}

/// <summary>Reads other lightpaths' fibres from their grains (diversity constraints).</summary>
public sealed class LightpathGrainPaths(IGrainFactory grains) : ILightpathPaths
{
    public async Task<IReadOnlyList<FiberId>?> FibersOfAsync(LightpathKey key)
    {
        var view = await grains.GetGrain<ILightpathGrain>(key.ToString()).Get();
        return view.Exists && view.State is not (LightpathState.Deleted or LightpathState.Failed) && !view.Fibers.IsDefaultOrEmpty
            ? [.. view.Fibers.Select(f => new FiberId(f))]
            : null;
    }
}
