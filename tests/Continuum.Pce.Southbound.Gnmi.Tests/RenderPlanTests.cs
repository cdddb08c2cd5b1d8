using Continuum.Pce.Application.Ports;
using Continuum.Pce.Southbound.Gnmi.Rendering;

namespace Continuum.Pce.Southbound.Gnmi.Tests;

public sealed class RenderPlanTests
{
    [Fact]
    public void Plan_AcrossFourRoadms_AddsExpressesDropsThenTunesBothTransponders()
    {
        var plan = RenderPlanBuilder.Build(Intents.AcrossFourRoadms("lp-plan", 1, 0, 10), new PortMap());

        Assert.Equal(["R1", "R2", "R3", "R4", "T1", "T4"], plan.Steps.Select(s => s.Device.Value));
        Assert.StartsWith("add", plan.Steps[0].Description, StringComparison.Ordinal);
        Assert.StartsWith("express", plan.Steps[1].Description, StringComparison.Ordinal);
        Assert.StartsWith("express", plan.Steps[2].Description, StringComparison.Ordinal);
        Assert.StartsWith("drop", plan.Steps[3].Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_RoadmStep_IsOneSetRequestWithBothDirectionsAndItsUndoDeletesThem()
    {
        var plan = RenderPlanBuilder.Build(Intents.AcrossFourRoadms("lp-plan", 1, 0, 10), new PortMap());
        var add = plan.Steps[0];

        Assert.Equal(
            ["/wavelength-router/media-channels/channel[index=10]", "/wavelength-router/media-channels/channel[index=11]"],
            add.Apply.Replace.Select(u => GnmiPaths.Format(u.Path)));
        Assert.Equal(add.Apply.Replace.Select(u => GnmiPaths.Format(u.Path)), add.Undo.Delete.Select(GnmiPaths.Format));
        var forward = Continuum.Pce.Models.WavelengthRouterMediaChannelsChannel.FromJson(GnmiValues.ToJson(add.Apply.Replace[0].Val));
        Assert.Equal("SRG1-ADD", forward.Source!.Config!.PortName);
        Assert.Equal("DEG1-OUT", forward.Dest!.Config!.PortName);
        Assert.Equal(193_062_500UL, forward.Config!.LowerFrequency);
        Assert.Equal(193_137_500UL, forward.Config.UpperFrequency);
    }

    [Theory]
    [InlineData(1, 0, 10)]
    [InlineData(1, 40, 200)]
    [InlineData(2, 8, 400)]
    public void UndoPlan_HasTheStepsUndoRequestsAndIntentPathsOfTheFullPlan_AndNoPayloads(int transponderInterface, int firstSlot, uint mediaChannelIndex)
    {
        var intent = Intents.AcrossFourRoadms("lp-undo", transponderInterface, firstSlot, mediaChannelIndex);
        var ports = new PortMap().WithOpticalChannel(new("T1"), 2, "och-1/2");

        var full = RenderPlanBuilder.Build(intent, ports);
        var undo = RenderPlanBuilder.BuildUndo(intent, ports);

        Assert.Equal(full.Lightpath, undo.Lightpath);
        Assert.Equal(full.Steps.Select(s => (s.Device, s.Description, s.PrimaryPath)), undo.Steps.Select(s => (s.Device, s.Description, s.PrimaryPath)));
        Assert.Equal(full.Steps.Select(s => s.Undo), undo.Steps.Select(s => s.Undo));
        Assert.Equal(full.Steps.Select(s => string.Join(' ', s.Intent.Select(i => i.Path))), undo.Steps.Select(s => string.Join(' ', s.Intent.Select(i => i.Path))));
        Assert.All(undo.Steps, s => Assert.Equal(new global::Gnmi.SetRequest(), s.Apply));
        Assert.All(undo.Steps.SelectMany(s => s.Intent), i => Assert.Empty(i.Json));
    }

    [Fact]
    public void PortMap_Overrides_ReplaceTheDefaultNames()
    {
        var ports = new PortMap().WithRoadmPort(new("R1"), RoadmPort.AddDrop(1), "1/1/ADD", "1/1/DROP").WithOpticalChannel(new("T1"), 1, "och-1/1");
        var plan = RenderPlanBuilder.Build(Intents.AcrossFourRoadms("lp-map", 1, 0, 10), ports);

        Assert.Contains("1/1/ADD", GnmiValues.ToJson(plan.Steps[0].Apply.Replace[0].Val), StringComparison.Ordinal);
        Assert.Equal("/components/component[name=och-1/1]/optical-channel/config", GnmiPaths.Format(plan.Steps[4].Apply.Update[0].Path));
    }

    [Fact]
    public void Paths_HumanForm_RoundTripsThroughPathElems()
    {
        const string text = "/components/component[name=och-1/1]/optical-channel/config/frequency";

        var path = GnmiPaths.Parse(text);

        Assert.Equal(5, path.Elem.Count);
        Assert.Equal("och-1/1", path.Elem[1].Key["name"]);
        Assert.Equal(text, GnmiPaths.Format(path));
    }

    [Fact]
    public void FirstElementModule_WhenEnabled_PrefixesAndWhenDisabledStrips()
    {
        var plain = GnmiPaths.Parse("/components/component[name=x]");

        var prefixed = GnmiPaths.WithFirstElementModule(plain, true);

        Assert.Equal("openconfig-platform:components", prefixed.Elem[0].Name);
        Assert.Equal("components", GnmiPaths.WithFirstElementModule(prefixed, false).Elem[0].Name);
    }

    [Fact]
    public void ProtoScalars_OpticalChannelConfig_ExplodeIntoTypedLeaves()
    {
        var path = GnmiPaths.Parse("/components/component[name=OCH-1]/optical-channel/config");

        var leaves = GnmiValues.ExplodeToScalars(path, "{\"openconfig-terminal-device:frequency\":\"193100000\",\"target-output-power\":\"-2.00\",\"operational-mode\":3}")
            .ToDictionary(l => GnmiPaths.Format(l.Path), l => l.Value);

        Assert.Equal(193_100_000UL, leaves["/components/component[name=OCH-1]/optical-channel/config/frequency"].UintVal);
        Assert.Equal(-2.0, leaves["/components/component[name=OCH-1]/optical-channel/config/target-output-power"].DoubleVal);
        Assert.Equal(3UL, leaves["/components/component[name=OCH-1]/optical-channel/config/operational-mode"].UintVal);
    }

    [Fact]
    public void BackOff_Doubling_IsCappedAtTheMaximum()
    {
        var client = new GnmiClient(new GnmiDeviceOptions { Address = "127.0.0.1:1", ReconnectInitialDelay = TimeSpan.FromMilliseconds(100), ReconnectMaxDelay = TimeSpan.FromSeconds(1) });

        Assert.Equal([100, 200, 400, 800, 1000, 1000], Enumerable.Range(1, 6).Select(a => (int)client.BackOff(a).TotalMilliseconds));
    }
}
