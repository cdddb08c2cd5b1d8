using Continuum.Pce.Application.Lightpaths.Service;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.DeviceEmulator;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Sites;
using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.Grains;

namespace Continuum.Pce.Southbound.Gnmi.Tests.Grains;

/// <summary>
/// The world of the device-agreement property: a ring of six ROADMs (R1 … R6, one 2 × 50 km fibre pair per hop with an
/// in-line amplifier) with a transponder shelf of eight interfaces at every ROADM (T<i>n</i> at site S<i>n</i>), so that
/// a lightpath may run between any two sites, a reroute can move it to the other way round the ring, and the two ways
/// between opposite sites have transit ROADMs of their own (a refusal there outlives the removal of the old path). The emulator serves it on
/// a free loopback port; the silo is wired as a host wires real devices (gNMI renderer and telemetry, the real routing
/// core, SQLite in a temp folder). The automatic cleanup and owed-push retries are pushed out of reach (an hour) so that a sequence is
/// driven only by its seed: the sequences call <c>Reconcile</c> themselves, which is what the retry timer calls (the
/// timer is proved by <c>DeviceConsistencyTests</c>). The property owns these devices: no other test writes to them.
/// </summary>
public sealed class DeviceAgreementFixture() : EmulatorClusterFixture<DeviceAgreementFixture>("agreement", Snapshot, TimeSpan.FromSeconds(10))
{
    /// <summary>ROADMs in the ring: six, so that the two ways between opposite sites share no transit ROADM.</summary>
    public const int RingSize = 6;

    public static readonly string[] Roadms = [.. Enumerable.Range(1, RingSize).Select(i => $"R{i}")];

    public static readonly string[] Transponders = [.. Enumerable.Range(1, RingSize).Select(i => $"T{i}")];

    public static readonly string[] Sites = [.. Enumerable.Range(1, RingSize).Select(i => $"S{i}")];

    public static NetworkSnapshot Snapshot { get; } = new(Ring(), PhysicsChannelQualityModel.DefaultEquipment, 1);

    /// <summary>The transponder shelf attached to a ROADM (T<i>n</i> at R<i>n</i>).</summary>
    public static string TransponderAt(string roadm) => "T" + roadm[1..];

    protected override void ConfigureReservation(ReservationOptions options)
    {
        options.CleanupRetryInitial = TimeSpan.FromHours(1);
        options.CleanupRetryMax = TimeSpan.FromHours(1);
        options.PushRetryInitial = TimeSpan.FromHours(1);
        options.PushRetryMax = TimeSpan.FromHours(1);
    }

    /// <summary>
    /// Restoration runs by itself after a cut, so the property waits for it to settle before it reads the three sources:
    /// a restoration that failed is not retried within a sequence (retries never race a read), reverts follow a repair
    /// quickly (wait-to-restore 300 ms, checked every 100 ms, guard 50 ms) and are awaited too.
    /// </summary>
    protected override void ConfigureRestoration(RestorationOptions options)
    {
        options.HoldOff = TimeSpan.FromMilliseconds(50);
        options.Guard = TimeSpan.FromMilliseconds(50);
        options.WaitToRestore = TimeSpan.FromMilliseconds(300);
        options.RevertCheckInterval = TimeSpan.FromMilliseconds(100);
        options.RetryInitial = TimeSpan.FromHours(1);
        options.RetryMax = TimeSpan.FromHours(1);
    }

    /// <summary>R1-R2-…-R6-R1, 2 × 50 km per fibre with an in-line amplifier after the first span; T<i>n</i> at R<i>n</i>.</summary>
    private static OpticalNetwork Ring()
    {
        var sites = new List<Site>();
        var nodes = new List<OpticalNode>();
        var fibers = new List<Fiber>();
        for (var i = 1; i <= RingSize; i++)
        {
            sites.Add(RingNetwork.Site(i));
            nodes.Add(RingNetwork.Roadm(i));
            nodes.Add(new Transponder(new NodeId($"T{i}"), $"Transponders {i}", new SiteId($"S{i}"), new TransceiverTypeId("pluggable-400zr-plus"), new NodeId($"R{i}"), 8));
        }

        RingNetwork.AddFibres(RingSize, 50, nodes, fibers);
        return new OpticalNetwork("agreement-ring", SpectrumGrid.CBandFlex, sites, nodes, fibers);
    }
}

[CollectionDefinition(Name)]
public sealed class DeviceAgreementCollection : ICollectionFixture<DeviceAgreementFixture>
{
    public const string Name = "device-agreement";
}
