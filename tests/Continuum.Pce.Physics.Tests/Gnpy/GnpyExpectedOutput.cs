using System.Globalization;
using System.Text.RegularExpressions;

namespace Continuum.Pce.Physics.Tests.Gnpy;

/// <summary>
/// The figures GNPy printed for the receiving transceiver in an expected-output file of the shared reference cases
/// (read as shipped): per-label means of GSNR and OSNR, CD, PMD, PDL, latency, and the channel count it propagated.
/// </summary>
public sealed partial record GnpyExpectedOutput(
    int Channels,
    IReadOnlyList<double> Gsnr01nm,
    IReadOnlyList<double> Gsnr,
    IReadOnlyList<double> Osnr01nm,
    IReadOnlyList<double> Osnr,
    double Cd,
    double Pmd,
    double Pdl,
    double LatencyMs,
    double FinalGsnr01nm)
{
    public const string Directory = "/work/shared/reference/gnpy";

    public static string File(string relative) => Path.Combine(Directory, relative);

    public static GnpyExpectedOutput Read(string relative, string receiver)
    {
        var lines = System.IO.File.ReadAllLines(File(relative));
        var channels = int.Parse(NbChannels().Matches(string.Join('\n', lines))[^1].Groups[1].Value, CultureInfo.InvariantCulture);
        var start = Array.FindLastIndex(lines, l => l.TrimEnd() == $"Transceiver {receiver}");
        string Value(string key) => lines.Skip(start + 1).Take(12).First(l => l.TrimStart().StartsWith(key, StringComparison.Ordinal))[(lines.Skip(start + 1).First(l => l.TrimStart().StartsWith(key, StringComparison.Ordinal)).IndexOf(':') + 1)..];
        static IReadOnlyList<double> PerLabel(string text) =>
            [.. Number().Matches(text.Replace("mode_1:", "", StringComparison.Ordinal).Replace("mode_2:", "", StringComparison.Ordinal)).Select(m => double.Parse(m.Value, CultureInfo.InvariantCulture))];
        return new GnpyExpectedOutput(
            channels,
            PerLabel(Value("GSNR (0.1nm, dB)")),
            PerLabel(Value("GSNR (signal bw, dB)")),
            PerLabel(Value("OSNR ASE (0.1nm, dB)")),
            PerLabel(Value("OSNR ASE (signal bw, dB)")),
            PerLabel(Value("CD (ps/nm)"))[0],
            PerLabel(Value("PMD (ps)"))[0],
            PerLabel(Value("PDL (dB)"))[0],
            PerLabel(Value("Latency (ms)"))[0],
            double.Parse(FinalGsnr().Match(string.Join('\n', lines)).Groups[1].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"nb_channels = (\d+)\)")]
    private static partial Regex NbChannels();

    [GeneratedRegex(@"Final GSNR \(0\.1 nm\): \S*?(-?\d+\.\d+) dB")]
    private static partial Regex FinalGsnr();

    [GeneratedRegex(@"-?\d+\.\d+")]
    private static partial Regex Number();
}
