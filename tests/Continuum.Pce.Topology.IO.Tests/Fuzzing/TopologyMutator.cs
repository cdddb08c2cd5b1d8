using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Continuum.Pce.Topology.IO.Tests.Fuzzing;

/// <summary>What a mutation is known to do to a valid document, by construction (the fuzzers' first oracle).</summary>
public enum MutantKind
{
    /// <summary>Breaks a documented rule: the reader must refuse it.</summary>
    Invalid,

    /// <summary>Changes only what the format says does not matter (comments, layout, property order, free text): must still load.</summary>
    Neutral,

    /// <summary>Random text edits: validity unknown until <see cref="TopologyOracle"/> judges it.</summary>
    Havoc,
}

/// <summary>A mutated network document and what the mutation was.</summary>
public sealed record Mutant(string Name, string Text, MutantKind Kind)
{
    public override string ToString() => $"{Kind} {Name} ({Text.Length} chars)";
}

/// <summary>
/// Mutates a valid network document (continuum-pce/network@1) in one of many ways, each a pure function of the
/// document and a seed so that a failing case replays exactly. Invalid mutations each break one rule of
/// docs/topology-format.md; neutral ones change nothing the format gives meaning to; havoc edits the text blindly.
/// Shared by the loader fuzz test and the PUT /topology fuzz test.
/// </summary>
public static class TopologyMutator
{
    private static readonly string[] SiteRequired = ["id", "tier", "jurisdiction", "latitude", "longitude"];
    private static readonly string[] NodeRequired = ["id", "kind", "site", "type"];
    private static readonly string[] FiberRequired = ["id", "source", "destination", "spans"];
    private static readonly string[] SpanRequired = ["lengthKm", "fiberType"];
    private static readonly string[] RootRequired = ["format", "name", "sites", "nodes", "fibers"];

    /// <summary>The mutation operators, by name; the index is what the generators draw.</summary>
    public static readonly (string Name, MutantKind Kind, Func<JsonObject, Random, string?> Apply)[] Operators =
    [
        ("remove-required-field", MutantKind.Invalid, RemoveRequired),
        ("number-out-of-range", MutantKind.Invalid, OutOfRange),
        ("wrong-json-type", MutantKind.Invalid, WrongType),
        ("lower-case-jurisdiction", MutantKind.Invalid, LowerCaseJurisdiction),
        ("unknown-subdivision", MutantKind.Invalid, UnknownSubdivision),
        ("unassigned-country", MutantKind.Invalid, UnassignedCountry),
        ("misspelt-enum", MutantKind.Invalid, MisspeltEnum),
        ("duplicate-id", MutantKind.Invalid, DuplicateId),
        ("dangling-reference", MutantKind.Invalid, DanglingReference),
        ("self-loop", MutantKind.Invalid, SelfLoop),
        ("no-spans", MutantKind.Invalid, (d, r) => { Pick(Fibers(d), r)!["spans"] = new JsonArray(); return null; }),
        ("too-many-spans", MutantKind.Invalid, TooManySpans),
        ("duplicate-property", MutantKind.Invalid, DuplicateProperty),
        ("truncated", MutantKind.Invalid, Truncated),
        ("trailing-comma", MutantKind.Invalid, (d, _) => d.ToJsonString()[..^1] + ",}"),
        ("nested-too-deep", MutantKind.Invalid, (_, _) => null),
        ("unsupported-format", MutantKind.Invalid, (d, r) => { d["format"] = r.Next(2) == 0 ? "continuum-pce/network@2" : "CONTINUUM-PCE/NETWORK@1"; return d.ToJsonString(); }),
        ("long-string", MutantKind.Invalid, (d, r) => { Pick(Sites(d), r)!["name"] = new string('n', 4097 + r.Next(1000)); return d.ToJsonString(); }),
        ("comments", MutantKind.Neutral, Comments),
        ("reordered-properties", MutantKind.Neutral, ReorderProperties),
        ("free-text", MutantKind.Neutral, FreeText),
        ("layout", MutantKind.Neutral, (d, r) => d.ToJsonString(new JsonSerializerOptions { WriteIndented = r.Next(2) == 0 })),
        ("havoc", MutantKind.Havoc, Havoc),
        ("digit-havoc", MutantKind.Havoc, DigitHavoc),
    ];

    /// <summary>Applies operator <paramref name="op"/> with <paramref name="seed"/> to a copy of <paramref name="document"/>.</summary>
    public static Mutant Mutate(JsonObject document, int op, int seed)
    {
        var (name, kind, apply) = Operators[op % Operators.Length];
        var copy = document.DeepClone().AsObject();
        var random = new Random(seed);
        var text = apply(copy, random);
        if (name == "nested-too-deep")
        {
            // Built as text: JsonNode refuses to hold what the reader must refuse to parse.
            var depth = 17 + random.Next(2_000);
            text = copy.ToJsonString()[..^1] + ",\"description\":" + new string('[', depth) + new string(']', depth) + "}";
        }

        return new Mutant(name, text ?? copy.ToJsonString(), kind);
    }

    private static JsonArray Sites(JsonObject d) => d["sites"]!.AsArray();

    private static JsonArray Nodes(JsonObject d) => d["nodes"]!.AsArray();

    private static JsonArray Fibers(JsonObject d) => d["fibers"]!.AsArray();

    private static JsonObject? Pick(JsonArray array, Random r) => array.Count == 0 ? null : array[r.Next(array.Count)]!.AsObject();

    private static T Pick<T>(IReadOnlyList<T> items, Random r) => items[r.Next(items.Count)];

    private static JsonObject RandomSpan(JsonObject d, Random r)
    {
        var fiber = Pick(Fibers(d), r)!;
        var spans = fiber["spans"]!.AsArray();
        return spans[r.Next(spans.Count)]!.AsObject();
    }

    private static string? RemoveRequired(JsonObject d, Random r)
    {
        switch (r.Next(6))
        {
            case 0: Pick(Sites(d), r)!.Remove(Pick(SiteRequired, r)); break;
            case 1: Pick(Nodes(d), r)!.Remove(Pick(NodeRequired, r)); break;
            case 2: Pick(Fibers(d), r)!.Remove(Pick(FiberRequired, r)); break;
            case 3: RandomSpan(d, r).Remove(Pick(SpanRequired, r)); break;
            case 4:
                var roadm = Nodes(d).Select(n => n!.AsObject()).Where(n => (string?)n["kind"] == "roadm").ToList();
                Pick(roadm, r).Remove("degrees");
                break;
            default: d.Remove(Pick(RootRequired, r)); break;
        }

        return null;
    }

    private static string? OutOfRange(JsonObject d, Random r)
    {
        var beyond = 1 + (r.NextDouble() * 1e6);
        switch (r.Next(9))
        {
            case 0: Pick(Sites(d), r)!["latitude"] = (r.Next(2) == 0 ? 1 : -1) * (90 + beyond); break;
            case 1: Pick(Sites(d), r)!["longitude"] = (r.Next(2) == 0 ? 1 : -1) * (180 + beyond); break;
            case 2: RandomSpan(d, r)["lengthKm"] = r.Next(2) == 0 ? -r.NextDouble() * 100 : 1000 + beyond; break;
            case 3: RandomSpan(d, r)["lossDbPerKm"] = r.Next(2) == 0 ? 0 : 1 + beyond; break;
            case 4: RandomSpan(d, r)["connectorInDb"] = r.Next(2) == 0 ? -beyond : 10 + beyond; break;
            case 5: Pick(Sites(d), r)!["electricityPricePerKwh"] = 10 + beyond; break;
            case 6: Pick(Sites(d), r)!["carbonIntensityGramsPerKwh"] = 2000 + beyond; break;
            case 7:
                var roadm = Nodes(d).Select(n => n!.AsObject()).Where(n => (string?)n["kind"] == "roadm").ToList();
                Pick(roadm, r)["degrees"] = r.Next(2) == 0 ? 0 : 65 + r.Next(1000);
                break;
            default: Pick(Fibers(d), r)!["guardBandSlots"] = r.Next(2) == 0 ? -1 - r.Next(10) : 100_000; break;
        }

        return null;
    }

    private static string? WrongType(JsonObject d, Random r)
    {
        JsonNode?[] wrong = [JsonValue.Create("12"), JsonValue.Create(true), new JsonArray(), new JsonObject()];
        var value = wrong[r.Next(wrong.Length)];
        switch (r.Next(5))
        {
            case 0: Pick(Sites(d), r)!["latitude"] = value; break;
            case 1: RandomSpan(d, r)["lengthKm"] = value; break;
            case 2: Pick(Sites(d), r)!["jurisdiction"] = r.Next(2) == 0 ? JsonValue.Create(49) : new JsonArray("DE"); break;
            case 3: Pick(Nodes(d), r)!["id"] = r.Next(2) == 0 ? JsonValue.Create(7) : new JsonObject(); break;
            default: d["sites"] = new JsonObject(); break;
        }

        return null;
    }

    private static string? LowerCaseJurisdiction(JsonObject d, Random r)
    {
        var site = Pick(Sites(d), r)!;
        var code = (string)site["jurisdiction"]!;
        site["jurisdiction"] = r.Next(3) switch
        {
            0 => code.ToLowerInvariant(),
            1 => char.ToLowerInvariant(code[0]) + code[1..],
            _ => code[..1] + char.ToLowerInvariant(code[1]) + code[2..],
        };
        return null;
    }

    private static string? UnknownSubdivision(JsonObject d, Random r)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        string code;
        do
        {
            var country = Pick(["FR", "DE", "JP", "US", "NL", "BE", "IT", "AQ"], r);
            var length = 1 + r.Next(3);
            code = country + "-" + new string([.. Enumerable.Range(0, length).Select(_ => alphabet[r.Next(alphabet.Length)])]);
        }
        while (Domain.Geography.Iso3166.IsSubdivision(code));

        if (r.Next(2) == 0)
        {
            Pick(Sites(d), r)!["jurisdiction"] = code;
        }
        else
        {
            Pick(Fibers(d), r)!["jurisdictions"] = new JsonArray(code);
        }

        return null;
    }

    private static string? UnassignedCountry(JsonObject d, Random r)
    {
        string code;
        do
        {
            code = new string([(char)('A' + r.Next(26)), (char)('A' + r.Next(26))]);
        }
        while (Domain.Geography.Iso3166.IsAssigned(code));

        Pick(Sites(d), r)!["jurisdiction"] = code;
        return null;
    }

    private static string? MisspeltEnum(JsonObject d, Random r)
    {
        switch (r.Next(4))
        {
            case 0: Pick(Sites(d), r)!["tier"] = "CORE-DC"; break;
            case 1: Pick(Sites(d), r)!["tier"] = Pick(["Core-Dc", "core_dc", "coredc", "REGIONAL-DC", "Colo", " colo"], r); break;
            default: Pick(Nodes(d), r)!["kind"] = Pick(["ROADM", "Roadm", "Transponder", "amp", "roadm "], r); break;
        }

        return null;
    }

    private static string? DuplicateId(JsonObject d, Random r)
    {
        var list = r.Next(3) switch { 0 => Sites(d), 1 => Nodes(d), _ => Fibers(d) };
        var a = r.Next(list.Count);
        var b = (a + 1 + r.Next(list.Count - 1)) % list.Count;
        list[b]!["id"] = (string)list[a]!["id"]!;
        return null;
    }

    private static string? DanglingReference(JsonObject d, Random r)
    {
        var ghost = "ghost-" + r.Next(1_000_000);
        switch (r.Next(5))
        {
            case 0: Pick(Nodes(d), r)!["site"] = ghost; break;
            case 1: Pick(Fibers(d), r)!["source"] = ghost; break;
            case 2: Pick(Fibers(d), r)!["destination"] = ghost; break;
            case 3: RandomSpan(d, r)["fiberType"] = ghost; break;
            default:
                var transponders = Nodes(d).Select(n => n!.AsObject()).Where(n => (string?)n["kind"] == "transponder").ToList();
                if (transponders.Count > 0)
                {
                    Pick(transponders, r)["attachedRoadm"] = ghost;
                }
                else
                {
                    Pick(Nodes(d), r)!["type"] = ghost;
                }

                break;
        }

        return null;
    }

    private static string? SelfLoop(JsonObject d, Random r)
    {
        var fiber = Pick(Fibers(d), r)!;
        fiber["destination"] = (string)fiber["source"]!;
        return null;
    }

    private static string? TooManySpans(JsonObject d, Random r)
    {
        var fiber = Pick(Fibers(d), r)!;
        var spans = fiber["spans"]!.AsArray();
        var template = spans[0]!.ToJsonString();
        var target = TopologyLimits.Default.MaxSpansPerFiber + 1 + r.Next(50);
        while (spans.Count < target)
        {
            spans.Add(JsonNode.Parse(template));
        }

        return null;
    }

    private static string? DuplicateProperty(JsonObject d, Random r)
    {
        // Text level: a JSON object model cannot hold a name twice.
        var target = r.Next(3) switch { 0 => Pick(Sites(d), r)!, 1 => Pick(Nodes(d), r)!, _ => d };
        var name = target.First().Key;
        target["__dup__"] = 0;
        var text = d.ToJsonString();
        return text.Replace("\"__dup__\":0", $"\"{name}\":{target[name]!.ToJsonString()}", StringComparison.Ordinal);
    }

    private static string? Truncated(JsonObject d, Random r)
    {
        var text = d.ToJsonString();
        return text[..r.Next(text.Length - 1)];
    }

    private static string? Comments(JsonObject d, Random r)
    {
        var lines = d.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).Split('\n');
        var output = new StringBuilder();
        foreach (var line in lines)
        {
            // Every line of indented JSON starts between two tokens: a comment there changes nothing.
            if (r.Next(4) == 0)
            {
                output.Append(r.Next(2) == 0 ? "// note \"quoted\", { brackets } [x]\n" : "/* block, with \"quotes\" */ ");
            }

            output.Append(line).Append('\n');
        }

        return output.ToString();
    }

    private static string? ReorderProperties(JsonObject d, Random r)
    {
        foreach (var list in new[] { Sites(d), Nodes(d), Fibers(d) })
        {
            var item = Pick(list, r)!;
            var properties = item.ToList();
            item.Clear();
            foreach (var (key, value) in properties.OrderBy(_ => r.Next()))
            {
                item[key] = value;
            }
        }

        return null;
    }

    private static string? FreeText(JsonObject d, Random r)
    {
        const string alphabet = "abcXYZ 0123-_éüß日本\"\\/\t✓{}[],:";
        string Text(int max) => "x" + new string([.. Enumerable.Range(0, r.Next(max)).Select(_ => alphabet[r.Next(alphabet.Length)])]);
        d["description"] = Text(200);
        Pick(Sites(d), r)!["name"] = Text(60);
        d["name"] = Text(40);
        return null;
    }

    private static string? DigitHavoc(JsonObject d, Random r)
    {
        // Numbers and ids change, the shape stays: often still valid, sometimes out of range or dangling.
        var text = new StringBuilder(d.ToJsonString());
        var digits = Enumerable.Range(0, text.Length).Where(i => char.IsAsciiDigit(text[i])).ToList();
        for (var i = 0; i < 1 + r.Next(3) && digits.Count > 0; i++)
        {
            text[Pick(digits, r)] = (char)('0' + r.Next(10));
        }

        return text.ToString();
    }

    private static string? Havoc(JsonObject d, Random r)
    {
        var text = new StringBuilder(d.ToJsonString());
        const string alphabet = "{}[],:\"0123456789-.eE truefalsn/*\\aZ";
        var edits = 1 + r.Next(4);
        for (var i = 0; i < edits && text.Length > 2; i++)
        {
            var at = r.Next(text.Length);
            switch (r.Next(4))
            {
                case 0: text.Remove(at, Math.Min(1 + r.Next(8), text.Length - at)); break;
                case 1: text.Insert(at, alphabet[r.Next(alphabet.Length)]); break;
                case 2: text[at] = alphabet[r.Next(alphabet.Length)]; break;
                default:
                    var length = Math.Min(1 + r.Next(40), text.Length - at);
                    text.Insert(r.Next(text.Length), text.ToString(at, length));
                    break;
            }
        }

        return text.ToString();
    }
}
