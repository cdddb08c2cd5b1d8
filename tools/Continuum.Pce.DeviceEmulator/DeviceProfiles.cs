using System.Text.Json;
using System.Text.Json.Nodes;
using Continuum.Pce.Models;
using Google.Protobuf;
using GnmiEncoding = Gnmi.Encoding;

namespace Continuum.Pce.DeviceEmulator;

/// <summary>The gNMI encodings (gnmi-specification §2.3) the emulator speaks.</summary>
public enum DeviceEncoding
{
    JsonIetf,
    Json,
    Proto,
}

/// <summary>
/// How one emulated device behaves where real devices differ: the gNMI encodings it speaks (gnmi-specification §2.3; a
/// JSON-only device is legal, JSON being the one encoding every target must support) and the naming convention of its
/// components (<see cref="NamingProfile"/>). Selected per device by <see cref="DeviceProfiles"/>.
/// </summary>
public sealed record DeviceProfile
{
    /// <summary>Every encoding the emulator implements: JSON_IETF, JSON and PROTO.</summary>
    public static readonly IReadOnlyList<DeviceEncoding> AllEncodings = [DeviceEncoding.JsonIetf, DeviceEncoding.Json, DeviceEncoding.Proto];

    /// <summary>The encodings the device offers in Capabilities and accepts in Get, Set and Subscribe.</summary>
    public IReadOnlyList<DeviceEncoding> Encodings { get; init; } = AllEncodings;

    /// <summary>The naming profile of its components ("default": DEGn-IN, SRGn-ADD, OCH-i; see <see cref="NamingProfile"/>).</summary>
    public string Naming { get; init; } = NamingProfile.DefaultName;

    internal bool Offers(GnmiEncoding encoding) => Encodings.Contains(encoding switch
    {
        GnmiEncoding.JsonIetf => DeviceEncoding.JsonIetf,
        GnmiEncoding.Json => DeviceEncoding.Json,
        GnmiEncoding.Proto => DeviceEncoding.Proto,
        _ => (DeviceEncoding)(-1),
    });

    internal IEnumerable<GnmiEncoding> Wire => Encodings.Select(e => e switch
    {
        DeviceEncoding.Json => GnmiEncoding.Json,
        DeviceEncoding.Proto => GnmiEncoding.Proto,
        _ => GnmiEncoding.JsonIetf,
    });
}

/// <summary>
/// The profile of each device: one default, and overrides by device name. Read from JSON
/// (<c>{"default": {"encodings": ["JSON"], "naming": "vendor-b"}, "devices": {"FRA-TRX": {...}}}</c>, encodings by their
/// names in the specification: JSON, JSON_IETF, PROTO).
/// </summary>
public sealed class DeviceProfiles
{
    private readonly Dictionary<string, DeviceProfile> _devices;

    public DeviceProfiles(DeviceProfile? defaults = null, IReadOnlyDictionary<string, DeviceProfile>? devices = null)
    {
        Default = defaults ?? new DeviceProfile();
        _devices = devices is null ? new(StringComparer.Ordinal) : new(devices, StringComparer.Ordinal);
    }

    /// <summary>Every device with the full set of encodings and the default naming.</summary>
    public static DeviceProfiles Uniform { get; } = new();

    public DeviceProfile Default { get; }

    public DeviceProfile For(string device) => _devices.TryGetValue(device, out var profile) ? profile : Default;

    /// <summary>Reads profiles from their JSON document; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static DeviceProfiles Parse(string json)
    {
        var root = JsonNode.Parse(json) as JsonObject ?? throw new FormatException("device profiles: a JSON object is expected");
        var defaults = root["default"] is JsonObject d ? ReadProfile(d, "default") : new DeviceProfile();
        var devices = new Dictionary<string, DeviceProfile>(StringComparer.Ordinal);
        if (root["devices"] is JsonObject list)
        {
            foreach (var (name, value) in list)
            {
                devices[name] = value is JsonObject o ? ReadProfile(o, name, defaults) : throw new FormatException($"device profiles: '{name}' must be an object");
            }
        }

        return new DeviceProfiles(defaults, devices);
    }

    private static DeviceProfile ReadProfile(JsonObject o, string where, DeviceProfile? inherit = null)
    {
        var profile = inherit ?? new DeviceProfile();
        if (o["encodings"] is JsonArray encodings)
        {
            var parsed = encodings.Select(e => ParseEncoding(e?.GetValue<string>() ?? "", where)).Distinct().ToList();
            profile = profile with { Encodings = parsed.Count > 0 ? parsed : throw new FormatException($"device profiles: '{where}' offers no encoding") };
        }

        if (o["naming"] is JsonValue naming)
        {
            var name = naming.GetValue<string>();
            profile = profile with { Naming = NamingProfile.IsKnown(name) ? name : throw new FormatException($"device profiles: '{where}': unknown naming profile '{name}' (known: {string.Join(", ", NamingProfile.Names)})") };
        }

        return profile;
    }

    private static DeviceEncoding ParseEncoding(string text, string where) => text.ToUpperInvariant() switch
    {
        "JSON" => DeviceEncoding.Json,
        "JSON_IETF" or "JSONIETF" => DeviceEncoding.JsonIetf,
        "PROTO" => DeviceEncoding.Proto,
        _ => throw new FormatException($"device profiles: '{where}': '{text}' is not an encoding the emulator speaks (JSON, JSON_IETF, PROTO)"),
    };
}

/// <summary>
/// The emulator's encoders of values (gnmi-specification §2.3): JSON_IETF as held, JSON (RFC 7159) as the same document
/// with member names stripped of their module, PROTO as one typed scalar per leaf (§2.3.3).
/// </summary>
internal static class EncodedValues
{
    /// <summary>A leaf or subtree value in <paramref name="encoding"/> (PROTO only for leaves and leaf-lists).</summary>
    public static Gnmi.TypedValue Value(JsonNode value, SchemaNode schema, GnmiEncoding encoding) => encoding switch
    {
        GnmiEncoding.Proto when schema.Type is { } type => value is JsonArray array ? LeafList(array, type) : Scalar(value, type),
        GnmiEncoding.Json => new Gnmi.TypedValue { JsonVal = ByteString.CopyFromUtf8(WithoutModules(value.ToJsonString())) },
        _ => JsonValues.JsonIetf(value.ToJsonString()),
    };

    /// <summary>JSON_IETF text as plain JSON: member names without their module.</summary>
    public static string WithoutModules(string json)
    {
        using var document = JsonDocument.Parse(json);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(document.RootElement, writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());

        static void Write(JsonElement element, Utf8JsonWriter writer)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    writer.WriteStartObject();
                    foreach (var member in element.EnumerateObject())
                    {
                        writer.WritePropertyName(YangJson.LocalName(member.Name));
                        Write(member.Value, writer);
                    }

                    writer.WriteEndObject();
                    break;
                case JsonValueKind.Array:
                    writer.WriteStartArray();
                    foreach (var item in element.EnumerateArray())
                    {
                        Write(item, writer);
                    }

                    writer.WriteEndArray();
                    break;
                default:
                    element.WriteTo(writer);
                    break;
            }
        }
    }

    /// <summary>
    /// A subtree at <paramref name="path"/> (schema node <paramref name="schema"/>) as one (path, typed scalar) per leaf:
    /// list entries become keyed path elements, leaf-lists leaflist_val.
    /// </summary>
    public static IEnumerable<(Gnmi.Path Path, Gnmi.TypedValue Value)> Leaves(Gnmi.Path path, SchemaNode schema, JsonNode value)
    {
        var results = new List<(Gnmi.Path, Gnmi.TypedValue)>();
        Walk(path, schema, value, results);
        return results;

        static void Walk(Gnmi.Path at, SchemaNode node, JsonNode? value, List<(Gnmi.Path, Gnmi.TypedValue)> into)
        {
            if (value is null)
            {
                return;
            }

            if (node.Type is { } type && node.Kind is SchemaKind.Leaf or SchemaKind.LeafList)
            {
                into.Add((at, value is JsonArray array ? LeafList(array, type) : Scalar(value, type)));
                return;
            }

            if (node.Kind == SchemaKind.List && value is JsonArray entries)
            {
                foreach (var entry in entries.OfType<JsonObject>())
                {
                    var keyed = at.Clone();
                    var last = keyed.Elem[^1];
                    foreach (var key in node.Keys)
                    {
                        if (entry.FirstOrDefault(m => YangJson.LocalName(m.Key) == key).Value is { } k)
                        {
                            last.Key[key] = k is JsonValue v && v.TryGetValue<string>(out var s) ? s : k.ToJsonString();
                        }
                    }

                    Members(keyed, node, entry, into);
                }

                return;
            }

            if (value is JsonObject o)
            {
                Members(at, node, o, into);
            }
        }

        static void Members(Gnmi.Path at, SchemaNode node, JsonObject o, List<(Gnmi.Path, Gnmi.TypedValue)> into)
        {
            foreach (var (name, member) in o)
            {
                if (node.Child(name) is not { } child)
                {
                    continue;
                }

                var next = at.Clone();
                next.Elem.Add(new Gnmi.PathElem { Name = YangJson.LocalName(name) });
                Walk(next, child, member, into);
            }
        }
    }

    private static Gnmi.TypedValue LeafList(JsonArray array, LeafType type)
    {
        var scalars = new Gnmi.ScalarArray();
        foreach (var item in array)
        {
            scalars.Element.Add(Scalar(item!, type));
        }

        return new Gnmi.TypedValue { LeaflistVal = scalars };
    }

    /// <summary>The typed scalar a YANG type calls for: uint_val, int_val, double_val for decimal64, bool_val, string_val.</summary>
    public static Gnmi.TypedValue Scalar(JsonNode value, LeafType type)
    {
        var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value.ToJsonString();
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        return type.Base switch
        {
            YangBase.UInt8 or YangBase.UInt16 or YangBase.UInt32 or YangBase.UInt64 => new Gnmi.TypedValue { UintVal = ulong.Parse(text, invariant) },
            YangBase.Int8 or YangBase.Int16 or YangBase.Int32 or YangBase.Int64 => new Gnmi.TypedValue { IntVal = long.Parse(text, invariant) },
            YangBase.Decimal64 => new Gnmi.TypedValue { DoubleVal = double.Parse(text, invariant) },
            YangBase.Boolean => new Gnmi.TypedValue { BoolVal = text == "true" },
            _ => new Gnmi.TypedValue { StringVal = text },
        };
    }
}
