using Gnmi;
using Grpc.Core;

namespace Continuum.Pce.Southbound.Gnmi.Tests;

/// <summary>The emulator's faults of issue 22: a device that becomes unreachable, and a cut of a whole SRLG (a duct).</summary>
public sealed class EmulatorFailureFaultTests
{
    private static async Task<(Continuum.Pce.DeviceEmulator.DeviceEmulatorHost Host, Domain.Network.OpticalNetwork Network)> DemoAsync()
    {
        var loaded = Continuum.Pce.Topology.IO.NetworkFile.Load(System.IO.Path.Combine(Repo.Root, "topologies", "continuum-demo.json"));
        Assert.True(loaded.IsSuccess, string.Join("; ", loaded.Errors.Select(e => e.Message)));
        var network = loaded.Value!.Loaded.Network;
        return (await Continuum.Pce.DeviceEmulator.DeviceEmulatorHost.StartAsync(network, new() { ControlPort = null }), network);
    }

    [Fact]
    public async Task UnreachableDevice_AnswersUnavailableEndsItsStreamAndReturnsWithItsConfiguration()
    {
        var (host, _) = await DemoAsync();
        await using var _host = host;
        await using var client = new GnmiClient(new GnmiDeviceOptions { Address = host.Address, Target = "AMS-ROADM", UseTls = false, ReconnectInitialDelay = TimeSpan.FromMilliseconds(20) });
        var before = string.Join("", await client.GetJsonAsync("/components", GetRequest.Types.DataType.Config));
        var list = new SubscriptionList { Subscription = { new Subscription { Path = GnmiPaths.Parse("/components/component/state/oper-status"), Mode = SubscriptionMode.OnChange } } };
        var failedResubscription = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var stream = client.SubscribeStreamAsync(list, (attempt, _) =>
        {
            // The first attempt follows the broken stream; the second means the re-subscription itself failed.
            if (attempt >= 2)
            {
                failedResubscription.TrySetResult();
            }
        }, cts.Token).GetAsyncEnumerator(cts.Token);
        await Wait.ForAsync(stream, r => r.SyncResponse, TimeSpan.FromSeconds(30));

        host.Emulator.MakeUnreachable("AMS-ROADM");
        var next = Wait.ForAsync(stream, r => r.SyncResponse, TimeSpan.FromSeconds(30));
        await failedResubscription.Task.WaitAsync(cts.Token);
        var refused = await Assert.ThrowsAsync<RpcException>(() => client.GetJsonAsync("/components", GetRequest.Types.DataType.Config));
        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);

        host.Emulator.MakeReachable("AMS-ROADM");
        await next;
        Assert.Equal(before, string.Join("", await client.GetJsonAsync("/components", GetRequest.Types.DataType.Config)));
    }

    [Fact]
    public async Task SrlgCut_CutsEveryFibreOfTheGroupAndNothingElse_AndRepairsThemTogether()
    {
        var (host, network) = await DemoAsync();
        await using var _host = host;
        var duct = network.Fibers.Where(f => f.Srlgs.Any(s => s.Value == "duct-randstad")).Select(f => f.Id).ToList();
        Assert.True(duct.Count >= 4);

        var cut = host.Emulator.CutSrlg("duct-randstad");

        Assert.Equal(duct.Select(f => f.Value).Order(StringComparer.Ordinal), cut.Select(f => f.Value).Order(StringComparer.Ordinal));
        Assert.All(network.Fibers, f => Assert.Equal(duct.Contains(f.Id), host.Emulator.IsCut(f.Id)));
        host.Emulator.RepairSrlg("duct-randstad");
        Assert.All(network.Fibers, f => Assert.False(host.Emulator.IsCut(f.Id)));
        Assert.Equal(StatusCode.NotFound, Assert.Throws<RpcException>(() => host.Emulator.CutSrlg("no-such-duct")).StatusCode);
    }
}
