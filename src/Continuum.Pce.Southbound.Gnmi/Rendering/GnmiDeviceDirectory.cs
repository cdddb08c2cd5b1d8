using Continuum.Pce.Domain.Identity;

namespace Continuum.Pce.Southbound.Gnmi.Rendering;

/// <summary>Finds the gNMI client of a device (adapters per device model live behind it).</summary>
public interface IGnmiDeviceDirectory
{
    GnmiClient ClientFor(NodeId device);
}

/// <summary>A directory from per-device options; clients are created on first use and shared.</summary>
public sealed class GnmiDeviceDirectory : IGnmiDeviceDirectory, IAsyncDisposable, IDisposable
{
    private readonly Func<NodeId, GnmiDeviceOptions> _options;
    private readonly TimeProvider _time;
    private readonly Dictionary<NodeId, GnmiClient> _clients = [];
    private readonly Lock _lock = new();

    public GnmiDeviceDirectory(Func<NodeId, GnmiDeviceOptions> options, TimeProvider? time = null)
    {
        _options = options;
        _time = time ?? TimeProvider.System;
    }

    public GnmiClient ClientFor(NodeId device)
    {
        lock (_lock)
        {
            if (!_clients.TryGetValue(device, out var client))
            {
                client = new GnmiClient(_options(device), _time);
                _clients[device] = client;
            }

            return client;
        }
    }

    /// <summary>For containers disposed synchronously: closes the channels (nothing here blocks on I/O for long).</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        List<GnmiClient> clients;
        lock (_lock)
        {
            clients = [.. _clients.Values];
            _clients.Clear();
        }

        foreach (var client in clients)
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }
    }
}
