using System.Text;
using Continuum.Pce.Domain.Identity;
using Orleans.Runtime;

namespace Continuum.Pce.Api.Hosting;

/// <summary>
/// Which devices this server reconciles by itself (the periodic and on-connect passes) when several servers form a
/// cluster. Every server reaches every device, so without a share each device would be read, alarmed and repaired once
/// per server. Each device belongs to one active server, chosen by rendezvous hashing of the device id with each
/// server's silo address: every device is read once per pass, and a server joining or leaving moves only the devices it
/// gains or had. A lone server, or one that is not (yet, or any longer) active in the membership, reconciles every device:
/// a pass too many repeats idempotent reads and re-applies, a pass too few would leave drift unseen.
/// </summary>
public sealed class ReconcileShare(IServiceProvider services)
{
    /// <summary>The devices this server reconciles in one pass (the membership is read once, here).</summary>
    public Func<NodeId, bool> ForPass()
    {
        if (services.GetService(typeof(IClusterMembershipService)) is not IClusterMembershipService membership
            || services.GetService(typeof(ILocalSiloDetails)) is not ILocalSiloDetails local)
        {
            return static _ => true;
        }

        var active = membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active)
            .Select(m => m.SiloAddress.ToParsableString())
            .ToArray();
        var self = local.SiloAddress.ToParsableString();
        if (active.Length <= 1 || !active.Contains(self, StringComparer.Ordinal))
        {
            return static _ => true;
        }

        return device => string.Equals(Owner(active, device.Value), self, StringComparison.Ordinal);
    }

    /// <summary>The server among <paramref name="servers"/> that reconciles <paramref name="device"/>: the highest score.</summary>
    public static string Owner(IReadOnlyList<string> servers, string device)
    {
        ArgumentNullException.ThrowIfNull(servers);
        ArgumentOutOfRangeException.ThrowIfZero(servers.Count);
        var best = servers[0];
        var bestScore = Score(best, device);
        for (var i = 1; i < servers.Count; i++)
        {
            var score = Score(servers[i], device);
            if (score > bestScore || (score == bestScore && string.CompareOrdinal(servers[i], best) < 0))
            {
                (best, bestScore) = (servers[i], score);
            }
        }

        return best;
    }

    /// <summary>FNV-1a over "server\ndevice" in UTF-8, then the SplitMix64 finaliser: stable across processes and runs.</summary>
    private static ulong Score(string server, string device)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(server + "\n" + device))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        hash ^= hash >> 30;
        hash *= 0xbf58476d1ce4e5b9UL;
        hash ^= hash >> 27;
        hash *= 0x94d049bb133111ebUL;
        return hash ^ (hash >> 31);
    }
}
