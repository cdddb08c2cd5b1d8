using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Models;
using Gnmi;
using Grpc.Core;

namespace Continuum.Pce.Southbound.Gnmi.Rendering;

/// <summary>
/// Runs render plans over gNMI (STYLE.md principle 9, DESIGN.md §7). Provisioning applies the steps in order, one
/// SetRequest per device, recording each; a step whose intent a Get already finds on the device is skipped, so
/// re-running a plan after a crash converges. On a failure the steps applied so far are undone in reverse and the result
/// names the device, the path and the gRPC status. Delete undoes every step in reverse (a delete of an absent path
/// succeeds, gnmi-specification §3.4.6, so it too is idempotent). With a <see cref="GnmiConfigMirror"/>, the Get is left
/// out for an entry the device has announced it does not have (most steps of a first provisioning).
/// </summary>
public sealed class GnmiRenderer : IDeviceRenderer
{
    private readonly IGnmiDeviceDirectory _devices;
    private readonly PortMap _ports;
    private readonly TimeProvider _time;
    private readonly GnmiConfigMirror? _mirror;

    public GnmiRenderer(IGnmiDeviceDirectory devices, PortMap? ports = null, TimeProvider? time = null, GnmiConfigMirror? mirror = null)
    {
        _devices = devices;
        _ports = ports ?? new PortMap();
        _time = time ?? TimeProvider.System;
        _mirror = mirror;
    }

    public RenderPlan Plan(LightpathRenderIntent intent) => RenderPlanBuilder.Build(intent, _ports);

    public async Task<RenderResult> ProvisionAsync(LightpathRenderIntent intent, CancellationToken cancellationToken)
    {
        // Real devices first: each device touched is discovered (once per connection) and the plan's names and mode checked
        // against it, so that a wrong profile or a mode the device lacks is refused with the reason before anything is sent.
        if (_ports is ProfiledPortMap profiled)
        {
            RenderFailure? refused;
            try
            {
                refused = await profiled.CheckAsync(intent, cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException e)
            {
                refused = new RenderFailure(intent.Source.Transponder, "/", e.StatusCode.ToString(), $"device discovery failed: {e.Status.Detail}");
            }

            if (refused is not null)
            {
                return new RenderResult.Failed(refused, RolledBack: true, [new RenderStepRecord(0, refused.Device, "check the plan against the devices", RenderStepOutcome.Failed, _time.GetUtcNow(), refused.Message)]);
            }
        }

        return await ApplyAsync(Plan(intent), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A retune (<see cref="RenderPlanBuilder.BuildRetune"/>): every step is sent, none skipped as already in place (a
    /// step that widens and one that narrows write the same paths, and re-sending converges after a crash), but each is
    /// still checked for another lightpath's content where it writes. The make-before-break channels use the index of
    /// the lightpath's name with "#retune" appended (as the protection leg uses "#protection").
    /// </summary>
    public Task<RenderResult> RetuneAsync(LightpathRenderIntent from, LightpathRenderIntent to, RetuneMethod method, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(to);
        var retuneIndex = Application.Lightpaths.PathTopology.MediaChannelIndex(new Domain.Identity.LightpathId(to.Lightpath.Value + "#retune"));
        return ApplyAsync(RenderPlanBuilder.BuildRetune(from, to, method, retuneIndex, _ports), cancellationToken, skipInPlace: false);
    }

    public Task<RenderResult> DeleteAsync(LightpathRenderIntent intent, CancellationToken cancellationToken) =>
        RemoveAsync(RenderPlanBuilder.BuildUndo(intent, _ports), cancellationToken);

    public Task<RenderResult> DeleteProtectionLegAsync(LightpathRenderIntent intent, ProtectionLeg leg, CancellationToken cancellationToken) =>
        RemoveAsync(RenderPlanBuilder.BuildLegUndo(intent, leg, _ports), cancellationToken);

    /// <summary>A manual switch (or its clearing): the APS module of each end rewritten with the new force-to-port.</summary>
    public async Task<RenderResult> SwitchProtectionAsync(LightpathRenderIntent intent, ProtectionForce force, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(intent);
        if (intent.Protection is not { } protection)
        {
            throw new ArgumentException($"lightpath {intent.Lightpath} is not 1+1 protected", nameof(intent));
        }

        var history = ImmutableArray.CreateBuilder<RenderStepRecord>();
        var step = 0;
        foreach (var end in new[] { intent.Source, intent.Destination })
        {
            var module = _ports.ProtectionSwitch(end.Transponder, end.Interface);
            var path = RenderPlanBuilder.ApsModulePath(module);
            var json = RenderPlanBuilder.ApsModule(module, protection with { Force = force }).ToJsonIetf();
            var description = $"protection switch {module}: {(force == ProtectionForce.Auto ? "automatic" : $"held on the {force.ToString().ToLowerInvariant()} leg")}";
            try
            {
                await _devices.ClientFor(end.Transponder).SetAsync(new SetRequest { Replace = { new Update { Path = GnmiPaths.Parse(path), Val = GnmiValues.JsonIetf(json) } } }, cancellationToken).ConfigureAwait(false);
                history.Add(new RenderStepRecord(step++, end.Transponder, description, RenderStepOutcome.Applied, _time.GetUtcNow()));
            }
            catch (RpcException e)
            {
                history.Add(new RenderStepRecord(step, end.Transponder, description, RenderStepOutcome.Failed, _time.GetUtcNow(), e.Status.Detail));
                return new RenderResult.Failed(new RenderFailure(end.Transponder, path, e.StatusCode.ToString(), e.Status.Detail), RolledBack: false, history.ToImmutable());
            }
        }

        return new RenderResult.Succeeded(history.ToImmutable());
    }

    /// <summary>Reads <c>state/active-path</c> of both ends' APS modules.</summary>
    public async Task<ProtectionReading> ReadProtectionAsync(LightpathRenderIntent intent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(intent);
        var source = ReadActivePathAsync(intent.Source, cancellationToken);
        var destination = ReadActivePathAsync(intent.Destination, cancellationToken);
        var (a, aError) = await source.ConfigureAwait(false);
        var (z, zError) = await destination.ConfigureAwait(false);
        return new ProtectionReading(a, z, aError ?? zError);
    }

    private async Task<(ProtectionLeg? Leg, string? Error)> ReadActivePathAsync(TransponderEnd end, CancellationToken cancellationToken)
    {
        var module = _ports.ProtectionSwitch(end.Transponder, end.Interface);
        try
        {
            var values = await _devices.ClientFor(end.Transponder).GetJsonAsync(RenderPlanBuilder.ApsModulePath(module) + "/state/active-path", GetRequest.Types.DataType.State, cancellationToken).ConfigureAwait(false);
            var text = values.Count == 0 ? null : System.Text.Json.JsonSerializer.Deserialize<string>(values[0]);
            return OpenConfigIdentities.Normalize(text ?? string.Empty) switch
            {
                OpenConfigIdentities.TransportLineProtection.PRIMARY => (ProtectionLeg.Working, null),
                OpenConfigIdentities.TransportLineProtection.SECONDARY => (ProtectionLeg.Protection, null),
                _ => (null, $"{end.Transponder} {module}: no active path reported"),
            };
        }
        catch (RpcException e)
        {
            return (null, $"{end.Transponder} {module}: {e.StatusCode} {e.Status.Detail}");
        }
    }

    public async Task<RenderResult> ApplyAsync(RenderPlan plan, CancellationToken cancellationToken, bool skipInPlace = true)
    {
        var history = ImmutableArray.CreateBuilder<RenderStepRecord>();
        var applied = new List<int>();

        // The reads that compare intent with each device run together; the writes then go in order, one device at a time.
        var comparisons = plan.Steps.Select(step => CompareAsync(_devices.ClientFor(step.Device), step, _mirror, cancellationToken)).ToArray();
        try
        {
            for (var i = 0; i < plan.Steps.Length; i++)
            {
                if (await ApplyStepAsync(plan, i, comparisons[i], applied, history, skipInPlace, cancellationToken).ConfigureAwait(false) is { } failed)
                {
                    return failed;
                }
            }
        }
        finally
        {
            // Reads left behind by an early return: observe their faults.
            _ = Task.WhenAll(comparisons).ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }

        return new RenderResult.Succeeded(history.ToImmutable());
    }

    private async Task<RenderResult.Failed?> ApplyStepAsync(
        RenderPlan plan,
        int i,
        Task<(bool InPlace, RenderFailure? Conflict)> comparison,
        List<int> applied,
        ImmutableArray<RenderStepRecord>.Builder history,
        bool skipInPlace,
        CancellationToken cancellationToken)
    {
        var step = plan.Steps[i];
        var client = _devices.ClientFor(step.Device);
        try
        {
            var (inPlace, conflict) = await comparison.ConfigureAwait(false);
            if (conflict is not null)
            {
                // Another lightpath's configuration sits where this step would write: refuse rather than overwrite.
                history.Add(Record(i, step, RenderStepOutcome.Failed, conflict.Message));
                var rolledBackAll = await RollBackAsync(plan, applied, history).ConfigureAwait(false);
                return new RenderResult.Failed(conflict, rolledBackAll, history.ToImmutable());
            }

            if (inPlace && skipInPlace)
            {
                history.Add(Record(i, step, RenderStepOutcome.AlreadyInPlace));
            }
            else
            {
                await client.SetAsync(step.Apply.Clone(), cancellationToken).ConfigureAwait(false);
                history.Add(Record(i, step, RenderStepOutcome.Applied));
            }

            applied.Add(i);
        }
        catch (RpcException e)
        {
            history.Add(Record(i, step, RenderStepOutcome.Failed, e.Status.Detail));
            var failure = new RenderFailure(step.Device, step.PrimaryPath, e.StatusCode.ToString(), e.Status.Detail);
            var rolledBack = await RollBackAsync(plan, applied, history).ConfigureAwait(false);
            return new RenderResult.Failed(failure, rolledBack, history.ToImmutable());
        }

        return null;
    }

    public async Task<RenderResult> RemoveAsync(RenderPlan plan, CancellationToken cancellationToken)
    {
        var history = ImmutableArray.CreateBuilder<RenderStepRecord>();
        RenderFailure? first = null;
        for (var i = plan.Steps.Length - 1; i >= 0; i--)
        {
            var step = plan.Steps[i];
            try
            {
                await _devices.ClientFor(step.Device).SetAsync(step.Undo.Clone(), cancellationToken).ConfigureAwait(false);
                _mirror?.Removed(step.Device, step.Intent.Select(intent => intent.Path));
                history.Add(Record(i, step, RenderStepOutcome.Removed));
            }
            catch (RpcException e)
            {
                history.Add(Record(i, step, RenderStepOutcome.RemoveFailed, e.Status.Detail));
                first ??= new RenderFailure(step.Device, step.PrimaryPath, e.StatusCode.ToString(), e.Status.Detail);
            }
        }

        return first is null ? new RenderResult.Succeeded(history.ToImmutable()) : new RenderResult.Failed(first, false, history.ToImmutable());
    }

    /// <summary>Undoes the applied steps in reverse. It runs even when the caller gave up, so it takes no cancellation.</summary>
    private async Task<bool> RollBackAsync(RenderPlan plan, List<int> applied, ImmutableArray<RenderStepRecord>.Builder history)
    {
        var all = true;
        for (var k = applied.Count - 1; k >= 0; k--)
        {
            var step = plan.Steps[applied[k]];
            try
            {
                await _devices.ClientFor(step.Device).SetAsync(step.Undo.Clone(), CancellationToken.None).ConfigureAwait(false);
                _mirror?.Removed(step.Device, step.Intent.Select(intent => intent.Path));
                history.Add(Record(applied[k], step, RenderStepOutcome.RolledBack));
            }
            catch (RpcException e)
            {
                all = false;
                history.Add(Record(applied[k], step, RenderStepOutcome.RollbackFailed, e.Status.Detail));
            }
        }

        return all;
    }

    /// <summary>
    /// Compares the step's intent with the device (Get, CONFIG): in place when every intended leaf is present with the
    /// same value; a conflict when a path holds content owned by another lightpath. An entry the mirror knows to be absent
    /// is not read: the step is not in place and nothing there can conflict.
    /// </summary>
    private static async Task<(bool InPlace, RenderFailure? Conflict)> CompareAsync(GnmiClient client, RenderStep step, GnmiConfigMirror? mirror, CancellationToken cancellationToken)
    {
        mirror?.Watch(step.Device);
        var inPlace = true;
        foreach (var intent in step.Intent)
        {
            if (mirror is not null && mirror.IsKnownAbsent(step.Device, intent.Path))
            {
                inPlace = false;
                continue;
            }

            // Every update of every notification: a target that answers leaf by leaf puts the owner's name in a
            // later update than the first (issue 21: reading only the first let foreign configuration be overwritten).
            JsonNode? tree;
            try
            {
                tree = await client.GetTreeAsync(intent.Path, GetRequest.Types.DataType.Config, cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                inPlace = false;
                continue;
            }

            if (tree is null)
            {
                inPlace = false;
                continue;
            }

            var actual = tree.ToJsonString();
            if (intent.OwnerOf is { } ownerOf && ownerOf(actual) is { } owner && owner != ownerOf(intent.Json))
            {
                return (false, new RenderFailure(step.Device, intent.Path, nameof(StatusCode.AlreadyExists), $"{intent.Path} is in use by '{owner}'"));
            }

            var desired = JsonNode.Parse(intent.Canonicalise(intent.Json));
            var found = JsonNode.Parse(intent.Canonicalise(actual));
            inPlace &= JsonSubset.Contains(found, desired);
        }

        return (inPlace, null);
    }

    private RenderStepRecord Record(int index, RenderStep step, RenderStepOutcome outcome, string? detail = null) =>
        new(index, step.Device, step.Description, outcome, _time.GetUtcNow(), detail);
}

/// <summary>"Desired is contained in actual" over JSON trees, by local member name (module prefixes ignored).</summary>
public static class JsonSubset
{
    public static bool Contains(JsonNode? actual, JsonNode? desired)
    {
        switch (desired)
        {
            case null:
                return true;
            case JsonObject d:
                {
                    if (actual is not JsonObject a)
                    {
                        return false;
                    }

                    foreach (var member in d)
                    {
                        var local = YangJson.LocalName(member.Key);
                        var match = a.FirstOrDefault(m => YangJson.LocalName(m.Key) == local);
                        if (match.Key is null || !Contains(match.Value, member.Value))
                        {
                            return false;
                        }
                    }

                    return true;
                }

            case JsonArray items:
                return actual is JsonArray list && items.All(item => list.Any(candidate => Contains(candidate, item)));
            default:
                return actual is JsonValue && actual.ToJsonString() == desired.ToJsonString();
        }
    }
}
