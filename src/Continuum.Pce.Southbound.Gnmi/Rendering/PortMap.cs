using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Identity;

namespace Continuum.Pce.Southbound.Gnmi.Rendering;

/// <summary>
/// Translates abstract termination points into device component names (TransportPCE's port mapping). The default
/// naming is the one the device emulator builds; a device whose names differ gets overrides.
/// </summary>
public class PortMap
{
    private readonly Dictionary<(NodeId, RoadmPort, bool Input), string> _roadmOverrides = [];
    private readonly Dictionary<(NodeId, int), string> _opticalChannelOverrides = [];
    private readonly Dictionary<ModeId, ushort> _modes = [];

    /// <summary>Line-in port of degree n is "DEG{n}-IN", line-out "DEG{n}-OUT"; add/drop group g has "SRG{g}-ADD" and "SRG{g}-DROP".</summary>
    public virtual string RoadmInput(NodeId roadm, RoadmPort port) =>
        _roadmOverrides.TryGetValue((roadm, port, true), out var name) ? name
        : port.Kind == RoadmPortKind.Degree ? $"DEG{port.Number}-IN" : $"SRG{port.Number}-ADD";

    public virtual string RoadmOutput(NodeId roadm, RoadmPort port) =>
        _roadmOverrides.TryGetValue((roadm, port, false), out var name) ? name
        : port.Kind == RoadmPortKind.Degree ? $"DEG{port.Number}-OUT" : $"SRG{port.Number}-DROP";

    /// <summary>The OPTICAL_CHANNEL component of transponder interface i: "OCH-{i}".</summary>
    public virtual string OpticalChannel(NodeId transponder, int @interface) =>
        _opticalChannelOverrides.TryGetValue((transponder, @interface), out var name) ? name : $"OCH-{@interface}";

    /// <summary>Client (Ethernet) logical channel of interface i: 100 + i.</summary>
    public virtual uint ClientLogicalChannel(NodeId transponder, int @interface) => (uint)(100 + @interface);

    /// <summary>Line (OTN) logical channel of interface i: 200 + i.</summary>
    public virtual uint LineLogicalChannel(NodeId transponder, int @interface) => (uint)(200 + @interface);

    /// <summary>The vendor operational-mode id for a domain mode; unknown modes get a stable id from the mode name.</summary>
    public virtual ushort OperationalMode(ModeId mode)
    {
        if (_modes.TryGetValue(mode, out var id))
        {
            return id;
        }

        var hash = 0u;
        foreach (var c in mode.Value)
        {
            hash = (hash * 31) + c;
        }

        return (ushort)(1 + (hash % 60000));
    }

    public PortMap WithRoadmPort(NodeId roadm, RoadmPort port, string input, string output)
    {
        _roadmOverrides[(roadm, port, true)] = input;
        _roadmOverrides[(roadm, port, false)] = output;
        return this;
    }

    public PortMap WithOpticalChannel(NodeId transponder, int @interface, string component)
    {
        _opticalChannelOverrides[(transponder, @interface)] = component;
        return this;
    }

    public PortMap WithMode(ModeId mode, ushort operationalMode)
    {
        _modes[mode] = operationalMode;
        return this;
    }
}
