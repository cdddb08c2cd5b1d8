using System.Globalization;

namespace Continuum.Pce.Cli.Commands.Server;

/// <summary>
/// Quantities as operators type them: bit rates (400G, 100G, 1.2T, 400 = Gb/s) and durations (3ms, 250us, 250µs,
/// 0.5s, 2500 = µs); and the same quantities formatted back for tables.
/// </summary>
public static class Units
{
    /// <summary>Parses a bit rate into Gb/s: a number with an optional G/Gb/Gbps/T/Tb/Tbps suffix (no suffix means Gb/s).</summary>
    public static bool TryParseRateGbps(string text, out int gbps, out string error)
    {
        gbps = 0;
        var (number, unit) = Split(text);
        double scale = unit.ToLowerInvariant() switch
        {
            "" or "g" or "gb" or "gbps" or "gbit" or "gbit/s" or "gb/s" or "ge" => 1,
            "t" or "tb" or "tbps" or "tbit" or "tbit/s" or "tb/s" => 1000,
            "m" or "mb" or "mbps" or "mb/s" => 0.001,
            _ => double.NaN,
        };
        if (double.IsNaN(scale) || !double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            error = $"'{text}' is not a bit rate (examples: 400G, 100G, 1.2T)";
            return false;
        }

        var result = value * scale;
        if (!(result >= 1) || result > int.MaxValue || Math.Abs(result - Math.Round(result)) > 1e-9)
        {
            error = $"'{text}' must be a whole, positive number of Gb/s";
            return false;
        }

        gbps = (int)Math.Round(result);
        error = "";
        return true;
    }

    /// <summary>Parses a duration into microseconds: a number with an optional s/ms/us/µs/ns suffix (no suffix means µs).</summary>
    public static bool TryParseMicroseconds(string text, out double microseconds, out string error)
    {
        microseconds = 0;
        var (number, unit) = Split(text);
        double scale = unit.ToLowerInvariant() switch
        {
            "" or "us" or "µs" or "μs" => 1,
            "ms" => 1_000,
            "s" => 1_000_000,
            "ns" => 0.001,
            _ => double.NaN,
        };
        if (double.IsNaN(scale) || !double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            error = $"'{text}' is not a duration (examples: 3ms, 250us, 2500 = µs)";
            return false;
        }

        if (value < 0)
        {
            error = $"'{text}' must not be negative";
            return false;
        }

        microseconds = value * scale;
        error = "";
        return true;
    }

    /// <summary>A latency for a table: microseconds below 1 ms, milliseconds with three decimals above.</summary>
    public static string Latency(double microseconds) => microseconds >= 1000
        ? string.Create(CultureInfo.InvariantCulture, $"{microseconds / 1000:0.000} ms")
        : string.Create(CultureInfo.InvariantCulture, $"{microseconds:0.0} µs");

    /// <summary>A bit rate for a table: 400G, 1.2T.</summary>
    public static string Rate(int gbps) => gbps >= 1000 && gbps % 100 == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{gbps / 1000.0:0.#}T")
        : string.Create(CultureInfo.InvariantCulture, $"{gbps}G");

    public static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static (string Number, string Unit) Split(string text)
    {
        text = text.Trim();
        var end = text.Length;
        while (end > 0 && !char.IsAsciiDigit(text[end - 1]) && text[end - 1] != '.')
        {
            end--;
        }

        return (text[..end].Trim(), text[end..].Trim());
    }
}
