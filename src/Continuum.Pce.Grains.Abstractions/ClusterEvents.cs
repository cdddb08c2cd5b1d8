using Orleans;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace Continuum.Pce.Grains.Abstractions;

/// <summary>A lightpath change committed on one silo, as the other silos' watch streams and alarms receive it.</summary>
[GenerateSerializer, Immutable, Alias("pce.LightpathChangeNotice.v1")]
public sealed record LightpathChangeNotice(
    [property: Id(0)] LightpathView Lightpath,
    [property: Id(1)] Domain.Lightpaths.LightpathState? From,
    [property: Id(2)] Domain.Lightpaths.LightpathState? To,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] string? Reason);

/// <summary>One silo's receiver of the changes other silos commit (an observer reference each silo registers).</summary>
[Alias("pce.IClusterEventObserver")]
public interface IClusterEventObserver : IGrainObserver
{
    [Alias("OnLightpathChanges")]
    [OneWay]
    Task OnLightpathChanges(LightpathChangeNotice[] changes);
}

/// <summary>A silo of the roster and its receiver.</summary>
[GenerateSerializer, Immutable, Alias("pce.ClusterPeer.v1")]
public sealed record ClusterPeer([property: Id(0)] SiloAddress Silo, [property: Id(1)] IClusterEventObserver Observer);

/// <summary>
/// Which silos receive cluster events, and where. Key: "default". Held in memory: each silo renews its entry
/// periodically, so a reactivated roster fills again within one renewal and a dead silo's entry expires.
/// </summary>
[Alias("pce.IClusterRosterGrain")]
public interface IClusterRosterGrain : IGrainWithStringKey
{
    /// <summary>Adds or renews <paramref name="silo"/>'s receiver; returns every live entry, this one included.</summary>
    [Alias("Join")]
    Task<ClusterPeer[]> Join(SiloAddress silo, IClusterEventObserver observer);
}
