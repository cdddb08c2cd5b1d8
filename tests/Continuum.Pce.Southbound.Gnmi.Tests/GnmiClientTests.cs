using System.Diagnostics;
using Continuum.Pce.Models;
using Gnmi;
using Grpc.Core;

namespace Continuum.Pce.Southbound.Gnmi.Tests;

/// <summary>The client and the emulator's gNMI semantics over loopback.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class GnmiClientTests
{
    private readonly EmulatorFixture _fixture;

    public GnmiClientTests(EmulatorFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Connect_WithCredentials_ReportsVersionModelsAndEncodings()
    {
        var capabilities = await _fixture.Client("R1").ConnectAsync();

        Assert.Equal("0.10.0", capabilities.GNMIVersion);
        Assert.Contains(capabilities.SupportedModels, m => m.Name == "openconfig-terminal-device");
        Assert.Contains(global::Gnmi.Encoding.JsonIetf, capabilities.SupportedEncodings);
    }

    [Fact]
    public async Task Connect_WrongPassword_IsUnauthenticated()
    {
        await using var client = new GnmiClient(_fixture.OptionsFor("R1") with { Password = "wrong" });

        var e = await Assert.ThrowsAsync<RpcException>(() => client.ConnectAsync());

        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
    }

    [Fact]
    public async Task Get_UnknownTarget_IsNotFound()
    {
        await using var client = new GnmiClient(_fixture.OptionsFor("NO-SUCH-DEVICE"));

        var e = await Assert.ThrowsAsync<RpcException>(() => client.GetJsonAsync("/components", GetRequest.Types.DataType.All));

        Assert.Equal(StatusCode.NotFound, e.StatusCode);
    }

    [Fact]
    public async Task Set_UnknownPathElement_IsInvalidArgument()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => _fixture.Client("R2").SetAsync(new SetRequest
        {
            Update = { new Update { Path = GnmiPaths.Parse("/wavelength-router/no-such-thing"), Val = GnmiValues.JsonIetf("{}") } },
        }));

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
    }

    [Fact]
    public async Task Set_OneBadValueAmongGoodOnes_AppliesNothing()
    {
        var good = RenderPlanBuilderPath(700);
        var request = new SetRequest
        {
            Replace = { new Update { Path = GnmiPaths.Parse(good), Val = GnmiValues.JsonIetf("{\"index\":700,\"config\":{\"index\":700,\"name\":\"atomic\"}}") } },
            Update = { new Update { Path = GnmiPaths.Parse("/wavelength-router/media-channels/channel[index=701]/config/admin-status"), Val = GnmiValues.JsonIetf("\"SOMETIMES\"") } },
        };

        var e = await Assert.ThrowsAsync<RpcException>(() => _fixture.Client("R2").SetAsync(request));

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        var absent = await Assert.ThrowsAsync<RpcException>(() => _fixture.Client("R2").GetJsonAsync(good, GetRequest.Types.DataType.Config));
        Assert.Equal(StatusCode.NotFound, absent.StatusCode);
    }

    [Fact]
    public async Task Set_FailingChangeToAnExistingEntry_LeavesTheEntryAsItWas()
    {
        var path = RenderPlanBuilderPath(730);
        await _fixture.Client("R2").SetAsync(new SetRequest
        {
            Replace = { new Update { Path = GnmiPaths.Parse(path), Val = GnmiValues.JsonIetf("{\"index\":730,\"config\":{\"index\":730,\"name\":\"before\"}}") } },
        });

        // The first update merges into the entry in the transaction's copy; the second is invalid, so nothing may stick.
        var e = await Assert.ThrowsAsync<RpcException>(() => _fixture.Client("R2").SetAsync(new SetRequest
        {
            Update =
            {
                new Update { Path = GnmiPaths.Parse(path), Val = GnmiValues.JsonIetf("{\"config\":{\"name\":\"after\"}}") },
                new Update { Path = GnmiPaths.Parse(path + "/config/admin-status"), Val = GnmiValues.JsonIetf("\"SOMETIMES\"") },
            },
        }));

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        var config = string.Join('\n', await _fixture.Client("R2").GetJsonAsync(path + "/config/name", GetRequest.Types.DataType.Config));
        Assert.Contains("before", config, StringComparison.Ordinal);
        Assert.DoesNotContain("after", config, StringComparison.Ordinal);
        await _fixture.Client("R2").SetAsync(new SetRequest { Delete = { GnmiPaths.Parse(path) } });
    }

    [Fact]
    public async Task Set_FailingReplaceAndDeleteOfExistingEntries_LeaveBothAsTheyWere()
    {
        var replaced = RenderPlanBuilderPath(750);
        var deleted = RenderPlanBuilderPath(752);
        foreach (var (path, index) in new[] { (replaced, 750), (deleted, 752) })
        {
            await _fixture.Client("R2").SetAsync(new SetRequest
            {
                Replace = { new Update { Path = GnmiPaths.Parse(path), Val = GnmiValues.JsonIetf($"{{\"index\":{index},\"config\":{{\"index\":{index},\"name\":\"kept-{index}\"}}}}") } },
            });
        }

        // Replace and delete copy only the nodes along their paths; an invalid update elsewhere must leave both entries whole.
        var e = await Assert.ThrowsAsync<RpcException>(() => _fixture.Client("R2").SetAsync(new SetRequest
        {
            Delete = { GnmiPaths.Parse(deleted) },
            Replace = { new Update { Path = GnmiPaths.Parse(replaced), Val = GnmiValues.JsonIetf("{\"index\":750,\"config\":{\"index\":750,\"name\":\"changed\"}}") } },
            Update = { new Update { Path = GnmiPaths.Parse("/terminal-device/logical-channels/channel[index=1]/config/admin-state"), Val = GnmiValues.JsonIetf("\"SOMETIMES\"") } },
        }));

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("kept-750", string.Join('\n', await _fixture.Client("R2").GetJsonAsync(replaced + "/config/name", GetRequest.Types.DataType.Config)), StringComparison.Ordinal);
        Assert.Contains("kept-752", string.Join('\n', await _fixture.Client("R2").GetJsonAsync(deleted + "/config/name", GetRequest.Types.DataType.Config)), StringComparison.Ordinal);
        await _fixture.Client("R2").SetAsync(new SetRequest { Delete = { GnmiPaths.Parse(replaced), GnmiPaths.Parse(deleted) } });
    }

    /// <summary>Adds media channel <paramref name="index"/> on R2 from SRG1-ADD to DEG1-OUT (75 GHz from <paramref name="lowerMhz"/>); returns its path.</summary>
    private async Task<string> AddChannelOnDeg1OutAsync(uint index, long lowerMhz)
    {
        var path = RenderPlanBuilderPath(index);
        var channel = Continuum.Pce.Southbound.Gnmi.Rendering.RenderPlanBuilder.MediaChannel(
            index, "uses-deg1", new(new(lowerMhz), new(lowerMhz + 75_000)), "SRG1-ADD", "DEG1-OUT", 0);
        await _fixture.Client("R2").SetAsync(new SetRequest
        {
            Replace = { new Update { Path = GnmiPaths.Parse(path), Val = GnmiValues.JsonIetf(channel.ToJsonIetf()) } },
        });
        return path;
    }

    [Fact]
    public async Task Set_DeletingAPortAMediaChannelUses_IsInvalidArgumentAndNotApplied()
    {
        var path = await AddChannelOnDeg1OutAsync(740, 193_062_500);

        // The port is a leafref target outside the deleted path: the whole device is checked, not only what changed.
        var e = await Assert.ThrowsAsync<RpcException>(() => _fixture.Client("R2").SetAsync(new SetRequest
        {
            Delete = { GnmiPaths.Parse("/components/component[name=DEG1-OUT]") },
        }));

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("DEG1-OUT", e.Status.Detail, StringComparison.Ordinal);
        Assert.NotEmpty(await _fixture.Client("R2").GetJsonAsync("/components/component[name=DEG1-OUT]/config", GetRequest.Types.DataType.Config));
        await _fixture.Client("R2").SetAsync(new SetRequest { Delete = { GnmiPaths.Parse(path) } });
    }

    [Fact]
    public async Task Set_ReplacingTheComponentListWithoutAPortAMediaChannelUses_IsInvalidArgumentAndNotApplied()
    {
        var path = await AddChannelOnDeg1OutAsync(741, 193_262_500);

        // A replace above the entries removes every component it does not name; the entry-rewrite exemption (a replace
        // of [name=X] keeps X) must not cover it.
        var e = await Assert.ThrowsAsync<RpcException>(() => _fixture.Client("R2").SetAsync(new SetRequest
        {
            Replace = { new Update { Path = GnmiPaths.Parse("/components"), Val = GnmiValues.JsonIetf("{\"component\":[{\"name\":\"SRG1-ADD\",\"config\":{\"name\":\"SRG1-ADD\"}}]}") } },
        }));

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("refers to no", e.Status.Detail, StringComparison.Ordinal);
        Assert.NotEmpty(await _fixture.Client("R2").GetJsonAsync("/components/component[name=DEG1-OUT]/config", GetRequest.Types.DataType.Config));
        await _fixture.Client("R2").SetAsync(new SetRequest { Delete = { GnmiPaths.Parse(path) } });
    }

    [Fact]
    public async Task Set_MediaChannelOnAPortTheDeviceLacks_IsInvalidArgumentAndNotApplied()
    {
        var channel = Continuum.Pce.Southbound.Gnmi.Rendering.RenderPlanBuilder.MediaChannel(
            720, "bad-port", new(new(193_062_500), new(193_137_500)), "SRG1-ADD", "DEG9-OUT", 0);

        var e = await Assert.ThrowsAsync<RpcException>(() => _fixture.Client("R1").SetAsync(new SetRequest
        {
            Replace = { new Update { Path = GnmiPaths.Parse(RenderPlanBuilderPath(720)), Val = GnmiValues.JsonIetf(channel.ToJsonIetf()) } },
        }));

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("DEG9-OUT", e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_StateLeaf_IsInvalidArgument()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => _fixture.Client("T1").SetAsync(new SetRequest
        {
            Update = { new Update { Path = GnmiPaths.Parse("/components/component[name=OCH-12]/state/oper-status"), Val = GnmiValues.JsonIetf("\"openconfig-platform-types:ACTIVE\"") } },
        }));

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
    }

    [Fact]
    public async Task Set_ReturnsOneResultPerOperationInOrder()
    {
        var path = RenderPlanBuilderPath(710);
        var response = await _fixture.Client("R2").SetAsync(new SetRequest
        {
            Delete = { GnmiPaths.Parse(RenderPlanBuilderPath(711)) },
            Replace = { new Update { Path = GnmiPaths.Parse(path), Val = GnmiValues.JsonIetf("{\"index\":710,\"config\":{\"index\":710}}") } },
            Update = { new Update { Path = GnmiPaths.Parse(path + "/config/name"), Val = GnmiValues.JsonIetf("\"order\"") } },
        });

        Assert.Equal([UpdateResult.Types.Operation.Delete, UpdateResult.Types.Operation.Replace, UpdateResult.Types.Operation.Update], response.Response.Select(r => r.Op));
        await _fixture.Client("R2").SetAsync(new SetRequest { Delete = { GnmiPaths.Parse(path) } });
    }

    [Fact]
    public async Task Set_WithProtoScalarsAndModulePrefixedPaths_IsAppliedLikeJson()
    {
        await using var client = new GnmiClient(_fixture.OptionsFor("T1") with { Encoding = GnmiValueEncoding.ProtoScalars, ModulePrefixedFirstElement = true });
        var path = "/components/component[name=OCH-10]/optical-channel/config";

        await client.SetAsync(new SetRequest
        {
            Update = { new Update { Path = GnmiPaths.Parse(path), Val = GnmiValues.JsonIetf(new ComponentsComponentOpticalChannelConfig { Frequency = 194_000_000, TargetOutputPower = 0.5m, OperationalMode = 4 }.ToJsonIetf()) } },
        });

        // Read back in PROTO as well: one typed scalar per leaf, assembled into the subtree.
        var leaves = await client.GetJsonAsync(path, GetRequest.Types.DataType.Config);
        Assert.True(leaves.Count >= 3, string.Join(", ", leaves));
        var och = ComponentsComponentOpticalChannelConfig.FromJson((await client.GetTreeAsync(path, GetRequest.Types.DataType.Config))!.ToJsonString());
        Assert.Equal(194_000_000UL, och.Frequency);
        Assert.Equal(0.5m, och.TargetOutputPower);
        await client.SetAsync(new SetRequest { Delete = { GnmiPaths.Parse("/components/component[name=OCH-10]/optical-channel") } });
    }

    [Fact]
    public async Task Get_StateOfAComponent_HasTypeAndOperStatusButNoConfig()
    {
        var json = (await _fixture.Client("R1").GetJsonAsync("/components/component[name=DEG1-IN]", GetRequest.Types.DataType.State)).Single();

        var component = ComponentsComponent.FromJson(json);
        Assert.Null(component.Config);
        Assert.Equal(OpenConfigIdentities.PlatformTypes.PORT, component.State!.Type);
    }

    [Fact]
    public async Task SubscribeOnce_ComponentOperStatus_ReturnsEveryComponentThenEnds()
    {
        var list = new SubscriptionList { Subscription = { new Subscription { Path = GnmiPaths.Parse("/components/component/state/oper-status") } } };

        var notifications = new List<Notification>();
        await foreach (var n in _fixture.Client("R2").SubscribeOnceAsync(list))
        {
            notifications.Add(n);
        }

        var paths = notifications.SelectMany(n => n.Update).Select(u => GnmiPaths.Format(u.Path)).ToList();
        Assert.Contains("/components/component[name=DEG2-OUT]/state/oper-status", paths);
        Assert.Contains("/components/component[name=OCM-DEG2]/state/oper-status", paths);
        Assert.Equal(10, paths.Count); // two degrees (IN, OUT, the channel monitor's port each) and two add/drop groups (ADD, DROP)
    }

    [Fact]
    public async Task SubscribeOnce_WithProtoEncoding_ReturnsTypedScalarsAndLenientDecodingReadsThem()
    {
        var list = new SubscriptionList
        {
            Encoding = global::Gnmi.Encoding.Proto,
            Subscription = { new Subscription { Path = GnmiPaths.Parse("/optical-amplifier/amplifiers/amplifier[name=AMP-1]/config") } },
        };

        var updates = new List<Update>();
        await foreach (var n in _fixture.Client("A2-3").SubscribeOnceAsync(list))
        {
            updates.AddRange(n.Update);
        }

        var gain = updates.Single(u => u.Path.Elem[^1].Name == "target-gain").Val;
        Assert.Equal(TypedValue.ValueOneofCase.DoubleVal, gain.ValueCase);
        Assert.Equal(TypedValue.ValueOneofCase.BoolVal, updates.Single(u => u.Path.Elem[^1].Name == "enabled").Val.ValueCase);
        var decoded = OpticalAmplifierAmplifiersAmplifierConfig.FromJson($"{{\"target-gain\":{GnmiValues.ToJson(gain)}}}");
        Assert.Equal(17.6m, decoded.TargetGain);
    }

    [Fact]
    public async Task SubscribePoll_EachPoll_ReturnsAFreshSnapshot()
    {
        var list = new SubscriptionList { Subscription = { new Subscription { Path = GnmiPaths.Parse("/components/component[name=SRG1-ADD]/state") } } };

        await using var poll = await _fixture.Client("R3").SubscribePollAsync(list);
        var second = await poll.PollAsync();

        Assert.NotEmpty(poll.Last);
        Assert.Contains(second.SelectMany(n => n.Update), u => u.Path.Elem[^1].Name == "oper-status");
    }

    [Fact]
    public async Task SubscribeStream_OnChange_DeliversAChangeMadeBySet()
    {
        var path = "/components/component[name=OCH-11]/optical-channel/state/frequency";
        var list = new SubscriptionList
        {
            Subscription = { new Subscription { Path = GnmiPaths.Parse("/components/component[name=OCH-11]/optical-channel/state"), Mode = SubscriptionMode.OnChange } },
        };
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var stream = _fixture.Client("T4").SubscribeStreamAsync(list, cancellationToken: cts.Token).GetAsyncEnumerator(cts.Token);
        await Wait.ForAsync(stream, r => r.SyncResponse, TimeSpan.FromSeconds(5));

        await _fixture.Client("T4").SetAsync(new SetRequest
        {
            Update = { new Update { Path = GnmiPaths.Parse("/components/component[name=OCH-11]/optical-channel/config/frequency"), Val = GnmiValues.JsonIetf("\"195000000\"") } },
        });

        var change = await Wait.ForAsync(stream, r => r.Update?.Update.Any(u => GnmiPaths.Format(u.Path) == path) == true, TimeSpan.FromSeconds(2));
        Assert.Equal("\"195000000\"", GnmiValues.ToJson(change.Update.Update.Single(u => GnmiPaths.Format(u.Path) == path).Val));
        await _fixture.Client("T4").SetAsync(new SetRequest { Delete = { GnmiPaths.Parse("/components/component[name=OCH-11]/optical-channel") } });
    }

    [Fact]
    public async Task SubscribeStream_Sample_DeliversRepeatedSamples()
    {
        var list = new SubscriptionList
        {
            Subscription = { new Subscription { Path = GnmiPaths.Parse("/components/component[name=DEG1-IN]/state/oper-status"), Mode = SubscriptionMode.Sample, SampleInterval = 20_000_000 } },
        };
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var stream = _fixture.Client("R2").SubscribeStreamAsync(list, cancellationToken: cts.Token).GetAsyncEnumerator(cts.Token);
        await Wait.ForAsync(stream, r => r.SyncResponse, TimeSpan.FromSeconds(5));

        var first = await Wait.ForAsync(stream, r => r.Update is not null, TimeSpan.FromSeconds(2));
        var second = await Wait.ForAsync(stream, r => r.Update is not null, TimeSpan.FromSeconds(2));

        Assert.True(second.Update.Timestamp > first.Update.Timestamp);
    }

    [Fact]
    public async Task SubscribeStream_DroppedByTheTarget_ReconnectsAndSubscribesAgain()
    {
        var list = new SubscriptionList
        {
            Subscription = { new Subscription { Path = GnmiPaths.Parse("/components/component[name=SRG2-ADD]/state"), Mode = SubscriptionMode.OnChange } },
        };
        var reconnects = 0;
        await using var client = new GnmiClient(_fixture.OptionsFor("R4") with { ReconnectInitialDelay = TimeSpan.FromMilliseconds(10) });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var stream = client.SubscribeStreamAsync(list, (_, _) => Interlocked.Increment(ref reconnects), cts.Token).GetAsyncEnumerator(cts.Token);
        await Wait.ForAsync(stream, r => r.SyncResponse, TimeSpan.FromSeconds(5));

        _fixture.Host.Emulator.DropStreams("R4");

        await Wait.ForAsync(stream, r => r.SyncResponse, TimeSpan.FromSeconds(5));
        Assert.Equal(1, reconnects);
    }

    [Fact]
    public async Task SubscribeStream_Reconnect_WaitsForTheBackOffOnTheInjectedClock()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var list = new SubscriptionList
        {
            Subscription = { new Subscription { Path = GnmiPaths.Parse("/components/component[name=SRG2-DROP]/state"), Mode = SubscriptionMode.OnChange } },
        };
        var reconnecting = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        // A 30 s back-off: only the fake clock can make the second subscription happen within the 2 s bound below.
        await using var client = new GnmiClient(_fixture.OptionsFor("R1") with { ReconnectInitialDelay = TimeSpan.FromSeconds(30) }, time);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var stream = client.SubscribeStreamAsync(list, (attempt, _) => reconnecting.TrySetResult(attempt), cts.Token).GetAsyncEnumerator(cts.Token);
        await Wait.ForAsync(stream, r => r.SyncResponse, TimeSpan.FromSeconds(5));
        var next = Wait.ForAsync(stream, r => r.SyncResponse, TimeSpan.FromSeconds(5));

        _fixture.Host.Emulator.DropStreams("R1");
        Assert.Equal(1, await reconnecting.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.False(next.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(30));

        Assert.True((await next.WaitAsync(TimeSpan.FromSeconds(2))).SyncResponse);
    }

    [Fact]
    public async Task Get_StalledDevice_FailsAtTheDeadline()
    {
        await using var client = new GnmiClient(_fixture.OptionsFor("R3") with { Timeout = TimeSpan.FromMilliseconds(300) });
        _fixture.Host.Emulator.Stall("R3");
        try
        {
            var e = await Assert.ThrowsAsync<RpcException>(() => client.GetJsonAsync("/components", GetRequest.Types.DataType.All));

            Assert.Equal(StatusCode.DeadlineExceeded, e.StatusCode);
        }
        finally
        {
            _fixture.Host.Emulator.Resume("R3");
        }
    }

    [Fact]
    public async Task EveryRpc_IsTracedWithMethodAndTarget()
    {
        var activities = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == GnmiClient.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                lock (activities)
                {
                    activities.Add(a);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        await using var client = new GnmiClient(_fixture.OptionsFor("R1"));

        await client.ConnectAsync();
        await client.GetJsonAsync("/components/component[name=DEG1-IN]", GetRequest.Types.DataType.All);

        lock (activities)
        {
            Assert.Contains(activities, a => a.DisplayName == "gnmi.gNMI/Get" && (string?)a.GetTagItem("gnmi.target") == "R1");
            Assert.Contains(activities, a => a.DisplayName == "gnmi.gNMI/Capabilities");
        }
    }

    private static string RenderPlanBuilderPath(uint index) => Continuum.Pce.Southbound.Gnmi.Rendering.RenderPlanBuilder.MediaChannelPath(index);
}
