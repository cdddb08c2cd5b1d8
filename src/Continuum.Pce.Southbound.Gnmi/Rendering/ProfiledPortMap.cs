using System.Collections.Immutable;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Identity;

namespace Continuum.Pce.Southbound.Gnmi.Rendering;

/// <summary>
/// The port map of real devices (issue 25, TransportPCE's port mapping): each device's names come from its naming profile
/// in configuration (<see cref="GnmiDeviceOptions.Naming"/>), and are checked against what discovery found on it before a
/// plan is sent. Operational modes are the device's own: a domain mode maps to the advertised mode whose description is
/// the mode's name; a device that advertises modes but not this one refuses the lightpath with the list it offers; a
/// device that advertises none gets the project's hashed id (<see cref="PortMap.OperationalMode(ModeId)"/>).
/// </summary>
public sealed class ProfiledPortMap(Func<NodeId, GnmiDeviceOptions> options, DeviceDiscovery discovery) : PortMap
{
    private NamingRules Rules(NodeId device) => options(device).Naming ?? NamingRules.Default;

    public override string RoadmInput(NodeId roadm, RoadmPort port)
    {
        var rules = Rules(roadm);
        return NamingRules.Format(port.Kind == RoadmPortKind.Degree ? rules.DegreeInput : rules.AddPort, port.Number);
    }

    public override string RoadmOutput(NodeId roadm, RoadmPort port)
    {
        var rules = Rules(roadm);
        return NamingRules.Format(port.Kind == RoadmPortKind.Degree ? rules.DegreeOutput : rules.DropPort, port.Number);
    }

    public override string OpticalChannel(NodeId transponder, int @interface) => NamingRules.Format(Rules(transponder).OpticalChannel, @interface);

    public override string ProtectionSwitch(NodeId transponder, int @interface) => NamingRules.Format(Rules(transponder).ProtectionSwitch, @interface);

    public override uint ClientLogicalChannel(NodeId transponder, int @interface)
    {
        var rules = Rules(transponder);
        return rules.ClientChannelBase + (rules.ClientChannelStride * (uint)@interface);
    }

    public override uint LineLogicalChannel(NodeId transponder, int @interface)
    {
        var rules = Rules(transponder);
        return rules.LineChannelBase + (rules.LineChannelStride * (uint)@interface);
    }

    public override ushort OperationalMode(NodeId transponder, ModeId mode) =>
        TryOperationalMode(transponder, mode, out var id, out _) ? id : base.OperationalMode(mode);

    /// <summary>The device's id of <paramref name="mode"/>, or why it has none (the modes it does advertise).</summary>
    public bool TryOperationalMode(NodeId transponder, ModeId mode, out ushort id, out string? refusal)
    {
        refusal = null;
        if (discovery.Known(transponder) is not { Modes.Count: > 0 } inventory)
        {
            id = base.OperationalMode(mode);
            return true;
        }

        foreach (var (modeId, description) in inventory.Modes)
        {
            if (string.Equals(description, mode.Value, StringComparison.Ordinal))
            {
                id = modeId;
                return true;
            }
        }

        id = 0;
        refusal = $"{transponder} does not advertise operational mode '{mode}' (it offers: {string.Join(", ", inventory.Modes.OrderBy(m => m.Key).Select(m => $"{m.Key} '{m.Value}'"))})";
        return false;
    }

    public override bool TryParseRoadmPort(NodeId roadm, string component, out RoadmPort port, out bool isInput)
    {
        var rules = Rules(roadm);
        foreach (var (template, kind, input) in new[] { (rules.DegreeInput, RoadmPortKind.Degree, true), (rules.DegreeOutput, RoadmPortKind.Degree, false), (rules.AddPort, RoadmPortKind.AddDrop, true), (rules.DropPort, RoadmPortKind.AddDrop, false) })
        {
            if (NamingRules.TryParse(template, component, out var number))
            {
                (port, isInput) = (new RoadmPort(kind, number), input);
                return true;
            }
        }

        (port, isInput) = (default, false);
        return false;
    }

    public override bool TryParseOpticalChannel(NodeId transponder, string component, out int @interface) =>
        NamingRules.TryParse(Rules(transponder).OpticalChannel, component, out @interface);

    /// <summary>Discovers <paramref name="device"/> (cached per connection), so that its mode ids are known.</summary>
    public Task DiscoverAsync(NodeId device, CancellationToken cancellationToken) => discovery.DiscoverAsync(device, cancellationToken);

    /// <summary>
    /// Before a plan is sent: discovers every device it touches (cached per connection) and checks that each component the
    /// plan names exists there and that both transponders advertise the mode. Null when all is well, else the failure to
    /// report (nothing has been sent).
    /// </summary>
    public async Task<RenderFailure?> CheckAsync(LightpathRenderIntent intent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(intent);
        var needed = new List<(NodeId Device, string Component, string Role)>();
        foreach (var hop in intent.Path)
        {
            needed.Add((hop.Roadm, RoadmInput(hop.Roadm, hop.Ingress), $"input of {hop.Ingress}"));
            needed.Add((hop.Roadm, RoadmOutput(hop.Roadm, hop.Egress), $"output of {hop.Egress}"));
            needed.Add((hop.Roadm, RoadmInput(hop.Roadm, hop.Egress), $"input of {hop.Egress}"));
            needed.Add((hop.Roadm, RoadmOutput(hop.Roadm, hop.Ingress), $"output of {hop.Ingress}"));
        }

        foreach (var end in new[] { intent.Source, intent.Destination })
        {
            needed.Add((end.Transponder, OpticalChannel(end.Transponder, end.Interface), $"optical channel of interface {end.Interface}"));
            if (intent.Protection is not null)
            {
                needed.Add((end.Transponder, ProtectionSwitch(end.Transponder, end.Interface), $"protection switch (APS module) of interface {end.Interface}"));
            }
        }

        var devices = needed.Select(n => n.Device).Distinct().ToImmutableArray();
        var inventories = await Task.WhenAll(devices.Select(d => discovery.DiscoverAsync(d, cancellationToken))).ConfigureAwait(false);
        var byDevice = devices.Zip(inventories).ToDictionary(p => p.First, p => p.Second);
        foreach (var (device, component, role) in needed)
        {
            var components = byDevice[device].Components;
            if (components.Count > 0 && !components.Contains(component))
            {
                return new RenderFailure(device, $"/components/component[name={component}]", "FailedPrecondition",
                    $"port map: the {role} is '{component}' by the naming profile of {device}, but the device has no such component");
            }
        }

        foreach (var end in new[] { intent.Source, intent.Destination })
        {
            if (!TryOperationalMode(end.Transponder, intent.Mode, out _, out var refusal))
            {
                return new RenderFailure(end.Transponder, "/terminal-device/operational-modes", "FailedPrecondition", refusal!);
            }
        }

        return null;
    }
}
