using System.Globalization;

namespace Continuum.Pce.Southbound.Gnmi.Rendering;

/// <summary>
/// How one device profile names what the controller configures (TransportPCE's port mapping: abstract termination
/// points to device components). Bound from configuration (<c>Devices:NamingProfiles:&lt;name&gt;</c>); <c>{n}</c> in a
/// template is the degree or add/drop-group number, <c>{i}</c> the transponder line interface (1-based). Logical
/// channels are numbered <c>Base + Stride × i</c>.
/// </summary>
public sealed record NamingRules
{
    /// <summary>The project's own convention (the emulator's "default" profile): DEGn-IN/OUT, SRGn-ADD/DROP, OCH-i, APS-i, 100+i, 200+i.</summary>
    public static NamingRules Default { get; } = new();

    public string DegreeInput { get; init; } = "DEG{n}-IN";

    public string DegreeOutput { get; init; } = "DEG{n}-OUT";

    public string AddPort { get; init; } = "SRG{n}-ADD";

    public string DropPort { get; init; } = "SRG{n}-DROP";

    public string OpticalChannel { get; init; } = "OCH-{i}";

    /// <summary>
    /// The optical line protection card in front of line interface i, which is also the name of its APS module
    /// (openconfig-transport-line-protection <c>/aps/aps-modules/aps-module[name=…]</c>) of a 1+1 lightpath.
    /// </summary>
    public string ProtectionSwitch { get; init; } = "APS-{i}";

    public uint ClientChannelBase { get; init; } = 100;

    public uint ClientChannelStride { get; init; } = 1;

    public uint LineChannelBase { get; init; } = 200;

    public uint LineChannelStride { get; init; } = 1;

    /// <summary>The name <paramref name="template"/> gives number <paramref name="number"/>.</summary>
    public static string Format(string template, int number)
    {
        ArgumentNullException.ThrowIfNull(template);
        var text = number.ToString(CultureInfo.InvariantCulture);
        return template.Replace("{n}", text, StringComparison.Ordinal).Replace("{i}", text, StringComparison.Ordinal);
    }

    /// <summary>The number in <paramref name="name"/> when <paramref name="template"/> made it; false otherwise.</summary>
    public static bool TryParse(string template, string name, out int number)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(name);
        number = 0;
        var at = template.IndexOf("{n}", StringComparison.Ordinal) is var n and >= 0 ? n : template.IndexOf("{i}", StringComparison.Ordinal);
        if (at < 0)
        {
            return false;
        }

        var prefix = template[..at];
        var suffix = template[(at + 3)..];
        if (name.Length <= prefix.Length + suffix.Length || !name.StartsWith(prefix, StringComparison.Ordinal) || !name.EndsWith(suffix, StringComparison.Ordinal))
        {
            return false;
        }

        return int.TryParse(name.AsSpan(prefix.Length, name.Length - prefix.Length - suffix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out number) && number > 0;
    }
}
