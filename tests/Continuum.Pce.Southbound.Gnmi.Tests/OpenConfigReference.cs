using Continuum.Pce.YangGen;

namespace Continuum.Pce.Southbound.Gnmi.Tests;

/// <summary>
/// OpenConfig's own modules (openconfig/public, copied unchanged into shared/reference/openconfig): what the subset in
/// models/yang, every payload the renderer writes and every tree the emulator serves are checked against with yanglint.
/// A subset bug cannot hide from these checks, as the generated C# both sides use cannot be their judge.
/// </summary>
public static class OpenConfigReference
{
    /// <summary>shared/reference/openconfig beside the repository (as CI lays it), else the workplace's copy.</summary>
    public static string Root
    {
        get
        {
            var beside = Path.GetFullPath(Path.Combine(Repo.Root, "..", "shared", "reference", "openconfig"));
            return Directory.Exists(beside) ? beside : "/work/shared/reference/openconfig";
        }
    }

    /// <summary>yanglint's search path: the release models and the IETF modules they import (searched recursively).</summary>
    public static string[] SearchPath => ["-p", Path.Combine(Root, "release", "models"), "-p", Path.Combine(Root, "third_party", "ietf")];

    /// <summary>The upstream file of the module <paramref name="name"/>.</summary>
    public static string ModuleFile(string name)
    {
        var files = Directory.GetFiles(Path.Combine(Root, "release", "models"), name + ".yang", SearchOption.AllDirectories);
        return files.Length == 1 ? files[0] : throw new InvalidOperationException($"{name}.yang: {files.Length} files in {Root}");
    }

    /// <summary>The upstream files of the modules the subset has (the identity modules named explicitly, as yanglint needs).</summary>
    public static string[] Modules => [.. Repo.Modules.Select(m => ModuleFile(Path.GetFileNameWithoutExtension(m)))];

    /// <summary>
    /// Validates JSON_IETF (RFC 7951) documents, each a datastore of its own, against the upstream modules:
    /// <paramref name="type"/> "config" (no state allowed) or "data" (a whole datastore with state). Warnings libyang prints about upstream's own XPath are dropped.
    /// </summary>
    public static (int ExitCode, string Output) Validate(string type, params string[] files)
    {
        var (exit, output) = Repo.Yanglint(["-t", type, .. SearchPath, .. Modules, .. files]);
        var errors = string.Join('\n', output.Split('\n').Where(l => !l.StartsWith("libyang warn", StringComparison.Ordinal) && !l.Contains("Previous warning", StringComparison.Ordinal)));
        return (exit, errors);
    }

    /// <summary>Validates <paramref name="json"/> (written to a temp file) against the upstream modules.</summary>
    public static (int ExitCode, string Output) ValidateText(string type, string json)
    {
        var file = Path.Combine(Path.GetTempPath(), $"oc-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, json);
        try
        {
            return Validate(type, file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// The compiled form (yanglint -f info: groupings expanded, typedefs resolved, augments applied to their target) of
    /// each module in <paramref name="files"/>, by module name.
    /// </summary>
    public static IReadOnlyDictionary<string, YangStatement> Compile(string[] searchPath, string[] files)
    {
        var (exit, output, errors) = Repo.YanglintStreams([.. searchPath, "-f", "info", .. files]);
        if (exit != 0)
        {
            throw new InvalidOperationException("yanglint -f info failed: " + errors);
        }

        // Each module is printed from column 0; descriptions inside are indented, so a line "module …" starts one.
        var modules = new Dictionary<string, YangStatement>(StringComparer.Ordinal);
        foreach (var chunk in ("\n" + output.Replace("\r", string.Empty, StringComparison.Ordinal)).Split("\nmodule ").Where(c => !string.IsNullOrWhiteSpace(c)))
        {
            var module = YangParser.Parse("module " + chunk, "yanglint -f info");
            modules[module.RequiredArgument] = module;
        }

        return modules;
    }
}

/// <summary>
/// Compares a subset module with the upstream module of the same name in compiled form: the header (namespace, prefix,
/// organization, newest revision, openconfig-version), every data node the subset has (same kind at the same path, and
/// every statement but description and reference equal: type with its restrictions, leafref path, config, mandatory,
/// default, units, must, when, key…), and every identity (upstream's, with no derivation upstream lacks).
/// </summary>
public static class SubsetConformance
{
    private static readonly HashSet<string> DataKeywords = ["container", "list", "leaf", "leaf-list", "choice", "case", "anydata", "anyxml"];
    private static readonly HashSet<string> Ignored = ["description", "reference"];
    private static readonly string[] HeaderKeywords = ["yang-version", "namespace", "prefix", "organization", "revision", "openconfig-extensions:openconfig-version"];

    public static IReadOnlyList<string> Differences(YangStatement subset, YangStatement upstream)
    {
        var differences = new List<string>();
        foreach (var keyword in HeaderKeywords)
        {
            var mine = Header(subset, keyword);
            var theirs = Header(upstream, keyword);
            if (mine != theirs)
            {
                differences.Add($"{keyword} '{mine}' (upstream '{theirs}')");
            }
        }

        var upstreamNodes = Index(upstream);
        foreach (var (path, node) in Index(subset))
        {
            if (!upstreamNodes.TryGetValue(path, out var theirs))
            {
                differences.Add($"{path}: not in the upstream module");
                continue;
            }

            var mine = Signature(node);
            var other = Signature(theirs);
            if (node.Keyword != theirs.Keyword || mine != other)
            {
                differences.Add($"{path}: {node.Keyword} {mine} (upstream: {theirs.Keyword} {other})");
            }
        }

        foreach (var identity in subset.ChildrenOf("identity"))
        {
            var theirs = upstream.ChildrenOf("identity").FirstOrDefault(i => i.Argument == identity.Argument);
            if (theirs is null)
            {
                differences.Add($"identity {identity.Argument}: not in the upstream module");
                continue;
            }

            var upstreamDerived = theirs.ChildrenOf("derived").Select(d => d.Argument).ToHashSet(StringComparer.Ordinal);
            foreach (var derived in identity.ChildrenOf("derived").Where(d => !upstreamDerived.Contains(d.Argument)))
            {
                differences.Add($"identity {identity.Argument}: {derived.Argument} derives from it, upstream it does not");
            }
        }

        return differences;
    }

    private static string Header(YangStatement module, string keyword) =>
        string.Join(" | ", module.ChildrenOf(keyword).Select(s => Normalise(s.Argument)));

    private static SortedDictionary<string, YangStatement> Index(YangStatement module)
    {
        var index = new SortedDictionary<string, YangStatement>(StringComparer.Ordinal);
        foreach (var child in module.Children.Where(c => DataKeywords.Contains(c.Keyword)))
        {
            Walk(child, string.Empty, index);
        }

        return index;

        static void Walk(YangStatement node, string parent, SortedDictionary<string, YangStatement> into)
        {
            var path = parent + "/" + node.Argument;
            into[path] = node;
            foreach (var child in node.Children.Where(c => DataKeywords.Contains(c.Keyword)))
            {
                Walk(child, path, into);
            }
        }
    }

    /// <summary>Every statement of a node but its description, reference and child data nodes, canonically ordered.</summary>
    private static string Signature(YangStatement node) =>
        "{" + string.Join("; ", node.Children
            .Where(c => !Ignored.Contains(c.Keyword) && !DataKeywords.Contains(c.Keyword))
            .Select(c => c.Keyword + " " + Normalise(c.Argument) + (Signature(c) is var inner && inner != "{}" ? " " + inner : string.Empty))
            .Order(StringComparer.Ordinal)) + "}";

    private static string Normalise(string? text) => string.Join(' ', (text ?? string.Empty).Split((char[])[' ', '\n', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries));
}
