using Continuum.Pce.Application.Ports;
using Continuum.Pce.Application.Restoration;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Grains.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;

namespace Continuum.Pce.Grains.Telemetry;

/// <summary>Options of the silo's telemetry ingestion.</summary>
public sealed class TelemetryIngestionOptions
{
    /// <summary>How often the device set is compared with the current topology (devices added or removed).</summary>
    public TimeSpan TopologyPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>First delay before a watch that ended with an error is restarted; doubled per failure up to a minute.</summary>
    public TimeSpan RestartDelay { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// The silo-side telemetry consumer: once the silo is active, it watches every transponder and ROADM of the current
/// topology through the <see cref="ITelemetrySource"/> port and hands each sample to the device's node grain, which keeps
/// the latest figures and forwards them (lightpath receivers, fibre receive ends). One loop per device, samples in order;
/// the source reconnects by itself, and a watch that fails outright is restarted with back-off. Devices follow the
/// topology: the set is re-read every <see cref="TelemetryIngestionOptions.TopologyPollInterval"/>. Every silo runs it
/// (node grains take duplicate samples idempotently); sharding devices over silos is left for a cluster deployment.
/// </summary>
public sealed partial class TelemetryIngestion(
    ITelemetrySource source,
    INetworkCatalog catalog,
    IGrainFactory grains,
    TimeProvider time,
    IOptions<TelemetryIngestionOptions> options,
    ILogger<TelemetryIngestion> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly Dictionary<NodeId, (CancellationTokenSource Stop, Task Loop)> _watches = [];
    private CancellationTokenSource? _stopping;
    private volatile bool _startupHeld;
    private System.Runtime.CompilerServices.StrongBox<DateTimeOffset>? _startedAt; // replaced whole: readers never see half a value
    private Task? _supervisor;

    /// <summary>The devices being watched (for tests and health checks).</summary>
    public IReadOnlyCollection<NodeId> Watched
    {
        get
        {
            lock (_watches)
            {
                return [.. _watches.Keys];
            }
        }
    }

    /// <summary>
    /// When this silo's ingestion started subscribing (null before): every device then re-sends its full snapshot, and
    /// the lightpath health rule opens its startup settle window from here (<c>LightpathHealthOptions.StartupSettleTime</c>).
    /// </summary>
    public DateTimeOffset? StartedAt => _startupHeld ? time.GetUtcNow() : _startedAt?.Value;

    /// <summary>
    /// Holds the startup settle window open until <see cref="ReleaseStartup"/>: a host that pushes the live lightpaths'
    /// configuration back to its devices at start (an emulator starts empty) calls this before the silo starts and
    /// releases it once the push is done, so that a slow start (a loaded machine, many lightpaths) cannot let the
    /// window close while devices still lack their configuration. The window then runs its full length from the release.
    /// </summary>
    public void HoldStartup() => _startupHeld = true;

    /// <summary>Ends <see cref="HoldStartup"/>: the startup settle window runs from now.</summary>
    public void ReleaseStartup()
    {
        _startedAt = new(time.GetUtcNow());
        _startupHeld = false;
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(TelemetryIngestion), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private Task StartAsync(CancellationToken cancellationToken)
    {
        _startedAt = new(time.GetUtcNow());
        _stopping = new CancellationTokenSource();
        _supervisor = Task.Run(() => SuperviseAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping is null)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        List<Task> loops;
        lock (_watches)
        {
            loops = [.. _watches.Values.Select(w => w.Loop)];
        }

        try
        {
            await Task.WhenAll([_supervisor!, .. loops]).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }

        _stopping.Dispose();
    }

    private async Task SuperviseAsync(CancellationToken stopping)
    {
        long? version = null;
        while (!stopping.IsCancellationRequested)
        {
            if (catalog.Current is { } snapshot && snapshot.Version != version)
            {
                version = snapshot.Version;
                Reconcile(snapshot.Network, stopping);
            }

            try
            {
                await Task.Delay(options.Value.TopologyPollInterval, time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Starts a watch for every transponder and ROADM not yet watched; stops watches of devices that left.</summary>
    private void Reconcile(OpticalNetwork network, CancellationToken stopping)
    {
        var wanted = network.Nodes.Where(n => n is Transponder or Roadm).Select(n => n.Id).ToHashSet();
        lock (_watches)
        {
            foreach (var (device, watch) in _watches.Where(w => !wanted.Contains(w.Key)).ToList())
            {
                watch.Stop.Cancel();
                _watches.Remove(device);
            }

            foreach (var device in wanted.Where(d => !_watches.ContainsKey(d)).OrderBy(d => d.Value, StringComparer.Ordinal))
            {
                var stop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                _watches[device] = (stop, Task.Run(() => WatchAsync(device, stop.Token), CancellationToken.None));
            }
        }

        LogWatching(logger, wanted.Count);
    }

    private async Task WatchAsync(NodeId device, CancellationToken stop)
    {
        var delay = options.Value.RestartDelay;
        var node = grains.GetGrain<IOpticalNodeGrain>(device.Value);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await foreach (var sample in source.WatchAsync(device, stop).ConfigureAwait(false))
                {
                    delay = options.Value.RestartDelay;
                    if (ToGrain(sample) is { } telemetry)
                    {
                        // A line input losing light is where a restoration starts: its hops are measured from the
                        // device's own stamp (RestorationTrace).
                        var lossOfLight = sample is TelemetrySample.ComponentStatus { IsInput: true, Active: false };
                        if (lossOfLight)
                        {
                            RestorationTrace.Record(RestorationStages.TelemetryReceived, sample.At, time.GetUtcNow());
                        }

                        try
                        {
                            await node.ReportTelemetry(telemetry).ConfigureAwait(false);
                            if (lossOfLight)
                            {
                                RestorationTrace.Record(RestorationStages.TelemetryProcessed, sample.At, time.GetUtcNow());
                            }
                        }
                        catch (Exception e) when (e is not OperationCanceledException)
                        {
                            // One sample lost; the next change brings the figures again.
                            LogSampleFailed(logger, e, device.Value);
                        }
                    }
                }

                return;
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                // Stopped (the silo stopping, or the device left): a cancelled stream ends as an RpcException(Cancelled)
                // as often as an OperationCanceledException; neither is a failure.
                return;
            }
            catch (Exception e)
            {
                LogWatchFailed(logger, e, device.Value, delay);
            }

            try
            {
                await Task.Delay(delay, time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMinutes(1).Ticks));
        }
    }

    /// <summary>
    /// The grain-wire form of a domain sample; null for samples the grains do not keep. A reconnect notice is kept only
    /// from the second attempt on: the first follows any broken stream (a dropped connection that re-subscribes at
    /// once), a failed re-subscription means the device does not answer.
    /// </summary>
    public static DeviceTelemetry? ToGrain(TelemetrySample sample) => sample switch
    {
        TelemetrySample.OpticalChannel o => new DeviceTelemetry(TelemetryKinds.OpticalChannel, o.Component, o.At)
        {
            Interface = o.Interface,
            OsnrDb = o.OsnrDb,
            InputPowerDbm = o.InputPowerDbm,
            OutputPowerDbm = o.OutputPowerDbm,
            PreFecBer = o.PreFecBer,
        },
        TelemetrySample.ComponentStatus c => new DeviceTelemetry(TelemetryKinds.Component, c.Component, c.At)
        {
            Interface = c.Interface,
            Degree = c.Port is { Kind: RoadmPortKind.Degree } p ? p.Number : null,
            IsInput = c.IsInput,
            Active = c.Active,
        },
        TelemetrySample.MediaChannelStatus m => new DeviceTelemetry(TelemetryKinds.MediaChannel, $"media-channel {m.Index}", m.At)
        {
            MediaChannelIndex = m.Index,
            Active = m.Up,
        },
        TelemetrySample.Synchronised y => new DeviceTelemetry(TelemetryKinds.Synchronised, "", y.At)
        {
            MediaChannels = [.. y.MediaChannels],
        },
        TelemetrySample.Reconnecting { Attempt: >= 2 } u => new DeviceTelemetry(TelemetryKinds.Unreachable, u.Reason, u.At),
        TelemetrySample.MediaChannelRemoved r => new DeviceTelemetry(TelemetryKinds.MediaChannelRemoved, $"media-channel {r.Index}", r.At)
        {
            MediaChannelIndex = r.Index,
        },
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "telemetry: watching {Count} devices")]
    private static partial void LogWatching(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "telemetry: a sample of {Device} was not delivered")]
    private static partial void LogSampleFailed(ILogger logger, Exception e, string device);

    [LoggerMessage(Level = LogLevel.Warning, Message = "telemetry: watch of {Device} failed; restarting in {Delay}")]
    private static partial void LogWatchFailed(ILogger logger, Exception e, string device, TimeSpan delay);
}
