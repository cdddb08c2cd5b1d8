using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Application.Telemetry;
using Continuum.Pce.DeviceEmulator;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Grains.Abstractions;
using Continuum.Pce.Southbound.Gnmi.Rendering;
using Gnmi;

namespace Continuum.Pce.Southbound.Gnmi.Tests.Grains;

/// <summary>
/// Devices that each speak other gNMI encodings (issue 25): T1 and R1 JSON only (the one encoding every target must
/// support), R2 and R4 PROTO only, R3 JSON_IETF only, T4 all three but told by configuration to use JSON. Every request
/// carries the origin "openconfig". The controller is given no encoding for the others: it reads each device's
/// Capabilities and speaks what it offers.
/// </summary>
public sealed class EncodingClusterFixture() : EmulatorClusterFixture<EncodingClusterFixture>("gnmi-encodings", GnmiClusterFixture.Snapshot, TimeSpan.FromSeconds(5))
{
    public static readonly IReadOnlyDictionary<string, GnmiValueEncoding> Expected = new Dictionary<string, GnmiValueEncoding>
    {
        ["T1"] = GnmiValueEncoding.Json,
        ["R1"] = GnmiValueEncoding.Json,
        ["R2"] = GnmiValueEncoding.ProtoScalars,
        ["R3"] = GnmiValueEncoding.JsonIetf,
        ["R4"] = GnmiValueEncoding.ProtoScalars,
        ["T4"] = GnmiValueEncoding.Json,
    };

    protected override DeviceEmulatorOptions ConfigureEmulator(DeviceEmulatorOptions options)
    {
        DeviceProfile Only(DeviceEncoding e) => new() { Encodings = [e] };
        return options with
        {
            Profiles = new DeviceProfiles(devices: new Dictionary<string, DeviceProfile>
            {
                ["T1"] = Only(DeviceEncoding.Json),
                ["R1"] = Only(DeviceEncoding.Json),
                ["R2"] = Only(DeviceEncoding.Proto),
                ["R3"] = Only(DeviceEncoding.JsonIetf),
                ["R4"] = Only(DeviceEncoding.Proto),
            }),
        };
    }

    protected override GnmiDeviceOptions ConfigureDevice(GnmiDeviceOptions options) =>
        options with { Origin = "openconfig", Encoding = options.Target == "T4" ? GnmiValueEncoding.Json : null };

    protected override void ConfigureHealth(LightpathHealthOptions options) => GnmiClusterFixture.Health(options);
}

[CollectionDefinition(Name)]
public sealed class EncodingClusterCollection : ICollectionFixture<EncodingClusterFixture>
{
    public const string Name = "gnmi-encodings";
}

[Collection(EncodingClusterCollection.Name)]
public sealed class EncodingLightpathTests(EncodingClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Cluster.GrainFactory;

    [Fact]
    public async Task CreateRerouteDelete_DevicesOfEveryEncoding_ConfiguredInTheEncodingEachOffers()
    {
        var id = "lp-enc-" + Guid.NewGuid().ToString("N")[..8];
        var grain = _grains.Lightpath("tenant-a", id);

        var view = await grain.Create(fixture.Order(id, "tenant-a", "S1", "S4"));

        try
        {
            Assert.True(view.State == LightpathState.Active, $"{view.State}: {view.FailureReason}");
            var index = PathTopology.MediaChannelIndex(new LightpathId(LightpathGrains.KeyOf("tenant-a", id)));
            foreach (var roadm in GnmiClusterFixture.Roadms)
            {
                var client = fixture.Devices.ClientFor(new NodeId(roadm));
                var tree = await client.GetTreeAsync(RenderPlanBuilder.MediaChannelPath(index), GetRequest.Types.DataType.Config);
                Assert.Equal(EncodingClusterFixture.Expected[roadm], client.Encoding);
                Assert.Contains($"{id}", tree!.ToJsonString(), StringComparison.Ordinal);
            }

            // Telemetry subscriptions in each device's encoding: the receivers' OSNR reaches the lightpath.
            await Eventually.MatchAsync(grain.Get, v => v.MeasuredOsnrDb is not null, TimeSpan.FromSeconds(2), "measured OSNR on the lightpath");

            foreach (var transponder in new[] { "T1", "T4" })
            {
                var client = fixture.Devices.ClientFor(new NodeId(transponder));
                var frequencies = await client.GetJsonAsync("/components/component[name=*]/optical-channel/config/frequency", GetRequest.Types.DataType.Config);
                Assert.Equal(EncodingClusterFixture.Expected[transponder], client.Encoding);
                Assert.NotEmpty(frequencies);
            }

            var rerouted = await grain.Reroute(null);
            Assert.True(rerouted.Lightpath.State == LightpathState.Active, $"{rerouted.Outcome}: {rerouted.Detail}");
            var after = await fixture.Devices.ClientFor(new NodeId("R2")).GetTreeAsync(RenderPlanBuilder.MediaChannelPath(index), GetRequest.Types.DataType.Config);
            Assert.Contains($"{id}", after!.ToJsonString(), StringComparison.Ordinal);

            Assert.Equal(LightpathState.Deleted, (await grain.Delete()).State);
            foreach (var roadm in GnmiClusterFixture.Roadms)
            {
                var client = fixture.Devices.ClientFor(new NodeId(roadm));
                var gone = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => client.GetTreeAsync(RenderPlanBuilder.MediaChannelPath(index), GetRequest.Types.DataType.Config));
                Assert.Equal(Grpc.Core.StatusCode.NotFound, gone.StatusCode);
            }

        }
        finally
        {
            await grain.Delete();
        }
    }
}
