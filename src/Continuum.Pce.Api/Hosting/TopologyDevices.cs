using Continuum.Pce.Application.Ports;

namespace Continuum.Pce.Api.Hosting;

/// <summary>
/// Moves this server's device plane to each topology version its catalog receives, once per version and one at a time,
/// whoever asks first: the replacement request on this server, or the catalog when the version came from another one.
/// </summary>
public sealed class TopologyDevices(DevicePlane devices, IGrainFactory grains, ILogger<TopologyDevices> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _followed;

    /// <summary>Binds the devices of the first topology (at start); later versions go through <see cref="FollowAsync"/>.</summary>
    public async Task BindAsync(NetworkSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        await _gate.WaitAsync();
        try
        {
            await devices.BindAsync(snapshot.Network, grains, logger);
            _followed = Math.Max(_followed, snapshot.Version);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The emulator serves <paramref name="snapshot"/> and every node grain is bound for it (no-op when already done).</summary>
    public async Task FollowAsync(NetworkSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        await _gate.WaitAsync();
        try
        {
            if (snapshot.Version <= _followed)
            {
                return;
            }

            await devices.FollowAsync(snapshot, grains, logger);
            _followed = snapshot.Version;
        }
        finally
        {
            _gate.Release();
        }
    }
}
