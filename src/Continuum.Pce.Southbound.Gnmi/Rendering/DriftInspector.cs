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
public sealed record DriftFinding(NodeId Device, string Path, DriftKind Kind, string? Lightpath, string Detail);

/// <summary>
/// Compares intended configuration with the devices (issue 25, reconciliation): for a live lightpath, every path its
/// render plan writes is read back (Get, CONFIG) and judged missing, different or foreign; on a device, entries the
/// controller created — media channels named "{lightpath}-az|za", logical channels described "{lightpath} client|line" —
/// whose lightpath is not live are orphans. Repair re-applies a lightpath's plan (the renderer skips what is in place)
/// and removes orphans; anything not created by the controller is never touched.
/// </summary>
public sealed class DriftInspector(IGnmiDeviceDirectory devices, PortMap ports)
{
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

                var actual = tree.ToJsonString();
                if (wanted.OwnerOf is { } ownerOf && ownerOf(actual) is { } owner && owner != ownerOf(wanted.Json))
                {
                    findings.Add(new DriftFinding(step.Device, wanted.Path, DriftKind.Foreign, lightpath, $"held by '{owner}'"));
                }
                else if (!JsonSubset.Contains(JsonNode.Parse(wanted.Canonicalise(actual)), JsonNode.Parse(wanted.Canonicalise(wanted.Json))))
                {
                    findings.Add(new DriftFinding(step.Device, wanted.Path, DriftKind.Different, lightpath, $"device holds {actual}"));
                }
            }
        }

        return findings;
    }

    /// <summary>Entries the controller created on <paramref name="device"/> for lightpaths not in <paramref name="live"/>.</summary>
    public async Task<IReadOnlyList<DriftFinding>> OrphansAsync(NodeId device, IReadOnlySet<string> live, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(live);
        var client = devices.ClientFor(device);
        var findings = new List<DriftFinding>();
        foreach (var (entry, index) in await EntriesAsync(client, "/wavelength-router/media-channels", cancellationToken).ConfigureAwait(false))
        {
            var name = Text(Member(Member(entry, "config"), "name"));
            if (OwnerOf(name, "-az", "-za") is { } owner && !live.Contains(owner))
            {
                findings.Add(new DriftFinding(device, RenderPlanBuilder.MediaChannelPath(index), DriftKind.Orphan, owner, $"media channel '{name}' of a lightpath that does not live"));
            }
        }

        foreach (var (entry, index) in await EntriesAsync(client, "/terminal-device/logical-channels", cancellationToken).ConfigureAwait(false))
        {
            var description = Text(Member(Member(entry, "config"), "description"));
            if (OwnerOf(description, " client", " line") is { } owner && !live.Contains(owner))
            {
                findings.Add(new DriftFinding(device, RenderPlanBuilder.LogicalChannelPath(index), DriftKind.Orphan, owner, $"logical channel '{description}' of a lightpath that does not live"));
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

    private static string? OwnerOf(string text, string first, string second) =>
        text.EndsWith(first, StringComparison.Ordinal) ? text[..^first.Length]
        : text.EndsWith(second, StringComparison.Ordinal) ? text[..^second.Length]
        : null;

    private static async Task<IReadOnlyList<(JsonObject Entry, uint Index)>> EntriesAsync(GnmiClient client, string path, CancellationToken cancellationToken)
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

        return Member(tree, "channel") is JsonArray entries
            ? [.. entries.OfType<JsonObject>().Select(e => (e, uint.TryParse(Text(Member(e, "index")), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i) ? i : 0u)).Where(e => e.Item2 > 0)]
            : [];
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
