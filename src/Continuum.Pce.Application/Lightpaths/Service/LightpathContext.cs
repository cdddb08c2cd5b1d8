using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;

namespace Continuum.Pce.Application.Lightpaths.Service;

/// <summary>The current topology's path facts and snapshot (memoised per topology version by the host).</summary>
public interface IPathTopologySource
{
    NetworkSnapshot Snapshot { get; }

    PathTopology Topology { get; }
}

/// <summary>
/// One lightpath as the use cases see it: its key, its data and the ports they act through. The host (the lightpath
/// grain) gives it identity and turn-taking: at most one use case runs on a context at a time. Every durable change
/// goes through <see cref="SaveAsync"/>, which writes the data and then publishes the change.
/// </summary>
public sealed class LightpathContext(
    LightpathKey key,
    ILightpathStateStore store,
    IPathTopologySource topology,
    IPathComputer pathComputer,
    ISpectrumView spectrum,
    ILightpathReservation reservation,
    ITransponderInterfaces interfaces,
    ILightpathPaths paths,
    IDeviceRenderer renderer,
    ILightpathEventSink events,
    TimeProvider time,
    LightpathServiceOptions options)
{
    /// <summary>The key, "tenant/id": the owner of the lightpath's spectrum claims and interfaces, and its name on the devices.</summary>
    public LightpathKey Key { get; } = key;

    public string Owner { get; } = key.ToString();

    public LightpathData Data => store.Data;

    public LightpathRecord? Record => store.Data.Record;

    public PathTopology Topology => topology.Topology;

    public NetworkSnapshot Snapshot => topology.Snapshot;

    public IPathComputer PathComputer => pathComputer;

    public ISpectrumView Spectrum => spectrum;

    public ILightpathReservation Reservation => reservation;

    public ITransponderInterfaces Interfaces => interfaces;

    public ILightpathPaths Paths => paths;

    public IDeviceRenderer Renderer => renderer;

    public LightpathServiceOptions Options => options;

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>The attempt whose holds are being placed right now (fibres asking about it hear Pending).</summary>
    public string? InFlightAttempt { get; private set; }

    /// <summary>Writes <paramref name="record"/> (and whatever else the caller changed in <see cref="Data"/>), then publishes the change.</summary>
    public async Task SaveAsync(LightpathRecord record)
    {
        var previous = store.Data.Record;
        store.Data.Record = record;
        try
        {
            await store.WriteAsync();
        }
        catch
        {
            store.Data.Record = previous;
            throw;
        }

        events.Publish(new LightpathChanged(Key, previous, record, store.Data));
    }

    /// <summary>Writes the data as it is (a change that adds no lifecycle event: cleanup bookkeeping, telemetry).</summary>
    public Task SaveAsync() => SaveAsync(store.Data.Record!);

    /// <summary>
    /// The hold/confirm protocol for one attempt: holds on every fibre the candidate lights (all or none), then the
    /// commit point — <paramref name="commit"/> names the record to persist, or null to give the attempt up — then
    /// the confirms. While it runs, fibres asking about the attempt hear Pending.
    /// </summary>
    public async Task<bool> TryReserveAsync(PathCandidate candidate, string attempt, Func<LightpathRecord?> commit)
    {
        InFlightAttempt = attempt;
        try
        {
            if (!await reservation.TryHoldAsync(Owner, attempt, candidate))
            {
                return false;
            }

            if (commit() is not { } committed)
            {
                await reservation.ReleaseAsync(Owner, attempt, candidate.AllFibers());
                return false;
            }

            await SaveAsync(committed);
        }
        finally
        {
            InFlightAttempt = null;
        }

        reservation.Confirm(Owner, attempt, candidate);
        return true;
    }

    /// <summary>
    /// Whether an attempt still owns spectrum: the committed one, the one a reroute in flight may fall back to, and one
    /// whose devices still carry the channel. Anything else is aborted (presumed abort).
    /// </summary>
    public AttemptStatus StatusOf(string attempt)
    {
        var record = Record;
        if (record is null)
        {
            return InFlightAttempt == attempt ? AttemptStatus.Pending : AttemptStatus.Aborted;
        }

        if (Data.StrandedAttempt == attempt || (Data.Retuning && (Data.RetuneFromAttempt == attempt || Data.RetuneSweepAttempt == attempt)))
        {
            return AttemptStatus.Committed;
        }

        if (record.State is LightpathState.Deleted || (record.State is LightpathState.Failed && !Data.OwesCleanup))
        {
            return AttemptStatus.Aborted;
        }

        if (record.CommittedAttempt == attempt || (record.State == LightpathState.Restoring && Data.PreviousAttempt == attempt)
            || (record.Path?.Protection is not null && Data.ProtectionAttempt == attempt))
        {
            return AttemptStatus.Committed;
        }

        return InFlightAttempt == attempt ? AttemptStatus.Pending : AttemptStatus.Aborted;
    }

    /// <summary>The render intent of a path with the lightpath's interfaces; null when an end ROADM has no transponder.</summary>
    public LightpathRenderIntent? Intent(PathCandidate path) => LightpathIntents.Of(Owner, Data, path, Topology, options.TargetOutputPowerDbm);

    /// <summary>Removes a path's configuration from the devices; null on success, else why it failed.</summary>
    public async Task<string?> ClearDevicesAsync(PathCandidate path)
    {
        if (Intent(path) is not { } intent)
        {
            return null; // never configured: nothing on the devices
        }

        return await renderer.DeleteAsync(intent, CancellationToken.None) is RenderResult.Failed failed ? failed.Failure.ToString() : null;
    }

    /// <summary>As <see cref="ClearDevicesAsync"/>, with the renderer's result (its history names each device that refused); null when never configured.</summary>
    public async Task<RenderResult?> ClearDevicesResultAsync(PathCandidate path) =>
        Intent(path) is { } intent ? await renderer.DeleteAsync(intent, CancellationToken.None) : null;

    /// <summary>Releases every claim and interface the lightpath holds (idempotent).</summary>
    public async Task ReleaseAllAsync()
    {
        var record = Record!;
        if (record.Path is not { } path)
        {
            return;
        }

        var nodes = Topology;
        var releases = new List<Task>(3) { reservation.ReleaseAsync(Owner, null, path.AllFibers()) };
        if (Data.PreviousPath is { } previous)
        {
            releases.Add(reservation.ReleaseAsync(Owner, null, previous.AllFibers()));
        }

        if (Data.StrandedPath is { } stranded)
        {
            releases.Add(reservation.ReleaseAsync(Owner, null, stranded.AllFibers()));
        }

        if (Data.StaleLeg is { } stale)
        {
            releases.Add(reservation.ReleaseAsync(Owner, Data.StaleLegAttempt, stale.Fibers));
        }

        if (nodes.TryGetTransponder(path.Nodes[0], out var s))
        {
            releases.Add(interfaces.ReleaseAsync(s, Owner));
        }

        if (nodes.TryGetTransponder(path.Nodes[^1], out var d))
        {
            releases.Add(interfaces.ReleaseAsync(d, Owner));
        }

        await Task.WhenAll(releases);
    }

    /// <summary>Records a failed cleanup: the reason, and when to try again (exponential back-off).</summary>
    public void CleanupFailed(string reason)
    {
        Data.CleanupFailures++;
        Data.CleanupFailure = reason;
        Data.CleanupRetryAt = Now + options.CleanupBackoff(Data.CleanupFailures);
    }

    public void CleanupDone()
    {
        Data.CleanupFailure = null;
        Data.CleanupFailures = 0;
        Data.CleanupRetryAt = null;
    }

    /// <summary>A new attempt id: a prefix, a counter and randomness (unique across activations).</summary>
    public static string NewAttempt(string prefix, int number) => $"{prefix}{number}-{Guid.NewGuid():N}"[..12];
}

/// <summary>What a lightpath says about one of its reservation attempts when a fibre asks.</summary>
public enum AttemptStatus
{
    Pending,
    Committed,
    Aborted,
}
