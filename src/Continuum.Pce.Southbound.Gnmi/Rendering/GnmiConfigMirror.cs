using System.Text;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Models;
using Gnmi;
using Grpc.Core;
using GnmiPath = Gnmi.Path;

namespace Continuum.Pce.Southbound.Gnmi.Rendering;

/// <summary>
/// Which of the entries render plans write exist on each device (media channels, logical channels, optical-channel
/// settings), kept by one Subscribe STREAM per device, ON_CHANGE on a leaf every such entry has. The renderer consults it
/// before comparing a step with a device: an entry the mirror knows to be absent is written without reading it first;
/// an entry it knows to be present, or any entry of a device whose stream has not synchronised (first use, reconnecting,
/// refused), is read with a Get as before. So conflicts with another lightpath's entry or with configuration made
/// outside the controller are still found as soon as the device has announced them, and re-running a plan after a crash
/// still skips what is in place. What the mirror cannot see is an entry written by someone else after the device's last
/// notification; a Get followed by a Set has the same kind of window, only shorter.
/// </summary>
public sealed class GnmiConfigMirror : IAsyncDisposable, IDisposable
{
    /// <summary>The leaves watched: each names one entry a render step writes, and is present whenever that entry is.</summary>
    public static readonly IReadOnlyList<string> Paths =
    [
        "/wavelength-router/media-channels/channel/config/name",
        "/terminal-device/logical-channels/channel/config/description",
        "/components/component/optical-channel/config/frequency",
    ];

    private readonly IGnmiDeviceDirectory _devices;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private readonly Dictionary<NodeId, DeviceEntries> _mirrors = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public GnmiConfigMirror(IGnmiDeviceDirectory devices)
    {
        _devices = devices;
    }

    /// <summary>Starts watching the device if it is not watched yet (idempotent and cheap: the renderer calls it for every step).</summary>
    public void Watch(NodeId device)
    {
        lock (_lock)
        {
            if (_stopping.IsCancellationRequested || _mirrors.ContainsKey(device))
            {
                return;
            }

            var entries = new DeviceEntries();
            _mirrors[device] = entries;
            entries.Watching = Task.Run(() => WatchAsync(device, entries, _stopping.Token));
        }
    }

    /// <summary>Completes when the next notification, sync_response or reconnect of any device has been taken in (for tests and tools).</summary>
    public Task NextChangeAsync()
    {
        lock (_lock)
        {
            return _changed.Task;
        }
    }

    /// <summary>Whether the device's stream is synchronised (its initial snapshot received and no reconnect since).</summary>
    public bool IsSynchronised(NodeId device)
    {
        lock (_lock)
        {
            return _mirrors.TryGetValue(device, out var entries) && entries.Synchronised;
        }
    }

    /// <summary>True only when the device is synchronised and announced no entry at <paramref name="entryPath"/> (a path a render step writes).</summary>
    public bool IsKnownAbsent(NodeId device, string entryPath)
    {
        var key = EntryKey(GnmiPaths.Parse(entryPath));
        lock (_lock)
        {
            return key is not null && _mirrors.TryGetValue(device, out var entries) && entries.Synchronised && !entries.Present.Contains(key);
        }
    }

    /// <summary>
    /// Records that the controller itself removed these entries (a step's undo succeeded), so the next lightpath on the same
    /// interface need not wait for the device's notification. A notification still in flight that shows them present only
    /// costs that lightpath a Get.
    /// </summary>
    public void Removed(NodeId device, IEnumerable<string> entryPaths)
    {
        lock (_lock)
        {
            if (!_mirrors.TryGetValue(device, out var entries))
            {
                return;
            }

            foreach (var path in entryPaths)
            {
                if (EntryKey(GnmiPaths.Parse(path)) is { } key)
                {
                    entries.Present.Remove(key);
                }
            }
        }
    }

    private async Task WatchAsync(NodeId device, DeviceEntries entries, CancellationToken cancellationToken)
    {
        var list = new SubscriptionList(); // in the device's encoding (GnmiClient)
        foreach (var path in Paths)
        {
            list.Subscription.Add(new Subscription { Path = GnmiPaths.Parse(path), Mode = SubscriptionMode.OnChange });
        }

        try
        {
            var client = _devices.ClientFor(device);
            await foreach (var response in client.SubscribeStreamAsync(list, (_, _) => Reset(entries), cancellationToken).ConfigureAwait(false))
            {
                lock (_lock)
                {
                    if (response.ResponseCase == SubscribeResponse.ResponseOneofCase.SyncResponse)
                    {
                        entries.Synchronised = response.SyncResponse;
                    }
                    else if (response.ResponseCase == SubscribeResponse.ResponseOneofCase.Update)
                    {
                        Apply(entries, response.Update);
                    }

                    Pulse();
                }
            }
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: whatever the cancelled stream ends with (OperationCanceledException, or an HTTP/2 error such as a
            // keep-alive ping timeout of the connection being torn down) is not a failure, and must not escape disposal.
        }
        catch (Exception e) when (e is RpcException or IOException or HttpRequestException or ObjectDisposedException)
        {
            // A status retrying cannot fix (the device refuses the subscription), or a transport failure the client did
            // not retry: this device is always read with Gets.
        }
        finally
        {
            Reset(entries);
        }
    }

    private void Reset(DeviceEntries entries)
    {
        lock (_lock)
        {
            entries.Synchronised = false;
            entries.Present.Clear();
            Pulse();
        }
    }

    /// <summary>Call under the lock.</summary>
    private void Pulse()
    {
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }

    /// <summary>Deletes first, then updates, as a target applies them within one notification.</summary>
    private static void Apply(DeviceEntries entries, Notification notification)
    {
        foreach (var deleted in notification.Delete)
        {
            var path = GnmiPaths.Join(notification.Prefix, deleted);
            if (EntryKey(path) is { } key)
            {
                entries.Present.Remove(key);
            }
            else
            {
                // A container above the entries went (all media channels, say): every entry under it did too.
                var above = Text(path, path.Elem.Count);
                entries.Present.RemoveWhere(k => k.StartsWith(above, StringComparison.Ordinal));
            }
        }

        foreach (var update in notification.Update)
        {
            if (EntryKey(GnmiPaths.Join(notification.Prefix, update.Path)) is { } key)
            {
                entries.Present.Add(key);
            }
        }
    }

    /// <summary>The entry a path lies in (local names, keys in order), or null when the path is above every entry or elsewhere.</summary>
    public static string? EntryKey(GnmiPath path)
    {
        if (path.Elem.Count < 3)
        {
            return null;
        }

        var first = YangJson.LocalName(path.Elem[0].Name);
        var second = YangJson.LocalName(path.Elem[1].Name);
        var depth = (first, second) switch
        {
            ("wavelength-router", "media-channels") or ("terminal-device", "logical-channels") when YangJson.LocalName(path.Elem[2].Name) == "channel" && path.Elem[2].Key.Count > 0 => 3,
            ("components", "component") when path.Elem[1].Key.Count > 0 && path.Elem.Count >= 4
                && YangJson.LocalName(path.Elem[2].Name) == "optical-channel" && YangJson.LocalName(path.Elem[3].Name) == "config" => 4,
            _ => 0,
        };
        return depth == 0 ? null : Text(path, depth);
    }

    private static string Text(GnmiPath path, int depth)
    {
        var text = new StringBuilder();
        for (var i = 0; i < depth && i < path.Elem.Count; i++)
        {
            var elem = path.Elem[i];
            text.Append('/').Append(YangJson.LocalName(elem.Name));
            foreach (var key in elem.Key.OrderBy(k => k.Key, StringComparer.Ordinal))
            {
                text.Append('[').Append(key.Key).Append('=').Append(key.Value).Append(']');
            }
        }

        return text.ToString();
    }

    /// <summary>For containers disposed synchronously: the watches end as soon as they are cancelled.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        Task[] watching;
        lock (_lock)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            _stopping.Cancel();
            watching = [.. _mirrors.Values.Select(m => m.Watching).OfType<Task>()];
        }

        try
        {
            await Task.WhenAll(watching).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // A watch that failed has already fallen back to Gets; at disposal its failure is of no use to anyone.
        }

        _stopping.Dispose();
    }

    private sealed class DeviceEntries
    {
        public HashSet<string> Present { get; } = new(StringComparer.Ordinal);

        public bool Synchronised { get; set; }

        public Task? Watching { get; set; }
    }
}
