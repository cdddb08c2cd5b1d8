using System.Collections.Immutable;
using System.Net;
using Continuum.Pce.Api.Hosting;
using Continuum.Pce.Domain.Identity;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Xunit;

namespace Continuum.Pce.Api.Tests.Cluster;

/// <summary>Each device's periodic and on-connect reconciliation runs on one server of a cluster, not on all.</summary>
public sealed class ReconcileShareTests
{
    private static readonly string[] Devices = [.. Enumerable.Range(1, 30).SelectMany(i => new[] { $"R{i}", $"T{i}" })];

    [Fact]
    public void Owner_GivesEveryDeviceToExactlyOneServer_AndEveryServerAShare()
    {
        string[] servers = ["S127.0.0.1:11111:1", "S127.0.0.1:11112:1", "S127.0.0.1:11113:1"];

        var counts = Devices.GroupBy(d => ReconcileShare.Owner(servers, d)).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(servers.Order(StringComparer.Ordinal), counts.Keys.Order(StringComparer.Ordinal));
        Assert.All(counts.Values, n => Assert.InRange(n, 10, 30));
        Assert.All(Devices, d => Assert.Equal(ReconcileShare.Owner(servers, d), ReconcileShare.Owner([.. servers.Reverse()], d)));
    }

    [Fact]
    public void Owner_WhenAServerLeaves_MovesOnlyTheDevicesItHad()
    {
        string[] three = ["S10.0.0.1:11111:5", "S10.0.0.2:11111:7", "S10.0.0.3:11111:9"];
        string[] two = [three[0], three[2]];

        foreach (var device in Devices)
        {
            var before = ReconcileShare.Owner(three, device);
            var after = ReconcileShare.Owner(two, device);
            if (before != three[1])
            {
                Assert.Equal(before, after);
            }
        }
    }

    [Fact]
    public void ForPass_WithTwoActiveServers_SplitsTheDevicesBetweenThem()
    {
        var a = Silo(11111);
        var b = Silo(11112);
        var members = new[] { (a, SiloStatus.Active), (b, SiloStatus.Active) };

        var onA = new ReconcileShare(Services(a, members)).ForPass();
        var onB = new ReconcileShare(Services(b, members)).ForPass();

        Assert.All(Devices, d => Assert.True(onA(new NodeId(d)) ^ onB(new NodeId(d)), d));
        Assert.Contains(Devices, d => onA(new NodeId(d)));
        Assert.Contains(Devices, d => onB(new NodeId(d)));
    }

    [Fact]
    public void ForPass_OnALoneServer_OrOneNotYetActive_TakesEveryDevice()
    {
        var a = Silo(11111);
        var b = Silo(11112);

        var lone = new ReconcileShare(Services(a, [(a, SiloStatus.Active)])).ForPass();
        var joining = new ReconcileShare(Services(a, [(a, SiloStatus.Joining), (b, SiloStatus.Active)])).ForPass();
        var noCluster = new ReconcileShare(new ServiceCollection().BuildServiceProvider()).ForPass();

        Assert.All(Devices, d => Assert.True(lone(new NodeId(d)) && joining(new NodeId(d)) && noCluster(new NodeId(d))));
    }

    private static SiloAddress Silo(int port) => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, port), 1);

    private static ServiceProvider Services(SiloAddress self, (SiloAddress Silo, SiloStatus Status)[] members)
    {
        var snapshot = new ClusterMembershipSnapshot(
            members.ToImmutableDictionary(m => m.Silo, m => new ClusterMember(m.Silo, m.Status, m.Silo.ToString())),
            new MembershipVersion(1));
        return new ServiceCollection()
            .AddSingleton<IClusterMembershipService>(new FixedMembership(snapshot))
            .AddSingleton<ILocalSiloDetails>(new FixedSilo(self))
            .BuildServiceProvider();
    }

    private sealed class FixedMembership(ClusterMembershipSnapshot snapshot) : IClusterMembershipService
    {
        public ClusterMembershipSnapshot CurrentSnapshot => snapshot;

        public IAsyncEnumerable<ClusterMembershipSnapshot> MembershipUpdates => throw new NotSupportedException();

        public ValueTask Refresh(MembershipVersion minimumVersion = default, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public Task<bool> TryKill(SiloAddress siloAddress) => Task.FromResult(false);
    }

    private sealed class FixedSilo(SiloAddress silo) : ILocalSiloDetails
    {
        public string Name => silo.ToString();

        public string ClusterId => "test";

        public string DnsHostName => "localhost";

        public SiloAddress SiloAddress => silo;

        public SiloAddress GatewayAddress => silo;
    }
}
