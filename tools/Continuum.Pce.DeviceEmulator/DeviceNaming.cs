using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Models;
using Gnmi;
using Google.Protobuf;
using GnmiPath = Gnmi.Path;

namespace Continuum.Pce.DeviceEmulator;

/// <summary>
/// A naming profile other than the emulator's own, applied at the gNMI boundary: the device tree keeps the emulator's
/// names (its physics reads them), and every path and value a client sends is translated to them, every one it receives
/// translated back. So one emulator can stand for devices of several vendors' conventions, and tests prove that the
/// controller needs only configuration to drive each.
/// <list type="table">
/// <item><term>default</term><description>DEGn-IN/OUT, SRGn-ADD/DROP, OCH-i, LINE-i, OCM-DEGn, APS-i (the optical line protection card and its APS module); logical channels 100+i (client), 200+i (line); mode ids hashed (<see cref="OperationalModes"/>).</description></item>
/// <item><term>vendor-b</term><description>LINE-n-RX/TX, ADD-n, DROP-n, OPTCH-1-i, PORT-1-i, OCM-LINE-n, OLP-1-i (the protection card and its APS module); logical channels 10i+1 (client), 10i+2 (line); mode ids 4001, 4002, … in the order of the mode names.</description></item>
/// </list>
/// </summary>
internal sealed partial class DeviceNaming
{
    private static readonly (Regex Canonical, string CanonicalFormat, Regex Vendor, string VendorFormat)[] Names =
    [
        (DegIn(), "DEG{0}-IN", LineRx(), "LINE-{0}-RX"),
        (DegOut(), "DEG{0}-OUT", LineTx(), "LINE-{0}-TX"),
        (SrgAdd(), "SRG{0}-ADD", Add(), "ADD-{0}"),
        (SrgDrop(), "SRG{0}-DROP", Drop(), "DROP-{0}"),
        (Och(), "OCH-{0}", OptCh(), "OPTCH-1-{0}"),
        (Line(), "LINE-{0}", Port(), "PORT-1-{0}"),
        (Ocm(), "OCM-DEG{0}", OcmLine(), "OCM-LINE-{0}"),
        (Aps(), "APS-{0}", Olp(), "OLP-1-{0}"),
    ];

    private readonly Dictionary<ushort, ushort> _modeToDevice = [];
    private readonly Dictionary<ushort, ushort> _modeFromDevice = [];

    private DeviceNaming(EquipmentLibrary equipment)
    {
        ushort next = 4001;
        foreach (var mode in equipment.Transceivers.SelectMany(t => t.Modes).Select(m => m.Id).Distinct().OrderBy(m => m.Value, StringComparer.Ordinal))
        {
            var own = OperationalModes.IdOf(mode);
            if (_modeToDevice.TryAdd(own, next))
            {
                _modeFromDevice[next] = own;
                next++;
            }
        }
    }

    /// <summary>The translation of profile <paramref name="name"/>; null for the emulator's own names.</summary>
    public static DeviceNaming? For(string name, EquipmentLibrary equipment) => name == NamingProfile.VendorB ? new DeviceNaming(equipment) : null;

    /// <summary>A request path from the client's names to the emulator's.</summary>
    public GnmiPath PathIn(GnmiPath path) => TranslatePath(path, toDevice: false);

    /// <summary>A path of the emulator's to the client's names.</summary>
    public GnmiPath PathOut(GnmiPath path) => TranslatePath(path, toDevice: true);

    /// <summary>A value at <paramref name="fullPath"/> (emulator's names) from the client's names to the emulator's, or back.</summary>
    public TypedValue Value(GnmiPath fullPath, TypedValue value, bool toDevice)
    {
        var context = ContextOf(fullPath);
        var parentPath = fullPath.Clone();
        if (parentPath.Elem.Count > 0)
        {
            parentPath.Elem.RemoveAt(parentPath.Elem.Count - 1);
        }

        var parent = ContextOf(parentPath);
        var leaf = fullPath.Elem.Count > 0 ? fullPath.Elem[^1].Name : string.Empty;
        switch (value.ValueCase)
        {
            case TypedValue.ValueOneofCase.JsonIetfVal:
            case TypedValue.ValueOneofCase.JsonVal:
                {
                    var text = value.ValueCase == TypedValue.ValueOneofCase.JsonIetfVal ? value.JsonIetfVal.ToStringUtf8() : value.JsonVal.ToStringUtf8();
                    var node = JsonNode.Parse(text);
                    var translated = node is null ? null : Json(node, context, parent, YangJson.LocalName(leaf), toDevice);
                    var bytes = ByteString.CopyFromUtf8(translated?.ToJsonString() ?? "null");
                    return value.ValueCase == TypedValue.ValueOneofCase.JsonIetfVal ? new TypedValue { JsonIetfVal = bytes } : new TypedValue { JsonVal = bytes };
                }

            case TypedValue.ValueOneofCase.StringVal:
                return new TypedValue { StringVal = Name(value.StringVal, toDevice) };
            case TypedValue.ValueOneofCase.UintVal:
                return new TypedValue { UintVal = Number(YangJson.LocalName(leaf), parent, value.UintVal, toDevice) };
            case TypedValue.ValueOneofCase.IntVal:
                return new TypedValue { IntVal = (long)Number(YangJson.LocalName(leaf), parent, (ulong)value.IntVal, toDevice) };
            default:
                return value;
        }
    }

    /// <summary>Where in the terminal-device tree a node lies: a logical channel entry, its config, or elsewhere.</summary>
    private enum Context
    {
        Other,
        AboveChannels,
        Channels,
        ChannelEntry,
        ChannelConfig,
    }

    private static Context ContextOf(GnmiPath path)
    {
        var context = Context.Other;
        foreach (var elem in path.Elem)
        {
            context = Step(context, YangJson.LocalName(elem.Name));
        }

        return context;
    }

    private static Context Step(Context context, string name) => (context, name) switch
    {
        (Context.Other, "terminal-device") => Context.AboveChannels,
        (Context.AboveChannels, "logical-channels") => Context.Channels,
        (Context.Channels, "channel") => Context.ChannelEntry,
        (Context.ChannelEntry, "config" or "state") => Context.ChannelConfig,
        _ => Context.Other,
    };

    /// <param name="context">Where this node lies.</param>
    /// <param name="parent">Where its parent lies (what a leaf's meaning depends on).</param>
    private JsonNode Json(JsonNode node, Context context, Context parent, string member, bool toDevice)
    {
        switch (node)
        {
            case JsonObject o:
                var copy = new JsonObject();
                foreach (var (name, value) in o)
                {
                    var local = YangJson.LocalName(name);
                    copy[name] = value is null ? null : Json(value, Step(context, local), context, local, toDevice);
                }

                return copy;
            case JsonArray a:
                // A list's entries (or a leaf-list's values) sit where the list does.
                return new JsonArray([.. a.Select(item => item is null ? null : Json(item, context, parent, member, toDevice))]);
            case JsonValue v when v.TryGetValue<string>(out var text):
                return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && IsNumbered(member, parent)
                    ? JsonValue.Create(Number(member, parent, n, toDevice).ToString(CultureInfo.InvariantCulture))
                    : JsonValue.Create(Name(text, toDevice));
            case JsonValue v when v.TryGetValue<ulong>(out var number) && IsNumbered(member, parent):
                return JsonValue.Create(Number(member, parent, number, toDevice));
            default:
                return node.DeepClone();
        }
    }

    /// <summary>Whether a numeric leaf holds a logical-channel index or an operational-mode id.</summary>
    private static bool IsNumbered(string member, Context context) =>
        member is "operational-mode" or "mode-id" or "logical-channel" ||
        (member == "index" && context is Context.ChannelEntry or Context.ChannelConfig);

    private ulong Number(string member, Context context, ulong value, bool toDevice)
    {
        if (member is "operational-mode" or "mode-id")
        {
            var map = toDevice ? _modeToDevice : _modeFromDevice;
            if (value <= ushort.MaxValue && map.TryGetValue((ushort)value, out var mode))
            {
                return mode;
            }

            // A device refuses a mode id it does not have (the emulator's own ids are not this device's).
            return toDevice ? value : throw new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.InvalidArgument, $"operational mode {value} is not one this device offers (see /terminal-device/operational-modes)"));
        }

        if (member == "logical-channel" || (member == "index" && context is Context.ChannelEntry or Context.ChannelConfig))
        {
            return toDevice ? LogicalToDevice(value) : LogicalFromDevice(value);
        }

        return value;
    }

    /// <summary>Client 100+i becomes 10i+1, line 200+i becomes 10i+2.</summary>
    private static ulong LogicalToDevice(ulong own) => own switch
    {
        > 100 and < 200 => (10 * (own - 100)) + 1,
        > 200 and < 300 => (10 * (own - 200)) + 2,
        _ => own,
    };

    private static ulong LogicalFromDevice(ulong vendor) => (vendor % 10, vendor / 10) switch
    {
        (1, > 0 and < 100) => 100 + (vendor / 10),
        (2, > 0 and < 100) => 200 + (vendor / 10),
        _ => vendor,
    };

    private static string Name(string text, bool toDevice)
    {
        foreach (var (canonical, canonicalFormat, vendor, vendorFormat) in Names)
        {
            var match = (toDevice ? canonical : vendor).Match(text);
            if (match.Success)
            {
                return string.Format(CultureInfo.InvariantCulture, toDevice ? vendorFormat : canonicalFormat, match.Groups[1].Value);
            }
        }

        return text;
    }

    private GnmiPath TranslatePath(GnmiPath path, bool toDevice)
    {
        var copy = path.Clone();
        var context = Context.Other;
        foreach (var elem in copy.Elem)
        {
            context = Step(context, YangJson.LocalName(elem.Name));
            foreach (var key in elem.Key.Keys.ToList())
            {
                var text = elem.Key[key];
                if ((key == "index" && context == Context.ChannelEntry) || key == "mode-id")
                {
                    if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                    {
                        elem.Key[key] = Number(key == "index" ? "index" : "mode-id", context, n, toDevice).ToString(CultureInfo.InvariantCulture);
                    }
                }
                else if (key == "name")
                {
                    elem.Key[key] = Name(text, toDevice);
                }
            }
        }

        return copy;
    }

    [GeneratedRegex(@"^DEG(\d+)-IN$")]
    private static partial Regex DegIn();

    [GeneratedRegex(@"^DEG(\d+)-OUT$")]
    private static partial Regex DegOut();

    [GeneratedRegex(@"^SRG(\d+)-ADD$")]
    private static partial Regex SrgAdd();

    [GeneratedRegex(@"^SRG(\d+)-DROP$")]
    private static partial Regex SrgDrop();

    [GeneratedRegex(@"^OCH-(\d+)$")]
    private static partial Regex Och();

    [GeneratedRegex(@"^LINE-(\d+)$")]
    private static partial Regex Line();

    [GeneratedRegex(@"^OCM-DEG(\d+)$")]
    private static partial Regex Ocm();

    [GeneratedRegex(@"^LINE-(\d+)-RX$")]
    private static partial Regex LineRx();

    [GeneratedRegex(@"^LINE-(\d+)-TX$")]
    private static partial Regex LineTx();

    [GeneratedRegex(@"^ADD-(\d+)$")]
    private static partial Regex Add();

    [GeneratedRegex(@"^DROP-(\d+)$")]
    private static partial Regex Drop();

    [GeneratedRegex(@"^OPTCH-1-(\d+)$")]
    private static partial Regex OptCh();

    [GeneratedRegex(@"^PORT-1-(\d+)$")]
    private static partial Regex Port();

    [GeneratedRegex(@"^OCM-LINE-(\d+)$")]
    private static partial Regex OcmLine();

    [GeneratedRegex(@"^APS-(\d+)$")]
    private static partial Regex Aps();

    [GeneratedRegex(@"^OLP-1-(\d+)$")]
    private static partial Regex Olp();
}
