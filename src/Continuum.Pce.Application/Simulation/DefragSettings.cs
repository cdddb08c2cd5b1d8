using System.Collections.Immutable;

namespace Continuum.Pce.Application.Simulation;

/// <summary>When the simulator defragments.</summary>
public enum DefragTrigger
{
    /// <summary>Never.</summary>
    None,

    /// <summary>Every <see cref="DefragSettings.EveryRequests"/> arrivals.</summary>
    Periodic,

    /// <summary>When a request would block: defragment, then try the request once more.</summary>
    OnBlock,
}

/// <summary>What a defragmentation may change of an existing lightpath.</summary>
public enum DefragMethod
{
    /// <summary>Re-tune only: the same path, a lower start slot (a hitless retune where the transponder allows).</summary>
    Retune,

    /// <summary>Re-route too: any of the pair's K candidates with its own modulation, if it uses fewer slot·links, or as few at a lower start.</summary>
    Reroute,
}

/// <summary>
/// Defragmentation in the simulator: a pass takes the lightpaths in order of their start slot (lowest first) and
/// moves each to the best place it may have with itself removed (<see cref="DefragMethod"/>); a move is counted
/// whenever the path or the start slot changes. Moves are instantaneous in the simulation (make-before-break is the
/// live planner's business).
/// </summary>
public sealed record DefragSettings(DefragTrigger Trigger, DefragMethod Method, int EveryRequests)
{
    public static DefragSettings None { get; } = new(DefragTrigger.None, DefragMethod.Retune, 0);

    public bool Enabled => Trigger != DefragTrigger.None;

    public ImmutableArray<string> Validate() =>
        Trigger == DefragTrigger.Periodic && EveryRequests <= 0
            ? ["defrag.everyRequests: a periodic defragmentation needs a positive period"]
            : [];

    /// <summary>A short label for tables: "none", "on-block/reroute", "every 1000/retune".</summary>
    public string Label => Trigger switch
    {
        DefragTrigger.None => "none",
        DefragTrigger.OnBlock => $"on-block/{Method.ToString().ToLowerInvariant()}",
        _ => $"every {EveryRequests}/{Method.ToString().ToLowerInvariant()}",
    };
}
