using Continuum.Pce.Application.Ports;
using Continuum.Pce.Application.Telemetry;
using Continuum.Pce.DeviceEmulator;

namespace Continuum.Pce.Southbound.Gnmi.Tests.Grains;

/// <summary>
/// An in-process silo wired the way a host wires real devices (<see cref="EmulatorClusterFixture{TSelf}"/>), against
/// the device emulator serving the emulator's sample network (R1 … R4 in a chain, transponders T1 at R1 and T4 at R4)
/// with the shipped equipment library; the real routing core with QoT-checked modes; short health windows
/// (<see cref="Health"/>); a 5 s gNMI timeout.
/// </summary>
public sealed class GnmiClusterFixture() : EmulatorClusterFixture<GnmiClusterFixture>("gnmi", Snapshot, TimeSpan.FromSeconds(5))
{
    public static NetworkSnapshot Snapshot { get; } = new(SampleNetwork.Build(4), PhysicsChannelQualityModel.DefaultEquipment, 1);

    /// <summary>The ROADMs of the chain, R1 … R4.</summary>
    public static readonly string[] Roadms = ["R1", "R2", "R3", "R4"];

    /// <summary>
    /// Health timing for these tests: 1 s windows instead of the defaults (5 s, 10 s, 2.5 s, 10 s) so that detection and
    /// recovery are proved within a few seconds; the defaults are proved by <c>LightpathHealthTests</c> (HealthClusterFixture).
    /// </summary>
    public static void Health(LightpathHealthOptions o)
    {
        o.SettleTime = TimeSpan.FromSeconds(1);
        o.StartupSettleTime = TimeSpan.FromSeconds(1);
        o.DegradeAfter = TimeSpan.FromSeconds(1);
        o.RecoveryHold = TimeSpan.FromSeconds(1);
    }

    protected override void ConfigureHealth(LightpathHealthOptions options) => Health(options);
}

[CollectionDefinition(Name)]
public sealed class GnmiClusterCollection : ICollectionFixture<GnmiClusterFixture>
{
    public const string Name = "gnmi-cluster";
}
