using System.Collections.Immutable;
using System.Globalization;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Models;
using Gnmi;
using Ids = Continuum.Pce.Models.OpenConfigIdentities;

namespace Continuum.Pce.Southbound.Gnmi.Rendering;

/// <summary>
/// Turns a lightpath into a render plan (DESIGN.md §7, TransportPCE's renderer): one SetRequest per ROADM on the path
/// creating the media channels (add at the source ROADM, express in the middle, drop at the destination; both
/// directions, indices N for A→Z and N+1 for Z→A), then one SetRequest per transponder setting the optical channel
/// (frequency, target output power, operational mode) and the client → line → optical-channel logical-channel chain
/// (openconfig-terminal-device). The photonic path is built before the transmitters are tuned onto it.
/// </summary>
public static class RenderPlanBuilder
{
    public static RenderPlan Build(LightpathRenderIntent intent, PortMap ports) => Build(intent, ports, payloads: true);

    /// <summary>
    /// The plan a removal runs (<see cref="GnmiRenderer.RemoveAsync"/>): the same steps, undo requests and intent paths as
    /// <see cref="Build(LightpathRenderIntent, PortMap)"/>, without the JSON a removal never sends (empty apply requests,
    /// empty intent JSON). Serialising those payloads was about a third of the cost of a plan.
    /// </summary>
    public static RenderPlan BuildUndo(LightpathRenderIntent intent, PortMap ports) => Build(intent, ports, payloads: false);

    /// <summary>The removal plan of one leg of a 1+1 lightpath: that leg's ROADM steps only.</summary>
    public static RenderPlan BuildLegUndo(LightpathRenderIntent intent, ProtectionLeg leg, PortMap ports)
    {
        ArgumentNullException.ThrowIfNull(intent);
        if (intent.Protection is not { } protection)
        {
            throw new ArgumentException($"lightpath {intent.Lightpath} is not 1+1 protected", nameof(intent));
        }

        var steps = leg == ProtectionLeg.Working
            ? intent.Path.Select(hop => RoadmStep(intent, hop, intent.MediaChannelIndex, $"{intent.Lightpath}", ports, payloads: false))
            : protection.Path.Select(hop => RoadmStep(intent, hop, protection.MediaChannelIndex, $"{intent.Lightpath}-p", ports, payloads: false));
        return new RenderPlan(intent.Lightpath.Value, [.. steps]);
    }

    private static RenderPlan Build(LightpathRenderIntent intent, PortMap ports, bool payloads)
    {
        ArgumentNullException.ThrowIfNull(intent);
        if (intent.Path.IsDefaultOrEmpty)
        {
            throw new ArgumentException("a lightpath crosses at least one ROADM", nameof(intent));
        }

        var steps = ImmutableArray.CreateBuilder<RenderStep>();
        foreach (var hop in intent.Path)
        {
            steps.Add(RoadmStep(intent, hop, intent.MediaChannelIndex, $"{intent.Lightpath}", ports, payloads));
        }

        if (intent.Protection is { } protection)
        {
            // The protection leg's media channels, named "{lightpath}-p-az/za" (so the owner of each is still the lightpath).
            foreach (var hop in protection.Path)
            {
                steps.Add(RoadmStep(intent, hop, protection.MediaChannelIndex, $"{intent.Lightpath}-p", ports, payloads));
            }
        }

        steps.Add(TransponderStep(intent, intent.Source, ports, payloads));
        steps.Add(TransponderStep(intent, intent.Destination, ports, payloads));
        return new RenderPlan(intent.Lightpath.Value, steps.ToImmutable());
    }

    /// <summary>
    /// The plan of a retune on the same path (<see cref="IDeviceRenderer.RetuneAsync"/>). Hitless: every ROADM's media
    /// channels widened over old and new spectrum, the transponders' optical channels retuned, the media channels narrowed
    /// to the new spectrum. Make before break: media channels on the new spectrum added beside the old ones (the
    /// lightpath's retune index, named "{lightpath}-r"), the transponders retuned onto them, then on every ROADM in one
    /// transaction the lightpath's own channels moved to the new spectrum and the retune channels removed. Each step's
    /// undo puts back what it replaced, so a failure rolls the channel back onto its old slots.
    /// </summary>
    public static RenderPlan BuildRetune(LightpathRenderIntent from, LightpathRenderIntent to, RetuneMethod method, uint retuneIndex, PortMap ports)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(ports);
        var steps = ImmutableArray.CreateBuilder<RenderStep>();
        var name = $"{to.Lightpath}";
        if (method == RetuneMethod.Hitless)
        {
            var union = new ChannelSpectrum(
                new Domain.Units.Frequency(Math.Min(from.Spectrum.Lower.Mhz, to.Spectrum.Lower.Mhz)),
                new Domain.Units.Frequency(Math.Max(from.Spectrum.Upper.Mhz, to.Spectrum.Upper.Mhz)));
            foreach (var hop in to.Path)
            {
                steps.Add(MediaChannelChange(to, hop, to.MediaChannelIndex, name, union, from.Spectrum, $"widen media channels {to.MediaChannelIndex}/{to.MediaChannelIndex + 1} over {union.Lower}–{union.Upper}", ports));
            }

            steps.Add(Retune(from, to, to.Source, ports));
            steps.Add(Retune(from, to, to.Destination, ports));
            foreach (var hop in to.Path)
            {
                steps.Add(MediaChannelChange(to, hop, to.MediaChannelIndex, name, to.Spectrum, union, $"narrow media channels {to.MediaChannelIndex}/{to.MediaChannelIndex + 1} to {to.Spectrum.Lower}–{to.Spectrum.Upper}", ports));
            }

            return new RenderPlan(to.Lightpath.Value, steps.ToImmutable());
        }

        foreach (var hop in to.Path)
        {
            var add = RoadmStep(to, hop, retuneIndex, $"{name}-r", ports, payloads: true);
            steps.Add(add with { Description = $"make: media channels {retuneIndex}/{retuneIndex + 1} on the new slots beside the old ones" });
        }

        steps.Add(Retune(from, to, to.Source, ports));
        steps.Add(Retune(from, to, to.Destination, ports));
        foreach (var hop in to.Path)
        {
            var move = MediaChannelChange(to, hop, to.MediaChannelIndex, name, to.Spectrum, from.Spectrum, $"break: media channels {to.MediaChannelIndex}/{to.MediaChannelIndex + 1} moved to the new slots, {retuneIndex}/{retuneIndex + 1} removed", ports);
            var temporary = RoadmStep(to, hop, retuneIndex, $"{name}-r", ports, payloads: true);
            var apply = move.Apply.Clone();
            apply.Delete.Add(temporary.Undo.Delete);
            var undo = move.Undo.Clone();
            undo.Replace.Add(temporary.Apply.Replace);
            steps.Add(move with { Apply = apply, Undo = undo });
        }

        return new RenderPlan(to.Lightpath.Value, steps.ToImmutable());
    }

    /// <summary>A ROADM's media channels (both directions) rewritten to <paramref name="spectrum"/>; undo writes <paramref name="previous"/>.</summary>
    private static RenderStep MediaChannelChange(LightpathRenderIntent intent, RoadmHop hop, uint index, string name, ChannelSpectrum spectrum, ChannelSpectrum previous, string description, PortMap ports)
    {
        var apply = RoadmStep(intent with { Spectrum = spectrum }, hop, index, name, ports, payloads: true);
        var undo = RoadmStep(intent with { Spectrum = previous }, hop, index, name, ports, payloads: true);
        return apply with { Description = description, Undo = undo.Apply };
    }

    /// <summary>One end's optical channel retuned to the new centre frequency (power and mode as they are); undo retunes back.</summary>
    private static RenderStep Retune(LightpathRenderIntent from, LightpathRenderIntent to, TransponderEnd end, PortMap ports)
    {
        var och = ports.OpticalChannel(end.Transponder, end.Interface);
        var path = OpticalChannelConfigPath(och);
        var json = OpticalChannelConfig(to, end, ports).ToJsonIetf();
        var back = OpticalChannelConfig(from, end, ports).ToJsonIetf();
        return new RenderStep(
            end.Transponder,
            $"retune optical channel {och} from {from.Spectrum.Centre} to {to.Spectrum.Centre}",
            new SetRequest { Update = { new Update { Path = GnmiPaths.Parse(path), Val = GnmiValues.JsonIetf(json) } } },
            new SetRequest { Update = { new Update { Path = GnmiPaths.Parse(path), Val = GnmiValues.JsonIetf(back) } } },
            [new PathIntent(path, json, s => ComponentsComponentOpticalChannelConfig.FromJson(s).ToJsonIetf())]);
    }

    /// <summary>The path of media channel <paramref name="index"/>.</summary>
    public static string MediaChannelPath(uint index) => $"/wavelength-router/media-channels/channel[index={index.ToString(CultureInfo.InvariantCulture)}]";

    public static string OpticalChannelConfigPath(string component) => $"/components/component[name={component}]/optical-channel/config";

    public static string LogicalChannelPath(uint index) => $"/terminal-device/logical-channels/channel[index={index.ToString(CultureInfo.InvariantCulture)}]";

    /// <summary>A media channel as the renderer writes it (exposed so tests can validate every template with yanglint).</summary>
    public static WavelengthRouterMediaChannelsChannel MediaChannel(uint index, string name, ChannelSpectrum spectrum, string source, string dest, double targetPowerDbm)
    {
        var lower = (ulong)spectrum.Lower.Mhz;
        var upper = (ulong)spectrum.Upper.Mhz;
        return new WavelengthRouterMediaChannelsChannel
        {
            Index = index,
            Config = new WavelengthRouterMediaChannelsChannelConfig
            {
                Index = index,
                Name = name,
                LowerFrequency = lower,
                UpperFrequency = upper,
                AdminStatus = AdminStateType.Enabled,
            },
            Source = new WavelengthRouterMediaChannelsChannelSource { Config = new WavelengthRouterMediaChannelsChannelSourceConfig { PortName = source } },
            Dest = new WavelengthRouterMediaChannelsChannelDest { Config = new WavelengthRouterMediaChannelsChannelDestConfig { PortName = dest } },
            SpectrumPowerProfile = new WavelengthRouterMediaChannelsChannelSpectrumPowerProfile
            {
                Distribution =
                [
                    new WavelengthRouterMediaChannelsChannelSpectrumPowerProfileDistribution
                    {
                        LowerFrequency = lower,
                        UpperFrequency = upper,
                        Config = new WavelengthRouterMediaChannelsChannelSpectrumPowerProfileDistributionConfig
                        {
                            LowerFrequency = lower,
                            UpperFrequency = upper,
                            TargetPower = (decimal)Math.Round(targetPowerDbm, 2),
                        },
                    },
                ],
            },
        };
    }

    public static ComponentsComponentOpticalChannelConfig OpticalChannelConfig(LightpathRenderIntent intent, PortMap ports) => OpticalChannelConfig(intent, intent.Source, ports);

    /// <summary>The optical channel of one end, with that transponder's own id of the mode.</summary>
    public static ComponentsComponentOpticalChannelConfig OpticalChannelConfig(LightpathRenderIntent intent, TransponderEnd end, PortMap ports)
    {
        ArgumentNullException.ThrowIfNull(intent);
        ArgumentNullException.ThrowIfNull(end);
        ArgumentNullException.ThrowIfNull(ports);
        return new()
        {
            Frequency = (ulong)intent.Spectrum.Centre.Mhz,
            TargetOutputPower = (decimal)Math.Round(intent.TargetOutputPowerDbm, 2),
            OperationalMode = ports.OperationalMode(end.Transponder, intent.Mode),
        };
    }

    /// <summary>The client (Ethernet) logical channel, assigned to the line channel.</summary>
    public static TerminalDeviceLogicalChannelsChannel ClientChannel(LightpathRenderIntent intent, TransponderEnd end, PortMap ports)
    {
        var index = ports.ClientLogicalChannel(end.Transponder, end.Interface);
        var line = ports.LineLogicalChannel(end.Transponder, end.Interface);
        return new TerminalDeviceLogicalChannelsChannel
        {
            Index = index,
            Config = new TerminalDeviceLogicalChannelsChannelConfig
            {
                Index = index,
                Description = $"{intent.Lightpath} client",
                AdminState = AdminStateType.Enabled,
                RateClass = RateClass(intent.LineRateGbps),
                TribProtocol = intent.LineRateGbps <= 100 ? Ids.TransportTypes.PROT_100GE : intent.LineRateGbps <= 400 ? Ids.TransportTypes.PROT_400GE : Ids.TransportTypes.PROT_800GE,
                LogicalChannelType = Ids.TransportTypes.PROT_ETHERNET,
            },
            LogicalChannelAssignments = new TerminalDeviceLogicalChannelsChannelLogicalChannelAssignments
            {
                Assignment =
                [
                    new TerminalDeviceLogicalChannelsChannelLogicalChannelAssignmentsAssignment
                    {
                        Index = 1,
                        Config = new TerminalDeviceLogicalChannelsChannelLogicalChannelAssignmentsAssignmentConfig
                        {
                            Index = 1,
                            AssignmentType = AssignmentType.LogicalChannel,
                            LogicalChannel = line,
                            Allocation = intent.LineRateGbps,
                        },
                    },
                ],
            },
        };
    }

    /// <summary>The line (OTN) logical channel, assigned to the optical channel component.</summary>
    public static TerminalDeviceLogicalChannelsChannel LineChannel(LightpathRenderIntent intent, TransponderEnd end, PortMap ports)
    {
        var index = ports.LineLogicalChannel(end.Transponder, end.Interface);
        return new TerminalDeviceLogicalChannelsChannel
        {
            Index = index,
            Config = new TerminalDeviceLogicalChannelsChannelConfig
            {
                Index = index,
                Description = $"{intent.Lightpath} line",
                AdminState = AdminStateType.Enabled,
                RateClass = RateClass(intent.LineRateGbps),
                TribProtocol = intent.LineRateGbps <= 100 ? Ids.TransportTypes.PROT_OTU4 : Ids.TransportTypes.PROT_OTUCN,
                LogicalChannelType = Ids.TransportTypes.PROT_OTN,
            },
            LogicalChannelAssignments = new TerminalDeviceLogicalChannelsChannelLogicalChannelAssignments
            {
                Assignment =
                [
                    new TerminalDeviceLogicalChannelsChannelLogicalChannelAssignmentsAssignment
                    {
                        Index = 1,
                        Config = new TerminalDeviceLogicalChannelsChannelLogicalChannelAssignmentsAssignmentConfig
                        {
                            Index = 1,
                            AssignmentType = AssignmentType.OpticalChannel,
                            OpticalChannel = ports.OpticalChannel(end.Transponder, end.Interface),
                            Allocation = intent.LineRateGbps,
                        },
                    },
                ],
            },
        };
    }

    /// <summary>The lightpath a logical channel belongs to: its description is "{lightpath} client|line".</summary>
    private static string? LogicalChannelOwner(string json)
    {
        var description = TerminalDeviceLogicalChannelsChannel.FromJson(json).Config?.Description;
        var space = description?.LastIndexOf(' ') ?? -1;
        return space > 0 ? description![..space] : description;
    }

    private static string RateClass(int gbps) => gbps switch
    {
        <= 10 => Ids.TransportTypes.TRIB_RATE_10G,
        <= 100 => Ids.TransportTypes.TRIB_RATE_100G,
        <= 200 => Ids.TransportTypes.TRIB_RATE_200G,
        <= 300 => Ids.TransportTypes.TRIB_RATE_300G,
        <= 400 => Ids.TransportTypes.TRIB_RATE_400G,
        <= 600 => Ids.TransportTypes.TRIB_RATE_600G,
        _ => Ids.TransportTypes.TRIB_RATE_800G,
    };

    private static RenderStep RoadmStep(LightpathRenderIntent intent, RoadmHop hop, uint index, string name, PortMap ports, bool payloads)
    {
        var role = hop.Ingress.Kind == RoadmPortKind.AddDrop ? "add" : hop.Egress.Kind == RoadmPortKind.AddDrop ? "drop" : "express";
        var forward = MediaChannel(index, $"{name}-az", intent.Spectrum,
            ports.RoadmInput(hop.Roadm, hop.Ingress), ports.RoadmOutput(hop.Roadm, hop.Egress), intent.TargetOutputPowerDbm);
        var reverse = MediaChannel(index + 1, $"{name}-za", intent.Spectrum,
            ports.RoadmInput(hop.Roadm, hop.Egress), ports.RoadmOutput(hop.Roadm, hop.Ingress), intent.TargetOutputPowerDbm);
        var apply = new SetRequest();
        var undo = new SetRequest();
        var intents = ImmutableArray.CreateBuilder<PathIntent>();
        foreach (var channel in new[] { forward, reverse })
        {
            var path = MediaChannelPath(channel.Index!.Value);
            var json = payloads ? channel.ToJsonIetf() : string.Empty;
            if (payloads)
            {
                apply.Replace.Add(new Update { Path = GnmiPaths.Parse(path), Val = GnmiValues.JsonIetf(json) });
            }

            undo.Delete.Add(GnmiPaths.Parse(path));
            intents.Add(new PathIntent(path, json, s => WavelengthRouterMediaChannelsChannel.FromJson(s).ToJsonIetf(), s => WavelengthRouterMediaChannelsChannel.FromJson(s).Config?.Name));
        }

        return new RenderStep(hop.Roadm, $"{role} media channels {index}/{index + 1} {hop.Ingress} → {hop.Egress}", apply, undo, intents.ToImmutable());
    }

    private static RenderStep TransponderStep(LightpathRenderIntent intent, TransponderEnd end, PortMap ports, bool payloads)
    {
        var och = ports.OpticalChannel(end.Transponder, end.Interface);
        var ochPath = OpticalChannelConfigPath(och);
        var client = ClientChannel(intent, end, ports);
        var line = LineChannel(intent, end, ports);
        var clientPath = LogicalChannelPath(client.Index!.Value);
        var linePath = LogicalChannelPath(line.Index!.Value);
        var ochJson = payloads ? OpticalChannelConfig(intent, end, ports).ToJsonIetf() : string.Empty;
        var lineJson = payloads ? line.ToJsonIetf() : string.Empty;
        var clientJson = payloads ? client.ToJsonIetf() : string.Empty;
        var apply = payloads
            ? new SetRequest
            {
                Update = { new Update { Path = GnmiPaths.Parse(ochPath), Val = GnmiValues.JsonIetf(ochJson) } },
                Replace =
                {
                    new Update { Path = GnmiPaths.Parse(linePath), Val = GnmiValues.JsonIetf(lineJson) },
                    new Update { Path = GnmiPaths.Parse(clientPath), Val = GnmiValues.JsonIetf(clientJson) },
                },
            }
            : new SetRequest();

        // Undo disables the channel: the logical channels go and the optical channel loses its frequency, power and mode.
        var undo = new SetRequest
        {
            Delete =
            {
                GnmiPaths.Parse(clientPath),
                GnmiPaths.Parse(linePath),
                GnmiPaths.Parse($"/components/component[name={och}]/optical-channel/config"),
            },
        };
        var intents = ImmutableArray.Create(
            new PathIntent(ochPath, ochJson, s => ComponentsComponentOpticalChannelConfig.FromJson(s).ToJsonIetf()),
            new PathIntent(linePath, lineJson, s => TerminalDeviceLogicalChannelsChannel.FromJson(s).ToJsonIetf(), LogicalChannelOwner),
            new PathIntent(clientPath, clientJson, s => TerminalDeviceLogicalChannelsChannel.FromJson(s).ToJsonIetf(), LogicalChannelOwner));
        var description = $"optical channel {och} at {intent.Spectrum.Centre} and logical channels {client.Index}/{line.Index}";
        if (intent.Protection is { } protection)
        {
            // The protection switch in front of the interface: configured with the channel, removed with it.
            var module = ports.ProtectionSwitch(end.Transponder, end.Interface);
            var modulePath = ApsModulePath(module);
            var moduleJson = payloads ? ApsModule(module, protection).ToJsonIetf() : string.Empty;
            if (payloads)
            {
                apply.Replace.Add(new Update { Path = GnmiPaths.Parse(modulePath), Val = GnmiValues.JsonIetf(moduleJson) });
            }

            undo.Delete.Insert(0, GnmiPaths.Parse(modulePath));
            intents = intents.Add(new PathIntent(modulePath, moduleJson, s => ApsApsModulesApsModule.FromJson(s).ToJsonIetf()));
            description += $" behind protection switch {module}";
        }

        return new RenderStep(end.Transponder, description, apply, undo, intents);
    }

    /// <summary>The path of APS module <paramref name="module"/> (openconfig-transport-line-protection).</summary>
    public static string ApsModulePath(string module) => $"/aps/aps-modules/aps-module[name={module}]";

    /// <summary>An APS module as the renderer writes it: its settings, and the forced position (NONE unless a manual switch holds it).</summary>
    public static ApsApsModulesApsModule ApsModule(string module, ProtectionRenderIntent protection)
    {
        ArgumentNullException.ThrowIfNull(protection);
        return new ApsApsModulesApsModule
        {
            Name = module,
            Config = new ApsApsModulesApsModuleConfig
            {
                Name = module,
                Revertive = protection.Revertive,
                HoldOffTime = protection.HoldOffMs,
                WaitToRestoreTime = protection.WaitToRestoreMs,
                ForceToPort = protection.Force switch
                {
                    ProtectionForce.Working => ForceToPort.Primary,
                    ProtectionForce.Protection => ForceToPort.Secondary,
                    _ => ForceToPort.None,
                },
            },
        };
    }
}
