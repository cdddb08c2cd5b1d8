using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Continuum.Pce.Fuzz.Tests.Support;

/// <summary>Which key a fuzzed request carries.</summary>
public enum KeyKind
{
    Admin,
    Viewer,
    None,
    Invalid,
}

/// <summary>One fuzzed HTTP request.</summary>
public sealed record RestCase(ApiOperation Operation, string Method, string Target, KeyKind Key, string? ContentType, byte[]? Body, IReadOnlyDictionary<string, string> Headers, string Mutation)
{
    public bool Mutates => Method is not ("GET" or "HEAD" or "OPTIONS");

    public override string ToString() =>
        $"{Method} {Target} key={Key} type={ContentType ?? "-"} mutation={Mutation} body={(Body is null ? "-" : Encoding.UTF8.GetString(Body.AsSpan(0, Math.Min(Body.Length, 300))))}";
}

/// <summary>
/// Builds a request for an operation of the OpenAPI document from a seed: parameters of the declared types (valid ids of
/// the running network, edge values, hostile strings), a body generated from the operation's schema and then, most of
/// the time, mutated (wrong types, numbers as strings, members twice, unknown members, truncation, deep nesting, huge
/// values, invalid UTF-8, not JSON), sometimes the wrong media type, method or key.
/// </summary>
public sealed class RestCases(OpenApiOperations document, KnownIds known)
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"];

    private static readonly string[] JsonIntegers = ["0", "1", "-1", "2147483647", "2147483648", "-2147483649", "9007199254740993", "1e3", "1.5", "1e309", "-0"];

    public RestCase Build(int operationIndex, int seed)
    {
        var random = new Random(seed);
        var op = document.Operations[operationIndex % document.Operations.Count];
        var key = random.Next(100) switch
        {
            < 82 => KeyKind.Admin,
            < 90 => KeyKind.Viewer,
            < 95 => KeyKind.None,
            _ => KeyKind.Invalid,
        };
        var method = random.Next(100) < 94 ? op.Method : Methods[random.Next(Methods.Length)];

        var path = op.Path;
        var query = new List<string>();
        var headers = new Dictionary<string, string>();
        foreach (var p in op.Parameters)
        {
            switch (p.In)
            {
                case "path":
                    path = path.Replace("{" + p.Name + "}", Uri.EscapeDataString(PathValue(random, op.Path, p.Name)), StringComparison.Ordinal);
                    break;
                case "query" when random.Next(100) < 55:
                    query.Add($"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(ParameterValue(random, p))}");
                    break;
                case "header" when random.Next(100) < 50:
                    var value = Hostile.Pick(random, Hostile.Strings);
                    if (value.All(c => c is >= ' ' and < (char)127))
                    {
                        headers[p.Name] = value;
                    }

                    break;
            }
        }

        if (random.Next(100) < 5)
        {
            query.Add($"{Uri.EscapeDataString(Hostile.Random(random, 8))}={Uri.EscapeDataString(Hostile.Pick(random, Hostile.Strings))}");
        }

        var target = query.Count == 0 ? path : $"{path}?{string.Join('&', query)}";
        if (op.BodyMediaType is null && random.Next(100) >= 5)
        {
            return new RestCase(op, method, target, key, null, null, headers, "none");
        }

        var (body, mutation) = Body(random, op);
        var contentType = random.Next(100) switch
        {
            < 86 => op.BodyMediaType ?? "application/json",
            < 89 => "text/plain",
            < 92 => "application/xml",
            < 95 => "application/json; charset=utf-16",
            < 97 => "multipart/form-data; boundary=x",
            _ => null,
        };
        return new RestCase(op, method, target, key, contentType, body, headers, mutation);
    }

    private string PathValue(Random random, string path, string name)
    {
        if (random.Next(100) < 45)
        {
            var pool = name switch
            {
                "kind" => ["energy", "cost", "survivability", "carbon"],
                "name" => known.ChartNames,
                _ when path.Contains("/sites/", StringComparison.Ordinal) => known.Sites,
                _ when path.Contains("/nodes/", StringComparison.Ordinal) => known.Nodes,
                _ when path.Contains("/fibers/", StringComparison.Ordinal) => known.Fibers,
                _ when path.Contains("/lightpaths/", StringComparison.Ordinal) => known.Lightpaths,
                _ when path.Contains("/alarms/", StringComparison.Ordinal) => known.Alarms,
                _ => known.Sites,
            };
            if (pool.Count > 0)
            {
                return pool[random.Next(pool.Count)];
            }
        }

        return random.Next(2) == 0 ? Hostile.Pick(random, Hostile.Strings) is { Length: > 0 } s ? s : "x" : Hostile.Random(random) is { Length: > 0 } r ? r : "y";
    }

    private static string ParameterValue(Random random, ApiParameter p) => (p.Type, random.Next(100)) switch
    {
        ("integer", < 50) => Hostile.Pick(random, Hostile.Integers),
        ("boolean", < 50) => random.Next(2) == 0 ? "true" : "false",
        (_, < 20) => p.Name switch
        {
            "format" => random.Next(2) == 0 ? "json" : "markdown",
            "failures" => "fiber,srlg,node",
            "state" => "Active",
            "tenant" => "acme",
            _ => "x",
        },
        (_, < 70) => Hostile.Pick(random, Hostile.Strings),
        _ => Hostile.Random(random),
    };

    private (byte[] Body, string Mutation) Body(Random random, ApiOperation op)
    {
        if (op.BodyMediaType == "text/plain")
        {
            return (Encoding.UTF8.GetBytes(random.Next(3) switch
            {
                0 => "NODES (\n  A ( 1.0 2.0 )\n  B ( 3.0 4.0 )\n)\nLINKS (\n  L1 ( A B ) 0 0 0 0 ( 10 1 )\n)\n",
                1 => known.TopologyText,
                _ => Hostile.Random(random, 400),
            }), "text");
        }

        var resolved = op.BodySchema is { } schema ? document.Resolve(schema) : default;
        var json = resolved.ValueKind == JsonValueKind.Object && resolved.TryGetProperty("properties", out _)
            ? Instance(random, resolved, "$", 0)?.ToJsonString() ?? "null"
            // A JsonElement body (the topology endpoints): the running network's own document, usually mutated.
            : random.Next(4) == 0 ? "{\"network\":" + known.TopologyText + "}" : known.TopologyText;

        return Mutate(random, json);
    }

    private JsonNode? Instance(Random random, JsonElement schema, string name, int depth)
    {
        schema = document.Resolve(schema);
        var type = OpenApiOperations.TypeOf(schema);
        if (type == "ref" || (schema.TryGetProperty("oneOf", out var oneOf) && type != "null"))
        {
            var branch = schema.TryGetProperty("oneOf", out oneOf) ? oneOf.EnumerateArray().FirstOrDefault(b => OpenApiOperations.TypeOf(b) != "null") : schema;
            return random.Next(100) < 15 || branch.ValueKind == JsonValueKind.Undefined ? null : Instance(random, branch, name, depth);
        }

        switch (type)
        {
            case "object":
                var obj = new JsonObject();
                if (depth < 3 && schema.TryGetProperty("properties", out var properties))
                {
                    foreach (var property in properties.EnumerateObject())
                    {
                        if (random.Next(100) < 75)
                        {
                            obj[property.Name] = Instance(random, property.Value, property.Name, depth + 1);
                        }
                    }
                }

                return obj;
            case "array":
                var array = new JsonArray();
                var count = random.Next(4);
                for (var i = 0; i < count && schema.TryGetProperty("items", out var items); i++)
                {
                    array.Add(Instance(random, items, name, depth + 1));
                }

                return array;
            case "integer":
                return JsonNode.Parse(random.Next(100) < 60 ? IntegerFor(random, name) : Hostile.Pick(random, JsonIntegers));
            case "number":
                return JsonValue.Create(random.Next(5) switch { 0 => 0.0, 1 => -1.5, 2 => 1e300, 3 => 5000.0, _ => random.NextDouble() * 100 });
            case "boolean":
                return JsonValue.Create(random.Next(2) == 0);
            default:
                return JsonValue.Create(StringFor(random, name));
        }
    }

    private static string IntegerFor(Random random, string name) => name switch
    {
        "rateGbps" => random.Next(4) switch { 0 => "100", 1 => "400", 2 => "200", _ => "-100" },
        "priority" => random.Next(0, 9).ToString(System.Globalization.CultureInfo.InvariantCulture),
        "count" or "k" => random.Next(0, 5).ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => random.Next(-5, 10_000).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private string StringFor(Random random, string name)
    {
        if (random.Next(100) < 35)
        {
            return Hostile.Pick(random, Hostile.Strings);
        }

        return name switch
        {
            "source" or "destination" or "includeSites" or "excludeSites" => known.Sites[random.Next(known.Sites.Count)],
            "includeNodes" or "excludeNodes" => known.Nodes[random.Next(known.Nodes.Count)],
            "includeFibers" or "excludeFibers" => known.Fibers[random.Next(known.Fibers.Count)],
            "diverseFrom" => known.Lightpaths.Count > 0 ? known.Lightpaths[random.Next(known.Lightpaths.Count)] : "lp-x",
            "allowedJurisdictions" or "forbiddenJurisdictions" => random.Next(4) switch { 0 => "DE", 1 => "FR", 2 => "NL", _ => "FR-ZZZ" },
            "role" => random.Next(4) switch { 0 => "viewer", 1 => "operator", 2 => "admin", _ => "root" },
            "tenant" => random.Next(3) switch { 0 => "acme", 1 => "default", _ => "fuzz" },
            "objective" => random.Next(3) switch { 0 => "latency", 1 => "hops", _ => "speed" },
            "protection" => random.Next(3) switch { 0 => "none", 1 => "1+1", _ => "disjoint" },
            "policy" => random.Next(3) switch { 0 => "restore", 1 => "none", _ => "always" },
            "id" or "idPrefix" => $"fz-{random.Next(1_000_000)}",
            "name" => $"fuzz-{random.Next(1000)}",
            _ => Hostile.Random(random, 12),
        };
    }

    /// <summary>Usually breaks the JSON: the server must refuse it precisely, never fail.</summary>
    private static (byte[] Body, string Mutation) Mutate(Random random, string json)
    {
        var roll = random.Next(100);
        return roll switch
        {
            < 25 => (Encoding.UTF8.GetBytes(json), "valid"),
            < 33 => (Encoding.UTF8.GetBytes(NumberAsString(random, json)), "number-as-string"),
            < 41 => (Encoding.UTF8.GetBytes(DuplicateFirstMember(json)), "duplicate-member"),
            < 47 => (Encoding.UTF8.GetBytes(json.StartsWith('{') && json.Length > 2 ? "{\"zzUnknown\":1," + json[1..] : json), "unknown-member"),
            < 55 => (Encoding.UTF8.GetBytes(json[..random.Next(json.Length + 1)]), "truncated"),
            < 59 => (Encoding.UTF8.GetBytes(new string('[', 5000) + new string(']', 5000)), "deep-nesting"),
            < 62 => (Encoding.UTF8.GetBytes((random.Next(4) switch { 0 => "null", 1 => "[]", 2 => "\"text\"", _ => "42" })), "wrong-root"),
            < 65 => (Encoding.UTF8.GetBytes("{\"source\":\"" + new string('A', 300_000) + "\"}"), "huge-string"),
            < 68 => ([0x7B, 0x22, 0xC3, 0x28, 0x22, 0x3A, 0xFF, 0xFE, 0x7D], "invalid-utf8"),
            < 71 => (Encoding.UTF8.GetBytes(json.Length > 2 ? json[..^1] + ",}" : json + ","), "trailing-comma"),
            < 74 => (Encoding.UTF8.GetBytes("/* c */" + json + "// x"), "comments"),
            < 77 => (Encoding.UTF8.GetBytes(Hostile.Random(random, 200)), "garbage"),
            < 80 => ([], "empty"),
            < 90 => (Encoding.UTF8.GetBytes(ReplaceValue(random, json)), "value-replaced"),
            _ => (Encoding.UTF8.GetBytes(DropMember(random, json)), "member-dropped"),
        };
    }

    private static string NumberAsString(Random random, string json)
    {
        var digits = Enumerable.Range(0, json.Length).Where(i => char.IsDigit(json[i]) && (i == 0 || json[i - 1] is ':' or '[' or ',')).ToList();
        if (digits.Count == 0)
        {
            return json;
        }

        var at = digits[random.Next(digits.Count)];
        var end = at;
        while (end < json.Length && (char.IsDigit(json[end]) || json[end] is '.' or 'e' or 'E' or '-' or '+'))
        {
            end++;
        }

        return $"{json[..at]}\"{json[at..end]}\"{json[end..]}";
    }

    private static string DuplicateFirstMember(string json)
    {
        try
        {
            if (JsonNode.Parse(json) is JsonObject obj && obj.FirstOrDefault() is { Key: not null } first)
            {
                return "{" + JsonSerializer.Serialize(first.Key) + ":" + (first.Value?.ToJsonString() ?? "null") + "," + json.TrimStart()[1..];
            }
        }
        catch (JsonException)
        {
        }

        return json;
    }

    private static string ReplaceValue(Random random, string json)
    {
        try
        {
            if (JsonNode.Parse(json) is JsonObject obj && obj.Count > 0)
            {
                var member = obj.ElementAt(random.Next(obj.Count)).Key;
                obj[member] = random.Next(6) switch
                {
                    0 => null,
                    1 => new JsonArray(1, 2),
                    2 => new JsonObject { ["x"] = 1 },
                    3 => JsonValue.Create(Hostile.Pick(random, Hostile.Strings)),
                    4 => JsonValue.Create(-1),
                    _ => JsonValue.Create(true),
                };
                return obj.ToJsonString();
            }
        }
        catch (JsonException)
        {
        }

        return json;
    }

    private static string DropMember(Random random, string json)
    {
        try
        {
            if (JsonNode.Parse(json) is JsonObject obj && obj.Count > 0)
            {
                obj.Remove(obj.ElementAt(random.Next(obj.Count)).Key);
                return obj.ToJsonString();
            }
        }
        catch (JsonException)
        {
        }

        return json;
    }
}
