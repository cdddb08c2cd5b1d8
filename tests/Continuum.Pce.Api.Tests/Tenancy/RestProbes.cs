using System.Text;
using System.Text.Json.Nodes;

namespace Continuum.Pce.Api.Tests.Tenancy;

/// <summary>
/// Every operation of the server's OpenAPI document as probes: path parameters filled with tenant A's ids (and with a
/// real resource of their collection, so reads reach a body), query and header parameters that take an id, a tenant or
/// a cursor filled with A's (and left out), JSON bodies generated from their schemas with A's ids in the id-like
/// fields. Only bodies that no schema describes come from <see cref="BodyTable"/>.
/// </summary>
public static class RestProbes
{
    /// <summary>Bodies that cannot be generated: their schema is "any JSON" or plain text.</summary>
    public static readonly IReadOnlyDictionary<string, (string ContentType, string Body)> BodyTable = new Dictionary<string, (string, string)>
    {
        ["PUT /api/v1/topology"] = ("application/json", "{}"),
        ["POST /api/v1/topology/validate"] = ("application/json", "{}"),
        ["POST /api/v1/topology/import"] = ("text/plain", "?SNDlib native format; not a network"),
    };

    /// <summary>Values of body fields that are not ids: enough for a request to be valid.</summary>
    private static readonly Dictionary<string, JsonNode> FieldValues = new(StringComparer.Ordinal)
    {
        ["source"] = "FRA",
        ["destination"] = "PAR",
        ["rateGbps"] = 100,
        ["count"] = 2,
        ["maxSkewUs"] = 1000,
        ["maxCandidates"] = 2,
        ["name"] = "tenancy-probe",
        ["role"] = "viewer",
    };

    /// <summary>Values of query parameters that are not ids (each is tried, and left out).</summary>
    private static readonly Dictionary<string, string[]> QueryValues = new(StringComparer.Ordinal)
    {
        ["format"] = ["markdown"],
    };

    /// <summary>Real resources for path parameters, by the collection before them.</summary>
    private static readonly Dictionary<string, Func<KnownValues, string>[]> PathValues = new(StringComparer.Ordinal)
    {
        ["fibers/{id}"] = [k => k.Fiber],
        ["nodes/{id}"] = [k => k.Node],
        ["sites/{id}"] = [k => k.Site],
        ["reports/{kind}"] = [_ => "energy", _ => "cost"],
        ["charts/{name}"] = [_ => "energy-by-site.svg", _ => "capex-by-category.svg"],
    };

    private static readonly string[] ReadMethods = ["GET", "HEAD"];

    /// <summary>The operations of the document, each with the reason it cannot be probed (null when it can).</summary>
    public static IEnumerable<(string Operation, string? Problem)> Coverage(JsonNode document)
    {
        foreach (var (operation, _, _, node) in Operations(document))
        {
            yield return (operation, BodyOf(document, operation, node) is { Problem: { } problem } ? problem : null);
        }

        foreach (var tabled in BodyTable.Keys.Where(k => Operations(document).All(o => o.Operation != k)))
        {
            yield return (tabled, "in the body table but not in the document (stale entry)");
        }
    }

    public static IReadOnlyList<Probe> From(JsonNode document, Func<Actor, HttpClient> http)
    {
        var probes = new List<Probe>();
        foreach (var (operation, method, path, node) in Operations(document))
        {
            var body = BodyOf(document, operation, node);
            if (body.Problem is not null)
            {
                continue; // the coverage test names it
            }

            // Every parameter's choices: path parameters A's ids or a real resource; others A's id or left out.
            var choices = new List<(string Name, string In, List<Choice> Options)>();
            foreach (var parameter in node["parameters"]?.AsArray() ?? [])
            {
                var name = parameter!["name"]!.GetValue<string>();
                var where = parameter["in"]!.GetValue<string>();
                var options = new List<Choice>();
                if (where == "path")
                {
                    options.Add(Choice.Of(Slot.Lightpath));
                    options.Add(Choice.Of(Slot.BundleMember));
                    var segments = path.Split('/');
                    var at = Array.IndexOf(segments, "{" + name + "}");
                    if (at > 0 && PathValues.TryGetValue($"{segments[at - 1]}/{{{name}}}", out var real))
                    {
                        options.AddRange(real.Select((value, i) => new Choice(null, value, $"real{i + 1}")));
                    }
                }
                else
                {
                    options.Add(Choice.None);
                    if (SlotOfParameter(name) is { } slot)
                    {
                        options.Add(Choice.Of(slot));
                    }
                    else if (QueryValues.TryGetValue(name, out var values))
                    {
                        options.AddRange(values.Select(v => new Choice(null, _ => v, v)));
                    }
                }

                choices.Add((name, where, options));
            }

            var bodyTenant = body.Schema is not null && body.HasTenant ? new[] { false, true } : [false];

            // A body that names itself (id, idPrefix) and refers to others (diverseFrom) is sent both ways: the
            // lightpath "vq-lp-1" diverse from "vq-lp-1" would only test the refusal of a self-reference.
            var idModes = body.HasIdentity && body.HasReferences ? new[] { IdFields.Identity, IdFields.References } : [IdFields.All];
            foreach (var (combination, withTenant, idMode) in Product(choices.Select(c => c.Options).ToList()).SelectMany(c => bodyTenant.SelectMany(t => idModes.Select(m => (c, t, m)))))
            {
                var slots = new HashSet<Slot>(combination.Where(c => c.Slot is not null).Select(c => c.Slot!.Value));
                slots.UnionWith(body.Slots);
                if (withTenant)
                {
                    slots.Add(Slot.Tenant);
                }

                var variant = string.Join(", ", choices.Select((c, i) => (c.Name, Choice: combination[i])).Where(c => c.Choice.Label is not null).Select(c => $"{c.Name}={c.Choice.Label}")
                    .Concat(withTenant ? ["body.tenant=owner"] : []).Concat(idMode == IdFields.All ? [] : [$"body ids={idMode.ToString().ToLowerInvariant()}"]));
                var captured = combination;
                var include = withTenant;
                probes.Add(new Probe(operation, variant, ReadMethods.Contains(method), slots, async (actor, ids, known) =>
                {
                    var url = new StringBuilder();
                    var query = new List<string>();
                    var headers = new List<(string, string)>();
                    url.Append(path);
                    for (var i = 0; i < choices.Count; i++)
                    {
                        if (captured[i].Value(ids, known) is not { } value)
                        {
                            continue;
                        }

                        switch (choices[i].In)
                        {
                            case "path":
                                url.Replace("{" + choices[i].Name + "}", Uri.EscapeDataString(value));
                                break;
                            case "query":
                                query.Add($"{choices[i].Name}={Uri.EscapeDataString(value)}");
                                break;
                            case "header":
                                headers.Add((choices[i].Name, value));
                                break;
                            default:
                                throw new InvalidOperationException($"{operation}: parameters in {choices[i].In} are not generated");
                        }
                    }

                    using var request = new HttpRequestMessage(new HttpMethod(method), url + (query.Count == 0 ? "" : "?" + string.Join('&', query)));
                    foreach (var (name, value) in headers)
                    {
                        request.Headers.TryAddWithoutValidation(name, value);
                    }

                    if (body.Schema is { } schema)
                    {
                        request.Content = new StringContent(Generate(document, schema, ids, known, include, idMode)?.ToJsonString() ?? "{}", Encoding.UTF8, "application/json");
                    }
                    else if (body.Table is { } table)
                    {
                        request.Content = new StringContent(table.Body, Encoding.UTF8, table.ContentType);
                    }

                    using var client = http(actor);
                    using var response = await client.SendAsync(request);
                    return new Answer(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), await response.Content.ReadAsStringAsync());
                }));
            }
        }

        return probes;
    }

    private static IEnumerable<(string Operation, string Method, string Path, JsonNode Node)> Operations(JsonNode document)
    {
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, node) in item!.AsObject())
            {
                if (method is "parameters" or "summary" or "description" or "servers")
                {
                    continue;
                }

                var upper = method.ToUpperInvariant();
                yield return ($"{upper} {path}", upper, path, node!);
            }
        }
    }

    private sealed record Body(JsonNode? Schema, (string ContentType, string Body)? Table, bool HasTenant, IReadOnlySet<Slot> Slots, string? Problem)
    {
        public bool HasIdentity { get; init; }

        public bool HasReferences { get; init; }
    }

    private static Body BodyOf(JsonNode document, string operation, JsonNode node)
    {
        if (node["requestBody"] is not { } requestBody)
        {
            return new Body(null, null, false, new HashSet<Slot>(), null);
        }

        if (BodyTable.TryGetValue(operation, out var table))
        {
            return new Body(null, table, false, new HashSet<Slot>(), null);
        }

        var schema = requestBody["content"]?["application/json"]?["schema"];
        var resolved = schema is null ? null : Resolve(document, schema);
        if (resolved?["properties"] is not JsonObject)
        {
            return new Body(null, null, false, new HashSet<Slot>(), "its request body has no object schema to generate from: add it to RestProbes.BodyTable");
        }

        var slots = new HashSet<Slot>();
        var (hasTenant, identity, references) = (false, false, false);
        Walk(document, resolved, slots, ref hasTenant, ref identity, ref references, 0);
        return new Body(schema, null, hasTenant, slots, null) { HasIdentity = identity, HasReferences = references };
    }

    private static void Walk(JsonNode document, JsonNode schema, HashSet<Slot> slots, ref bool hasTenant, ref bool identity, ref bool references, int depth)
    {
        foreach (var (name, property) in schema["properties"]?.AsObject() ?? [])
        {
            if (name == "tenant")
            {
                hasTenant = true;
            }
            else if (SlotOfField(name) is { } slot)
            {
                slots.Add(slot);
                if (Types(Resolve(document, property!)).Contains("array"))
                {
                    references = true;
                }
                else
                {
                    identity = true;
                }
            }
            else if (depth < 4 && Resolve(document, property!) is { } nested && nested["properties"] is JsonObject)
            {
                Walk(document, nested, slots, ref hasTenant, ref identity, ref references, depth + 1);
            }
        }
    }

    /// <summary>A body from its schema: id-like fields take the id set's ids, known fields their values, the rest is left out.</summary>
    public static JsonNode? Generate(JsonNode document, JsonNode schema, IdSet ids, KnownValues known, bool withTenant, IdFields mode = IdFields.All, int depth = 0)
    {
        var resolved = Resolve(document, schema);
        if (resolved?["properties"] is not JsonObject properties || depth > 4)
        {
            return null;
        }

        var body = new JsonObject();
        foreach (var (name, property) in properties)
        {
            var isArray = Types(Resolve(document, property!)).Contains("array");
            JsonNode? value = name == "tenant"
                ? withTenant ? ids.Tenant : null
                : SlotOfField(name) is { } slot ? (mode == IdFields.All || mode == (isArray ? IdFields.References : IdFields.Identity) ? ids.Resolve(slot, known) : null)
                : FieldValues.TryGetValue(name, out var v) ? v.DeepClone()
                : Generate(document, property!, ids, known, withTenant: false, mode, depth + 1) is JsonObject { Count: > 0 } nested ? nested
                : null;
            if (value is not null)
            {
                body[name] = isArray && value is JsonValue ? new JsonArray(value) : value;
            }
        }

        return body;
    }

    private static Slot? SlotOfField(string name) =>
        name == "id" || name.EndsWith("Id", StringComparison.Ordinal) || name.EndsWith("From", StringComparison.Ordinal) || name.StartsWith("lightpath", StringComparison.Ordinal) ? Slot.Lightpath
        : name.EndsWith("Prefix", StringComparison.Ordinal) ? Slot.BundlePrefix
        : name == "cursor" ? Slot.Cursor
        : null;

    private static Slot? SlotOfParameter(string name) => name.ToLowerInvariant() switch
    {
        "tenant" => Slot.Tenant,
        "cursor" => Slot.Cursor,
        "idempotency-key" => Slot.IdempotencyKey,
        var n when n == "id" || n.EndsWith("id", StringComparison.Ordinal) => Slot.Lightpath,
        _ => null,
    };

    private static JsonNode? Resolve(JsonNode document, JsonNode schema)
    {
        for (var i = 0; i < 8; i++)
        {
            if (schema["$ref"]?.GetValue<string>() is { } reference)
            {
                schema = document[reference.Split('/')[^3]]![reference.Split('/')[^2]]![reference.Split('/')[^1]]!;
            }
            else if ((schema["oneOf"] ?? schema["anyOf"]) is JsonArray alternatives)
            {
                schema = alternatives.FirstOrDefault(o => !Types(o!).SequenceEqual(["null"]))!;
                if (schema is null)
                {
                    return null;
                }
            }
            else
            {
                return schema;
            }
        }

        return schema;
    }

    private static string[] Types(JsonNode? schema) => schema?["type"] switch
    {
        JsonArray array => [.. array.Select(t => t!.GetValue<string>())],
        JsonValue value => [value.GetValue<string>()],
        _ => [],
    };

    private static IEnumerable<Choice[]> Product(List<List<Choice>> options)
    {
        IEnumerable<Choice[]> result = [[]];
        foreach (var list in options)
        {
            result = result.SelectMany(prefix => list.Select(c => (Choice[])[.. prefix, c]));
        }

        return result;
    }

    private sealed record Choice(Slot? Slot, Func<KnownValues, string>? Real, string? Label)
    {
        public static readonly Choice None = new(null, null, null);

        public static Choice Of(Slot slot) => new(slot, null, slot.ToString().ToLowerInvariant());

        public string? Value(IdSet ids, KnownValues known) => Slot is { } s ? ids.Resolve(s, known) : Real?.Invoke(known);
    }
}
