using System.Text.Json.Nodes;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Identity;
using Gnmi;
using Grpc.Core;

namespace Continuum.Pce.Southbound.Gnmi.Rendering;

/// <summary>How a device departs from what the controller intends.</summary>
public enum DriftKind
{
    /// <summary>An entry the lightpath needs is not on the device.</summary>
    Missing,

    /// <summary>The entry is there with other values.</summary>
    Different,

    /// <summary>The entry at the lightpath's path belongs to someone else (never overwritten by a repair).</summary>
    Foreign,

    /// <summary>An entry the controller created (by its naming) for a lightpath that no longer lives.</summary>
    Orphan,
}

/// <summary>One difference between intent and device.</summary>
/// <param name="Lightpath">The lightpath concerned (its key): the one whose entry is missing, different or blocked by a
/// foreign entry, or the owner of an orphan; null for a foreign entry in nobody's way.</param>
public sealed record DriftFinding(NodeId Device, string Path, DriftKind Kind, string? Lightpath, string Detail)
{
    /// <summary>
    /// Whether this is the controller's drift (alarmed, repairable): everything but a foreign entry that stands in no
    /// lightpath's way, which is only reported.
    /// </summary>
    public bool IsDrift => Kind != DriftKind.Foreign || Lightpath is not null;
}

/// <summary>What the store says of the lightpath that owns an entry (by <see cref="DriftOwnership"/>).</summary>
public enum OwnerStatus
{
    /// <summary>No such lightpath, or it has ended (deleted, failed with nothing owed): its entries are orphans.</summary>
    Gone,

    /// <summary>Active or Degraded with nothing owed: its intent is compared; its entries outside that intent are orphans.</summary>
    Settled,

    /// <summary>In the middle of an operation (provisioning, deleting, restoring, a cleanup owed): left alone this time.</summary>
    Busy,
}

/// <summary>The outcome of inspecting one device: the findings, how many intended entries were compared, and how many
/// entries were left alone because their lightpath was in the middle of an operation.</summary>
public sealed record DeviceInspection(NodeId Device, IReadOnlyList<DriftFinding> Findings, int Compared, int Busy);

/// <summary>
/// Compares intended configuration with the devices (issue 25, reconciliation): for a live lightpath, every path its
/// render plan writes is read back (Get, CONFIG) and judged missing, different or foreign; on a device
/// (<see cref="InspectDeviceAsync"/>), entries the controller owns (<see cref="DriftOwnership"/>) that no live lightpath
/// intends are orphans. Repair re-applies a lightpath's plan (the renderer skips what is in place) and removes orphans;
/// anything the controller does not own is never touched.
/// </summary>
public sealed class DriftInspector(IGnmiDeviceDirectory devices, PortMap ports)
{
    private const string MediaChannels = "/wavelength-router/media-channels";
    private const string LogicalChannels = "/terminal-device/logical-channels";
    private const string ApsModules = "/aps/aps-modules";

    /// <summary>
    /// Inspects one device against every settled lightpath that crosses it (<paramref name="intended"/>), reading each of
    /// its lists once (media channels on a ROADM; logical channels and APS modules on a transponder; an optical channel's
    /// settings one by one): intended entries absent (<see cref="DriftKind.Missing"/>), with other values
    /// (<see cref="DriftKind.Different"/>, naming each leaf) or held by another owner (<see cref="DriftKind.Foreign"/>
    /// with the blocked lightpath); entries the controller owns (<see cref="DriftOwnership"/>) that no lightpath intends
    /// (<see cref="DriftKind.Orphan"/>), unless <paramref name="owners"/> says their lightpath is busy; everything else
    /// foreign (reported only).
    /// </summary>
    public async Task<DeviceInspection> InspectDeviceAsync(NodeId device, bool roadm, IReadOnlyCollection<LightpathRenderIntent> intended, Func<string, OwnerStatus> owners, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(intended);
        ArgumentNullException.ThrowIfNull(owners);
        if (!roadm && ports is ProfiledPortMap profiled)
        {
            // The transponder's own mode ids (an optical channel's operational-mode) come from its discovery.
            await profiled.DiscoverAsync(device, cancellationToken).ConfigureAwait(false);
        }

        var wanted = new Dictionary<string, (PathIntent Intent, string Lightpath)>(StringComparer.Ordinal);
        foreach (var intent in intended)
        {
            foreach (var step in RenderPlanBuilder.Build(intent, ports).Steps)
            {
                if (step.Device == device)
                {
                    foreach (var path in step.Intent)
                    {
                        wanted[path.Path] = (path, intent.Lightpath.Value);
                    }
                }
            }
        }

        var client = devices.ClientFor(device);
        var listed = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var media = roadm ? await ListAsync(client, MediaChannels, "channel", "index", cancellationToken).ConfigureAwait(false) : [];
        var logical = roadm ? [] : await ListAsync(client, LogicalChannels, "channel", "index", cancellationToken).ConfigureAwait(false);
        var aps = roadm ? [] : await ListAsync(client, ApsModules, "aps-module", "name", cancellationToken).ConfigureAwait(false);
        foreach (var (key, entry) in media)
        {
            listed[$"{MediaChannels}/channel[index={key}]"] = entry;
        }

        foreach (var (key, entry) in logical)
        {
            listed[$"{LogicalChannels}/channel[index={key}]"] = entry;
        }

        foreach (var (key, entry) in aps)
        {
            listed[RenderPlanBuilder.ApsModulePath(key)] = entry;
        }

        var findings = new List<DriftFinding>();
        foreach (var (path, (want, lightpath)) in wanted.OrderBy(w => w.Key, StringComparer.Ordinal))
        {
            string? actual;
            if (path.StartsWith(MediaChannels, StringComparison.Ordinal) || path.StartsWith(LogicalChannels, StringComparison.Ordinal) || path.StartsWith(ApsModules, StringComparison.Ordinal))
            {
                actual = listed.TryGetValue(path, out var entry) ? entry.ToJsonString() : null;
            }
            else
            {
                actual = await ReadAsync(client, path, cancellationToken).ConfigureAwait(false);
            }

            if (Judge(device, want, actual, lightpath) is { } finding)
            {
                findings.Add(finding);
            }
        }

        var busy = 0;
        foreach (var (key, entry) in media)
        {
            var path = $"{MediaChannels}/channel[index={key}]";
            if (wanted.ContainsKey(path))
            {
                continue;
            }

            var name = Text(Member(Member(entry, "config"), "name"));
            var owner = uint.TryParse(key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) ? DriftOwnership.MediaChannelOwner(index, name) : null;
            switch (owner is null ? (OwnerStatus?)null : owners(owner))
            {
                case null:
                    findings.Add(new DriftFinding(device, path, DriftKind.Foreign, null, $"media channel {key} '{name}' was not created by the controller"));
                    break;
                case OwnerStatus.Busy:
                    busy++;
                    break;
                case var status:
                    findings.Add(new DriftFinding(device, path, DriftKind.Orphan, owner, $"media channel '{name}' of lightpath {owner}, which {(status == OwnerStatus.Settled ? "does not use this device's entry (left by an earlier path)" : "does not live")}"));
                    break;
            }
        }

        var orphanInterfaces = new Dictionary<int, string>();
        foreach (var (key, entry) in logical)
        {
            var path = $"{LogicalChannels}/channel[index={key}]";
            if (wanted.ContainsKey(path))
            {
                continue;
            }

            var description = Text(Member(Member(entry, "config"), "description"));
            var owned = uint.TryParse(key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) ? DriftOwnership.LogicalChannelOwner(device, index, description, ports) : null;
            switch (owned is null ? (OwnerStatus?)null : owners(owned.Value.Owner))
            {
                case null:
                    findings.Add(new DriftFinding(device, path, DriftKind.Foreign, null, $"logical channel {key} '{description}' was not created by the controller"));
                    break;
                case OwnerStatus.Busy:
                    busy++;
                    break;
                case var status:
                    var (owner, @interface, line) = owned!.Value;
                    findings.Add(new DriftFinding(device, path, DriftKind.Orphan, owner, $"logical channel '{description}' of lightpath {owner}, which {(status == OwnerStatus.Settled ? "does not use this interface" : "does not live")}"));
                    if (line)
                    {
                        orphanInterfaces[@interface] = owner;
                        var och = RenderPlanBuilder.OpticalChannelConfigPath(ports.OpticalChannel(device, @interface));
                        if (!wanted.ContainsKey(och) && await ReadAsync(client, och, cancellationToken).ConfigureAwait(false) is { } settings && settings.Contains("frequency", StringComparison.Ordinal))
                        {
                            findings.Add(new DriftFinding(device, och, DriftKind.Orphan, owner, $"settings of optical channel {ports.OpticalChannel(device, @interface)}, which the orphan line channel {key} is assigned to"));
                        }
                    }

                    break;
            }
        }

        foreach (var (name, _) in aps)
        {
            var path = RenderPlanBuilder.ApsModulePath(name);
            if (wanted.ContainsKey(path))
            {
                continue;
            }

            var owner = orphanInterfaces.FirstOrDefault(i => ports.ProtectionSwitch(device, i.Key) == name);
            findings.Add(owner.Value is not null
                ? new DriftFinding(device, path, DriftKind.Orphan, owner.Value, $"protection switch {name} of interface {owner.Key}, whose logical channels are orphans of lightpath {owner.Value}")
                : new DriftFinding(device, path, DriftKind.Foreign, null, $"APS module '{name}' is not the protection switch of a controller-owned interface"));
        }

        return new DeviceInspection(device, [.. findings.OrderBy(f => f.Kind).ThenBy(f => f.Path, StringComparer.Ordinal)], wanted.Count, busy);
    }

    /// <summary>How one intended entry compares with what the device holds at its path (null: in place).</summary>
    private static DriftFinding? Judge(NodeId device, PathIntent wanted, string? actual, string lightpath)
    {
        if (actual is null)
        {
            return new DriftFinding(device, wanted.Path, DriftKind.Missing, lightpath, "not on the device");
        }

        try
        {
            if (wanted.OwnerOf is { } ownerOf && ownerOf(actual) is { } owner && owner != ownerOf(wanted.Json))
            {
                return new DriftFinding(device, wanted.Path, DriftKind.Foreign, lightpath, $"held by '{owner}': the lightpath's entry cannot be written there");
            }

            var have = JsonNode.Parse(wanted.Canonicalise(actual));
            var want = JsonNode.Parse(wanted.Canonicalise(wanted.Json));
            return JsonSubset.Contains(have, want)
                ? null
                : new DriftFinding(device, wanted.Path, DriftKind.Different, lightpath, string.Join("; ", JsonLeafDifferences.Of(have, want).Take(8)));
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or InvalidOperationException or ArgumentException or OverflowException)
        {
            return new DriftFinding(device, wanted.Path, DriftKind.Different, lightpath, $"the device's entry does not read: {e.Message}");
        }
    }

    private static async Task<string?> ReadAsync(GnmiClient client, string path, CancellationToken cancellationToken)
    {
        try
        {
            return (await client.GetTreeAsync(path, GetRequest.Types.DataType.Config, cancellationToken).ConfigureAwait(false))?.ToJsonString();
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>The entries of a list by key (none when the container is absent).</summary>
    private static async Task<IReadOnlyList<(string Key, JsonObject Entry)>> ListAsync(GnmiClient client, string path, string list, string key, CancellationToken cancellationToken)
    {
        JsonNode? tree;
        try
        {
            tree = await client.GetTreeAsync(path, GetRequest.Types.DataType.Config, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.NotFound)
        {
            return [];
        }

        return Member(tree, list) is JsonArray entries
            ? [.. entries.OfType<JsonObject>().Select(e => (Text(Member(e, key)), e)).Where(e => e.Item1.Length > 0)]
            : [];
    }

    /// <summary>The differences between the lightpath's intent and its devices (none: in place).</summary>
    public async Task<IReadOnlyList<DriftFinding>> InspectAsync(LightpathRenderIntent intent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(intent);
        var findings = new List<DriftFinding>();
        var lightpath = intent.Lightpath.Value;
        foreach (var step in RenderPlanBuilder.Build(intent, ports).Steps)
        {
            var client = devices.ClientFor(step.Device);
            foreach (var wanted in step.Intent)
            {
                JsonNode? tree;
                try
                {
                    tree = await client.GetTreeAsync(wanted.Path, GetRequest.Types.DataType.Config, cancellationToken).ConfigureAwait(false);
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
                {
                    tree = null;
                }

                if (tree is null)
                {
                    findings.Add(new DriftFinding(step.Device, wanted.Path, DriftKind.Missing, lightpath, "not on the device"));
                    continue;
                }

                if (Judge(step.Device, wanted, tree.ToJsonString(), lightpath) is { } finding)
                {
                    findings.Add(finding);
                }
            }
        }

        return findings;
    }

    /// <summary>Removes orphans (only orphans: a finding of another kind is refused).</summary>
    public async Task RemoveAsync(IEnumerable<DriftFinding> orphans, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orphans);
        foreach (var group in orphans.GroupBy(o => o.Device))
        {
            var request = new SetRequest();
            foreach (var orphan in group)
            {
                if (orphan.Kind != DriftKind.Orphan)
                {
                    throw new ArgumentException($"only orphans are removed; {orphan.Path} on {orphan.Device} is {orphan.Kind}", nameof(orphans));
                }

                request.Delete.Add(GnmiPaths.Parse(orphan.Path));
            }

            await devices.ClientFor(group.Key).SetAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }

    private static JsonNode? Member(JsonNode? node, string name) =>
        node is JsonObject o ? o.FirstOrDefault(m => Models.YangJson.LocalName(m.Key) == name).Value : null;

    private static string Text(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        null => string.Empty,
        _ => node.ToJsonString(),
    };
}
