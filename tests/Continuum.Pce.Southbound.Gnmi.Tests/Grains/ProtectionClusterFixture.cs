using System.Collections.Immutable;
using Continuum.Pce.Application.Lightpaths.Service;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.DeviceEmulator;
using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Geography;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Sites;
using Continuum.Pce.Domain.Spectrum;

namespace Continuum.Pce.Southbound.Gnmi.Tests.Grains;

/// <summary>
/// Issue 22's 1+1 proofs through the grains: a theta network, R1 and R3 joined by three disjoint routes (via R2, 2 × 60 km;
/// via R4, 2 × 70 km; via R5, 2 × 80 km), so a 1+1 lightpath S1 → S3 takes the two shortest and a failed leg has a third
/// route to be restored on; transponders at S1 and S3; short restoration timers; the emulator on a loopback port.
/// </summary>
public sealed class ProtectionClusterFixture() : EmulatorClusterFixture<ProtectionClusterFixture>("protection", Snapshot, TimeSpan.FromSeconds(10))
{
    public static NetworkSnapshot Snapshot { get; } = new(Theta(), PhysicsChannelQualityModel.DefaultEquipment, 1);

    protected override void ConfigureRestoration(RestorationOptions options)
    {
        options.HoldOff = TimeSpan.FromMilliseconds(100);
        options.Guard = TimeSpan.FromMilliseconds(500);
        options.RetryInitial = TimeSpan.FromMilliseconds(500);
        options.RetryMax = TimeSpan.FromSeconds(2);
        options.ProtectionWaitToRestore = TimeSpan.FromSeconds(1);
    }

    private static OpticalNetwork Theta()
    {
        var sites = new List<Site>();
        var nodes = new List<OpticalNode>();
        var fibers = new List<Fiber>();
        for (var i = 1; i <= 5; i++)
        {
            sites.Add(RingNetwork.Site(i));
            nodes.Add(new Roadm(new NodeId($"R{i}"), $"ROADM {i}", new SiteId($"S{i}"), new RoadmTypeId("roadm-cdc"), i is 1 or 3 ? 3 : 2, 2));
        }

        nodes.Add(new Transponder(new NodeId("T1"), "Transponders 1", new SiteId("S1"), new TransceiverTypeId("pluggable-400zr-plus"), new NodeId("R1"), 16));
        nodes.Add(new Transponder(new NodeId("T3"), "Transponders 3", new SiteId("S3"), new TransceiverTypeId("pluggable-400zr-plus"), new NodeId("R3"), 16));
        foreach (var (via, spanKm) in new[] { (2, 60.0), (4, 70.0), (5, 80.0) })
        {
            RingNetwork.Link(1, via, spanKm, nodes, fibers);
            RingNetwork.Link(via, 3, spanKm, nodes, fibers);
        }

        return new OpticalNetwork("protection-theta", SpectrumGrid.CBandFlex, sites, nodes, fibers);
    }
}

[CollectionDefinition(Name)]
public sealed class ProtectionClusterCollection : ICollectionFixture<ProtectionClusterFixture>
{
    public const string Name = "protection-cluster";
}
