using System.Collections.Immutable;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;

namespace Continuum.Pce.Application.Lightpaths.Service;

/// <summary>
/// Spectrum reservation across the fibres of a path (both directions of each duplex pair), by the hold/confirm
/// protocol: holds are all or none; a hold is made durable by the owner's commit, then confirmed.
/// </summary>
public interface ILightpathReservation
{
    /// <summary>Holds the path's slots on every fibre for one attempt; false (with every partial hold released) when any fibre refuses.</summary>
    Task<bool> TryHoldAsync(string owner, string attempt, PathCandidate path);

    /// <summary>Turns the attempt's holds into commitments (one-way: the owner has committed already).</summary>
    void Confirm(string owner, string attempt, PathCandidate path);

    /// <summary>Releases the owner's claims of one attempt (or of every attempt when null) on the given fibres. Idempotent.</summary>
    Task ReleaseAsync(string owner, string? attempt, ImmutableArray<FiberId> fibers);
}

/// <summary>Transponder line interfaces, owned by lightpaths.</summary>
public interface ITransponderInterfaces
{
    /// <summary>A free interface (1-based) for the owner, the same one again if it has one; null when all are taken.</summary>
    Task<int?> AllocateAsync(NodeId transponder, string owner);

    Task ReleaseAsync(NodeId transponder, string owner);
}

/// <summary>Reads other lightpaths' paths (for diversity constraints).</summary>
public interface ILightpathPaths
{
    /// <summary>The fibres (A→Z) of a live lightpath (one that holds spectrum), or null when there is none.</summary>
    Task<IReadOnlyList<FiberId>?> FibersOfAsync(LightpathKey key);
}

/// <summary>Durable storage of one lightpath's <see cref="LightpathData"/> (the grain's persistent state).</summary>
public interface ILightpathStateStore
{
    LightpathData Data { get; }

    /// <summary>Writes the data durably; on failure the caller restores what it changed.</summary>
    Task WriteAsync();
}

/// <summary>Where the lightpath service publishes its domain events (watch streams, alarms, metrics).</summary>
public interface ILightpathEventSink
{
    void Publish(LightpathChanged change);
}

/// <summary>No subscriber (tools and tests that need no events).</summary>
public sealed class NoLightpathEvents : ILightpathEventSink
{
    public static NoLightpathEvents Instance { get; } = new();

    public void Publish(LightpathChanged change)
    {
    }
}

/// <summary>
/// A lightpath's durable change, published after it was written: its key, the record before and after, and the data
/// as written (interfaces, cleanup owed, telemetry).
/// </summary>
public sealed record LightpathChanged(LightpathKey Key, LightpathRecord? Before, LightpathRecord After, LightpathData Data)
{
    /// <summary>The lifecycle event this change added, if it added one (a telemetry or cleanup-only change adds none).</summary>
    public LightpathEvent? Transition =>
        Before is null || After.History.Length > Before.History.Length ? (After.History.IsDefaultOrEmpty ? null : After.History[^1]) : null;
}
