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
        // Only this project's grains read the topology; Orleans' own grains and system targets pass straight through.
        if (context.TargetContext?.GrainInstance is { } grain && grain is not TopologyGrain and not ClusterRosterGrain &&
            grain.GetType().Namespace?.StartsWith("Continuum.Pce.Grains", StringComparison.Ordinal) == true)
        {
            await follower.EnsureAsync();
        }

        await context.Invoke();
    }
}
