using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Continuum.Pce.Models;
using Gnmi;
using Google.Protobuf;
using GnmiPath = global::Gnmi.Path;

namespace Continuum.Pce.Southbound.Gnmi;

/// <summary>
/// TypedValue encoding (gnmi-specification §2.2.3). Encoding is strict: JSON_IETF per RFC 7951, or typed scalars chosen
/// from the YANG type (uint_val for unsigned, int_val for signed, double_val for decimal64 — Decimal64 is deprecated —,
/// string_val for strings, enumerations and identities). Decoding is lenient: any scalar kind, JSON or JSON_IETF.
/// </summary>
public static class GnmiValues
{
    public static TypedValue JsonIetf(string json) => new() { JsonIetfVal = ByteString.CopyFromUtf8(json) };

    /// <summary>The value as JSON text, whatever the target sent (scalars become JSON scalars; 64-bit as strings).</summary>
    public static string ToJson(TypedValue value) => value.ValueCase switch
    {
        TypedValue.ValueOneofCase.JsonIetfVal => value.JsonIetfVal.ToStringUtf8(),
        TypedValue.ValueOneofCase.JsonVal => value.JsonVal.ToStringUtf8(),
        TypedValue.ValueOneofCase.StringVal => JsonSerializer.Serialize(value.StringVal),
        TypedValue.ValueOneofCase.AsciiVal => JsonSerializer.Serialize(value.AsciiVal),
        TypedValue.ValueOneofCase.UintVal => JsonSerializer.Serialize(value.UintVal.ToString(CultureInfo.InvariantCulture)),
        TypedValue.ValueOneofCase.IntVal => JsonSerializer.Serialize(value.IntVal.ToString(CultureInfo.InvariantCulture)),
        TypedValue.ValueOneofCase.BoolVal => value.BoolVal ? "true" : "false",
        TypedValue.ValueOneofCase.DoubleVal => JsonSerializer.Serialize(value.DoubleVal.ToString("R", CultureInfo.InvariantCulture)),
#pragma warning disable CS0612 // float_val and decimal_val are deprecated but lax targets still send them
        TypedValue.ValueOneofCase.FloatVal => JsonSerializer.Serialize(value.FloatVal.ToString("R", CultureInfo.InvariantCulture)),
        TypedValue.ValueOneofCase.DecimalVal => JsonSerializer.Serialize(DecimalText(value.DecimalVal)),
#pragma warning restore CS0612
        TypedValue.ValueOneofCase.LeaflistVal => "[" + string.Join(',', value.LeaflistVal.Element.Select(ToJson)) + "]",
        TypedValue.ValueOneofCase.BytesVal => JsonSerializer.Serialize(Convert.ToBase64String(value.BytesVal.ToByteArray())),
        _ => "null",
    };

#pragma warning disable CS0612
    private static string DecimalText(Decimal64 d)
    {
        var scaled = d.Digits / (decimal)Math.Pow(10, d.Precision);
        return scaled.ToString(CultureInfo.InvariantCulture);
    }
#pragma warning restore CS0612

    /// <summary>
    /// A JSON_IETF document as plain JSON (gnmi-specification §2.3.1, RFC 7159): every member name without its module
    /// ("openconfig-platform:components" becomes "components"); values are left as they are.
    /// </summary>
    public static string WithoutModules(string json)
    {
        var node = JsonNode.Parse(json);
        return node is null ? json : Strip(node).ToJsonString();

        static JsonNode Strip(JsonNode node)
        {
            switch (node)
            {
                case JsonObject o:
                    var plain = new JsonObject();
                    foreach (var (name, value) in o.ToList())
                    {
                        o.Remove(name);
                        plain[Models.YangJson.LocalName(name)] = value is null ? null : Strip(value);
                    }

                    return plain;
                case JsonArray a:
                    var items = new JsonArray();
                    foreach (var item in a.ToList())
                    {
                        a.Remove(item);
                        items.Add(item is null ? null : Strip(item));
                    }

                    return items;
                default:
                    return node;
            }
        }
    }

    /// <summary>
    /// Splits a JSON_IETF subtree at <paramref name="path"/> into one (leaf path, typed scalar) per leaf, for targets that
    /// want PROTO scalars. List entries become path keys; leaf-lists become leaflist_val.
    /// </summary>
    public static IEnumerable<(GnmiPath Path, TypedValue Value)> ExplodeToScalars(GnmiPath path, string json)
    {
        var schema = Resolve(path) ?? throw new ArgumentException($"path {GnmiPaths.Format(path)} is not in the schema");
        var node = JsonNode.Parse(json);
        var results = new List<(GnmiPath, TypedValue)>();
        Explode(schema, path, node, results);
        return results;
    }

    /// <summary>The schema node a path (keys ignored, prefixes allowed) addresses.</summary>
    public static SchemaNode? Resolve(GnmiPath path)
    {
        var node = OpenConfigSchema.Root;
        foreach (var elem in path.Elem)
        {
            node = node.Child(elem.Name);
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    private static void Explode(SchemaNode schema, GnmiPath at, JsonNode? value, List<(GnmiPath, TypedValue)> results)
    {
        switch (schema.Kind)
        {
            case SchemaKind.Leaf:
                results.Add((at, Scalar(schema.Type!, value!)));
                break;
            case SchemaKind.LeafList:
                {
                    var array = new ScalarArray();
                    foreach (var item in value is JsonArray a ? a : new JsonArray(value?.DeepClone()))
                    {
                        array.Element.Add(Scalar(schema.Type!, item!));
                    }

                    results.Add((at, new TypedValue { LeaflistVal = array }));
                    break;
                }

            case SchemaKind.List when value is JsonArray entries:
                foreach (var entry in entries)
                {
                    var entryPath = at.Clone();
                    var last = entryPath.Elem[^1];
                    foreach (var key in schema.Keys)
                    {
                        last.Key[key] = KeyText(((JsonObject)entry!).FirstOrDefault(m => YangJson.LocalName(m.Key) == key).Value);
                    }

                    Explode(schema, entryPath, entry, results);
                }

                break;
            default:
                foreach (var member in (JsonObject)value!)
                {
                    var child = schema.Child(YangJson.LocalName(member.Key)) ?? throw new ArgumentException($"'{member.Key}' is not a child of {schema.Name}");
                    var childPath = at.Clone();
                    childPath.Elem.Add(new PathElem { Name = child.Name });
                    Explode(child, childPath, member.Value, results);
                }

                break;
        }
    }

    private static string KeyText(JsonNode? value) => value switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        null => throw new ArgumentException("list entry without its key"),
        _ => value.ToJsonString(),
    };

    private static TypedValue Scalar(LeafType type, JsonNode value)
    {
        var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value.ToJsonString();
        return type.Base switch
        {
            YangBase.UInt8 or YangBase.UInt16 or YangBase.UInt32 or YangBase.UInt64 => new TypedValue { UintVal = ulong.Parse(text, CultureInfo.InvariantCulture) },
            YangBase.Int8 or YangBase.Int16 or YangBase.Int32 or YangBase.Int64 => new TypedValue { IntVal = long.Parse(text, CultureInfo.InvariantCulture) },
            YangBase.Decimal64 => new TypedValue { DoubleVal = double.Parse(text, CultureInfo.InvariantCulture) },
            YangBase.Boolean => new TypedValue { BoolVal = text == "true" },
            _ => new TypedValue { StringVal = text },
        };
    }

    internal static string Utf8(ReadOnlySpan<byte> bytes) => System.Text.Encoding.UTF8.GetString(bytes);
}
