using System.Text.Json.Nodes;
using Continuum.Pce.Models;
using GnmiPath = Gnmi.Path;

namespace Continuum.Pce.Southbound.Gnmi.Tests;

/// <summary>
/// Wraps gNMI updates (path + JSON_IETF value) into one RFC 7951 root document, as yanglint validates whole documents:
/// ancestors are added with their list keys (and the config/key leaf the key leafref points to), the components that
/// port and optical-channel leafrefs name are added, and member names are qualified exactly where RFC 7951 §4 says.
/// </summary>
public static class YangPayloads
{
    public static string Wrap(IEnumerable<(GnmiPath Path, string Json)> updates)
    {
        var root = new JsonObject();
        var referenced = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (path, json) in updates)
        {
            var value = Strip(JsonNode.Parse(json));
            CollectReferences(value, referenced);
            Insert(root, path, value);
        }

        foreach (var name in referenced)
        {
            Insert(root, GnmiPaths.Parse($"/components/component[name={name}]"), new JsonObject());
        }

        return Qualify(root, OpenConfigSchema.Root, null).ToJsonString();
    }

    private static void Insert(JsonObject root, GnmiPath path, JsonNode? value)
    {
        var node = root;
        var schema = OpenConfigSchema.Root;
        for (var i = 0; i < path.Elem.Count; i++)
        {
            var elem = path.Elem[i];
            schema = schema.Child(elem.Name) ?? throw new ArgumentException($"{elem.Name} is not in the schema");
            var last = i == path.Elem.Count - 1;
            if (schema.Kind == SchemaKind.List)
            {
                var array = (JsonArray)(node[schema.Name] ??= new JsonArray());
                var entry = array.OfType<JsonObject>().FirstOrDefault(e => elem.Key.All(k => KeyText(e[k.Key]) == k.Value));
                if (entry is null)
                {
                    entry = [];
                    foreach (var (key, text) in elem.Key)
                    {
                        entry[key] = Typed(schema.Child(key)!, text);
                        if (schema.Child("config")?.Child(key) is { } configKey)
                        {
                            var config = (JsonObject)(entry["config"] ??= new JsonObject());
                            config[key] = Typed(configKey, text);
                        }
                    }

                    array.Add(entry);
                }

                node = entry;
                if (last)
                {
                    Merge(node, value);
                }
            }
            else if (last && schema.Kind is SchemaKind.Leaf or SchemaKind.LeafList)
            {
                node[schema.Name] = value?.DeepClone();
            }
            else
            {
                var child = (JsonObject)(node[schema.Name] ??= new JsonObject());
                if (last)
                {
                    Merge(child, value);
                }

                node = child;
            }
        }
    }

    private static JsonNode Typed(SchemaNode leaf, string text) =>
        leaf.Type!.Base is YangBase.UInt8 or YangBase.UInt16 or YangBase.UInt32 or YangBase.Int8 or YangBase.Int16 or YangBase.Int32
            ? JsonValue.Create(long.Parse(text, System.Globalization.CultureInfo.InvariantCulture))
            : JsonValue.Create(text);

    private static string? KeyText(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node?.ToJsonString();

    private static void Merge(JsonObject target, JsonNode? value)
    {
        if (value is not JsonObject source)
        {
            return;
        }

        foreach (var (name, child) in source.ToList())
        {
            if (child is JsonObject o && target[name] is JsonObject existing)
            {
                Merge(existing, o);
            }
            else if (child is JsonArray a && target[name] is JsonArray list)
            {
                foreach (var item in a)
                {
                    list.Add(item?.DeepClone());
                }
            }
            else
            {
                target[name] = child?.DeepClone();
            }
        }
    }

    private static JsonNode? Strip(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Select(m => KeyValuePair.Create(YangJson.LocalName(m.Key), Strip(m.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Strip)]),
        _ => node?.DeepClone(),
    };

    private static void CollectReferences(JsonNode? node, SortedSet<string> names)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, child) in o)
                {
                    if (name is "port-name" or "optical-channel" or "line-port" && child is JsonValue v && v.TryGetValue<string>(out var s))
                    {
                        names.Add(s);
                    }
                    else
                    {
                        CollectReferences(child, names);
                    }
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    CollectReferences(item, names);
                }

                break;
        }
    }

    private static JsonNode Qualify(JsonObject node, SchemaNode schema, string? parentModule)
    {
        var result = new JsonObject();
        foreach (var (name, value) in node)
        {
            var child = schema.Child(name) ?? throw new ArgumentException($"{name} is not a child of {schema.Name}");
            var member = parentModule == child.Module ? name : child.Module + ":" + name;
            result[member] = value switch
            {
                JsonObject o => Qualify(o, child, child.Module),
                JsonArray a when child.Kind == SchemaKind.List => new JsonArray([.. a.Select(e => (JsonNode?)Qualify((JsonObject)e!, child, child.Module))]),
                _ => value?.DeepClone(),
            };
        }

        return result;
    }
}
