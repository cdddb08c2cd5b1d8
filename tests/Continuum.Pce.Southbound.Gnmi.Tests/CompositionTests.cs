using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Southbound.Gnmi.Rendering;
using Gnmi;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Continuum.Pce.Southbound.Gnmi.Tests;

/// <summary>The host-facing composition: AddGnmiSouthbound and the Devices configuration section.</summary>
public sealed class CompositionTests
{
    [Fact]
    public void AddGnmiSouthbound_FromConfiguration_AppliesDefaultsAndPerDeviceOverrides()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Devices:Address"] = "127.0.0.1:19339",
            ["Devices:UseTls"] = "false",
            ["Devices:Username"] = "pce",
            ["Devices:Password"] = "secret",
            ["Devices:Timeout"] = "00:00:03",
            ["Devices:Overrides:R2:Address"] = "10.0.0.2:9339",
            ["Devices:Overrides:R2:Target"] = "",
            ["Devices:Overrides:R2:UseTls"] = "true",
            ["Devices:Overrides:R2:Encoding"] = "ProtoScalars",
        }).Build();
        var services = new ServiceCollection().AddGnmiSouthbound(configuration.GetSection(GnmiSouthboundOptions.SectionName));
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<GnmiSouthboundOptions>>().Value;

        var r1 = options.ForDevice(new NodeId("R1"));
        var r2 = options.ForDevice(new NodeId("R2"));

        Assert.Equal(("127.0.0.1:19339", "R1", false, "pce", "secret", TimeSpan.FromSeconds(3)), (r1.Address, r1.Target, r1.UseTls, r1.Username, r1.Password, r1.Timeout));
        Assert.Equal(("10.0.0.2:9339", (string?)null, true, "pce", GnmiValueEncoding.ProtoScalars), (r2.Address, r2.Target, r2.UseTls, r2.Username, r2.Encoding));
    }

    [Fact]
    public void AddGnmiSouthbound_AfterTheNoOpRenderer_ResolvesTheGnmiRendererAndTelemetrySource()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IDeviceRenderer, NoOpDeviceRenderer>();
        services.AddGnmiSouthbound(id => new GnmiDeviceOptions { Address = "127.0.0.1:1", Target = id.Value, UseTls = false });
        using var provider = services.BuildServiceProvider();

        Assert.IsType<GnmiRenderer>(provider.GetRequiredService<IDeviceRenderer>());
        Assert.IsType<GnmiTelemetrySource>(provider.GetRequiredService<ITelemetrySource>());
        Assert.Same(provider.GetRequiredService<GnmiDeviceDirectory>(), provider.GetRequiredService<IGnmiDeviceDirectory>());
    }

    [Fact]
    public void TelemetryMap_PortComponents_CarryInterfaceAndRoadmPort()
    {
        var notification = new Notification { Timestamp = 1_000_000_000 };
        notification.Update.Add(Status("OCH-3", "INACTIVE"));
        notification.Update.Add(Status("DEG2-IN", "ACTIVE"));
        notification.Update.Add(Status("SRG1-DROP", "ACTIVE"));

        var samples = GnmiTelemetrySource.Map(new NodeId("X"), notification).Cast<TelemetrySample.ComponentStatus>().ToList();

        Assert.Equal(3, samples[0].Interface);
        Assert.False(samples[0].Active);
        Assert.Equal((RoadmPort.Degree(2), true), (samples[1].Port!.Value, samples[1].IsInput));
        Assert.Equal((RoadmPort.AddDrop(1), false), (samples[2].Port!.Value, samples[2].IsInput));
    }

    [Fact]
    public void TelemetryMap_DeletedMediaChannelStatusOrEntry_IsReportedRemovedAndOtherDeletesAreNot()
    {
        var notification = new Notification { Timestamp = 1_000_000_000 };
        notification.Delete.Add(GnmiPaths.Parse("/wavelength-router/media-channels/channel[index=12]/state/oper-status"));
        notification.Delete.Add(GnmiPaths.Parse("/wavelength-router/media-channels/channel[index=14]"));
        notification.Delete.Add(GnmiPaths.Parse("/wavelength-router/media-channels/channel[index=16]/config/name"));
        notification.Delete.Add(GnmiPaths.Parse("/components/component[name=OCH-1]/state/oper-status"));
        notification.Update.Add(Status("OCH-2", "ACTIVE"));

        var samples = GnmiTelemetrySource.Map(new NodeId("R1"), notification).ToList();

        Assert.Equal([12u, 14u], samples.OfType<TelemetrySample.MediaChannelRemoved>().Select(r => r.Index));
        Assert.Equal("OCH-2", Assert.Single(samples.OfType<TelemetrySample.ComponentStatus>()).Component);
        Assert.Equal(3, samples.Count);
    }

    [Fact]
    public void PortMap_Overrides_AreParsedBack()
    {
        var ports = new PortMap().WithRoadmPort(new NodeId("R1"), RoadmPort.Degree(4), "1/1/4-RX", "1/1/4-TX").WithOpticalChannel(new NodeId("T1"), 2, "och-0/2");

        Assert.True(ports.TryParseRoadmPort(new NodeId("R1"), "1/1/4-RX", out var port, out var input));
        Assert.Equal((RoadmPort.Degree(4), true), (port, input));
        Assert.True(ports.TryParseOpticalChannel(new NodeId("T1"), "och-0/2", out var @interface));
        Assert.Equal(2, @interface);
        Assert.False(ports.TryParseOpticalChannel(new NodeId("T1"), "LINE-2", out _));
    }

    private static Update Status(string component, string status) => new()
    {
        Path = GnmiPaths.Parse($"/components/component[name={component}]/state/oper-status"),
        Val = new TypedValue { JsonIetfVal = Google.Protobuf.ByteString.CopyFromUtf8($"\"openconfig-platform-types:{status}\"") },
    };
}
