using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Continuum.Pce.Domain.Identity;
using Gnmi;
using Grpc.Core;

namespace Continuum.Pce.Southbound.Gnmi.Rendering;

/// <summary>What discovery found on a device: its components, its operational modes (id → description), its encodings and models.</summary>
/// <param name="Components">Every component name under <c>/components</c>.</param>
/// <param name="Modes">The advertised operational modes (<c>/terminal-device/operational-modes</c>); empty when the device advertises none.</param>
/// <param name="Encodings">The encodings its Capabilities offer.</param>
/// <param name="Models">The models its Capabilities list, "name@version".</param>
/// <param name="Generation">The client connection this was read on (<see cref="GnmiClient.Generation"/>).</param>
public sealed record DeviceInventory(
    IReadOnlySet<string> Components,
    IReadOnlyDictionary<ushort, string> Modes,
    IReadOnlyList<Encoding> Encodings,
    IReadOnlyList<string> Models,
    int Generation);

/// <summary>
/// Discovers devices (issue 25): on first use of a device, and again after its client reconnected (the device may have
/// restarted with other software), reads its Capabilities, the names under <c>/components</c> and its advertised
/// operational modes. The port map checks names and modes against it before a plan is sent.
/// </summary>
public sealed class DeviceDiscovery(IGnmiDeviceDirectory devices)
{
    private readonly ConcurrentDictionary<NodeId, Task<DeviceInventory>> _inventories = new();

    /// <summary>The inventory read so far (null before the first discovery).</summary>
    public DeviceInventory? Known(NodeId device) =>
        _inventories.TryGetValue(device, out var task) && task.IsCompletedSuccessfully ? task.Result : null;

    /// <summary>The device's inventory: the cached one while its client's connection is the one it was read on, else read again.</summary>
    public async Task<DeviceInventory> DiscoverAsync(NodeId device, CancellationToken cancellationToken)
    {
        var client = devices.ClientFor(device);
        while (true)
        {
            var task = _inventories.GetOrAdd(device, d => ReadAsync(client, cancellationToken));
            DeviceInventory inventory;
            try
            {
                inventory = await task.ConfigureAwait(false);
            }
            catch
            {
                _inventories.TryRemove(new KeyValuePair<NodeId, Task<DeviceInventory>>(device, task));
                throw;
            }

            if (inventory.Generation == client.Generation)
            {
                return inventory;
            }

            // Reconnected since: read it again.
            _inventories.TryRemove(new KeyValuePair<NodeId, Task<DeviceInventory>>(device, task));
        }
    }

    /// <summary>Forgets a device (its next use discovers it again).</summary>
    public void Forget(NodeId device) => _inventories.TryRemove(device, out _);

    private static async Task<DeviceInventory> ReadAsync(GnmiClient client, CancellationToken cancellationToken)
    {
        var capabilities = await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
        var generation = client.Generation;
        var components = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in await ReadListKeysAsync(client, "/components", "component", "name", GetRequest.Types.DataType.Config, cancellationToken).ConfigureAwait(false))
        {
            components.Add(name.Key);
        }

        var modes = new Dictionary<ushort, string>();
        foreach (var (id, entry) in await ReadListKeysAsync(client, "/terminal-device/operational-modes", "mode", "mode-id", GetRequest.Types.DataType.State, cancellationToken).ConfigureAwait(false))
        {
            if (ushort.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var modeId))
            {
                modes[modeId] = Member(Member(entry, "state"), "description")?.ToString() ?? string.Empty;
            }
        }

        return new DeviceInventory(
            components,
            modes,
            [.. capabilities.SupportedEncodings],
            [.. capabilities.SupportedModels.Select(m => $"{m.Name}@{m.Version}")],
            generation);
    }

    /// <summary>The entries of list <paramref name="list"/> under <paramref name="path"/> by key; none when the path is absent.</summary>
    private static async Task<IReadOnlyList<(string Key, JsonObject Entry)>> ReadListKeysAsync(GnmiClient client, string path, string list, string key, GetRequest.Types.DataType type, CancellationToken cancellationToken)
    {
        JsonNode? tree;
        try
        {
            tree = await client.GetTreeAsync(path, type, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            return [];
        }

        if (Member(tree, list) is not JsonArray entries)
        {
            return [];
        }

        return [.. entries.OfType<JsonObject>().Select(e => (Text(Member(e, key)), e)).Where(e => e.Item1.Length > 0)];
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
