using Continuum.Pce.Application.Telemetry;

namespace Continuum.Pce.Application.Lightpaths.Service;

/// <summary>
/// Everything a lightpath keeps between operations: its record (spec, lifecycle, path, committed attempt), the names
/// its caller used for the endpoints, the transponder interfaces it holds, a reroute in flight, device cleanup still owed,
/// and its latest telemetry. The lightpath grain persists it; the use cases change it only through
/// <see cref="LightpathContext.SaveAsync"/>.
/// </summary>
public class LightpathData
{
    public LightpathRecord? Record { get; set; }

    public string Source { get; set; } = "";

    public string Destination { get; set; } = "";

    public int? SourceInterface { get; set; }

    public int? DestinationInterface { get; set; }

    /// <summary>While a reroute is in flight: the attempt and path the lightpath had before it (null otherwise).</summary>
    public string? PreviousAttempt { get; set; }

    public PathCandidate? PreviousPath { get; set; }

    public LightpathTelemetry? Telemetry { get; set; }

    /// <summary>While a defragmentation retune is in flight: the attempt and path (old slots) it moves away from.</summary>
    public string? RetuneFromAttempt { get; set; }

    public PathCandidate? RetuneFromPath { get; set; }

    /// <summary>While a hitless retune is in flight: the attempt holding the free slots between the old and the new ones.</summary>
    public string? RetuneSweepAttempt { get; set; }

    public PathCandidate? RetuneSweepPath { get; set; }

    /// <summary>The retune in flight slides hitlessly (else make-before-break), and why it was asked for.</summary>
    public bool RetuneHitless { get; set; }

    public string? RetuneCause { get; set; }

    /// <summary>True while a retune is in flight (the host resumes it after a restart).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Retuning => RetuneFromPath is not null || RetuneSweepAttempt is not null;

    /// <summary>
    /// A path whose devices may still carry the lightpath's channel although the lightpath no longer uses it (a reroute
    /// that could neither keep nor clear it), with the attempt whose spectrum claims stay held until the devices are clear.
    /// </summary>
    public PathCandidate? StrandedPath { get; set; }

    public string? StrandedAttempt { get; set; }

    /// <summary>Why the last device cleanup failed, while cleanup is still owed (null otherwise).</summary>
    public string? CleanupFailure { get; set; }

    /// <summary>How many cleanup attempts have failed in a row (drives the back-off).</summary>
    public int CleanupFailures { get; set; }

    /// <summary>When the next automatic cleanup attempt is due.</summary>
    public DateTimeOffset? CleanupRetryAt { get; set; }

    /// <summary>
    /// A revertive lightpath that was restored away from its path: that original path, to return to once it has been
    /// repaired and stable for the wait-to-restore time (null otherwise).
    /// </summary>
    public PathCandidate? HomePath { get; set; }

    /// <summary>Why the last automatic restoration could not move the lightpath off a failure (null when none is owed).</summary>
    public string? RestorationFailure { get; set; }

    /// <summary>
    /// 1+1: the attempt whose spectrum claims hold the protection leg (the working leg's is the record's committed
    /// attempt; the two differ once a leg has been restored on its own).
    /// </summary>
    public string? ProtectionAttempt { get; set; }

    /// <summary>1+1: the manual switch in force (automatic when none).</summary>
    public Domain.Lightpaths.ProtectionForce ProtectionForce { get; set; }

    /// <summary>1+1: the leg each end's protection switch last reported (null until read).</summary>
    public Domain.Lightpaths.ProtectionLeg? ActiveAtSource { get; set; }

    public Domain.Lightpaths.ProtectionLeg? ActiveAtDestination { get; set; }

    /// <summary>
    /// 1+1: the protection switches' hold-off and wait-to-restore times (ms), fixed when the pair is created so that the
    /// lightpath and the reconciliation of its devices always intend the same (null: created before they were kept,
    /// read as 0 and 5 minutes).
    /// </summary>
    public uint? ProtectionHoldOffMs { get; set; }

    public uint? ProtectionWaitToRestoreMs { get; set; }

    /// <summary>1+1: when the switches were last read from the devices.</summary>
    public DateTimeOffset? ProtectionReadAt { get; set; }

    /// <summary>
    /// 1+1: a leg the lightpath moved off whose media channels are still on a ROADM that was unreachable then (which leg
    /// it was, and the attempt whose claims on its fibres stay held until that ROADM answers and is cleared).
    /// </summary>
    public PathCandidate? StaleLeg { get; set; }

    public Domain.Lightpaths.ProtectionLeg? StaleLegWhich { get; set; }

    public string? StaleLegAttempt { get; set; }

    /// <summary>True while device cleanup is owed: the lightpath's claims must not be released yet.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool OwesCleanup => CleanupFailure is not null;
}
