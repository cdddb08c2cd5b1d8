using Continuum.Pce.Application.Lightpaths.Service;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.DeviceEmulator;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Sites;
using Continuum.Pce.Domain.Spectrum;

namespace Continuum.Pce.Southbound.Gnmi.Tests.Grains;

/// <summary>
/// Issue 22's restoration proofs through the grains: the ring of <see cref="HealthClusterFixture"/> (R1 … R4,
/// transponders at S1 and S3, so S1 → S3 has a second route) with short restoration timers (hold-off 100 ms, guard
/// 500 ms, wait-to-restore 2 s checked every 200 ms), the emulator on a loopback port, gNMI rendering and telemetry.
/// </summary>
public sealed class RestorationClusterFixture() : EmulatorClusterFixture<RestorationClusterFixture>("restoration", HealthClusterFixture.Snapshot, TimeSpan.FromSeconds(10))
{
    /// <summary>The health fixture's ring (its own devices and store: the fixtures run side by side).</summary>
    public static NetworkSnapshot Snapshot => HealthClusterFixture.Snapshot;

    public static readonly TimeSpan WaitToRestore = TimeSpan.FromSeconds(2);

    protected override void ConfigureRestoration(RestorationOptions options)
    {
        options.HoldOff = TimeSpan.FromMilliseconds(100);
        options.Guard = TimeSpan.FromMilliseconds(500);
        options.WaitToRestore = WaitToRestore;
        options.RevertCheckInterval = TimeSpan.FromMilliseconds(200);
        options.RetryInitial = TimeSpan.FromMilliseconds(500);
        options.RetryMax = TimeSpan.FromSeconds(2);
    }

}

[CollectionDefinition(Name)]
public sealed class RestorationClusterCollection : ICollectionFixture<RestorationClusterFixture>
{
    public const string Name = "restoration-cluster";
}
