using System.Collections.Immutable;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;

namespace Continuum.Pce.Application.Ports;

/// <summary>
/// Pushes a lightpath to (or removes it from) the devices. Implementations run a render plan: one transaction per device,
/// applied in order with a recorded history; on failure the applied steps are rolled back in reverse and the result names
/// the device, the path and the status. Re-running after a crash converges (steps already in place are skipped).
/// </summary>
public interface IDeviceRenderer
{
    Task<RenderResult> ProvisionAsync(LightpathRenderIntent intent, CancellationToken cancellationToken);

    /// <summary>Removes the lightpath's configuration: the provisioning plan undone in reverse.</summary>
    Task<RenderResult> DeleteAsync(LightpathRenderIntent intent, CancellationToken cancellationToken);

    /// <summary>
    /// Sets both protection switches of a 1+1 lightpath (<see cref="LightpathRenderIntent.Protection"/>) to
    /// <paramref name="force"/>: automatic, or held on one leg (a manual switch). A renderer without devices succeeds.
    /// </summary>
    Task<RenderResult> SwitchProtectionAsync(LightpathRenderIntent intent, ProtectionForce force, CancellationToken cancellationToken) =>
        Task.FromResult<RenderResult>(new RenderResult.Succeeded([]));

    /// <summary>
    /// Removes one leg of a 1+1 lightpath from the devices: that leg's media channels only (the transponders, their
    /// protection switches and the other leg are left as they are).
    /// </summary>
    Task<RenderResult> DeleteProtectionLegAsync(LightpathRenderIntent intent, ProtectionLeg leg, CancellationToken cancellationToken) =>
        Task.FromResult<RenderResult>(new RenderResult.Succeeded([]));

    /// <summary>
    /// Moves a lit lightpath from <paramref name="from"/>'s spectrum to <paramref name="to"/>'s on the same path and
    /// interfaces, keeping it up: <see cref="RetuneMethod.Hitless"/> widens the media channels over both, retunes the
    /// transponders, then narrows them; <see cref="RetuneMethod.MakeBeforeBreak"/> adds media channels on the new slots,
    /// retunes the transponders onto them, then removes the old ones. On failure the applied steps are undone. A renderer
    /// without devices provisions <paramref name="to"/>.
    /// </summary>
    Task<RenderResult> RetuneAsync(LightpathRenderIntent from, LightpathRenderIntent to, RetuneMethod method, CancellationToken cancellationToken) =>
        ProvisionAsync(to, cancellationToken);

    /// <summary>Reads which leg each end's protection switch connects (what the devices report; unknown without devices).</summary>
    Task<ProtectionReading> ReadProtectionAsync(LightpathRenderIntent intent, CancellationToken cancellationToken) =>
        Task.FromResult(ProtectionReading.Unknown);
}

/// <summary>How a retune moves a lit channel (see <see cref="IDeviceRenderer.RetuneAsync"/>).</summary>
public enum RetuneMethod
{
    Hitless,
    MakeBeforeBreak,
}

/// <summary>What happened to one step.</summary>
public enum RenderStepOutcome
{
    Applied,
    AlreadyInPlace,
    Failed,
    RolledBack,
    RollbackFailed,
    Removed,
    RemoveFailed,
}

/// <summary>One entry of a render history.</summary>
/// <param name="Step">Index of the step in the plan (0-based).</param>
public sealed record RenderStepRecord(int Step, NodeId Device, string Description, RenderStepOutcome Outcome, DateTimeOffset At, string? Detail = null);

/// <summary>Why a plan failed: the device, the configuration path, and the device's status (a gRPC status code name).</summary>
public sealed record RenderFailure(NodeId Device, string Path, string Status, string Message)
{
    public override string ToString() => $"{Device} {Path}: {Status} {Message}";
}

/// <summary>The outcome of running a plan.</summary>
public abstract record RenderResult(ImmutableArray<RenderStepRecord> History)
{
    public sealed record Succeeded(ImmutableArray<RenderStepRecord> History) : RenderResult(History);

    /// <summary>A step failed; <paramref name="RolledBack"/> says whether every applied step was undone.</summary>
    public sealed record Failed(RenderFailure Failure, bool RolledBack, ImmutableArray<RenderStepRecord> History) : RenderResult(History);
}

/// <summary>
/// The protection switches of a 1+1 lightpath as the devices report them: the leg each end receives from (null when
/// unknown: no devices, not configured, unreachable), and the first read error.
/// </summary>
public sealed record ProtectionReading(ProtectionLeg? AtSource, ProtectionLeg? AtDestination, string? Error = null)
{
    public static ProtectionReading Unknown { get; } = new(null, null);
}
