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
