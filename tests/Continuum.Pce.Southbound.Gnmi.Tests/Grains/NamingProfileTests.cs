using System.Text.Json.Nodes;
using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Application.Telemetry;
using Continuum.Pce.DeviceEmulator;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Grains.Abstractions;
using Continuum.Pce.Southbound.Gnmi.Rendering;
using Gnmi;
using Microsoft.Extensions.Configuration;

namespace Continuum.Pce.Southbound.Gnmi.Tests.Grains;

/// <summary>
/// Issue 25: devices of two naming conventions behind one emulator (R2, R3 and T4 follow "vendor-b": LINE-n-RX/TX,
/// ADD-n/DROP-n, OPTCH-1-i, logical channels 10i+1/10i+2, their own mode ids; the others the default), and a controller
/// told about them only through the Devices settings (<see cref="Settings"/>, bound as the server binds them).
/// </summary>
public sealed class NamingClusterFixture() : EmulatorClusterFixture<NamingClusterFixture>("gnmi-naming", GnmiClusterFixture.Snapshot, TimeSpan.FromSeconds(5))
{
    public static readonly string[] VendorB = ["R2", "R3", "T4"];

    /// <summary>The controller's settings: the naming profile and which devices follow it (T4 also speaks PROTO).</summary>
    public static GnmiSouthboundOptions Settings { get; } = Bind(new Dictionary<string, string?>
    {
        ["Devices:NamingProfiles:vendor-b:DegreeInput"] = "LINE-{n}-RX",
        ["Devices:NamingProfiles:vendor-b:DegreeOutput"] = "LINE-{n}-TX",
        ["Devices:NamingProfiles:vendor-b:AddPort"] = "ADD-{n}",
        ["Devices:NamingProfiles:vendor-b:DropPort"] = "DROP-{n}",
        ["Devices:NamingProfiles:vendor-b:OpticalChannel"] = "OPTCH-1-{i}",
        ["Devices:NamingProfiles:vendor-b:ClientChannelBase"] = "1",
        ["Devices:NamingProfiles:vendor-b:ClientChannelStride"] = "10",
        ["Devices:NamingProfiles:vendor-b:LineChannelBase"] = "2",
        ["Devices:NamingProfiles:vendor-b:LineChannelStride"] = "10",
        ["Devices:Overrides:R2:Naming"] = "vendor-b",
        ["Devices:Overrides:R3:Naming"] = "vendor-b",
        ["Devices:Overrides:T4:Naming"] = "vendor-b",
        ["Devices:Overrides:T4:Encoding"] = "Proto",
    });

    public static GnmiSouthboundOptions Bind(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(GnmiSouthboundOptions.SectionName).Get<GnmiSouthboundOptions>() ?? new GnmiSouthboundOptions();

    public static DeviceProfiles Profiles { get; } = new(devices: VendorB.ToDictionary(d => d, _ => new DeviceProfile { Naming = NamingProfile.VendorB }));

    protected override DeviceEmulatorOptions ConfigureEmulator(DeviceEmulatorOptions options) => options with { Profiles = Profiles };

    protected override GnmiDeviceOptions ConfigureDevice(GnmiDeviceOptions options)
    {
        var configured = Settings.ForDevice(new NodeId(options.Target!));
        return options with { Naming = configured.Naming, Encoding = configured.Encoding };
    }

    protected override void ConfigureHealth(LightpathHealthOptions options) => GnmiClusterFixture.Health(options);
}

[CollectionDefinition(Name)]
public sealed class NamingClusterCollection : ICollectionFixture<NamingClusterFixture>
{
    public const string Name = "gnmi-naming";
}

[Collection(NamingClusterCollection.Name)]
public sealed class NamingProfileTests(NamingClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Cluster.GrainFactory;

    [Fact]
    public async Task CreateRerouteDelete_DevicesOfTwoNamingProfiles_EachConfiguredInItsOwnNames()
    {
        var id = "lp-name-" + Guid.NewGuid().ToString("N")[..8];
        var grain = _grains.Lightpath("tenant-a", id);

        var view = await grain.Create(fixture.Order(id, "tenant-a", "S1", "S4"));

        try
        {
            Assert.True(view.State == LightpathState.Active, $"{view.State}: {view.FailureReason}");
            var index = PathTopology.MediaChannelIndex(new LightpathId(LightpathGrains.KeyOf("tenant-a", id)));

            // R2 (vendor-b) carries the express channel between its line ports by its own names; R1 (default) by the default ones.
            var r2 = await MediaChannelAsync("R2", index);
            Assert.Matches("^LINE-[0-9]+-RX$", Port(r2, "source"));
            Assert.Matches("^LINE-[0-9]+-TX$", Port(r2, "dest"));
            var r1 = await MediaChannelAsync("R1", index);
            Assert.Equal("SRG1-ADD", Port(r1, "source"));
            Assert.Matches("^DEG[0-9]+-OUT$", Port(r1, "dest"));

            // T4 (vendor-b, PROTO): its optical channel OPTCH-1-i with one of the mode ids it advertises, logical channels 10i+1 and 10i+2.
            var t4 = fixture.Devices.ClientFor(new NodeId("T4"));
            var och = await t4.GetTreeAsync("/components/component[name=OPTCH-1-1]/optical-channel/config", GetRequest.Types.DataType.Config);
            var mode = uint.Parse(och!["operational-mode"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(mode, 4001u, 4999u);
            var modes = await t4.GetTreeAsync($"/terminal-device/operational-modes/mode[mode-id={mode}]/state/description", GetRequest.Types.DataType.State);
            Assert.Equal(view.Mode, modes!.GetValue<string>());
            Assert.NotNull(await t4.GetTreeAsync("/terminal-device/logical-channels/channel[index=12]", GetRequest.Types.DataType.Config));
            Assert.NotNull(await t4.GetTreeAsync("/terminal-device/logical-channels/channel[index=11]", GetRequest.Types.DataType.Config));

            // Telemetry by the same names: the receiver's OSNR reaches the lightpath.
            await Eventually.MatchAsync(grain.Get, v => v.MeasuredOsnrDb is not null, TimeSpan.FromSeconds(2), "measured OSNR on the lightpath");

            var rerouted = await grain.Reroute(null);
            Assert.True(rerouted.Lightpath.State == LightpathState.Active, $"{rerouted.Outcome}: {rerouted.Detail}");

            Assert.Equal(LightpathState.Deleted, (await grain.Delete()).State);
            foreach (var roadm in GnmiClusterFixture.Roadms)
            {
                var gone = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => MediaChannelAsync(roadm, index));
                Assert.Equal(Grpc.Core.StatusCode.NotFound, gone.StatusCode);
            }

            await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => t4.GetTreeAsync("/terminal-device/logical-channels/channel[index=12]", GetRequest.Types.DataType.Config));
        }
        finally
        {
            await grain.Delete();
        }
    }

    [Fact]
    public async Task Provision_ModeTheTransponderDoesNotAdvertise_RefusedWithTheModesItOffersAndNothingSent()
    {
        var (renderer, devices) = Renderer(NamingClusterFixture.Settings);
        await using var _ = devices;
        var intent = Intents.AcrossFourRoadms("lp-no-mode", 2, 40, 900) with { Mode = new ModeId("1T-PCS-imaginary") };

        var result = await renderer.ProvisionAsync(intent, CancellationToken.None);

        var failed = Assert.IsType<RenderResult.Failed>(result);
        Assert.Equal("FailedPrecondition", failed.Failure.Status);
        Assert.Contains("does not advertise operational mode '1T-PCS-imaginary'", failed.Failure.Message, StringComparison.Ordinal);
        Assert.True(failed.Failure.Message.Contains("it offers: ", StringComparison.Ordinal) && failed.Failure.Message.Contains("QAM", StringComparison.Ordinal), failed.Failure.Message);
        await AssertNoMediaChannelAsync(devices, "R1", 900);
    }

    [Fact]
    public async Task Provision_DeviceConfiguredWithTheWrongNamingProfile_RefusedByThePortMapAndNothingSent()
    {
        // R2 follows vendor-b, but these settings say nothing of it: the default names are not components of R2.
        var (renderer, devices) = Renderer(NamingClusterFixture.Bind([]));
        await using var _ = devices;
        var intent = Intents.AcrossFourRoadms("lp-wrong-names", 3, 60, 920);

        var result = await renderer.ProvisionAsync(intent, CancellationToken.None);

        var failed = Assert.IsType<RenderResult.Failed>(result);
        Assert.Equal("R2", failed.Failure.Device.Value);
        Assert.Contains("naming profile", failed.Failure.Message, StringComparison.Ordinal);
        Assert.Contains("no such component", failed.Failure.Message, StringComparison.Ordinal);
        await AssertNoMediaChannelAsync(devices, "R1", 920);
    }

    private (GnmiRenderer Renderer, GnmiDeviceDirectory Devices) Renderer(GnmiSouthboundOptions settings)
    {
        GnmiDeviceOptions Options(NodeId id) => settings.ForDevice(id) with { Address = fixture.Emulator.Address, Target = id.Value, UseTls = false, TrustedCa = null };
        var devices = new GnmiDeviceDirectory(Options);
        return (new GnmiRenderer(devices, new ProfiledPortMap(Options, new DeviceDiscovery(devices))), devices);
    }

    private static async Task AssertNoMediaChannelAsync(GnmiDeviceDirectory devices, string roadm, uint index)
    {
        var absent = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => devices.ClientFor(new NodeId(roadm)).GetTreeAsync(RenderPlanBuilder.MediaChannelPath(index), GetRequest.Types.DataType.Config));
        Assert.Equal(Grpc.Core.StatusCode.NotFound, absent.StatusCode);
    }

    private async Task<JsonNode> MediaChannelAsync(string roadm, uint index) =>
        (await fixture.Devices.ClientFor(new NodeId(roadm)).GetTreeAsync(RenderPlanBuilder.MediaChannelPath(index), GetRequest.Types.DataType.Config))!;

    private static string Port(JsonNode channel, string end) =>
        Member(Member(Member(channel, end), "config"), "port-name")?.GetValue<string>() ?? throw new Xunit.Sdk.XunitException($"no {end} port in {channel.ToJsonString()}");

    private static JsonNode? Member(JsonNode? node, string name) =>
        node is JsonObject o ? o.FirstOrDefault(m => Models.YangJson.LocalName(m.Key) == name).Value : null;
}
