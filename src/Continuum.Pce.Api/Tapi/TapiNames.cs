using System.Text.Json.Nodes;

namespace Continuum.Pce.Api.Tapi;

/// <summary>TAPI 2.5 module names, identities and enumeration values as RFC 7951 JSON writes them.</summary>
public static class TapiNames
{
    public const string PhotonicMedia = "PHOTONIC_MEDIA";
    public const string Otsi = "tapi-photonic-media:PHOTONIC_LAYER_QUALIFIER_OTSi";
    public const string Mc = "tapi-photonic-media:PHOTONIC_LAYER_QUALIFIER_MC";
    public const string OtsiMc = "tapi-photonic-media:PHOTONIC_LAYER_QUALIFIER_OTSiMC";
    public const string Oms = "tapi-photonic-media:PHOTONIC_LAYER_QUALIFIER_OMS";
    public const string Ots = "tapi-photonic-media:PHOTONIC_LAYER_QUALIFIER_OTS";
    public const string Gbps = "tapi-common:CAPACITY_UNIT_GBPS";

    public const string ServiceObject = "tapi-connectivity:CONNECTIVITY_OBJECT_TYPE_CONNECTIVITY_SERVICE";
    public const string TopologyObject = "tapi-topology:TOPOLOGY_OBJECT_TYPE_TOPOLOGY";
    public const string NodeObject = "tapi-topology:TOPOLOGY_OBJECT_TYPE_NODE";
    public const string LinkObject = "tapi-topology:TOPOLOGY_OBJECT_TYPE_LINK";

    public const string ObjectCreation = "tapi-notification:NOTIFICATION_TYPE_OBJECT_CREATION";
    public const string ObjectDeletion = "tapi-notification:NOTIFICATION_TYPE_OBJECT_DELETION";
    public const string AttributeValueChange = "tapi-notification:NOTIFICATION_TYPE_ATTRIBUTE_VALUE_CHANGE";

    /// <summary>The object types a subscription filter may name (with or without module prefix).</summary>
    public static readonly IReadOnlyList<string> NotifiableObjectTypes = [ServiceObject, TopologyObject, NodeObject, LinkObject];

    /// <summary>An identity as written, with or without its module prefix, equal to <paramref name="qualified"/>.</summary>
    public static bool IsIdentity(string? value, string qualified) =>
        value is not null && (value == qualified || value == qualified[(qualified.IndexOf(':', StringComparison.Ordinal) + 1)..]);

    /// <summary>A TAPI name list (global-class/local-class <c>name</c>): value-name/value pairs in order, nulls skipped.</summary>
    public static JsonArray Names(params (string Name, string? Value)[] names)
    {
        var list = new JsonArray();
        foreach (var (name, value) in names)
        {
            if (value is not null)
            {
                list.Add(new JsonObject { ["value-name"] = name, ["value"] = value });
            }
        }

        return list;
    }

    /// <summary>RFC 7951 §6.1: 64-bit integers are JSON strings.</summary>
    public static JsonNode U64(long value) => JsonValue.Create(value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>RFC 7951 §6.1: decimal64 values are JSON strings.</summary>
    public static JsonNode Dec(double value, int digits = 3) => JsonValue.Create(Math.Round(value, digits).ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static JsonArray Array(IEnumerable<JsonNode?> items)
    {
        var array = new JsonArray();
        foreach (var item in items)
        {
            array.Add(item);
        }

        return array;
    }
}
