using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Models;
using Ids = Continuum.Pce.Models.OpenConfigIdentities;

namespace Continuum.Pce.DeviceEmulator;

/// <summary>Device trees from the network, and telemetry derived from configuration, fibre state and the quality model.</summary>
public sealed partial class DeviceEmulator
{
    [GeneratedRegex(@"^DEG(\d+)-IN$")]
    private static partial Regex DegreeIn();

    [GeneratedRegex(@"^DEG(\d+)-OUT$")]
    private static partial Regex DegreeOut();

    [GeneratedRegex(@"^SRG(\d+)-ADD$")]
    private static partial Regex AddPort();

    [GeneratedRegex(@"^SRG(\d+)-DROP$")]
    private static partial Regex DropPort();

    /// <summary>Line degrees: as declared, or more when the network gives the ROADM more outgoing fibres.</summary>
    private int DegreeCount(Roadm roadm) => Math.Max(roadm.Degrees, Network.Fibers.Count(f => f.Source == roadm.Id));

    private DataNode RoadmTree(Roadm roadm)
    {
        var root = DataTree.NewRoot();
        for (var d = 1; d <= DegreeCount(roadm); d++)
        {
            Component(root, $"DEG{d}-IN", Ids.PlatformTypes.PORT, $"line input of degree {d}");
            Component(root, $"DEG{d}-OUT", Ids.PlatformTypes.PORT, $"line output of degree {d}");

            // An optical channel monitor on each line input (openconfig-channel-monitor). Its name is a leafref to a
            // component (the monitor's own port, upstream's modelling of an OCM), so the device lists that port too.
            Component(root, $"OCM-DEG{d}", Ids.PlatformTypes.PORT, $"port of the optical channel monitor on the line input of degree {d}");
            var monitor = $"/channel-monitors/channel-monitor[name=OCM-DEG{d}]";
            Put(root, monitor + "/config/name", JsonValue.Create($"OCM-DEG{d}"));
            Put(root, monitor + "/config/monitor-port", JsonValue.Create($"DEG{d}-IN"));
        }

        for (var g = 1; g <= roadm.AddDropGroups; g++)
        {
            Component(root, $"SRG{g}-ADD", Ids.PlatformTypes.PORT, $"add port of add/drop group {g}");
            Component(root, $"SRG{g}-DROP", Ids.PlatformTypes.PORT, $"drop port of add/drop group {g}");
        }

        return root;
    }

    private DataNode TransponderTree(Transponder transponder)
    {
        var root = DataTree.NewRoot();
        OperationalModeCatalog.Advertise(root, transponder, Equipment);
        for (var i = 1; i <= transponder.Interfaces; i++)
        {
            Component(root, $"OCH-{i}", Ids.TransportTypes.OPTICAL_CHANNEL, $"optical channel of line interface {i}");
            Component(root, $"LINE-{i}", Ids.PlatformTypes.PORT, $"line port {i}");
            Component(root, ProtectionComponent(i), Ids.PlatformTypes.LINECARD, $"optical line protection card of line interface {i} (primary: add/drop group 1, secondary: group 2)");
        }

        return root;
    }

    private DataNode AmplifierTree(InlineAmplifier amplifier)
    {
        var root = DataTree.NewRoot();
        var gain = 0.0;
        foreach (var fiber in Network.Fibers)
        {
            foreach (var span in fiber.Spans)
            {
                if (span.Amplifier?.Device == amplifier.Id)
                {
                    gain = span.Amplifier.GainDb ?? span.TotalLossDb(0.22);
                }
            }
        }

        var entry = $"/optical-amplifier/amplifiers/amplifier[name=AMP-1]";
        Put(root, entry + "/config/name", JsonValue.Create("AMP-1"));
        Put(root, entry + "/config/type", JsonValue.Create(Ids.OpticalAmplifier.EDFA));
        Put(root, entry + "/config/target-gain", Dec(gain));
        Put(root, entry + "/config/amp-mode", JsonValue.Create(Ids.OpticalAmplifier.CONSTANT_GAIN));
        Put(root, entry + "/config/enabled", JsonValue.Create(true));
        return root;
    }

    private static void Component(DataNode root, string name, string type, string description)
    {
        var at = $"/components/component[name={name}]";
        Put(root, at + "/config/name", JsonValue.Create(name));
        Put(root, at + "/state/type", JsonValue.Create(type));
        Put(root, at + "/state/description", JsonValue.Create(description));
        Put(root, at + "/state/oper-status", JsonValue.Create(Ids.PlatformTypes.ACTIVE));
    }

    // Telemetry rewrites the same few thousand leaf paths after every change: parse each path text once.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, global::Gnmi.Path> ParsedPaths = new(StringComparer.Ordinal);

    private static void Put(DataNode root, string path, JsonNode value)
    {
        if (ParsedPaths.Count > 100_000)
        {
            // Keys carry media-channel indices and frequencies: bound the cache of a long-running emulator.
            ParsedPaths.Clear();
        }

        DataTree.Resolve(root, ParsedPaths.GetOrAdd(path, PathText.Parse), create: true).Value = value;
    }

    private static JsonNode Dec(double value, int digits = 2) => JsonValue.Create(YangJson.FormatDecimal((decimal)value, digits));

    private static string? Leaf(DataNode? node, params string[] names)
    {
        foreach (var name in names)
        {
            if (node is null || !node.Children.TryGetValue(name, out node))
            {
                return null;
            }
        }

        return node?.Value is JsonValue v ? (v.TryGetValue<string>(out var s) ? s : v.ToJsonString()) : null;
    }

    private static IEnumerable<DataNode> Entries(DataNode root, params string[] names)
    {
        var node = root;
        foreach (var name in names)
        {
            if (!node.Children.TryGetValue(name, out node!))
            {
                return [];
            }
        }

        return node.Entries.Values;
    }

    /// <summary>Called under the lock after every change: state mirrors config, then light is traced through the network.</summary>
    private void Recompute()
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        _recomputedAt = Now();
        foreach (var device in _devices.Values)
        {
            // Configuration changes only by replacing the root (a transaction, re-cabling): an unchanged root is mirrored already.
            if (!ReferenceEquals(device.MirroredRoot, device.Root))
            {
                Mirror(device.Root);
                device.MirroredRoot = device.Root;
            }
        }

        TraceReceptions();
        foreach (var device in _devices.Values)
        {
            switch (device.Node)
            {
                case Roadm roadm:
                    RoadmTelemetry(device, roadm);
                    break;
                case Transponder transponder:
                    TransponderTelemetry(device, transponder);
                    break;
                case InlineAmplifier amplifier:
                    AmplifierTelemetry(device, amplifier);
                    break;
            }
        }

        Interlocked.Exchange(ref _lastRecomputeTicks, System.Diagnostics.Stopwatch.GetElapsedTime(started).Ticks);
        Interlocked.Increment(ref _version);
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }

    /// <summary>OpenConfig's config/state pattern: every config leaf is reflected in the sibling state container.</summary>
    private static void Mirror(DataNode node)
    {
        if (node.Children.TryGetValue("config", out var config) && node.Schema.Child("state") is { } stateSchema && config.Schema.Kind == SchemaKind.Container)
        {
            if (!node.Children.TryGetValue("state", out var state))
            {
                state = new DataNode(stateSchema);
                node.Children["state"] = state;
            }

            foreach (var leafSchema in config.Schema.Children)
            {
                if (stateSchema.Child(leafSchema.Name) is not { Kind: SchemaKind.Leaf } stateLeaf)
                {
                    continue;
                }

                if (config.Children.TryGetValue(leafSchema.Name, out var leaf))
                {
                    state.Children[leafSchema.Name] = new DataNode(stateLeaf) { Value = leaf.Value!.DeepClone() };
                }
                else
                {
                    state.Children.Remove(leafSchema.Name);
                }
            }
        }

        foreach (var child in node.Children.Values.ToList())
        {
            if (child.Schema.Kind == SchemaKind.List)
            {
                foreach (var entry in child.Entries.Values)
                {
                    Mirror(entry);
                }
            }
            else if (child.Schema.Kind == SchemaKind.Container && child.Schema.Name != "config")
            {
                Mirror(child);
            }
        }
    }

    private void RoadmTelemetry(EmulatedDevice device, Roadm roadm)
    {
        for (var d = 1; d <= DegreeCount(roadm); d++)
        {
            var inbound = Degrees.IncomingOn(roadm.Id, d);
            var lit = inbound is not null && !_cut.Contains(inbound.Id);
            Put(device.Root, $"/components/component[name=DEG{d}-IN]/state/oper-status", JsonValue.Create(lit ? Ids.PlatformTypes.ACTIVE : Ids.PlatformTypes.INACTIVE));
        }

        foreach (var monitor in Entries(device.Root, "channel-monitors", "channel-monitor"))
        {
            monitor.Children.Remove("channels");
        }

        foreach (var channel in Entries(device.Root, "wavelength-router", "media-channels", "channel"))
        {
            var up = Trace(roadm.Id, channel, [], 0) is not null;
            Put(device.Root, $"/wavelength-router/media-channels/channel[index={channel.Keys["index"]}]/state/oper-status", JsonValue.Create(up ? "UP" : "DOWN"));

            // The monitor of the line input a media channel comes in on measures the channel's power there.
            if (Leaf(channel, "source", "config", "port-name") is { } source && DegreeIn().Match(source) is { Success: true } m
                && Leaf(channel, "config", "lower-frequency") is { } lower && Leaf(channel, "config", "upper-frequency") is { } upper)
            {
                var power = 0.0;
                foreach (var distribution in Entries(channel, "spectrum-power-profile", "distribution"))
                {
                    power = double.Parse(Leaf(distribution, "config", "target-power") ?? "0", CultureInfo.InvariantCulture);
                }

                var at = $"/channel-monitors/channel-monitor[name=OCM-DEG{m.Groups[1].Value}]/channels/channel[lower-frequency={lower}][upper-frequency={upper}]/state";
                Put(device.Root, at + "/lower-frequency", JsonValue.Create(lower));
                Put(device.Root, at + "/upper-frequency", JsonValue.Create(upper));
                Put(device.Root, at + "/power", Dec(up ? power : LossOfSignalDbm));
            }
        }
    }

    private void TransponderTelemetry(EmulatedDevice device, Transponder transponder)
    {
        var lit = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var component in Entries(device.Root, "components", "component"))
        {
            var name = component.Keys["name"];
            if (!name.StartsWith("OCH-", StringComparison.Ordinal))
            {
                continue;
            }

            var at = $"/components/component[name={name}]";
            var frequency = Leaf(component, "optical-channel", "config", "frequency");
            if (frequency is null)
            {
                if (component.Children.TryGetValue("optical-channel", out var och))
                {
                    och.Children.Remove("state");
                    if (och.Children.Count == 0)
                    {
                        component.Children.Remove("optical-channel");
                    }
                }

                Put(device.Root, at + "/state/oper-status", JsonValue.Create(Ids.PlatformTypes.INACTIVE));
                lit[name] = false;
                continue;
            }

            var f = long.Parse(frequency, CultureInfo.InvariantCulture);
            var power = double.Parse(Leaf(component, "optical-channel", "config", "target-output-power") ?? "0", CultureInfo.InvariantCulture);
            var reception = _receptions.GetValueOrDefault((device.Name, name));
            var fibers = reception?.Fibers;
            var signal = fibers is not null;
            lit[name] = signal;
            var osnr = signal ? Osnr(new ChannelQualityInput(transponder.Id.Value, f, power, fibers!)
            {
                OperationalMode = reception!.Mode,
                LoadByFiber = [.. fibers!.Select(x => (IReadOnlyList<EmulatedCarrier>)_loadByFiber[x.Id])],
            }) : 0;
            var state = at + "/optical-channel/state";
            Put(device.Root, state + "/output-power/instant", Dec(power));
            Put(device.Root, state + "/input-power/instant", Dec(signal ? power - 8 : LossOfSignalDbm));
            Put(device.Root, state + "/osnr/instant", Dec(osnr));
            Put(device.Root, state + "/q-value/instant", Dec(signal ? Math.Max(0, osnr - 8) : 0));
            Put(device.Root, state + "/pre-fec-ber/instant", Dec(signal ? 1e-5 : 0.5, 18));
            Put(device.Root, state + "/chromatic-dispersion/instant", Dec(signal ? 16.5 * fibers!.Sum(x => x.LengthKm) : 0));
            Put(device.Root, at + "/state/oper-status", JsonValue.Create(signal ? Ids.PlatformTypes.ACTIVE : Ids.PlatformTypes.INACTIVE));
        }

        var channels = Entries(device.Root, "terminal-device", "logical-channels", "channel").ToList();
        var lineUp = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var channel in channels)
        {
            foreach (var assignment in Entries(channel, "logical-channel-assignments", "assignment"))
            {
                if (Leaf(assignment, "config", "optical-channel") is { } och)
                {
                    lineUp[channel.Keys["index"]] = lit.GetValueOrDefault(och);
                }
            }
        }

        foreach (var channel in channels)
        {
            var index = channel.Keys["index"];
            var up = lineUp.GetValueOrDefault(index);
            foreach (var assignment in Entries(channel, "logical-channel-assignments", "assignment"))
            {
                if (Leaf(assignment, "config", "logical-channel") is { } line)
                {
                    up = lineUp.GetValueOrDefault(line);
                }
            }

            Put(device.Root, $"/terminal-device/logical-channels/channel[index={index}]/state/link-state", JsonValue.Create(up ? "UP" : "DOWN"));
        }
    }

    /// <summary>
    /// Which optical channels receive light, over which fibres, and so which carriers each fibre carries: traced once per
    /// change, before any OSNR is evaluated, because every channel's nonlinear interference depends on the others.
    /// </summary>
    private void TraceReceptions()
    {
        var receptions = new Dictionary<(string, string), Reception>();
        var load = new Dictionary<FiberId, List<EmulatedCarrier>>();
        foreach (var device in _devices.Values)
        {
            if (device.Node is not Transponder transponder)
            {
                continue;
            }

            foreach (var component in Entries(device.Root, "components", "component"))
            {
                if (Leaf(component, "optical-channel", "config", "frequency") is not { } frequency)
                {
                    continue;
                }

                var f = long.Parse(frequency, CultureInfo.InvariantCulture);
                if (ReceiveThroughSwitch(device, transponder, component.Keys["name"], f) is not { } fibers)
                {
                    continue;
                }

                ushort? mode = ushort.TryParse(Leaf(component, "optical-channel", "config", "operational-mode"), NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? m : null;
                receptions[(device.Name, component.Keys["name"])] = new Reception(fibers, mode);
                foreach (var fiber in fibers)
                {
                    if (!load.TryGetValue(fiber.Id, out var carriers))
                    {
                        carriers = [];
                        load[fiber.Id] = carriers;
                    }

                    carriers.Add(new EmulatedCarrier(f, mode));
                }
            }
        }

        _receptions = receptions;
        _loadByFiber = load;
    }

    /// <summary>The quality model's OSNR; a network the model cannot evaluate falls back to the linear estimate.</summary>
    private double Osnr(ChannelQualityInput input)
    {
        try
        {
            return Quality.OsnrDb(input);
        }
        catch (Exception e) when (e is KeyNotFoundException or ArgumentException or InvalidOperationException)
        {
            return new PlaceholderChannelQualityModel().OsnrDb(input);
        }
    }

    private sealed record Reception(List<Fiber> Fibers, ushort? Mode);

    private void AmplifierTelemetry(EmulatedDevice device, InlineAmplifier amplifier)
    {
        if (_amplifiedFiber.Count == 0)
        {
            foreach (var f in Network.Fibers)
            {
                foreach (var span in f.Spans)
                {
                    if (span.Amplifier?.Device is { } amp)
                    {
                        _amplifiedFiber.TryAdd(amp, f);
                    }
                }
            }
        }

        var fiber = _amplifiedFiber.GetValueOrDefault(amplifier.Id);
        var signal = fiber is not null && !_cut.Contains(fiber.Id);
        // An amplifier's figures follow from its configuration and whether its fibre carries light: unchanged, nothing to write.
        if (device.AmplifierInputs is { } previous && ReferenceEquals(previous.Root, device.Root) && previous.Signal == signal)
        {
            return;
        }

        device.AmplifierInputs = (device.Root, signal);
        foreach (var entry in Entries(device.Root, "optical-amplifier", "amplifiers", "amplifier"))
        {
            var gain = double.Parse(Leaf(entry, "config", "target-gain") ?? "0", CultureInfo.InvariantCulture);
            var at = $"/optical-amplifier/amplifiers/amplifier[name={entry.Keys["name"]}]/state";
            Put(device.Root, at + "/actual-gain/instant", Dec(signal ? gain : 0));
            Put(device.Root, at + "/input-power-total/instant", Dec(signal ? 20 - gain : LossOfSignalDbm));
            Put(device.Root, at + "/output-power-total/instant", Dec(signal ? 20 : LossOfSignalDbm));
        }
    }

    /// <summary>The line degrees of the network's ROADMs (built once per network: telemetry traces light after every change).</summary>
    private RoadmDegrees Degrees => _degrees ??= new RoadmDegrees(Network);

    /// <summary>The fibres light crosses to reach a transponder's receiver at a frequency, or null on loss of signal.</summary>
    /// <param name="addDropGroup">Only the drops of this add/drop group (a protection card's primary or secondary line port); any when null.</param>
    private List<Fiber>? Receive(Transponder transponder, long frequencyMhz, int? addDropGroup = null)
    {
        if (!_devices.TryGetValue(transponder.AttachedRoadm.Value, out var roadm))
        {
            return null;
        }

        foreach (var channel in Entries(roadm.Root, "wavelength-router", "media-channels", "channel"))
        {
            // Contentionless drop: several channels may drop the same spectrum (from different degrees); the receiver
            // sees the one that carries light. (The emulator has no per-interface drop port, so which of two lit ones
            // reaches which interface is not modelled: the first in index order.)
            if (Leaf(channel, "dest", "config", "port-name") is { } dest && DropPort().Match(dest) is { Success: true } drop
                && (addDropGroup is not { } group || drop.Groups[1].Value == group.ToString(CultureInfo.InvariantCulture)) && Contains(channel, frequencyMhz)
                && Trace(roadm.Node.Id, channel, [], 0) is { } fibers)
            {
                return fibers;
            }
        }

        return null;
    }

    /// <summary>
    /// Follows a media channel's light upstream: from an add port it is lit when an attached transponder transmits inside
    /// the channel; from a degree input it is lit when the fibre from that neighbour is intact and the neighbour switches
    /// overlapping spectrum toward this ROADM. Returns the fibres crossed (transmitter first) or null.
    /// </summary>
    private List<Fiber>? Trace(NodeId roadm, DataNode channel, List<Fiber> downstream, int depth)
    {
        if (depth > 64 || Leaf(channel, "source", "config", "port-name") is not { } source)
        {
            return null;
        }

        var lower = long.Parse(Leaf(channel, "config", "lower-frequency") ?? "0", CultureInfo.InvariantCulture);
        var upper = long.Parse(Leaf(channel, "config", "upper-frequency") ?? "0", CultureInfo.InvariantCulture);
        if (AddPort().IsMatch(source))
        {
            foreach (var transponder in Network.Transponders.Where(t => t.AttachedRoadm == roadm))
            {
                if (_devices.TryGetValue(transponder.Id.Value, out var device) && Transmits(device, lower, upper))
                {
                    var path = new List<Fiber>(downstream);
                    path.Reverse();
                    return path;
                }
            }

            return null;
        }

        var match = DegreeIn().Match(source);
        if (!match.Success)
        {
            return null;
        }

        var degree = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        if (Degrees.IncomingOn(roadm, degree) is not { } fiber || _cut.Contains(fiber.Id) || !_devices.TryGetValue(fiber.Source.Value, out var upstream)
            || Degrees.DegreeOf(fiber.Id) is not { } upstreamDegree)
        {
            return null;
        }

        var neighbour = fiber.Source;
        var outPort = $"DEG{upstreamDegree}-OUT";
        foreach (var candidate in Entries(upstream.Root, "wavelength-router", "media-channels", "channel"))
        {
            var cl = long.Parse(Leaf(candidate, "config", "lower-frequency") ?? "0", CultureInfo.InvariantCulture);
            var cu = long.Parse(Leaf(candidate, "config", "upper-frequency") ?? "0", CultureInfo.InvariantCulture);
            if (Leaf(candidate, "dest", "config", "port-name") == outPort && cl < upper && lower < cu)
            {
                return Trace(neighbour, candidate, [.. downstream, fiber], depth + 1);
            }
        }

        return null;
    }

    private static bool Transmits(EmulatedDevice transponder, long lower, long upper)
    {
        foreach (var component in Entries(transponder.Root, "components", "component"))
        {
            if (Leaf(component, "optical-channel", "config", "frequency") is { } f)
            {
                var mhz = long.Parse(f, CultureInfo.InvariantCulture);
                if (mhz > lower && mhz < upper)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool Contains(DataNode channel, long frequencyMhz)
    {
        var lower = long.Parse(Leaf(channel, "config", "lower-frequency") ?? "0", CultureInfo.InvariantCulture);
        var upper = long.Parse(Leaf(channel, "config", "upper-frequency") ?? "0", CultureInfo.InvariantCulture);
        return frequencyMhz > lower && frequencyMhz < upper;
    }
}
