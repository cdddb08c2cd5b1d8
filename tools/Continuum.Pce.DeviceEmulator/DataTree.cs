using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Continuum.Pce.Models;
using Gnmi;
using Grpc.Core;
using GnmiPath = Gnmi.Path;

namespace Continuum.Pce.DeviceEmulator;

/// <summary>Which data a read returns (GetRequest.DataType): everything, configuration only, or state only.</summary>
public enum DataFilter
{
    All,
    Config,
    State,
}

/// <summary>
/// One node of a device's data tree, typed by the generated OpenConfig schema (<see cref="OpenConfigSchema"/>):
/// containers and list entries hold children by name, lists hold entries by key text, leaves hold a canonical RFC 7951
/// JSON value (64-bit integers and decimal64 as strings). Invalid paths or values raise INVALID_ARGUMENT.
/// </summary>
internal sealed class DataNode
{
    public DataNode(SchemaNode schema)
    {
        Schema = schema;
    }

    public SchemaNode Schema { get; }

    // Created on first use: most nodes are leaves, which never hold children, entries or keys (three sorted dictionaries
    // per leaf were most of what a write allocated). Created with a compare-exchange, so two threads that meet an empty
    // node at once end up with the same dictionary.
    private SortedDictionary<string, DataNode>? _children;
    private SortedDictionary<string, DataNode>? _entries;
    private SortedDictionary<string, string>? _keys;

    /// <summary>Children of a container, the root or a list entry, by schema name.</summary>
    public SortedDictionary<string, DataNode> Children => _children ?? Create(ref _children);

    /// <summary>Entries of a list (the node itself is the list), by key text "k1=v1,k2=v2".</summary>
    public SortedDictionary<string, DataNode> Entries => _entries ?? Create(ref _entries);

    /// <summary>Key values of a list entry.</summary>
    public SortedDictionary<string, string> Keys => _keys ?? Create(ref _keys);

    public bool IsEntry { get; init; }

    /// <summary>A leaf's canonical value, or a leaf-list's array.</summary>
    public JsonNode? Value { get; set; }

    public DataNode Clone() => Copy(deep: true);

    /// <summary>A copy of this node that shares its children and entries (the value and keys are copied).</summary>
    public DataNode ShallowCopy() => Copy(deep: false);

    private DataNode Copy(bool deep)
    {
        var copy = new DataNode(Schema) { IsEntry = IsEntry, Value = Value?.DeepClone() };
        if (_keys is { Count: > 0 } keys)
        {
            foreach (var (k, v) in keys)
            {
                copy.Keys[k] = v;
            }
        }

        if (_children is { Count: > 0 } children)
        {
            foreach (var (k, v) in children)
            {
                copy.Children[k] = deep ? v.Clone() : v;
            }
        }

        if (_entries is { Count: > 0 } entries)
        {
            foreach (var (k, v) in entries)
            {
                copy.Entries[k] = deep ? v.Clone() : v;
            }
        }

        return copy;
    }

    private static SortedDictionary<string, TValue> Create<TValue>(ref SortedDictionary<string, TValue>? field) =>
        Interlocked.CompareExchange(ref field, new SortedDictionary<string, TValue>(StringComparer.Ordinal), null) ?? field;

    public static string KeyText(IEnumerable<KeyValuePair<string, string>> keys)
    {
        if (keys is IReadOnlyCollection<KeyValuePair<string, string>> { Count: 1 } single)
        {
            foreach (var (key, value) in single)
            {
                return key + "=" + value;
            }
        }

        return string.Join(',', keys.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => k.Key + "=" + k.Value));
    }
}

/// <summary>Operations on a data tree: resolve paths, merge and replace JSON_IETF or scalar values, delete, serialise.</summary>
internal static class DataTree
{
    public static DataNode NewRoot() => new(OpenConfigSchema.Root);

    /// <summary>Finds or creates the node a path addresses. Every list element must carry all its keys.</summary>
    public static DataNode Resolve(DataNode root, GnmiPath path, bool create)
    {
        var node = root;
        foreach (var elem in path.Elem)
        {
            var schema = node.Schema.Child(elem.Name) ?? throw Invalid($"'{elem.Name}' is not a child of '{node.Schema.Name}'");
            if (!node.Children.TryGetValue(schema.Name, out var child))
            {
                if (!create)
                {
                    throw new RpcException(new Status(StatusCode.NotFound, $"{GnmiPathText(path)} does not exist"));
                }

                child = new DataNode(schema);
                node.Children[schema.Name] = child;
            }

            if (schema.Kind == SchemaKind.List)
            {
                if (elem.Key.Count != schema.Keys.Count || schema.Keys.Any(k => !elem.Key.ContainsKey(k)))
                {
                    throw Invalid($"list '{schema.Name}' needs the keys {string.Join(", ", schema.Keys)}");
                }

                var canonicalKeys = schema.Keys.ToDictionary(k => k, k => KeyCanonical(schema, k, elem.Key[k]));
                var text = DataNode.KeyText(canonicalKeys);
                if (!child.Entries.TryGetValue(text, out var entry))
                {
                    if (!create)
                    {
                        throw new RpcException(new Status(StatusCode.NotFound, $"{GnmiPathText(path)} does not exist"));
                    }

                    entry = NewEntry(schema, canonicalKeys);
                    child.Entries[text] = entry;
                }

                node = entry;
            }
            else
            {
                node = child;
            }
        }

        return node;
    }

    /// <summary>
    /// A new root for a transaction that will change the given paths: the nodes along each path are copied and the
    /// subtree a path addresses is cloned, every other subtree is shared with <paramref name="root"/>. Changing the fork
    /// only where the paths lead leaves <paramref name="root"/> untouched, so a failed transaction is discarded by
    /// dropping the fork, at the cost of the paths touched rather than of the whole device (a ROADM with hundreds of
    /// media channels was cloned on every Set).
    /// </summary>
    /// <remarks>
    /// <paramref name="removedOrReplaced"/> are paths whose node the transaction deletes or replaces whole: only the nodes
    /// along them are copied and what lies below is left shared (replace clears the copy's children before writing new
    /// ones; delete unlinks the node from its copied parent).
    /// </remarks>
    public static DataNode Fork(DataNode root, IEnumerable<GnmiPath> paths, IEnumerable<GnmiPath> removedOrReplaced)
    {
        var owned = new HashSet<DataNode>(ReferenceEqualityComparer.Instance);
        var fork = root.ShallowCopy();
        owned.Add(fork);
        foreach (var path in removedOrReplaced)
        {
            ForkAlong(fork, path, owned);
        }

        foreach (var path in paths)
        {
            var node = ForkAlong(fork, path, owned);
            if (node is null)
            {
                continue;
            }

            foreach (var (k, v) in node.Children.ToList())
            {
                node.Children[k] = owned.Contains(v) ? v : v.Clone();
            }

            foreach (var (k, v) in node.Entries.ToList())
            {
                node.Entries[k] = owned.Contains(v) ? v : v.Clone();
            }
        }

        return fork;
    }

    /// <summary>Owns the nodes along a path in the fork; the node addressed, or null where the path leaves the tree (a write creates what follows).</summary>
    private static DataNode? ForkAlong(DataNode fork, GnmiPath path, HashSet<DataNode> owned)
    {
        var node = fork;
        foreach (var elem in path.Elem)
        {
            var schema = node.Schema.Child(elem.Name);
            if (schema is null || !node.Children.TryGetValue(schema.Name, out var child))
            {
                return null;
            }

            child = Own(node.Children, schema.Name, child, owned);
            if (schema.Kind == SchemaKind.List)
            {
                if (elem.Key.Count != schema.Keys.Count || schema.Keys.Any(k => !elem.Key.ContainsKey(k)))
                {
                    return null; // the write itself reports the missing keys
                }

                string text;
                try
                {
                    text = DataNode.KeyText(schema.Keys.ToDictionary(k => k, k => KeyCanonical(schema, k, elem.Key[k])));
                }
                catch (RpcException)
                {
                    return null; // likewise a malformed key
                }

                if (!child.Entries.TryGetValue(text, out var entry))
                {
                    return null;
                }

                node = Own(child.Entries, text, entry, owned);
            }
            else
            {
                node = child;
            }
        }

        return node;
    }

    private static DataNode Own(SortedDictionary<string, DataNode> parent, string key, DataNode node, HashSet<DataNode> owned)
    {
        if (owned.Contains(node))
        {
            return node;
        }

        var copy = node.ShallowCopy();
        parent[key] = copy;
        owned.Add(copy);
        return copy;
    }

    /// <summary>
    /// <paramref name="kept"/> with every node of <paramref name="skeleton"/> it lacks (children, list entries and leaf
    /// values it does not have yet) added; what it has is left as it is. Returns a new root; neither input is changed.
    /// </summary>
    public static DataNode Graft(DataNode kept, DataNode skeleton)
    {
        var result = kept.Clone();
        Merge(result, skeleton);
        return result;

        static void Merge(DataNode into, DataNode from)
        {
            if (into.Value is null && from.Value is not null)
            {
                into.Value = from.Value.DeepClone();
            }

            foreach (var (name, child) in from.Children)
            {
                if (into.Children.TryGetValue(name, out var existing))
                {
                    Merge(existing, child);
                }
                else
                {
                    into.Children[name] = child.Clone();
                }
            }

            foreach (var (key, entry) in from.Entries)
            {
                if (into.Entries.TryGetValue(key, out var existing))
                {
                    Merge(existing, entry);
                }
                else
                {
                    into.Entries[key] = entry.Clone();
                }
            }
        }
    }

    /// <summary>Removes what a path addresses; an absent path is not an error (gnmi-specification §3.4.6).</summary>
    public static void Delete(DataNode root, GnmiPath path)
    {
        if (path.Elem.Count == 0)
        {
            root.Children.Clear();
            return;
        }

        DataNode parent;
        try
        {
            var parentPath = path.Clone();
            parentPath.Elem.RemoveAt(parentPath.Elem.Count - 1);
            parent = Resolve(root, parentPath, create: false);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return;
        }

        var last = path.Elem[^1];
        var schema = parent.Schema.Child(last.Name) ?? throw Invalid($"'{last.Name}' is not a child of '{parent.Schema.Name}'");
        if (!parent.Children.TryGetValue(schema.Name, out var child))
        {
            return;
        }

        if (schema.Kind == SchemaKind.List && last.Key.Count > 0)
        {
            var keys = schema.Keys.ToDictionary(k => k, k => last.Key.TryGetValue(k, out var v) ? KeyCanonical(schema, k, v) : throw Invalid($"missing key {k}"));
            child.Entries.Remove(DataNode.KeyText(keys));
            if (child.Entries.Count == 0)
            {
                parent.Children.Remove(schema.Name);
            }
        }
        else
        {
            if (schema.Kind == SchemaKind.Leaf && parent.IsEntry && parent.Schema.Keys.Contains(schema.Name))
            {
                throw Invalid($"the list key '{schema.Name}' cannot be deleted");
            }

            parent.Children.Remove(schema.Name);
        }
    }

    /// <summary>Merges a value into the node at a path (gNMI update) or replaces the node's content (gNMI replace).</summary>
    public static void Write(DataNode root, GnmiPath path, TypedValue value, bool replace)
    {
        var node = Resolve(root, path, create: true);
        if (!node.Schema.IsConfig)
        {
            throw Invalid($"{GnmiPathText(path)} is state (config false) and cannot be set");
        }

        if (node.Schema.Kind is SchemaKind.Leaf or SchemaKind.LeafList)
        {
            node.Value = node.Schema.Kind == SchemaKind.Leaf ? Canonical(node.Schema, value) : CanonicalList(node.Schema, value);
            return;
        }

        if (!JsonValues.IsJson(value))
        {
            throw Invalid($"{GnmiPathText(path)} is a {node.Schema.Kind} and needs a JSON value");
        }

        JsonElement json;
        try
        {
            using var document = JsonDocument.Parse(JsonValues.Text(value));
            json = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw Invalid("malformed JSON: " + e.Message);
        }

        if (json.ValueKind != JsonValueKind.Object)
        {
            throw Invalid($"{GnmiPathText(path)} needs a JSON object");
        }

        if (replace)
        {
            var keys = node.IsEntry ? node.Keys.ToDictionary() : null;
            node.Children.Clear();
            if (keys is not null)
            {
                foreach (var (k, v) in keys)
                {
                    SetKeyLeaf(node, k, v);
                }
            }
        }

        Merge(node, json);
    }

    private static void Merge(DataNode node, JsonElement json)
    {
        foreach (var member in json.EnumerateObject())
        {
            var schema = node.Schema.Child(member.Name) ?? throw Invalid($"'{member.Name}' is not a child of '{node.Schema.Name}'");
            if (!schema.IsConfig)
            {
                throw Invalid($"'{schema.Name}' is state (config false) and cannot be set");
            }

            switch (schema.Kind)
            {
                case SchemaKind.Leaf:
                    {
                        var value = Canonical(schema.Type!, member.Value, schema.Name);
                        if (node.IsEntry && node.Schema.Keys.Contains(schema.Name) && node.Children.TryGetValue(schema.Name, out var key)
                            && key.Value!.ToJsonString() != value.ToJsonString())
                        {
                            throw Invalid($"key '{schema.Name}' {value.ToJsonString()} does not match the path");
                        }

                        Child(node, schema).Value = value;
                        break;
                    }

                case SchemaKind.LeafList:
                    {
                        var array = new JsonArray();
                        foreach (var item in member.Value.ValueKind == JsonValueKind.Array ? member.Value.EnumerateArray().ToArray() : [member.Value])
                        {
                            array.Add(Canonical(schema.Type!, item, schema.Name));
                        }

                        Child(node, schema).Value = array;
                        break;
                    }

                case SchemaKind.Container:
                    if (member.Value.ValueKind != JsonValueKind.Object)
                    {
                        throw Invalid($"'{schema.Name}' needs a JSON object");
                    }

                    Merge(Child(node, schema), member.Value);
                    break;
                case SchemaKind.List:
                    {
                        if (member.Value.ValueKind != JsonValueKind.Array)
                        {
                            throw Invalid($"list '{schema.Name}' needs a JSON array (RFC 7951 §5.4)");
                        }

                        var list = Child(node, schema);
                        foreach (var item in member.Value.EnumerateArray())
                        {
                            var keys = new Dictionary<string, string>();
                            foreach (var key in schema.Keys)
                            {
                                var keyMember = item.EnumerateObject().FirstOrDefault(m => YangJson.LocalName(m.Name) == key);
                                if (keyMember.Value.ValueKind == JsonValueKind.Undefined)
                                {
                                    throw Invalid($"an entry of list '{schema.Name}' lacks its key '{key}'");
                                }

                                keys[key] = KeyCanonical(schema, key, YangJson.ReadString(keyMember.Value));
                            }

                            var text = DataNode.KeyText(keys);
                            if (!list.Entries.TryGetValue(text, out var entry))
                            {
                                entry = NewEntry(schema, keys);
                                list.Entries[text] = entry;
                            }

                            Merge(entry, item);
                        }

                        break;
                    }

                default:
                    throw Invalid($"'{schema.Name}' cannot be set");
            }
        }
    }

    private static DataNode Child(DataNode node, SchemaNode schema)
    {
        if (!node.Children.TryGetValue(schema.Name, out var child))
        {
            child = new DataNode(schema);
            node.Children[schema.Name] = child;
        }

        return child;
    }

    private static DataNode NewEntry(SchemaNode list, IReadOnlyDictionary<string, string> keys)
    {
        var entry = new DataNode(list) { IsEntry = true };
        foreach (var (k, v) in keys)
        {
            entry.Keys[k] = v;
            SetKeyLeaf(entry, k, v);
        }

        return entry;
    }

    private static void SetKeyLeaf(DataNode entry, string key, string text)
    {
        var schema = entry.Schema.Child(key)!;
        entry.Children[key] = new DataNode(schema) { Value = Canonical(schema.Type!, JsonSerializer.SerializeToElement(text), key) };
    }

    // Telemetry and every transaction resolve the same few thousand keyed paths again and again: canonicalise each key once.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(SchemaNode List, string Key, string Text), string> CanonicalKeys = new();

    private static string KeyCanonical(SchemaNode list, string key, string text)
    {
        if (CanonicalKeys.TryGetValue((list, key, text), out var known))
        {
            return known;
        }

        var schema = list.Child(key) ?? throw Invalid($"list '{list.Name}' has no key leaf '{key}'");
        var canonical = Canonical(schema.Type!, JsonSerializer.SerializeToElement(text), key);
        var result = canonical is JsonValue v && v.TryGetValue<string>(out var s) ? s : canonical.ToJsonString();
        if (CanonicalKeys.Count > 100_000)
        {
            CanonicalKeys.Clear(); // keys carry media-channel indices: bound the cache of a long-running emulator
        }

        CanonicalKeys[(list, key, text)] = result;
        return result;
    }

    /// <summary>The canonical RFC 7951 value of a leaf from a typed scalar or a JSON value.</summary>
    public static JsonNode Canonical(SchemaNode leaf, TypedValue value) => value.ValueCase switch
    {
        TypedValue.ValueOneofCase.JsonIetfVal or TypedValue.ValueOneofCase.JsonVal => ParseScalar(leaf, JsonValues.Text(value)),
        TypedValue.ValueOneofCase.StringVal => Canonical(leaf.Type!, JsonSerializer.SerializeToElement(value.StringVal), leaf.Name),
        TypedValue.ValueOneofCase.AsciiVal => Canonical(leaf.Type!, JsonSerializer.SerializeToElement(value.AsciiVal), leaf.Name),
        TypedValue.ValueOneofCase.UintVal => Canonical(leaf.Type!, JsonSerializer.SerializeToElement(value.UintVal), leaf.Name),
        TypedValue.ValueOneofCase.IntVal => Canonical(leaf.Type!, JsonSerializer.SerializeToElement(value.IntVal), leaf.Name),
        TypedValue.ValueOneofCase.BoolVal => Canonical(leaf.Type!, JsonSerializer.SerializeToElement(value.BoolVal), leaf.Name),
        TypedValue.ValueOneofCase.DoubleVal => Canonical(leaf.Type!, JsonSerializer.SerializeToElement((decimal)value.DoubleVal), leaf.Name),
        _ => throw Invalid($"value kind {value.ValueCase} is not supported for leaf '{leaf.Name}'"),
    };

    private static JsonNode CanonicalList(SchemaNode leafList, TypedValue value)
    {
        var array = new JsonArray();
        if (value.ValueCase == TypedValue.ValueOneofCase.LeaflistVal)
        {
            foreach (var element in value.LeaflistVal.Element)
            {
                array.Add(Canonical(leafList, element));
            }

            return array;
        }

        if (!JsonValues.IsJson(value))
        {
            array.Add(Canonical(leafList, value)); // one typed scalar: a list of one
            return array;
        }

        try
        {
            using var document = JsonDocument.Parse(JsonValues.Text(value));
            var root = document.RootElement;
            foreach (var item in root.ValueKind == JsonValueKind.Array ? root.EnumerateArray().ToArray() : [root])
            {
                array.Add(Canonical(leafList.Type!, item, leafList.Name));
            }
        }
        catch (JsonException e)
        {
            throw Invalid("malformed JSON: " + e.Message);
        }

        return array;
    }

    private static JsonNode ParseScalar(SchemaNode leaf, string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var element = document.RootElement;
            if (element.ValueKind == JsonValueKind.Object)
            {
                // A container-shaped value at a leaf path: {"module:leaf": v} is tolerated.
                var member = element.EnumerateObject().FirstOrDefault(m => YangJson.LocalName(m.Name) == leaf.Name);
                if (member.Value.ValueKind == JsonValueKind.Undefined)
                {
                    throw Invalid($"leaf '{leaf.Name}' needs a scalar value");
                }

                return Canonical(leaf.Type!, member.Value, leaf.Name);
            }

            return Canonical(leaf.Type!, element, leaf.Name);
        }
        catch (JsonException e)
        {
            throw Invalid("malformed JSON: " + e.Message);
        }
    }

    /// <summary>Validates a JSON scalar against a leaf type and returns its canonical form (RFC 7951 §6).</summary>
    public static JsonNode Canonical(LeafType type, JsonElement value, string leaf)
    {
        try
        {
            switch (type.Base)
            {
                case YangBase.UInt8 or YangBase.UInt16 or YangBase.UInt32 or YangBase.UInt64:
                    {
                        var n = YangJson.ReadUInt64(value);
                        var max = type.Base switch { YangBase.UInt8 => byte.MaxValue, YangBase.UInt16 => ushort.MaxValue, YangBase.UInt32 => uint.MaxValue, _ => ulong.MaxValue };
                        if (n > max)
                        {
                            throw Invalid($"{n} is out of range for '{leaf}'");
                        }

                        return type.Base == YangBase.UInt64 ? JsonValue.Create(n.ToString(CultureInfo.InvariantCulture)) : JsonValue.Create(n);
                    }

                case YangBase.Int8 or YangBase.Int16 or YangBase.Int32 or YangBase.Int64:
                    {
                        var n = YangJson.ReadInt64(value);
                        var (min, max) = type.Base switch
                        {
                            YangBase.Int8 => (sbyte.MinValue, sbyte.MaxValue),
                            YangBase.Int16 => (short.MinValue, short.MaxValue),
                            YangBase.Int32 => (int.MinValue, int.MaxValue),
                            _ => (long.MinValue, long.MaxValue),
                        };
                        if (n < min || n > max)
                        {
                            throw Invalid($"{n} is out of range for '{leaf}'");
                        }

                        return type.Base == YangBase.Int64 ? JsonValue.Create(n.ToString(CultureInfo.InvariantCulture)) : JsonValue.Create(n);
                    }

                case YangBase.Decimal64:
                    {
                        var d = YangJson.ReadDecimal(value);
                        if (decimal.Round(d, type.FractionDigits) != d)
                        {
                            throw Invalid($"{d} has more than {type.FractionDigits} fraction digits for '{leaf}'");
                        }

                        return JsonValue.Create(YangJson.FormatDecimal(d, type.FractionDigits));
                    }

                case YangBase.Boolean:
                    return JsonValue.Create(YangJson.ReadBoolean(value));
                case YangBase.Empty:
                    return new JsonArray((JsonNode?)null);
                case YangBase.String:
                    return JsonValue.Create(YangJson.ReadString(value));
                case YangBase.Enumeration:
                    {
                        var s = YangJson.ReadString(value);
                        return type.EnumNames.Contains(s) ? JsonValue.Create(s) : throw Invalid($"'{s}' is not a value of enumeration '{leaf}'");
                    }

                case YangBase.Identityref:
                    {
                        var s = OpenConfigIdentities.Normalize(YangJson.ReadString(value));
                        return type.Identities.Contains(s) ? JsonValue.Create(s) : throw Invalid($"'{s}' is not an identity allowed for '{leaf}'");
                    }

                case YangBase.Union:
                    foreach (var member in type.Members)
                    {
                        try
                        {
                            return Canonical(member, value, leaf);
                        }
                        catch (RpcException)
                        {
                            // Try the next member type (RFC 7950 §9.12).
                        }
                    }

                    throw Invalid($"no member type of union '{leaf}' accepts {value.GetRawText()}");
                default:
                    throw Invalid($"unsupported type for '{leaf}'");
            }
        }
        catch (FormatException e)
        {
            throw Invalid($"bad value for '{leaf}': {e.Message}");
        }
        catch (OverflowException)
        {
            throw Invalid($"value out of range for '{leaf}'");
        }
        catch (InvalidOperationException e)
        {
            throw Invalid($"bad value for '{leaf}': {e.Message}");
        }
    }

    /// <summary>Writes a node as JSON_IETF: members qualified at the top and where the module changes (RFC 7951 §4).</summary>
    public static void WriteJson(Utf8JsonWriter writer, DataNode node, string? parentModule, DataFilter filter)
    {
        if (node.Schema.Kind is SchemaKind.Leaf or SchemaKind.LeafList)
        {
            node.Value!.WriteTo(writer);
            return;
        }

        writer.WriteStartObject();
        foreach (var child in node.Children.Values)
        {
            if (!Included(child, node, filter))
            {
                continue;
            }

            var name = parentModule == child.Schema.Module && parentModule is not null ? child.Schema.Name : child.Schema.Module + ":" + child.Schema.Name;
            if (node.Schema.Kind == SchemaKind.Root)
            {
                name = child.Schema.Module + ":" + child.Schema.Name;
            }

            writer.WritePropertyName(name);
            if (child.Schema.Kind == SchemaKind.List)
            {
                writer.WriteStartArray();
                foreach (var entry in child.Entries.Values)
                {
                    WriteJson(writer, entry, child.Schema.Module, filter);
                }

                writer.WriteEndArray();
            }
            else
            {
                WriteJson(writer, child, child.Schema.Module, filter);
            }
        }

        writer.WriteEndObject();
    }

    private static bool Included(DataNode child, DataNode parent, DataFilter filter)
    {
        if (!HasContent(child, filter))
        {
            return false;
        }

        if (child.Schema.Kind is SchemaKind.Leaf or SchemaKind.LeafList)
        {
            var isKey = parent.IsEntry && parent.Schema.Keys.Contains(child.Schema.Name);
            return filter switch
            {
                DataFilter.Config => child.Schema.IsConfig,
                DataFilter.State => !child.Schema.IsConfig || isKey,
                _ => true,
            };
        }

        return filter != DataFilter.Config || child.Schema.IsConfig;
    }

    private static bool HasContent(DataNode node, DataFilter filter)
    {
        switch (node.Schema.Kind)
        {
            case SchemaKind.Leaf or SchemaKind.LeafList:
                return filter switch { DataFilter.Config => node.Schema.IsConfig, DataFilter.State => !node.Schema.IsConfig, _ => true };
            case SchemaKind.List when !node.IsEntry:
                return node.Entries.Values.Any(e => HasContent(e, filter));
            default:
                if (filter == DataFilter.Config && !node.Schema.IsConfig)
                {
                    return false;
                }

                return node.Children.Values.Any(c => HasContent(c, filter));
        }
    }

    /// <summary>The JSON of a node, or null when the filter leaves nothing.</summary>
    public static string? ToJson(DataNode node, DataFilter filter)
    {
        if (node.Schema.Kind is not (SchemaKind.Leaf or SchemaKind.LeafList) && !HasContent(node, filter) && !(node.IsEntry && filter != DataFilter.State))
        {
            return null;
        }

        if (node.Schema.Kind is SchemaKind.Leaf or SchemaKind.LeafList && !HasContent(node, filter))
        {
            return null;
        }

        return YangJson.Write(w => WriteJson(w, node, null, filter));
    }

    /// <summary>Every leaf under a node, with its full path (for telemetry notifications).</summary>
    public static IEnumerable<(GnmiPath Path, DataNode Leaf)> Leaves(DataNode node, GnmiPath at)
    {
        if (node.Schema.Kind is SchemaKind.Leaf or SchemaKind.LeafList)
        {
            yield return (at, node);
            yield break;
        }

        foreach (var child in node.Children.Values)
        {
            if (child.Schema.Kind == SchemaKind.List)
            {
                foreach (var entry in child.Entries.Values)
                {
                    var entryPath = at.Clone();
                    var elem = new PathElem { Name = child.Schema.Name };
                    foreach (var (k, v) in entry.Keys)
                    {
                        elem.Key[k] = v;
                    }

                    entryPath.Elem.Add(elem);
                    foreach (var leaf in Leaves(entry, entryPath))
                    {
                        yield return leaf;
                    }
                }
            }
            else
            {
                var childPath = at.Clone();
                childPath.Elem.Add(new PathElem { Name = child.Schema.Name });
                foreach (var leaf in Leaves(child, childPath))
                {
                    yield return leaf;
                }
            }
        }
    }

    /// <summary>
    /// The nodes a path with wildcards addresses (Subscribe and Get: a list element without keys, key value "*" or name
    /// "*" match everything), each with its concrete path.
    /// </summary>
    public static IEnumerable<(GnmiPath Path, DataNode Node)> Match(DataNode root, GnmiPath pattern)
    {
        var current = new List<(GnmiPath, DataNode)> { (new GnmiPath(), root) };
        foreach (var elem in pattern.Elem)
        {
            var next = new List<(GnmiPath, DataNode)>();
            foreach (var (path, node) in current)
            {
                var children = elem.Name == "*" ? node.Children.Values.ToList()
                    : node.Schema.Child(elem.Name) is { } s && node.Children.TryGetValue(s.Name, out var c) ? [c] : [];
                foreach (var child in children)
                {
                    if (child.Schema.Kind == SchemaKind.List)
                    {
                        foreach (var entry in child.Entries.Values)
                        {
                            var matches = elem.Key.All(k => k.Value == "*" || (entry.Keys.TryGetValue(k.Key, out var v) && v == KeyCanonical(child.Schema, k.Key, k.Value)));
                            if (!matches)
                            {
                                continue;
                            }

                            var p = path.Clone();
                            var e = new PathElem { Name = child.Schema.Name };
                            foreach (var (k, v) in entry.Keys)
                            {
                                e.Key[k] = v;
                            }

                            p.Elem.Add(e);
                            next.Add((p, entry));
                        }
                    }
                    else
                    {
                        var p = path.Clone();
                        p.Elem.Add(new PathElem { Name = child.Schema.Name });
                        next.Add((p, child));
                    }
                }
            }

            current = next;
        }

        return current;
    }

    /// <summary>
    /// Checks every configured absolute leafref (port names, optical-channel and logical-channel references) against the
    /// tree, as a device validates a candidate configuration before committing it (RFC 7950 §9.9: require-instance).
    /// </summary>
    public static void CheckLeafrefs(DataNode root)
    {
        var leafrefs = new List<DataNode>();
        CollectConfigLeafrefs(root, leafrefs);
        CheckLeafrefs(root, leafrefs);
    }

    /// <summary>
    /// The same check after a transaction that deleted, replaced and updated only the given paths. A leafref outside
    /// those subtrees can only lose its target when the transaction removed a target: when no path can have (a delete
    /// of, or above, a target; a replace of, or above, a target other than the key of the very entry it rewrites; an
    /// update of a target that is not a list key — merging never removes an entry or changes its key), only the leafrefs
    /// inside the replaced and updated subtrees are checked; otherwise every leafref of the device is.
    /// </summary>
    public static void CheckLeafrefs(DataNode root, IReadOnlyList<GnmiPath> deleted, IReadOnlyList<GnmiPath> replaced, IReadOnlyList<GnmiPath> updated)
    {
        if (AnyRemovesTarget(deleted, LeafrefChange.Delete) || AnyRemovesTarget(replaced, LeafrefChange.Replace) || AnyRemovesTarget(updated, LeafrefChange.Update))
        {
            CheckLeafrefs(root);
            return;
        }

        var leafrefs = new List<DataNode>();
        foreach (var paths in (IReadOnlyList<GnmiPath>[])[replaced, updated])
        {
            foreach (var path in paths)
            {
                if (TryResolve(root, path) is { } node)
                {
                    CollectConfigLeafrefs(node, leafrefs);
                }
            }
        }

        CheckLeafrefs(root, leafrefs);
    }

    private enum LeafrefChange
    {
        Delete,
        Replace,
        Update,
    }

    /// <summary>A leafref target: its schema path (local names) and whether it is the key of its list.</summary>
    private sealed record LeafrefTarget(string[] Segments, bool IsListKey);

    /// <summary>The schema paths (local names) that some absolute config leafref points at.</summary>
    private static readonly Lazy<LeafrefTarget[]> LeafrefTargets = new(() =>
    {
        var targets = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<SchemaNode>([OpenConfigSchema.Root]);
        while (pending.TryPop(out var node))
        {
            if (node.IsConfig && node.Type?.LeafrefPath is { } reference && reference.StartsWith('/'))
            {
                targets.Add(string.Join('/', reference.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(YangJson.LocalName)));
            }

            foreach (var child in node.Children)
            {
                pending.Push(child);
            }
        }

        return [.. targets.Select(t => t.Split('/')).Select(segments => new LeafrefTarget(segments, IsListKey(segments)))];
    });

    private static bool IsListKey(string[] segments)
    {
        SchemaNode? node = OpenConfigSchema.Root;
        for (var i = 0; i < segments.Length - 1 && node is not null; i++)
        {
            node = node.Child(segments[i]);
        }

        return node is { Kind: SchemaKind.List } list && list.Keys.Contains(segments[^1]);
    }

    private static bool AnyRemovesTarget(IReadOnlyList<GnmiPath> paths, LeafrefChange change)
    {
        foreach (var path in paths)
        {
            foreach (var target in LeafrefTargets.Value)
            {
                if (Related(path, target.Segments) && CanRemove(path, target, change))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="path"/> contains the target, or lies inside it.</summary>
    private static bool Related(GnmiPath path, string[] target)
    {
        var n = Math.Min(target.Length, path.Elem.Count);
        for (var i = 0; i < n; i++)
        {
            if (YangJson.LocalName(path.Elem[i].Name) != target[i])
            {
                return false;
            }
        }

        return true;
    }

    private static bool CanRemove(GnmiPath path, LeafrefTarget target, LeafrefChange change) => change switch
    {
        LeafrefChange.Delete => true,
        // Rewriting entry [k=v] keeps k=v: the entry exists after the transaction under the same key.
        LeafrefChange.Replace => !(target.IsListKey && target.Segments.Length == path.Elem.Count + 1 && path.Elem[^1].Key.ContainsKey(target.Segments[^1])),
        _ => !target.IsListKey,
    };

    private static DataNode? TryResolve(DataNode root, GnmiPath path)
    {
        try
        {
            return Resolve(root, path, create: false);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }

    private static void CheckLeafrefs(DataNode root, List<DataNode> leafrefs)
    {
        var targets = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var leaf in leafrefs)
        {
            var reference = leaf.Schema.Type!.LeafrefPath!;
            if (leaf.Value is JsonValue single && KeyExists(root, Segments(reference), KeyValueText(single)) is { } exists)
            {
                if (exists)
                {
                    continue;
                }

                var at = Leaves(root, new GnmiPath()).First(l => ReferenceEquals(l.Leaf, leaf)).Path;
                throw Invalid($"{GnmiPathText(at)} = {single.ToJsonString()} refers to no {reference}");
            }

            if (!targets.TryGetValue(reference, out var values))
            {
                var pattern = new GnmiPath();
                foreach (var segment in reference.Split('/', StringSplitOptions.RemoveEmptyEntries))
                {
                    pattern.Elem.Add(new PathElem { Name = YangJson.LocalName(segment) });
                }

                values = [.. Match(root, pattern).Select(m => m.Node.Value?.ToJsonString() ?? string.Empty)];
                targets[reference] = values;
            }

            var items = leaf.Value is JsonArray array ? array.Select(v => v?.ToJsonString() ?? string.Empty) : [leaf.Value?.ToJsonString() ?? string.Empty];
            foreach (var item in items)
            {
                if (!values.Contains(item))
                {
                    // The path is only worth building for the error.
                    var path = Leaves(root, new GnmiPath()).First(l => ReferenceEquals(l.Leaf, leaf)).Path;
                    throw Invalid($"{GnmiPathText(path)} = {item} refers to no {reference}");
                }
            }
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string[]> ReferenceSegments = new(StringComparer.Ordinal);

    private static string[] Segments(string reference) =>
        ReferenceSegments.GetOrAdd(reference, r => [.. r.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(YangJson.LocalName)]);

    private static string KeyValueText(JsonValue value) => value.TryGetValue<string>(out var text) ? text : value.ToJsonString();

    /// <summary>
    /// Whether a leafref names an existing entry of a list by the list's only key (a port or component name, a
    /// logical-channel index: every absolute leafref of the shipped models), looked up directly instead of collecting
    /// every target; null when the reference has another shape and the targets must be collected.
    /// </summary>
    private static bool? KeyExists(DataNode root, string[] segments, string text)
    {
        var node = root;
        for (var i = 0; i < segments.Length - 1; i++)
        {
            var schema = node.Schema.Child(segments[i]);
            if (schema is null)
            {
                return null;
            }

            if (!node.Children.TryGetValue(schema.Name, out var child))
            {
                return false; // nothing of that kind is configured, so nothing can be referred to
            }

            if (schema.Kind == SchemaKind.List)
            {
                return i == segments.Length - 2 && schema.Keys.Count == 1 && schema.Keys[0] == segments[^1]
                    ? child.Entries.ContainsKey(segments[^1] + "=" + text)
                    : null;
            }

            if (schema.Kind != SchemaKind.Container)
            {
                return null;
            }

            node = child;
        }

        return null;
    }

    /// <summary>Config leaves whose type is an absolute leafref; state (config false) subtrees are skipped.</summary>
    private static void CollectConfigLeafrefs(DataNode node, List<DataNode> sink)
    {
        if (node.Schema.Kind is SchemaKind.Leaf or SchemaKind.LeafList)
        {
            if (node.Schema.IsConfig && node.Schema.Type?.LeafrefPath is { } reference && reference.StartsWith('/'))
            {
                sink.Add(node);
            }

            return;
        }

        foreach (var child in node.Children.Values)
        {
            if (!child.Schema.IsConfig)
            {
                continue;
            }

            if (child.Schema.Kind == SchemaKind.List)
            {
                foreach (var entry in child.Entries.Values)
                {
                    CollectConfigLeafrefs(entry, sink);
                }
            }
            else
            {
                CollectConfigLeafrefs(child, sink);
            }
        }
    }

    /// <summary>
    /// A wavelength router cannot switch the same frequencies twice through one line port: media channels that share a
    /// source or a destination degree port must not overlap in spectrum (a wavelength-selective switch refuses the second
    /// one). Add/drop (SRG) ports are contentionless.
    /// </summary>
    /// <remarks>
    /// Checked after a transaction that changed only <paramref name="changed"/>: when those paths name media channels one
    /// by one, only those channels are checked against the others (the rest were checked when they were written); when a
    /// path lies above the channels every pair is checked, and when none reaches them nothing is.
    /// </remarks>
    public static void CheckMediaChannels(DataNode root, IReadOnlyList<GnmiPath> changed)
    {
        HashSet<string>? only = new(StringComparer.Ordinal);
        foreach (var path in changed)
        {
            if (path.Elem.Count == 0 || YangJson.LocalName(path.Elem[0].Name) != "wavelength-router")
            {
                continue;
            }

            if (path.Elem.Count < 3 || YangJson.LocalName(path.Elem[1].Name) != "media-channels" || !path.Elem[2].Key.TryGetValue("index", out var index))
            {
                only = null; // above the channels, or not by index: check them all
                break;
            }

            only.Add(index);
        }

        if (only is { Count: 0 })
        {
            return;
        }

        if (!root.Children.TryGetValue("wavelength-router", out var router) || !router.Children.TryGetValue("media-channels", out var channels)
            || !channels.Children.TryGetValue("channel", out var list))
        {
            return;
        }

        var entries = new List<MediaChannelFacts>(list.Entries.Count);
        foreach (var entry in list.Entries.Values)
        {
            entries.Add(ChannelFacts.GetValue(entry, static e => new MediaChannelFacts(
                e.Keys["index"],
                Number(e, "config", "lower-frequency"),
                Number(e, "config", "upper-frequency"),
                Text(e, "source", "config", "port-name"),
                Text(e, "dest", "config", "port-name"))));
        }

        for (var i = 0; i < entries.Count; i++)
        {
            var a = entries[i];
            if (only is not null && !only.Contains(a.Index))
            {
                continue;
            }

            if (a.Lower is { } al && a.Upper is { } au && al >= au)
            {
                throw Invalid($"media channel {a.Index}: lower-frequency {al} is not below upper-frequency {au}");
            }

            for (var j = only is null ? i + 1 : 0; j < entries.Count; j++)
            {
                if (j == i)
                {
                    continue;
                }

                var b = entries[j];
                var overlap = a.Lower < b.Upper && b.Lower < a.Upper;
                // Line degrees are wavelength-selective switches: one channel per frequency range per port. Add/drop
                // groups are contentionless (CDC ROADMs: each transponder has its own port into the group), so the same
                // spectrum may be added or dropped there again by another transponder toward another degree.
                var sharedPort = (IsLinePort(a.Source) && a.Source == b.Source) || (IsLinePort(a.Dest) && a.Dest == b.Dest);
                if (overlap && sharedPort)
                {
                    throw Invalid($"media channels {a.Index} and {b.Index} overlap in spectrum on a shared port");
                }
            }
        }
    }

    /// <summary>What the spectrum check reads of a media channel.</summary>
    private sealed record MediaChannelFacts(string Index, long? Lower, long? Upper, string? Source, string? Dest);

    /// <summary>
    /// Facts by entry node. A transaction copies every node along the paths it writes, so an entry whose configuration
    /// changed is a new node and an unchanged one keeps its node, and its facts, from one transaction to the next.
    /// </summary>
    private static readonly ConditionalWeakTable<DataNode, MediaChannelFacts> ChannelFacts = new();

    private static bool IsLinePort(string? port) => port is not null && !port.StartsWith("SRG", StringComparison.Ordinal);

    private static long? Number(DataNode node, params string[] names) =>
        Text(node, names) is { } text && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static string? Text(DataNode node, params string[] names)
    {
        DataNode? current = node;
        foreach (var name in names)
        {
            if (current is null || !current.Children.TryGetValue(name, out current))
            {
                return null;
            }
        }

        return current?.Value is JsonValue v ? (v.TryGetValue<string>(out var s) ? s : v.ToJsonString()) : null;
    }

    public static string GnmiPathText(GnmiPath path) => PathText.Format(path);

    public static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));
}
