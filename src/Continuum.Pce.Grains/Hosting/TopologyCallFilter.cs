using Continuum.Pce.Grains.Topology;
using Orleans;
using Orleans.Runtime;

namespace Continuum.Pce.Grains.Hosting;

/// <summary>
/// Two cluster rules for calls into this silo's grains. Every call into a grain of this silo (other than the topology grain itself) waits until the silo holds the cluster's
/// topology, when one is stored: Orleans may place a lightpath or fibre grain on a silo that joined a moment ago, before
/// its <see cref="TopologyFollower"/> took the topology, and that grain would fail the call. And a lightpath grain whose
/// operation failed with a cluster error (another silo died under it) is deactivated, to resume from the store.
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

        try
        {
            await context.Invoke();
        }
        catch (OrleansException e) when (context.TargetContext?.GrainInstance is Lightpaths.LightpathGrain)
        {
            // A lightpath operation that failed mid-way on the cluster (a fibre or node grain on a silo that just died)
            // leaves the grain's state at its last durable step; the grain reloads from the store on its next call and
            // resumes that step on activation, so a retried create or delete finishes instead of repeating a stale view.
            context.TargetContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, e, "an operation failed mid-way; reload and resume"));
            throw;
        }
    }
}
