using Continuum.Pce.Grains.Topology;
using Orleans;

namespace Continuum.Pce.Grains.Hosting;

/// <summary>
/// Every call into a grain of this silo (other than the topology grain itself) waits until the silo holds the cluster's
/// topology, when one is stored: Orleans may place a lightpath or fibre grain on a silo that joined a moment ago, before
/// its <see cref="TopologyFollower"/> took the topology, and that grain would fail the call.
/// </summary>
public sealed class TopologyCallFilter(TopologyFollower follower) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.TargetContext?.GrainInstance is not TopologyGrain)
        {
            await follower.EnsureAsync();
        }

        await context.Invoke();
    }
}
