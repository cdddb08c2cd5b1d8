using System.Text;

namespace Continuum.Pce.Fuzz.Tests.Support;

/// <summary>Values a careless or hostile client sends: empty, huge, control characters, injections, numbers as text, odd Unicode.</summary>
public static class Hostile
{
    public static readonly string[] Strings =
    [
        "", " ", "\t", "null", "undefined", "0", "-1", "1e309", "NaN", "true", "[]", "{}", "\"", "'", "\\", "/", "//", "..",
        "../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "%00", "\u0000", "\u0001\u0002", "' OR 1=1 --", "\"; DROP TABLE grains; --",
        "$(reboot)", "`id`", "<script>alert(1)</script>", "{{7*7}}", "${jndi:ldap://127.0.0.1/x}", "\u202eevil", "\ud83d\ude80",
        "Ω≈ç√", "ﬀ", "a\r\nX-Injected: 1", "*", "?", "#", "%", "%%", "+", "a b", "ＦＲＡ", "fra", "FRA ", " FRA", "lp-1", "default",
        "acme", "globex", "admin", "viewer", "operator", "DE", "FR-ZZZ", "XX", "de", "energy", "cost", "survivability", "json",
        "markdown", "svg", "fiber", "srlg", "node", "Active", "Deleted", "critical", "pce_000000000000_x",
        new string('a', 256), new string('9', 400), new string('x', 5000),
    ];

    public static readonly string[] Integers =
    [
        "0", "1", "-1", "100", "400", "1000", "1001", "2147483647", "2147483648", "-2147483649", "9007199254740993", "1e3", "1.5",
        "1e309", "-0", "00", "0x10", "NaN", "Infinity",
    ];

    public static string Pick(Random random, IReadOnlyList<string> values) => values[random.Next(values.Count)];

    /// <summary>A random string of printable, control and non-ASCII characters.</summary>
    public static string Random(Random random, int maxLength = 40)
    {
        var length = random.Next(maxLength + 1);
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            builder.Append(random.Next(10) switch
            {
                0 => (char)random.Next(0, 32),
                1 => (char)random.Next(0x80, 0x2FFF),
                _ => (char)random.Next(32, 127),
            });
        }

        return builder.ToString();
    }
}
