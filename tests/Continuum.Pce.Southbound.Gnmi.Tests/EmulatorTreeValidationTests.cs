using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.DeviceEmulator;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.Domain.Units;
using Continuum.Pce.Southbound.Gnmi.Rendering;
using Continuum.Pce.Southbound.Gnmi.Tests.Grains;
using GetRequest = Gnmi.GetRequest;

namespace Continuum.Pce.Southbound.Gnmi.Tests;

/// <summary>
/// Issue 25: what the emulator serves is valid against OpenConfig's own modules (shared/reference, unchanged), not only
/// against the subset its code is generated from. Every device of a square network (ROADMs, transponders with their
/// protection cards, in-line amplifiers), in each naming profile, is read whole over gNMI (Get of the root, JSON_IETF)
/// and checked with yanglint: configuration and state as a datastore (-t data), configuration alone (-t config); empty,
/// with a lightpath and a 1+1 lightpath lit by the controller's renderer, with the 1+1 held on its protection leg, and
/// after both are deleted.
/// </summary>
public sealed class EmulatorTreeValidationTests
{
    public static TheoryData<string> NamingProfiles() => new() { NamingProfile.DefaultName, NamingProfile.VendorB };

    [Theory]
    [MemberData(nameof(NamingProfiles))]
    public async Task EveryDeviceTree_EmptyLitAndAfterDelete_IsValidAgainstOpenConfigsModules(string naming)
    {
        var network = Square();
        var topology = new PathTopology(network);
        await using var host = await DeviceEmulatorHost.StartAsync(network, new DeviceEmulatorOptions
        {
            ControlPort = null,
            Profiles = new DeviceProfiles(new DeviceProfile { Naming = naming }),
        });
        var settings = Settings(naming);
        GnmiDeviceOptions Options(NodeId id) => settings.ForDevice(id) with { Address = host.Address, Target = id.Value, UseTls = false, TrustedCa = null };
        await using var devices = new GnmiDeviceDirectory(Options);
        var renderer = new GnmiRenderer(devices, new ProfiledPortMap(Options, new DeviceDiscovery(devices)));
        var plain = Lightpath(topology, "lp-oc-plain", 1, 8, 600, ["R1", "R2", "R3"]);
        var protectedLightpath = Lightpath(topology, "lp-oc-1plus1", 2, 40, 610, ["R1", "R2", "R3"]) with
        {
            Protection = new ProtectionRenderIntent(Hops(topology, ["R1", "R4", "R3"], 2), 620, Revertive: true, HoldOffMs: 0, WaitToRestoreMs: 0),
        };
        var failures = new List<string>();

        await ValidateEveryDeviceAsync(network, devices, "empty", failures);
        Succeeded(await renderer.ProvisionAsync(plain, CancellationToken.None));
        Succeeded(await renderer.ProvisionAsync(protectedLightpath, CancellationToken.None));
        await ValidateEveryDeviceAsync(network, devices, "lit", failures);
        Succeeded(await renderer.SwitchProtectionAsync(protectedLightpath, ProtectionForce.Protection, CancellationToken.None));
        await ValidateEveryDeviceAsync(network, devices, "lit, held on the protection leg", failures);
        Succeeded(await renderer.DeleteAsync(plain, CancellationToken.None));
        Succeeded(await renderer.DeleteAsync(protectedLightpath, CancellationToken.None));
        await ValidateEveryDeviceAsync(network, devices, "after delete", failures);

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    [Theory]
    [MemberData(nameof(NamingProfiles))]
    public async Task Capabilities_EveryModel_IsAnOpenConfigModuleWithItsUpstreamOrganizationAndVersion(string naming)
    {
        await using var host = await DeviceEmulatorHost.StartAsync(Square(), new DeviceEmulatorOptions
        {
            ControlPort = null,
            Profiles = new DeviceProfiles(new DeviceProfile { Naming = naming }),
        });
        await using var client = new GnmiClient(new GnmiDeviceOptions { Address = host.Address, Target = "R1", UseTls = false });

        var capabilities = await client.ConnectAsync();

        Assert.Equal(Repo.Modules.Length, capabilities.SupportedModels.Count);
        foreach (var model in capabilities.SupportedModels)
        {
            var upstream = Continuum.Pce.YangGen.YangParser.Parse(File.ReadAllText(OpenConfigReference.ModuleFile(model.Name)), model.Name);
            Assert.Equal(upstream.Child("organization")!.Argument, model.Organization);
            Assert.Equal(upstream.Children.Single(c => c.Keyword == "oc-ext:openconfig-version").Argument, model.Version);
        }
    }

    [Fact]
    public async Task Validation_ATreeWithAChannelMonitorNamingNoComponent_IsRejected()
    {
        // Guards the check itself with the defect issue 25 found: a channel monitor whose name is no component.
        var network = Square();
        await using var host = await DeviceEmulatorHost.StartAsync(network, new DeviceEmulatorOptions { ControlPort = null });
        await using var devices = new GnmiDeviceDirectory(id => new GnmiDeviceOptions { Address = host.Address, Target = id.Value, UseTls = false });
        var json = (await devices.ClientFor(new NodeId("R2")).GetJsonAsync("/", GetRequest.Types.DataType.All)).Single();
        Assert.Contains("\"OCM-DEG1\"", json, StringComparison.Ordinal);

        var root = JsonNode.Parse(json)!.AsObject();
        var monitor = root["openconfig-channel-monitor:channel-monitors"]!["channel-monitor"]!.AsArray().Single(m => m!["name"]!.GetValue<string>() == "OCM-DEG1")!;
        monitor["name"] = "OCM-NOWHERE";
        monitor["config"]!["name"] = "OCM-NOWHERE";
        if (monitor["state"] is JsonObject state)
        {
            state["name"] = "OCM-NOWHERE";
        }

        var (valid, output) = OpenConfigReference.ValidateText("data", json);
        var (broken, _) = OpenConfigReference.ValidateText("data", root.ToJsonString());

        Assert.True(valid == 0, output);
        Assert.NotEqual(0, broken);
    }

    private static void Succeeded(RenderResult result) =>
        Assert.True(result is RenderResult.Succeeded, result is RenderResult.Failed failed ? $"{failed.Failure.Device}: {failed.Failure.Status} {failed.Failure.Message}" : result.ToString());

    /// <summary>
    /// Reads every device whole and validates the trees of one kind in one yanglint run (each file is its own datastore);
    /// when that fails, each file again alone, so the failure names the device.
    /// </summary>
    private static async Task ValidateEveryDeviceAsync(OpticalNetwork network, GnmiDeviceDirectory devices, string stage, List<string> failures)
    {
        var directory = Directory.CreateTempSubdirectory("oc-trees-");
        try
        {
            foreach (var (type, check) in new[] { (GetRequest.Types.DataType.All, "data"), (GetRequest.Types.DataType.Config, "config") })
            {
                var files = new List<(OpticalNode Node, string File)>();
                foreach (var node in network.Nodes)
                {
                    var file = Path.Combine(directory.FullName, $"{node.Id}-{check}.json");
                    File.WriteAllText(file, (await devices.ClientFor(node.Id).GetJsonAsync("/", type)).Single());
                    files.Add((node, file));
                }

                if (OpenConfigReference.Validate(check, [.. files.Select(f => f.File)]).ExitCode == 0)
                {
                    continue;
                }

                foreach (var (node, file) in files)
                {
                    var (exit, output) = OpenConfigReference.Validate(check, [file]);
                    if (exit != 0)
                    {
                        failures.Add($"{node.Id} ({node.GetType().Name}, {stage}, yanglint -t {check}): {output}\n{File.ReadAllText(file)}");
                    }
                }
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>The controller's settings: every device in <paramref name="naming"/> (the rules of vendor-b as NamingProfileTests configure them).</summary>
    private static GnmiSouthboundOptions Settings(string naming)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Devices:NamingProfiles:vendor-b:DegreeInput"] = "LINE-{n}-RX",
            ["Devices:NamingProfiles:vendor-b:DegreeOutput"] = "LINE-{n}-TX",
            ["Devices:NamingProfiles:vendor-b:AddPort"] = "ADD-{n}",
            ["Devices:NamingProfiles:vendor-b:DropPort"] = "DROP-{n}",
            ["Devices:NamingProfiles:vendor-b:OpticalChannel"] = "OPTCH-1-{i}",
            ["Devices:NamingProfiles:vendor-b:ProtectionSwitch"] = "OLP-1-{i}",
            ["Devices:NamingProfiles:vendor-b:ClientChannelBase"] = "1",
            ["Devices:NamingProfiles:vendor-b:ClientChannelStride"] = "10",
            ["Devices:NamingProfiles:vendor-b:LineChannelBase"] = "2",
            ["Devices:NamingProfiles:vendor-b:LineChannelStride"] = "10",
            ["Devices:Naming"] = naming,
            ["Devices:Encoding"] = "JsonIetf", // the trees are read as RFC 7951 documents, what yanglint takes
        };
        return NamingClusterFixture.Bind(settings);
    }

    /// <summary>R1…R4 in a ring (two add/drop groups each, in-line amplifiers on every fibre), transponders T1 at R1 and T3 at R3.</summary>
    private static OpticalNetwork Square()
    {
        var nodes = new List<OpticalNode>();
        var fibers = new List<Fiber>();
        for (var i = 1; i <= 4; i++)
        {
            nodes.Add(RingNetwork.Roadm(i));
        }

        nodes.Add(new Transponder(new NodeId("T1"), "Transponders 1", new SiteId("S1"), new TransceiverTypeId("pluggable-400zr-plus"), new NodeId("R1"), 4));
        nodes.Add(new Transponder(new NodeId("T3"), "Transponders 3", new SiteId("S3"), new TransceiverTypeId("pluggable-400zr-plus"), new NodeId("R3"), 4));
        RingNetwork.AddFibres(4, 60, nodes, fibers);
        return new OpticalNetwork("oc-square", SpectrumGrid.CBandFlex, [.. Enumerable.Range(1, 4).Select(RingNetwork.Site)], nodes, fibers);
    }

    private static LightpathRenderIntent Lightpath(PathTopology topology, string id, int iface, int n, uint index, string[] roadms)
    {
        var centre = Frequency.GridAnchor.Mhz + (n * 6_250L);
        return new LightpathRenderIntent(
            new LightpathId(id),
            new TransponderEnd(new NodeId("T1"), iface),
            new TransponderEnd(new NodeId("T3"), iface),
            Hops(topology, roadms, 1),
            new ChannelSpectrum(new Frequency(centre - 37_500), new Frequency(centre + 37_500)),
            new ModeId("400ZR+-DP-16QAM-60GBd"),
            400,
            -2.0,
            index);
    }

    private static ImmutableArray<RoadmHop> Hops(PathTopology topology, string[] roadms, int addDropGroup)
    {
        var hops = ImmutableArray.CreateBuilder<RoadmHop>(roadms.Length);
        for (var i = 0; i < roadms.Length; i++)
        {
            var here = new NodeId(roadms[i]);
            var ingress = i == 0 ? RoadmPort.AddDrop(addDropGroup) : RoadmPort.Degree(topology.DegreeToward(here, new NodeId(roadms[i - 1])));
            var egress = i == roadms.Length - 1 ? RoadmPort.AddDrop(addDropGroup) : RoadmPort.Degree(topology.DegreeToward(here, new NodeId(roadms[i + 1])));
            hops.Add(new RoadmHop(here, ingress, egress));
        }

        return hops.MoveToImmutable();
    }
}
