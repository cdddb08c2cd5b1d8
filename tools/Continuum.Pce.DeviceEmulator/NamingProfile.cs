namespace Continuum.Pce.DeviceEmulator;

/// <summary>The naming conventions of device components the emulator can follow (selected per device by <see cref="DeviceProfile.Naming"/>).</summary>
public static class NamingProfile
{
    /// <summary>DEGn-IN/OUT, SRGn-ADD/DROP, OCH-i, APS-i (protection card and APS module), logical channels 100+i (client) and 200+i (line).</summary>
    public const string DefaultName = "default";

    /// <summary>LINE-n-RX/TX, ADD-n, DROP-n, OPTCH-1-i, OLP-1-i (protection card and APS module), logical channels 10i+1 and 10i+2, mode ids 4001… (<see cref="DeviceNaming"/>).</summary>
    public const string VendorB = "vendor-b";

    public static IReadOnlyList<string> Names { get; } = [DefaultName, VendorB];

    public static bool IsKnown(string name) => Names.Contains(name);
}
