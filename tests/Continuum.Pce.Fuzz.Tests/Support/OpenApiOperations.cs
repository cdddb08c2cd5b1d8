using System.Text.Json;

namespace Continuum.Pce.Fuzz.Tests.Support;

/// <summary>A parameter of an operation, as the OpenAPI document declares it.</summary>
public sealed record ApiParameter(string Name, string In, string Type, bool Required);

/// <summary>One REST operation of the server's OpenAPI document.</summary>
public sealed record ApiOperation(string Method, string Path, IReadOnlyList<ApiParameter> Parameters, string? BodyMediaType, JsonElement? BodySchema)
{
    public bool Mutates => Method is not ("GET" or "HEAD" or "OPTIONS");

    public override string ToString() => $"{Method} {Path}";
}

/// <summary>The operations of /openapi/v1.json (the server's own document) and its schemas, for generating requests.</summary>
public sealed class OpenApiOperations
{
    private readonly JsonElement _schemas;

    private OpenApiOperations(IReadOnlyList<ApiOperation> operations, JsonElement schemas)
    {
        Operations = operations;
        _schemas = schemas;
    }

    public IReadOnlyList<ApiOperation> Operations { get; }

    public static OpenApiOperations Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var operations = new List<ApiOperation>();
        foreach (var path in root.GetProperty("paths").EnumerateObject())
        {
            foreach (var op in path.Value.EnumerateObject())
            {
                var parameters = new List<ApiParameter>();
                if (op.Value.TryGetProperty("parameters", out var ps))
                {
                    foreach (var p in ps.EnumerateArray())
                    {
                        parameters.Add(new ApiParameter(p.GetProperty("name").GetString()!, p.GetProperty("in").GetString()!, TypeOf(p.GetProperty("schema")),
                            p.TryGetProperty("required", out var r) && r.GetBoolean()));
                    }
                }

                string? mediaType = null;
                JsonElement? schema = null;
                if (op.Value.TryGetProperty("requestBody", out var body) && body.GetProperty("content").EnumerateObject().FirstOrDefault() is { Name: not null } content)
                {
                    mediaType = content.Name;
                    schema = content.Value.TryGetProperty("schema", out var s) ? s.Clone() : null;
                }

                operations.Add(new ApiOperation(op.Name.ToUpperInvariant(), path.Name, parameters, mediaType, schema));
            }
        }

        return new OpenApiOperations(operations, root.GetProperty("components").GetProperty("schemas").Clone());
    }

    /// <summary>The schema a <c>$ref</c> names, or the schema itself.</summary>
    public JsonElement Resolve(JsonElement schema) =>
        schema.TryGetProperty("$ref", out var reference) ? _schemas.GetProperty(reference.GetString()!.Split('/')[^1]) : schema;

    /// <summary>The first non-null type of a schema ("integer", "string", "object", "array", "boolean", "number"), or "ref"/"any".</summary>
    public static string TypeOf(JsonElement schema)
    {
        if (schema.TryGetProperty("$ref", out _))
        {
            return "ref";
        }

        if (schema.TryGetProperty("type", out var type))
        {
            return type.ValueKind == JsonValueKind.Array
                ? type.EnumerateArray().Select(t => t.GetString()!).First(t => t != "null")
                : type.GetString()!;
        }

        if (schema.TryGetProperty("oneOf", out var oneOf) || schema.TryGetProperty("anyOf", out oneOf))
        {
            return oneOf.EnumerateArray().Select(TypeOf).FirstOrDefault(t => t != "null") ?? "any";
        }

        return "any";
    }
}
