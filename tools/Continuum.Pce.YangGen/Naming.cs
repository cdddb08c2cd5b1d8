using System.Text;

namespace Continuum.Pce.YangGen;

/// <summary>YANG identifiers to C# identifiers.</summary>
public static class Naming
{
    /// <summary>"pre-fec-ber" → "PreFecBer", "LOGICAL_CHANNEL" → "LogicalChannel".</summary>
    public static string Pascal(string yangName)
    {
        var sb = new StringBuilder(yangName.Length);
        foreach (var part in yangName.Split(['-', '_', '.'], StringSplitOptions.RemoveEmptyEntries))
        {
            sb.Append(char.ToUpperInvariant(part[0]));
            sb.Append(part[1..].ToLowerInvariant());
        }

        var result = sb.ToString();
        return result.Length > 0 && char.IsDigit(result[0]) ? "_" + result : result;
    }

    /// <summary>"pre-fec-ber" → "preFecBer" (locals).</summary>
    public static string Camel(string yangName)
    {
        var pascal = Pascal(yangName);
        var camel = char.ToLowerInvariant(pascal[0]) + pascal[1..];
        return camel is "value" or "writer" or "result" or "element" or "member" or "item" or "event" or "default" or "base" or "params" or "string" or "object" ? "@" + camel : camel;
    }

    public static string Literal(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
