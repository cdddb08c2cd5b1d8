using System.Globalization;
using System.Text;
using System.Text.Json;
using Continuum.Pce.Topology.IO.Validation;

namespace Continuum.Pce.Topology.IO.Json;

/// <summary>
/// Reads fields from a parsed JSON document while collecting every problem with its JSONPath, instead of stopping at
/// the first. Every getter returns null when the field is missing or has the wrong type (and records why).
/// </summary>
internal sealed class JsonReaderContext(TopologyLimits? limits = null)
{
    public List<TopologyIssue> Issues { get; } = [];

    public TopologyLimits Limits { get; } = limits ?? TopologyLimits.Default;

    public bool HasErrors => Issues.Exists(i => i.Severity == IssueSeverity.Error);

    public void Error(string code, string path, string message) => Issues.Add(new TopologyIssue(IssueSeverity.Error, code, path, message));

    public void Warning(string code, string path, string message) => Issues.Add(new TopologyIssue(IssueSeverity.Warning, code, path, message));

    public static string Field(string path, string name) => $"{path}.{name}";

    public static string Item(string path, int index) => $"{path}[{index}]";

    public bool TryObject(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            return true;
        }

        Error(IssueCodes.WrongType, path, $"expected an object, found {Describe(element)}");
        return false;
    }

    public string? String(JsonElement obj, string name, string path, bool required = true)
    {
        if (!Get(obj, name, path, required, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Error(IssueCodes.WrongType, Field(path, name), $"expected a string, found {Describe(value)}");
            return null;
        }

        var text = value.GetString()!;
        if (text.Length > Limits.MaxStringLength)
        {
            LimitExceeded(Field(path, name), $"'{name}' has {text.Length} characters", nameof(TopologyLimits.MaxStringLength), Limits.MaxStringLength);
            return null;
        }

        if (required && string.IsNullOrWhiteSpace(text))
        {
            Error(IssueCodes.MissingField, Field(path, name), $"'{name}' must not be empty");
            return null;
        }

        return text;
    }

    /// <summary>An optional boolean: <paramref name="absent"/> when the field is missing or null.</summary>
    public bool Boolean(JsonElement obj, string name, string path, bool absent)
    {
        if (!Get(obj, name, path, required: false, out var value))
        {
            return absent;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            Error(IssueCodes.WrongType, Field(path, name), $"expected true or false, found {Describe(value)}");
            return absent;
        }

        return value.GetBoolean();
    }

    public double? Number(JsonElement obj, string name, string path, bool required = true, double? min = null, double? max = null, bool exclusiveMin = false)
    {
        if (!Get(obj, name, path, required, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            Error(IssueCodes.WrongType, Field(path, name), $"expected a number, found {Describe(value)}");
            return null;
        }

        if ((min is { } lo && (exclusiveMin ? number <= lo : number < lo)) || (max is { } hi && number > hi))
        {
            var range = (min, max) switch
            {
                ({ } a, { } b) => $"{(exclusiveMin ? "(" : "[")}{Fmt(a)}, {Fmt(b)}]",
                ({ } a, null) => exclusiveMin ? $"greater than {Fmt(a)}" : $"at least {Fmt(a)}",
                (null, { } b) => $"at most {Fmt(b)}",
                _ => "",
            };
            Error(IssueCodes.OutOfRange, Field(path, name), $"{Fmt(number)} is out of range: must be {range}");
            return null;
        }

        return number;
    }

    public long? Integer(JsonElement obj, string name, string path, bool required = true, long? min = null, long? max = null)
    {
        if (!Get(obj, name, path, required, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
        {
            Error(IssueCodes.WrongType, Field(path, name), $"expected an integer, found {Describe(value)}");
            return null;
        }

        if ((min is { } lo && number < lo) || (max is { } hi && number > hi))
        {
            Error(IssueCodes.OutOfRange, Field(path, name), $"{number} is out of range: must be {(min is null ? "" : $"at least {min}")}{(min is not null && max is not null ? " and " : "")}{(max is null ? "" : $"at most {max}")}");
            return null;
        }

        return number;
    }

    /// <summary>Gets an array field; one longer than <paramref name="limit"/> (a bound of <see cref="TopologyLimits"/>) is refused before any item is read.</summary>
    public bool Array(JsonElement obj, string name, string path, out JsonElement array, bool required = true, (string Name, int Value)? limit = null)
    {
        array = default;
        if (!Get(obj, name, path, required, out var value))
        {
            return false;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            Error(IssueCodes.WrongType, Field(path, name), $"expected an array, found {Describe(value)}");
            return false;
        }

        if (limit is { } bound && value.GetArrayLength() > bound.Value)
        {
            LimitExceeded(Field(path, name), $"'{name}' has {value.GetArrayLength()} items", bound.Name, bound.Value);
            return false;
        }

        array = value;
        return true;
    }

    /// <summary>Records that a bound of <see cref="TopologyLimits"/> was exceeded, naming the bound.</summary>
    public void LimitExceeded(string path, string what, string limitName, long limitValue) =>
        Error(IssueCodes.LimitExceeded, path, $"{what}, over the limit {limitName} = {limitValue.ToString(CultureInfo.InvariantCulture)}");

    public List<string> Strings(JsonElement obj, string name, string path, (string Name, int Value)? limit = null)
    {
        var result = new List<string>();
        if (!Array(obj, name, path, out var array, required: false, limit))
        {
            return result;
        }

        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String && item.GetString()!.Length > Limits.MaxStringLength)
            {
                LimitExceeded(Item(Field(path, name), i), $"the string has {item.GetString()!.Length} characters", nameof(TopologyLimits.MaxStringLength), Limits.MaxStringLength);
            }
            else if (item.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(item.GetString()))
            {
                result.Add(item.GetString()!);
            }
            else
            {
                Error(IssueCodes.WrongType, Item(Field(path, name), i), $"expected a non-empty string, found {Describe(item)}");
            }

            i++;
        }

        return result;
    }

    /// <summary>
    /// Warns about properties the format does not define: a misspelt optional field ("lossDbPerkm") would otherwise be
    /// ignored silently and its default used. Warnings, not errors, so that newer files stay readable.
    /// </summary>
    public void OnlyKnown(JsonElement obj, string path, IReadOnlySet<string> known)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var property in obj.EnumerateObject())
        {
            if (!known.Contains(property.Name))
            {
                Warning(IssueCodes.UnknownField, Field(path, property.Name), $"'{property.Name}' is not a field of this format and is ignored (check the spelling)");
            }
        }
    }

    public static IReadOnlySet<string> Names(params string[] names) => names.ToHashSet(StringComparer.Ordinal);

    public bool TryGetOptionalObject(JsonElement obj, string name, string path, out JsonElement value)
    {
        if (!obj.TryGetProperty(name, out value) || value.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        return TryObject(value, Field(path, name));
    }

    private bool Get(JsonElement obj, string name, string path, bool required, out JsonElement value)
    {
        if (obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        if (required)
        {
            Error(IssueCodes.MissingField, Field(path, name), $"required field '{name}' is missing");
        }

        return false;
    }

    private static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{Truncate(e.GetString()!)}\"",
        JsonValueKind.Number => $"the number {e.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {e.GetRawText()}",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.Null => "null",
        _ => e.ValueKind.ToString(),
    };

    private static string Truncate(string s) => s.Length > 40 ? s[..40] + "…" : s;

    private static string Fmt(double d) => d.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>
    /// Parses JSON text with the rules every topology document follows, wherever it comes from (a file, the CLI, REST,
    /// gRPC): comments skipped, no trailing commas, no duplicate property names, nesting and size within
    /// <see cref="Limits"/>. A syntax error is reported with its line and position.
    /// </summary>
    public static JsonDocument? Parse(string json, JsonReaderContext context)
    {
        var limits = context.Limits;
        // Cheap bound first (a UTF-8 byte is at most one UTF-16 unit here), exact count only when it could matter.
        if (json.Length > limits.MaxDocumentBytes || (json.Length * 3L > limits.MaxDocumentBytes && Encoding.UTF8.GetByteCount(json) > limits.MaxDocumentBytes))
        {
            context.LimitExceeded("$", "the document is larger than allowed", nameof(TopologyLimits.MaxDocumentBytes), limits.MaxDocumentBytes);
            return null;
        }

        try
        {
            return JsonDocument.Parse(json, DocumentOptions(limits));
        }
        catch (JsonException e)
        {
            var at = $"at line {(e.LineNumber ?? 0) + 1}, position {(e.BytePositionInLine ?? 0) + 1}";
            var reason = e.Message.Split(" Path:")[0];
            if (reason.Contains("depth", StringComparison.OrdinalIgnoreCase))
            {
                context.LimitExceeded("$", $"JSON nested deeper than allowed {at}", nameof(TopologyLimits.MaxDepth), limits.MaxDepth);
            }
            else
            {
                context.Error(IssueCodes.MalformedJson, "$", $"malformed JSON {at}: {reason}");
            }

            return null;
        }
    }

    /// <summary>The one set of JSON rules for topology documents (see <see cref="Parse"/>).</summary>
    public static JsonDocumentOptions DocumentOptions(TopologyLimits limits) => new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = limits.MaxDepth,
        AllowDuplicateProperties = false,
    };
}
