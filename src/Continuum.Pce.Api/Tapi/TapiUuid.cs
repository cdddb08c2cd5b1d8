using System.Security.Cryptography;
using System.Text;

namespace Continuum.Pce.Api.Tapi;

/// <summary>
/// TAPI keys every global object by a UUID (tapi-common:uuid, RFC 4122 text form). Ours are name-based (version 5,
/// RFC 4122 §4.3: SHA-1 of a namespace and a name), so the same site, fibre or lightpath has the same UUID on every
/// server and after every restart; the object's own id travels beside it in its <c>name</c> list.
/// </summary>
public static class TapiUuid
{
    /// <summary>The namespace of every Continuum PCE TAPI name (itself a fixed, randomly drawn UUID).</summary>
    public static readonly Guid Namespace = new("6f3c1d2e-8a4b-4c6d-9e7f-0a1b2c3d4e5f");

    /// <summary>The version-5 UUID of <paramref name="name"/> in <see cref="Namespace"/>, lower case.</summary>
    public static string Of(string name)
    {
        Span<byte> input = stackalloc byte[16];
        Namespace.TryWriteBytes(input, bigEndian: true, out _);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var buffer = new byte[16 + nameBytes.Length];
        input.CopyTo(buffer);
        nameBytes.CopyTo(buffer, 16);
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(buffer, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // version 5
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(hash[..16], bigEndian: true).ToString("D");
    }

    /// <summary>True for the RFC 4122 text form (any case); the canonical form is lower case.</summary>
    public static bool IsUuid(string? text) => text is { Length: 36 } && Guid.TryParseExact(text, "D", out _);

    public static string Canonical(string uuid) => Guid.ParseExact(uuid, "D").ToString("D");

    public static string Context() => Of("context");

    public static string Topology() => Of("topology");

    public static string Node(string node) => Of("node/" + node);

    public static string Link(string link) => Of("link/" + link);

    public static string Nep(string node, string local) => Of($"nep/{node}/{local}");

    public static string Sip(string transponder, int port) => Of($"sip/{transponder}/{port}");

    /// <summary>
    /// A lightpath's connectivity service: a lightpath created through TAPI is named "tapi-&lt;uuid&gt;" and keeps the
    /// client's UUID; any other lightpath gets the name-based UUID of its tenant and id.
    /// </summary>
    public static string Service(string tenant, string lightpath) =>
        lightpath.StartsWith(ServicePrefix, StringComparison.Ordinal) && IsUuid(lightpath[ServicePrefix.Length..])
            ? lightpath[ServicePrefix.Length..]
            : Of($"service/{tenant}/{lightpath}");

    /// <summary>The id a lightpath created through TAPI gets for the service UUID <paramref name="uuid"/>.</summary>
    public static string LightpathIdFor(string uuid) => ServicePrefix + uuid;

    public const string ServicePrefix = "tapi-";
}
