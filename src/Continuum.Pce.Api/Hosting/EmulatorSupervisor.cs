using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Grains.Abstractions;
using Continuum.Pce.Grains.Lightpaths;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Continuum.Pce.Api.Hosting;

/// <summary>
/// Keeps the emulator child process alive. When it dies unasked: readiness turns unhealthy, every node of the topology
/// is reported unreachable (which raises its node-unreachable alarm), and the emulator is started again with
/// exponential back-off (<see cref="EmulatorOptions.RestartInitialDelay"/> doubling up to
/// <see cref="EmulatorOptions.RestartMaxDelay"/>) on the same gNMI and control ports, so that the gNMI channels and
/// node bindings stay valid, serving the topology current at the time (a replaced topology included). A restarted
/// emulator starts empty: every live lightpath's configuration is pushed back to it, then readiness recovers and the
/// nodes are reported reachable (clearing their alarms).
/// </summary>
public sealed class EmulatorSupervisor(
    DevicePlane devices,
    IGrainFactory grains,
    INetworkCatalog catalog,
    PceServerOptions options,
    DevicePlaneHealth health,
    LightpathDirectory directory,
    IServiceProvider services,
    ILogger<EmulatorSupervisor> logger,
    TimeProvider? time = null) : IAsyncDisposable
{
    /// <summary>What a node's health reads while its emulated device is gone, and once it is back (alarm conditions key on these).</summary>
    public const string Unreachable = "unreachable";

    public const string Reachable = "reachable";

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly CancellationTokenSource _stop = new();
    private Task _watch = Task.CompletedTask;

    /// <summary>How many times the emulator has been restarted.</summary>
    public int Restarts { get; private set; }

    /// <summary>Raised after each restart, once the lightpaths are back on the devices and the nodes reported reachable.</summary>
    public event Action<IDeviceEmulator>? Restarted;

    /// <summary>Watches <see cref="DevicePlane.Emulator"/> when it can die on its own (a child process); otherwise does nothing.</summary>
    public void Watch(EmulatorLaunch launch)
    {
        ArgumentNullException.ThrowIfNull(launch);
        if (!options.Emulator.Supervise || devices.Emulator is not ISupervisedEmulator)
        {
            return;
        }

        _watch = Task.Run(() => WatchAsync(launch, _stop.Token));
    }

    private async Task WatchAsync(EmulatorLaunch launch, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested && devices.Emulator is ISupervisedEmulator emulator)
        {
            int code;
            try
            {
                code = await emulator.Exited.WaitAsync(stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            health.Down($"the device emulator exited with code {code}; restarting it");
            var network = catalog.Current?.Network;
            await ReportAsync(network, Unreachable);
            var restarted = await RestartAsync(launch, emulator, stopping);
            if (restarted is null)
            {
                return;
            }

            await emulator.DisposeAsync();
            devices.Emulator = restarted;
            Restarts++;
            if (catalog.Current is { } current)
            {
                await devices.BindAsync(current.Network, grains, logger);
            }

            await ConnectAsync(stopping);
            await ResyncLiveLightpathsAsync(stopping);
            health.Up();
            // The nodes of the network served now (a topology replaced during the outage may have others).
            await ReportAsync(network, Reachable);
            if (catalog.Current?.Network is { } now && !ReferenceEquals(now, network))
            {
                await ReportAsync(now, Reachable);
            }

            logger.LogWarning("device emulator restarted on {Address} (restart {Count})", restarted.Address, Restarts);
            Restarted?.Invoke(restarted);
        }
    }

    /// <summary>Starts the emulator again until it starts or the server stops (null then), waiting longer after each failure.</summary>
    private async Task<IDeviceEmulator?> RestartAsync(EmulatorLaunch original, IDeviceEmulator dead, CancellationToken stopping)
    {
        var delay = options.Emulator.RestartInitialDelay;
        for (var attempt = 1; !stopping.IsCancellationRequested; attempt++)
        {
            try
            {
                await Task.Delay(delay, _time, stopping);
                var launch = await CurrentLaunchAsync(original, dead, stopping);
                return await devices.EmulatorLauncher.StartAsync(launch, logger, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return null;
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or HttpRequestException or System.ComponentModel.Win32Exception)
            {
                logger.LogError("device emulator restart {Attempt} failed: {Reason}; next attempt in {Delay}", attempt, e.Message, delay * 2);
                health.Down($"the device emulator is down; restart {attempt} failed: {e.Message}");
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.Emulator.RestartMaxDelay.Ticks));
        }

        return null;
    }

    /// <summary>
    /// The launch for a restart: the topology the server holds now (written to the data directory, as at start), on the
    /// ports the dead emulator had.
    /// </summary>
    private async Task<EmulatorLaunch> CurrentLaunchAsync(EmulatorLaunch original, IDeviceEmulator dead, CancellationToken cancellationToken)
    {
        var port = int.Parse(dead.Address[(dead.Address.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var launch = original with { Port = port, ControlPort = dead.ControlPort };
        if (catalog.Current is not { } current || await grains.GetGrain<ITopologyGrain>("default").GetDocuments() is not { } documents)
        {
            return launch;
        }

        var folder = Directory.CreateDirectory(Path.Combine(options.DataDirectory, "emulator")).FullName;
        var networkPath = Path.Combine(folder, "network.json");
        var equipmentPath = Path.Combine(folder, "equipment.json");
        await File.WriteAllTextAsync(networkPath, documents.Network, cancellationToken);
        await File.WriteAllTextAsync(equipmentPath, documents.Equipment, cancellationToken);
        return launch with { Network = current.Network, Equipment = current.Equipment, NetworkPath = networkPath, EquipmentPath = equipmentPath };
    }

    /// <summary>Waits (bounded) for the gNMI channels to the emulator to connect again, so that the resync is not refused at once.</summary>
    private async Task ConnectAsync(CancellationToken stopping)
    {
        if (services.GetService<Southbound.Gnmi.Rendering.GnmiDeviceDirectory>() is not { } directory)
        {
            return;
        }

        using var bound = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        bound.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            await directory.ConnectAllAsync(bound.Token);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            logger.LogWarning("the gNMI channels to the restarted emulator did not connect within 30 s; pushing the lightpaths anyway");
        }
    }

    private async Task ReportAsync(Domain.Network.OpticalNetwork? network, string state)
    {
        if (network is null)
        {
            return;
        }

        var at = _time.GetUtcNow();
        try
        {
            await Parallel.ForEachAsync(network.Nodes, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (node, _) =>
                await grains.GetGrain<IOpticalNodeGrain>(node.Id.Value).ReportHealth(state, at));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The supervisor must outlive a failed report (a grain call timing out under load): the next one corrects it.
            logger.LogError(e, "reporting nodes {State} failed", state);
        }
    }

    /// <summary>An emulator starts empty: the configuration of every Active or Degraded lightpath goes back to it.</summary>
    private async Task ResyncLiveLightpathsAsync(CancellationToken cancellationToken)
    {
        var live = new List<LightpathView>();
        await foreach (var lp in directory.AllAsync(cancellationToken: cancellationToken))
        {
            if (lp.State is LightpathState.Active or LightpathState.Degraded)
            {
                live.Add(lp);
            }
        }

        try
        {
            await Parallel.ForEachAsync(live, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (lp, _) => await grains.Lightpath(lp).Resync());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "pushing the live lightpaths to the restarted emulator failed");
        }

        logger.LogInformation("configuration of {Count} live lightpaths pushed to the restarted emulator", live.Count);
    }

    public async ValueTask DisposeAsync()
    {
        // Called by the server's stop and again by the container: the token source is never disposed (it owns no timer).
        await _stop.CancelAsync();
        await _watch.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}

/// <summary>Readiness of the device plane: unhealthy while the emulator the server supervises is down.</summary>
public sealed class DevicePlaneHealth : IHealthCheck
{
    private readonly Lock _lock = new();
    private volatile string? _problem;
    private TaskCompletionSource _up = CompletedSource();

    public void Up()
    {
        lock (_lock)
        {
            _problem = null;
            _up.TrySetResult();
        }
    }

    public void Down(string problem)
    {
        lock (_lock)
        {
            _problem = problem;
            if (_up.Task.IsCompleted)
            {
                _up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>False while the supervised emulator is down or restarting.</summary>
    public bool IsUp => _problem is null;

    /// <summary>Completes when the device plane is up (at once when it is): work that reads devices waits out a restart.</summary>
    public Task WhenUpAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return _up.Task.WaitAsync(cancellationToken);
        }
    }

    private static TaskCompletionSource CompletedSource()
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        source.SetResult();
        return source;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_problem is null ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy(_problem));
}
