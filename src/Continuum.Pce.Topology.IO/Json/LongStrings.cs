using System.Text;
using System.Text.Json;

namespace Continuum.Pce.Topology.IO.Json;

/// <summary>
/// Finds the first string token (a value or a property name) longer than <see cref="TopologyLimits.MaxStringLength"/>
/// characters in UTF-8 JSON, on the raw bytes: nothing is decoded unless its length is in doubt, so a hostile document
/// costs no more memory than its own bytes. Malformed JSON is left to the parser, which reports it precisely.
/// </summary>
internal static class LongStrings
{
    /// <summary>An over-long string: its JSONPath-like location and its length in UTF-16 characters (a lower bound for a long escaped one).</summary>
    public sealed record Found(string Path, long Characters)
    {
        public string Describe() => $"the string has {(Exact ? "" : "at least ")}{Characters} characters";

        public bool Exact { get; init; } = true;
    }

    // Bytes per character at most in a JSON string: six for an escape (\uXXXX); unescaped UTF-8 needs at most four
    // bytes for two UTF-16 units, so in both cases characters >= bytes / 6.
    private const int MaxBytesPerCharacter = 6;

    public static Found? Find(ReadOnlySpan<byte> json, TopologyLimits limits)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = limits.MaxDepth });
        var containers = new List<(string Path, int Index)>(); // Index: -1 before the first item of an array, int.MinValue for an object
        string? property = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        var (nameLength, nameExact) = Characters(ref reader, limits.MaxStringLength);
                        if (nameLength > limits.MaxStringLength)
                        {
                            return new Found(Here(containers, null) + ".<name>", nameLength) { Exact = nameExact };
                        }

                        property = reader.GetString();
                        continue;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        containers.RemoveAt(containers.Count - 1);
                        property = null;
                        continue;
                }

                var path = Here(containers, property);
                property = null;
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    containers.Add((path, reader.TokenType == JsonTokenType.StartArray ? -1 : int.MinValue));
                }
                else if (reader.TokenType == JsonTokenType.String && Characters(ref reader, limits.MaxStringLength) is var (length, exact) && length > limits.MaxStringLength)
                {
                    return new Found(path, length) { Exact = exact };
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }

    /// <summary>The path of the next value: the container's path with the property or the next array index.</summary>
    private static string Here(List<(string Path, int Index)> containers, string? property)
    {
        if (containers.Count == 0)
        {
            return "$";
        }

        var (path, index) = containers[^1];
        if (index == int.MinValue)
        {
            return property is null ? path : $"{path}.{property}";
        }

        containers[^1] = (path, index + 1);
        return $"{path}[{index + 1}]";
    }

    /// <summary>
    /// The token's length in characters: exact, except for an escaped token so long that it is over the limit whatever
    /// its escapes (then a lower bound, and it is not decoded). Within the limit, the byte count stands for it.
    /// </summary>
    private static (long Characters, bool Exact) Characters(ref Utf8JsonReader reader, int limit)
    {
        var bytes = reader.ValueSpan;
        if (bytes.Length <= limit)
        {
            return (bytes.Length, true); // characters <= bytes, so within the limit
        }

        if (!reader.ValueIsEscaped)
        {
            return (Encoding.UTF8.GetCharCount(bytes), true);
        }

        return bytes.Length / MaxBytesPerCharacter > limit ? (bytes.Length / MaxBytesPerCharacter, false) : (reader.GetString()!.Length, true);
    }
}
