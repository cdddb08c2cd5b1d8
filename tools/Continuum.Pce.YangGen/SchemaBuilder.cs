namespace Continuum.Pce.YangGen;

/// <summary>A parsed module with its prefix table (RFC 7950 §7.1).</summary>
public sealed class YangModule
{
    public YangModule(YangStatement statement)
    {
        Statement = statement;
        Name = statement.RequiredArgument;
        Prefix = statement.Child("prefix")?.RequiredArgument ?? throw new FormatException($"module {Name} has no prefix");
        Namespace = statement.Child("namespace")?.RequiredArgument ?? throw new FormatException($"module {Name} has no namespace");
        Organization = statement.Child("organization")?.Argument ?? string.Empty;
        Revision = statement.ChildrenOf("revision").Select(r => r.RequiredArgument).OrderDescending(StringComparer.Ordinal).FirstOrDefault() ?? string.Empty;
        Version = statement.Children.FirstOrDefault(c => c.Keyword.EndsWith(":openconfig-version", StringComparison.Ordinal))?.Argument ?? Revision;
        foreach (var import in statement.ChildrenOf("import"))
        {
            Imports[import.Child("prefix")!.RequiredArgument] = import.RequiredArgument;
        }
    }

    public YangStatement Statement { get; }

    public string Name { get; }

    public string Prefix { get; }

    public string Namespace { get; }

    public string Organization { get; }

    public string Revision { get; }

    public string Version { get; }

    public Dictionary<string, string> Imports { get; } = new(StringComparer.Ordinal);
}

public enum GenKind
{
    Root,
    Container,
    List,
    Leaf,
    LeafList,
}

public enum GenBase
{
    String,
    Boolean,
    Int8,
    Int16,
    Int32,
    Int64,
    UInt8,
    UInt16,
    UInt32,
    UInt64,
    Decimal64,
    Enumeration,
    Identityref,
    Union,
    Empty,
}

/// <summary>A resolved leaf type: typedefs and leafrefs followed to a built-in base.</summary>
public sealed class GenType
{
    public GenBase Base { get; set; }

    public int FractionDigits { get; set; }

    public List<string> EnumNames { get; } = [];

    /// <summary>The C# enum that carries an enumeration (typedef name or leaf name).</summary>
    public string? EnumTypeName { get; set; }

    /// <summary>Qualified identities ("module:NAME") an identityref admits.</summary>
    public List<string> Identities { get; } = [];

    public List<GenType> Members { get; } = [];

    public string? LeafrefPath { get; set; }

    public string? Units { get; set; }
}

/// <summary>A schema node of the combined data tree of every module (groupings expanded, augments applied).</summary>
public sealed class GenNode
{
    public required string Name { get; init; }

    public required string Module { get; init; }

    public required GenKind Kind { get; init; }

    public bool Config { get; init; } = true;

    public GenNode? Parent { get; init; }

    public List<string> Keys { get; } = [];

    public GenType? Type { get; set; }

    public List<GenNode> Children { get; } = [];

    /// <summary>For leafref resolution: the module whose prefixes the leafref path uses.</summary>
    public YangModule? TypeContext { get; set; }

    public GenNode? Find(string name) => Children.FirstOrDefault(c => c.Name == name);
}

/// <summary>
/// Builds the combined schema tree from the modules of a directory: imports and prefixes, typedefs, groupings and uses,
/// augments, identities and their derivation (RFC 7950 §7.18), config inheritance (§7.21.1) and leafref targets.
/// Nodes that a grouping brings in belong to the namespace of the module that uses it (§7.13).
/// </summary>
public sealed class SchemaBuilder
{
    private readonly Dictionary<string, YangModule> _modules = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _identityBases = new(StringComparer.Ordinal);
    private readonly List<GenNode> _leafrefs = [];
    private readonly HashSet<GenNode> _resolved = [];

    public SchemaBuilder(IEnumerable<YangModule> modules)
    {
        foreach (var module in modules)
        {
            _modules.Add(module.Name, module);
        }
    }

    public IReadOnlyCollection<YangModule> Modules => _modules.Values;

    /// <summary>Every identity, qualified, with its qualified bases.</summary>
    public IReadOnlyDictionary<string, List<string>> IdentityBases => _identityBases;

    public static SchemaBuilder FromDirectory(string directory)
    {
        var modules = Directory.GetFiles(directory, "*.yang")
            .Order(StringComparer.Ordinal)
            .Select(f => new YangModule(YangParser.Parse(File.ReadAllText(f), Path.GetFileName(f))))
            .ToList();
        return new SchemaBuilder(modules);
    }

    public GenNode Build()
    {
        foreach (var module in _modules.Values)
        {
            foreach (var identity in module.Statement.ChildrenOf("identity"))
            {
                var bases = identity.ChildrenOf("base").Select(b => Qualify(module, b.RequiredArgument)).ToList();
                _identityBases[module.Name + ":" + identity.RequiredArgument] = bases;
            }
        }

        var root = new GenNode { Name = "/", Module = string.Empty, Kind = GenKind.Root };
        foreach (var module in _modules.Values.OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            Expand(module.Statement, module, module.Name, root, true);
        }

        foreach (var module in _modules.Values.OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            foreach (var augment in module.Statement.ChildrenOf("augment"))
            {
                var target = Walk(root, root, augment.RequiredArgument)
                    ?? throw new FormatException($"{module.Name}: augment target '{augment.Argument}' not found");
                Expand(augment, module, module.Name, target, target.Config);
            }
        }

        foreach (var leaf in _leafrefs)
        {
            ResolveLeafref(root, leaf, 0);
        }

        return root;
    }

    private void Expand(YangStatement statement, YangModule context, string nodeModule, GenNode parent, bool parentConfig)
    {
        foreach (var child in statement.Children)
        {
            switch (child.Keyword)
            {
                case "container" or "list" or "leaf" or "leaf-list":
                    {
                        var config = child.Child("config") is { } c ? c.Argument == "true" : parentConfig;
                        var node = new GenNode
                        {
                            Name = child.RequiredArgument,
                            Module = nodeModule,
                            Kind = child.Keyword switch
                            {
                                "container" => GenKind.Container,
                                "list" => GenKind.List,
                                "leaf" => GenKind.Leaf,
                                _ => GenKind.LeafList,
                            },
                            Config = config,
                            Parent = parent,
                        };
                        if (child.Child("key") is { } key)
                        {
                            node.Keys.AddRange(key.RequiredArgument.Split(' ', StringSplitOptions.RemoveEmptyEntries));
                        }

                        if (node.Kind is GenKind.Leaf or GenKind.LeafList)
                        {
                            var typeStatement = child.Child("type") ?? throw new FormatException($"{context.Name}:{child.Line}: leaf '{node.Name}' has no type");
                            node.Type = ResolveType(typeStatement, context, node.Name);
                            node.Type.Units ??= child.Child("units")?.Argument;
                            node.TypeContext = context;
                            if (node.Type.LeafrefPath is not null)
                            {
                                _leafrefs.Add(node);
                            }
                        }

                        if (parent.Find(node.Name) is not null)
                        {
                            throw new FormatException($"{context.Name}:{child.Line}: duplicate node '{node.Name}'");
                        }

                        parent.Children.Add(node);
                        if (node.Kind is GenKind.Container or GenKind.List)
                        {
                            Expand(child, context, nodeModule, node, config);
                        }

                        break;
                    }

                case "uses":
                    {
                        var (module, name) = Resolve(context, child.RequiredArgument);
                        var grouping = module.Statement.ChildrenOf("grouping").FirstOrDefault(g => g.Argument == name)
                            ?? throw new FormatException($"{context.Name}:{child.Line}: grouping '{child.Argument}' not found");
                        Expand(grouping, module, nodeModule, parent, parentConfig);
                        break;
                    }

                default:
                    break;
            }
        }
    }

    private GenType ResolveType(YangStatement type, YangModule context, string leafName)
    {
        var name = type.RequiredArgument;
        var result = new GenType();
        switch (name)
        {
            case "string":
                result.Base = GenBase.String;
                break;
            case "boolean":
                result.Base = GenBase.Boolean;
                break;
            case "empty":
                result.Base = GenBase.Empty;
                break;
            case "int8" or "int16" or "int32" or "int64" or "uint8" or "uint16" or "uint32" or "uint64":
                result.Base = Enum.Parse<GenBase>(name.Replace("uint", "UInt", StringComparison.Ordinal).Replace("int", "Int", StringComparison.Ordinal));
                break;
            case "decimal64":
                result.Base = GenBase.Decimal64;
                result.FractionDigits = int.Parse(type.Child("fraction-digits")?.RequiredArgument ?? throw new FormatException($"decimal64 without fraction-digits at line {type.Line}"), System.Globalization.CultureInfo.InvariantCulture);
                break;
            case "enumeration":
                result.Base = GenBase.Enumeration;
                result.EnumNames.AddRange(type.ChildrenOf("enum").Select(e => e.RequiredArgument));
                result.EnumTypeName = Naming.Pascal(leafName);
                break;
            case "identityref":
                {
                    result.Base = GenBase.Identityref;
                    var baseIdentity = Qualify(context, type.Child("base")!.RequiredArgument);
                    result.Identities.AddRange(_identityBases.Keys.Where(i => DerivesFrom(i, baseIdentity)).Order(StringComparer.Ordinal));
                    break;
                }

            case "union":
                result.Base = GenBase.Union;
                result.Members.AddRange(type.ChildrenOf("type").Select(t => ResolveType(t, context, leafName)));
                break;
            case "leafref":
                result.LeafrefPath = type.Child("path")!.RequiredArgument;
                break;
            default:
                {
                    var (module, typedefName) = Resolve(context, name);
                    var typedef = module.Statement.ChildrenOf("typedef").FirstOrDefault(t => t.Argument == typedefName)
                        ?? throw new FormatException($"{context.Name}:{type.Line}: type '{name}' not found");
                    var resolved = ResolveType(typedef.Child("type")!, module, typedefName);
                    resolved.Units ??= typedef.Child("units")?.Argument;
                    return resolved;
                }
        }

        return result;
    }

    private bool DerivesFrom(string identity, string baseIdentity)
    {
        foreach (var b in _identityBases[identity])
        {
            if (b == baseIdentity || DerivesFrom(b, baseIdentity))
            {
                return true;
            }
        }

        return false;
    }

    private void ResolveLeafref(GenNode root, GenNode leaf, int depth)
    {
        if (depth > 16)
        {
            throw new FormatException($"leafref cycle at '{leaf.Name}'");
        }

        var path = leaf.Type!.LeafrefPath!;
        var target = Walk(root, leaf, path) ?? throw new FormatException($"leafref '{path}' of '{leaf.Name}' not found");
        if (target.Type!.LeafrefPath is not null && !_resolved.Contains(target))
        {
            ResolveLeafref(root, target, depth + 1);
        }

        _resolved.Add(leaf);

        var t = target.Type!;
        leaf.Type.Base = t.Base;
        leaf.Type.FractionDigits = t.FractionDigits;
        leaf.Type.EnumNames.Clear();
        leaf.Type.EnumNames.AddRange(t.EnumNames);
        leaf.Type.EnumTypeName = t.EnumTypeName;
        leaf.Type.Identities.Clear();
        leaf.Type.Identities.AddRange(t.Identities);
        leaf.Type.Units ??= t.Units;
    }

    /// <summary>Follows a schema path: absolute from the root, or relative from a node ("..", prefixes and predicates dropped).</summary>
    private static GenNode? Walk(GenNode root, GenNode from, string path)
    {
        var current = path.StartsWith('/') ? root : from;
        foreach (var raw in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var segment = raw;
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            if (bracket >= 0)
            {
                segment = segment[..bracket];
            }

            if (segment == "..")
            {
                current = current.Parent;
                if (current is null)
                {
                    return null;
                }

                continue;
            }

            var colon = segment.IndexOf(':', StringComparison.Ordinal);
            var local = colon >= 0 ? segment[(colon + 1)..] : segment;
            current = current.Find(local);
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    private (YangModule Module, string Name) Resolve(YangModule context, string prefixedName)
    {
        var colon = prefixedName.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return (context, prefixedName);
        }

        var prefix = prefixedName[..colon];
        var name = prefixedName[(colon + 1)..];
        if (prefix == context.Prefix)
        {
            return (context, name);
        }

        if (!context.Imports.TryGetValue(prefix, out var moduleName) || !_modules.TryGetValue(moduleName, out var module))
        {
            throw new FormatException($"{context.Name}: unknown prefix '{prefix}'");
        }

        return (module, name);
    }

    private string Qualify(YangModule context, string prefixedName)
    {
        var (module, name) = Resolve(context, prefixedName);
        return module.Name + ":" + name;
    }
}
