using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Continuum.Pce.Domain.Geography;

namespace Continuum.Pce.Grains.Storage;

/// <summary>
/// Writes the domain's single-string identifiers (<c>NodeId</c>, <c>FiberId</c>, ...) as plain JSON strings, so stored
/// state reads <c>"owner":"lp1"</c> rather than <c>"owner":{"value":"lp1"}</c>.
/// </summary>
public sealed class StringIdJsonConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsValueType &&
        typeToConvert.Namespace == "Continuum.Pce.Domain.Identity" &&
        typeToConvert.GetConstructor([typeof(string)]) is not null &&
        typeToConvert.GetProperty("Value")?.PropertyType == typeof(string);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(StringIdConverter<>).MakeGenericType(typeToConvert))!;

    private sealed class StringIdConverter<T> : JsonConverter<T>
        where T : struct
    {
        private static readonly ConstructorInfo Constructor = typeof(T).GetConstructor([typeof(string)])!;
        private static readonly PropertyInfo Value = typeof(T).GetProperty("Value")!;

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            (T)Constructor.Invoke([reader.GetString() ?? throw new JsonException($"{typeof(T).Name} must be a string")]);

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WriteStringValue((string?)Value.GetValue(value));
    }
}

/// <summary>A jurisdiction as its ISO 3166 code ("DE-BY").</summary>
public sealed class JurisdictionJsonConverter : JsonConverter<Jurisdiction>
{
    public override Jurisdiction Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Jurisdiction.TryParse(reader.GetString(), out var j, out var error) ? j : throw new JsonException(error);

    public override void Write(Utf8JsonWriter writer, Jurisdiction value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}

/// <summary>
/// A slot range as <c>{"start":s,"count":n}</c>. Without it System.Text.Json would build the struct with its implicit
/// parameterless constructor and silently store every range as [0, 0).
/// </summary>
public sealed class SlotRangeJsonConverter : JsonConverter<Continuum.Pce.Domain.Spectrum.SlotRange>
{
    public override Continuum.Pce.Domain.Spectrum.SlotRange Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        int? start = null, count = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("a slot range must be an object");
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "start":
                    start = reader.GetInt32();
                    break;
                case "count":
                    count = reader.GetInt32();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return start is { } s && count is { } c ? new(s, c) : throw new JsonException("a slot range needs start and count");
    }

    public override void Write(Utf8JsonWriter writer, Continuum.Pce.Domain.Spectrum.SlotRange value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteNumber("start", value.Start);
        writer.WriteNumber("count", value.Count);
        writer.WriteEndObject();
    }
}

/// <summary>A position as <c>{"latitude":..,"longitude":..}</c> (same reason as <see cref="SlotRangeJsonConverter"/>).</summary>
public sealed class GeoPointJsonConverter : JsonConverter<GeoPoint>
{
    public override GeoPoint Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        double? lat = null, lon = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            if (name == "latitude")
            {
                lat = reader.GetDouble();
            }
            else if (name == "longitude")
            {
                lon = reader.GetDouble();
            }
            else
            {
                reader.Skip();
            }
        }

        return lat is { } a && lon is { } b ? new GeoPoint(a, b) : throw new JsonException("a position needs latitude and longitude");
    }

    public override void Write(Utf8JsonWriter writer, GeoPoint value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteNumber("latitude", value.Latitude);
        writer.WriteNumber("longitude", value.Longitude);
        writer.WriteEndObject();
    }
}
