namespace Continuum.Pce.DeviceEmulator;

/// <summary>The naming conventions of device components the emulator can follow (selected per device by <see cref="DeviceProfile.Naming"/>).</summary>
public static class NamingProfile
{
    /// <summary>DEGn-IN/OUT, SRGn-ADD/DROP, OCH-i, logical channels 100+i (client) and 200+i (line).</summary>
    public const string DefaultName = "default";

    public static IReadOnlyList<string> Names { get; } = [DefaultName];

    public static bool IsKnown(string name) => Names.Contains(name);
}
