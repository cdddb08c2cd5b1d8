using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Identity;

namespace Continuum.Pce.Southbound.Gnmi.Rendering;

/// <summary>
/// Translates abstract termination points into device component names (TransportPCE's port mapping). The default
/// naming is the project's device convention (tools/Continuum.Pce.DeviceEmulator/README.md, "ROADM degrees and port
/// names"), which the emulator implements in code of its own; a device whose names differ gets overrides. Degree numbers
/// come from the controller's one degree rule, <c>Application.Lightpaths.PathTopology</c>.
/// </summary>
public class PortMap
{
    private readonly Dictionary<(NodeId, RoadmPort, bool Input), string> _roadmOverrides = [];
    private readonly Dictionary<(NodeId, int), string> _opticalChannelOverrides = [];

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

    /// <summary>
    /// The optical line protection component (its APS module) in front of transponder interface i: "APS-i". Its primary
    /// line port is cabled to add/drop group 1 of the attached ROADM, its secondary to group 2.
    /// </summary>
    public virtual string ProtectionSwitch(NodeId transponder, int @interface) => $"APS-{@interface.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>Client (Ethernet) logical channel of interface i: 100 + i.</summary>
    public virtual uint ClientLogicalChannel(NodeId transponder, int @interface) => (uint)(100 + @interface);

    /// <summary>Line (OTN) logical channel of interface i: 200 + i.</summary>
    public virtual uint LineLogicalChannel(NodeId transponder, int @interface) => (uint)(200 + @interface);

    /// <summary>The vendor operational-mode id of a domain mode: 1 + (h mod 60000), h = h·31 + c over the mode name's characters.</summary>
    public virtual ushort OperationalMode(ModeId mode)
    {
        var hash = 0u;
        foreach (var c in mode.Value)
        {
            hash = (hash * 31) + c;
        }

        return (ushort)(1 + (hash % 60000));
    }

    /// <summary>The operational-mode id of <paramref name="mode"/> on transponder <paramref name="transponder"/> (the hashed id unless a subclass knows the device's own).</summary>
    public virtual ushort OperationalMode(NodeId transponder, ModeId mode) => OperationalMode(mode);

    /// <summary>
    /// The reverse of <see cref="RoadmInput"/> and <see cref="RoadmOutput"/> for telemetry: which termination point a
    /// ROADM port component is, and whether it is the receiving side (line input or add port).
    /// </summary>
    public virtual bool TryParseRoadmPort(NodeId roadm, string component, out RoadmPort port, out bool isInput)
    {
        foreach (var ((node, p, input), name) in _roadmOverrides)
        {
            if (node == roadm && name == component)
            {
                (port, isInput) = (p, input);
                return true;
            }
        }

        (port, isInput) = (default, false);
        var (kind, prefix, rest) = component.StartsWith("DEG", StringComparison.Ordinal) ? (RoadmPortKind.Degree, "DEG", component[3..])
            : component.StartsWith("SRG", StringComparison.Ordinal) ? (RoadmPortKind.AddDrop, "SRG", component[3..])
            : (RoadmPortKind.Degree, "", "");
        var dash = rest.IndexOf('-', StringComparison.Ordinal);
        if (prefix.Length == 0 || dash <= 0 || !int.TryParse(rest.AsSpan(0, dash), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        var suffix = rest[(dash + 1)..];
        isInput = suffix is "IN" or "ADD";
        if (!(kind == RoadmPortKind.Degree ? suffix is "IN" or "OUT" : suffix is "ADD" or "DROP"))
        {
            return false;
        }

        port = new RoadmPort(kind, number);
        return true;
    }

    /// <summary>The reverse of <see cref="OpticalChannel"/>: the line interface an OPTICAL_CHANNEL component serves.</summary>
    public virtual bool TryParseOpticalChannel(NodeId transponder, string component, out int @interface)
    {
        foreach (var ((node, i), name) in _opticalChannelOverrides)
        {
            if (node == transponder && name == component)
            {
                @interface = i;
                return true;
            }
        }

        @interface = 0;
        return component.StartsWith("OCH-", StringComparison.Ordinal)
            && int.TryParse(component.AsSpan(4), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out @interface)
            && @interface > 0;
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
}
