using Continuum.Pce.Domain.Identity;
using Grpc.Net.Client;

namespace Continuum.Pce.Southbound.Gnmi.Rendering;

/// <summary>Finds the gNMI client of a device (adapters per device model live behind it).</summary>
public interface IGnmiDeviceDirectory
{
    GnmiClient ClientFor(NodeId device);
}

/// <summary>
/// A directory from per-device options; clients are created on first use and shared. Devices behind one endpoint with
/// the same TLS settings (a gNMI server serving several targets, such as the emulator or a gNMI proxy in front of a
/// domain) share one channel: their RPCs are multiplexed as HTTP/2 streams on a few connections instead of one
/// connection per device (228 sockets for continuum-demo behind the emulator). Credentials travel per call, so sharing
/// never mixes them.
/// </summary>
public sealed class GnmiDeviceDirectory : IGnmiDeviceDirectory, IAsyncDisposable, IDisposable
{
    private readonly Func<NodeId, GnmiDeviceOptions> _options;
    private readonly TimeProvider _time;
    private readonly Dictionary<NodeId, GnmiClient> _clients = [];
    private readonly Dictionary<EndpointKey, GrpcChannel> _channels = [];
    private readonly Lock _lock = new();

    public GnmiDeviceDirectory(Func<NodeId, GnmiDeviceOptions> options, TimeProvider? time = null)
    {
        _options = options;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>
    /// A device's client completed a handshake (<see cref="GnmiClient.Connected"/>): its first contact, or a reconnection
    /// after it was lost (a restarted device). The generation counts handshakes. Handlers must be quick.
    /// </summary>
    public event Action<NodeId, int>? DeviceConnected;

    /// <summary>How many channels (endpoint and TLS settings) the clients created so far use.</summary>
    public int ChannelCount
    {
        get
        {
            lock (_lock)
            {
                return _channels.Count;
            }
        }
    }

    public GnmiClient ClientFor(NodeId device)
    {
        lock (_lock)
        {
            if (!_clients.TryGetValue(device, out var client))
            {
                var options = _options(device);
                var key = EndpointKey.Of(options);
                if (!_channels.TryGetValue(key, out var channel))
                {
                    channel = GnmiClient.CreateChannel(options);
                    _channels[key] = channel;
                }

                client = new GnmiClient(options, channel, _time);
                client.Connected += c => DeviceConnected?.Invoke(device, c.Generation);
                _clients[device] = client;
            }

            return client;
        }
    }

    /// <summary>
    /// Waits until every channel created so far is connected (a device plane restarted behind them: calls made before the
    /// channel's next reconnect attempt would fail at once), or the token is cancelled.
    /// </summary>
    public async Task ConnectAllAsync(CancellationToken cancellationToken)
    {
        List<GrpcChannel> channels;
        lock (_lock)
        {
            channels = [.. _channels.Values];
        }

        await Task.WhenAll(channels.Select(c => c.ConnectAsync(cancellationToken))).ConfigureAwait(false);
    }

    /// <summary>For containers disposed synchronously: closes the channels (nothing here blocks on I/O for long).</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        List<GnmiClient> clients;
        List<GrpcChannel> channels;
        lock (_lock)
        {
            clients = [.. _clients.Values];
            channels = [.. _channels.Values];
            _clients.Clear();
            _channels.Clear();
        }

        foreach (var client in clients)
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var channel in channels)
        {
            channel.Dispose();
        }
    }

    /// <summary>What a channel depends on: the endpoint and the TLS settings (trusted CA and client certificate).</summary>
    private readonly record struct EndpointKey(string Address, bool UseTls, string? TrustedCa, string? ClientCertificate)
    {
        public static EndpointKey Of(GnmiDeviceOptions options) => new(
            options.Address,
            options.UseTls,
            options.TrustedCa?.Thumbprint,
            options.ClientCertificate?.Thumbprint);
    }
}
