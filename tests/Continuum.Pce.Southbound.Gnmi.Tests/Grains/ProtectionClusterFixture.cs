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
using Continuum.Pce.Southbound.Gnmi.Rendering;

namespace Continuum.Pce.Southbound.Gnmi.Tests.Grains;

/// <summary>
/// Issue 22's 1+1 proofs through the grains: a theta network, R1 and R3 joined by three disjoint routes (via R2, 2 × 60 km;
/// via R4, 2 × 70 km; via R5, 2 × 80 km), so a 1+1 lightpath S1 → S3 takes the two shortest and a failed leg has a third
/// route to be restored on; transponders at S1 and S3, T3 following the "vendor-b" naming profile (its optical line
/// protection cards and APS modules are OLP-1-i, not APS-i; the controller knows only through its Devices settings,
/// <see cref="Settings"/>); short restoration timers (a revert check every 100 ms once the home route is up); the emulator on a loopback port.
/// </summary>
public sealed class ProtectionClusterFixture() : EmulatorClusterFixture<ProtectionClusterFixture>("protection", Snapshot, TimeSpan.FromSeconds(10))
{
    public static NetworkSnapshot Snapshot { get; } = new(Theta(), PhysicsChannelQualityModel.DefaultEquipment, 1);

    /// <summary>The vendor-b transponder.</summary>
    public const string VendorB = "T3";

    /// <summary>The controller's device settings, bound as the server binds them: T3 follows the vendor-b naming profile.</summary>
    public static GnmiSouthboundOptions Settings { get; } = NamingClusterFixture.Bind(new Dictionary<string, string?>
    {
        ["Devices:NamingProfiles:vendor-b:OpticalChannel"] = "OPTCH-1-{i}",
        ["Devices:NamingProfiles:vendor-b:ProtectionSwitch"] = "OLP-1-{i}",
        ["Devices:NamingProfiles:vendor-b:ClientChannelBase"] = "1",
        ["Devices:NamingProfiles:vendor-b:ClientChannelStride"] = "10",
        ["Devices:NamingProfiles:vendor-b:LineChannelBase"] = "2",
        ["Devices:NamingProfiles:vendor-b:LineChannelStride"] = "10",
        [$"Devices:Overrides:{VendorB}:Naming"] = "vendor-b",
    });

    /// <summary>The name of the APS module in front of line interface <paramref name="interface"/> of a transponder, as that device names it.</summary>
    public static string ApsModule(string transponder, int @interface) =>
        NamingRules.Format(Settings.ForDevice(new NodeId(transponder)).Naming!.ProtectionSwitch, @interface);

    protected override DeviceEmulatorOptions ConfigureEmulator(DeviceEmulatorOptions options) =>
        options with { Profiles = new DeviceProfiles(devices: new Dictionary<string, DeviceProfile> { [VendorB] = new() { Naming = NamingProfile.VendorB } }) };

    protected override GnmiDeviceOptions ConfigureDevice(GnmiDeviceOptions options) =>
        options with { Naming = Settings.ForDevice(new NodeId(options.Target!)).Naming };

    protected override void ConfigureRestoration(RestorationOptions options)
    {
        options.HoldOff = TimeSpan.FromMilliseconds(100);
        options.Guard = TimeSpan.FromMilliseconds(500);
        options.RetryInitial = TimeSpan.FromMilliseconds(500);
        options.RetryMax = TimeSpan.FromSeconds(2);
        options.ProtectionWaitToRestore = TimeSpan.FromSeconds(1);
        options.WaitToRestore = WaitToRestore;
        options.RevertCheckInterval = TimeSpan.FromMilliseconds(100);
    }

    /// <summary>The controller's wait-to-restore (a revertive lightpath's return to its home route; also the revert reminder's period).</summary>
    public static TimeSpan WaitToRestore { get; } = TimeSpan.FromSeconds(2);

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
