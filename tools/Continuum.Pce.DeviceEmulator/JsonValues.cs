using Gnmi;
using Google.Protobuf;

namespace Continuum.Pce.DeviceEmulator;

/// <summary>
/// The emulator's own handling of JSON in gNMI TypedValues (gnmi-specification §2.2.3): it answers in JSON_IETF
/// (RFC 7951) and accepts JSON_IETF or JSON; typed scalars are read against the leaf's YANG type by
/// <see cref="DataTree"/>. Not shared with the controller, which has encoders of its own.
/// </summary>
internal static class JsonValues
{
    /// <summary>A JSON_IETF value from its text.</summary>
    public static TypedValue JsonIetf(string json) => new() { JsonIetfVal = ByteString.CopyFromUtf8(json) };

    /// <summary>Whether the value carries JSON text (json_ietf_val or json_val).</summary>
    public static bool IsJson(TypedValue value) => value.ValueCase is TypedValue.ValueOneofCase.JsonIetfVal or TypedValue.ValueOneofCase.JsonVal;

    /// <summary>The JSON text of a json_ietf_val or json_val.</summary>
    public static string Text(TypedValue value) => value.ValueCase switch
    {
        TypedValue.ValueOneofCase.JsonIetfVal => value.JsonIetfVal.ToStringUtf8(),
        TypedValue.ValueOneofCase.JsonVal => value.JsonVal.ToStringUtf8(),
        _ => throw new ArgumentException($"a {value.ValueCase} value carries no JSON", nameof(value)),
    };
}
