using Continuum.Pce.Application.Ports;
using Continuum.Pce.Application.Telemetry;
using Continuum.Pce.DeviceEmulator;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Sites;
using Continuum.Pce.Domain.Spectrum;

namespace Continuum.Pce.Southbound.Gnmi.Tests.Grains;

/// <summary>
/// Issue 21's health proofs through the grains, with the default <see cref="LightpathHealthOptions"/>: a ring of four
/// ROADMs (R1 … R4, transponders T1 at R1 and T3 at R3, so every lightpath S1 → S3 has a second route), the emulator on
/// a free loopback port, a silo with gNMI rendering and telemetry, SQLite in a temp folder
/// (<see cref="EmulatorClusterFixture{TSelf}"/>), a 10 s gNMI timeout. <see cref="RestartAsync"/> restarts the
/// controller and, like the server's child emulator, the devices (which come back empty).
/// </summary>
public sealed class HealthClusterFixture() : EmulatorClusterFixture<HealthClusterFixture>("health", Snapshot, TimeSpan.FromSeconds(10))
{
    public static NetworkSnapshot Snapshot { get; } = new(Ring(), PhysicsChannelQualityModel.DefaultEquipment, 1);

    public static LightpathHealthOptions Defaults { get; } = new();

    /// <summary>Stops the silo and the devices, starts fresh devices (empty) and a new silo on the same store.</summary>
    public Task RestartAsync() => RestartControllerAndDevicesAsync();

    /// <summary>R1-R2-R3-R4-R1, 2 × 80 km per fibre with an in-line amplifier after the first span.</summary>
    private static OpticalNetwork Ring()
    {
        var sites = new List<Site>();
        var nodes = new List<OpticalNode>();
        var fibers = new List<Fiber>();
        for (var i = 1; i <= 4; i++)
        {
            sites.Add(RingNetwork.Site(i));
            nodes.Add(RingNetwork.Roadm(i));
        }

        nodes.Add(new Transponder(new NodeId("T1"), "Transponders 1", new SiteId("S1"), new TransceiverTypeId("pluggable-400zr-plus"), new NodeId("R1"), 32));
        nodes.Add(new Transponder(new NodeId("T3"), "Transponders 3", new SiteId("S3"), new TransceiverTypeId("pluggable-400zr-plus"), new NodeId("R3"), 32));
        RingNetwork.AddFibres(4, 80, nodes, fibers);
        return new OpticalNetwork("health-ring", SpectrumGrid.CBandFlex, sites, nodes, fibers);
    }
}

[CollectionDefinition(Name)]
public sealed class HealthClusterCollection : ICollectionFixture<HealthClusterFixture>
{
    public const string Name = "health-cluster";
}
