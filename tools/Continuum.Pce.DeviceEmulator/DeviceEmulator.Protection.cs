using System.Globalization;
using System.Text.Json.Nodes;
using Continuum.Pce.Domain.Network;
using Ids = Continuum.Pce.Models.OpenConfigIdentities;

namespace Continuum.Pce.DeviceEmulator;

/// <summary>
/// Optical line protection (openconfig-transport-line-protection): each transponder line interface i sits behind a
/// protection card, component "APS-i", whose common port is the interface's line port, whose primary line port is cabled
/// to add/drop group 1 of the attached ROADM and whose secondary line port to add/drop group 2. Transmitting, the card
/// bridges the signal onto both; receiving, its switch selects one. The switch acts only while the card's APS module is
/// configured (<c>/aps/aps-modules/aps-module[name=APS-i]</c>); without it the interface receives as an unprotected one.
/// <para>
/// Switching, per module: <c>force-to-port</c> PRIMARY or SECONDARY holds the switch there whatever the light; NONE switches
/// away from the active path when it loses light and the other one has it; a revertive module returns to the primary
/// path as soon as it has light again when its <c>wait-to-restore-time</c> is 0 (a non-zero wait-to-restore is not timed
/// by the emulator: such a module stays where it is, as a non-revertive one). <c>hold-off-time</c> is not timed either
/// (the switch happens in the recompute that sees the loss of light). The active path is reported in
/// <c>state/active-path</c> (PRIMARY or SECONDARY).
/// </para>
/// </summary>
public sealed partial class DeviceEmulator
{
    /// <summary>The protection component of line interface <paramref name="interface"/>.</summary>
    public static string ProtectionComponent(int @interface) => $"APS-{@interface.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Which path an APS module currently connects to its common port (null when it is not configured).</summary>
    public string? ActivePath(string device, int @interface)
    {
        lock (_sync)
        {
            RecomputeIfDirty();
            if (!_devices.TryGetValue(device, out var d))
            {
                return null;
            }

            var module = Module(d, ProtectionComponent(@interface));
            return module is null ? null : Leaf(module, "state", "active-path");
        }
    }

    /// <summary>The configured force-to-port of an APS module (NONE, PRIMARY, SECONDARY; null when it is not configured).</summary>
    public string? ForcedPath(string device, int @interface)
    {
        lock (_sync)
        {
            return _devices.TryGetValue(device, out var d) && Module(d, ProtectionComponent(@interface)) is { } module
                ? Leaf(module, "config", "force-to-port") ?? "NONE"
                : null;
        }
    }

    /// <summary>
    /// What optical channel <paramref name="component"/> of a transponder receives at <paramref name="frequencyMhz"/>:
    /// through its protection switch when the interface's APS module is configured (recording the switch position in
    /// the module's state), else the first lit drop as for any unprotected channel.
    /// </summary>
    private List<Fiber>? ReceiveThroughSwitch(EmulatedDevice device, Transponder transponder, string component, long frequencyMhz)
    {
        if (!component.StartsWith("OCH-", StringComparison.Ordinal)
            || !int.TryParse(component.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var @interface)
            || Module(device, ProtectionComponent(@interface)) is not { } module)
        {
            return Receive(transponder, frequencyMhz);
        }

        var name = ProtectionComponent(@interface);
        var primary = Receive(transponder, frequencyMhz, addDropGroup: 1);
        var secondary = Receive(transponder, frequencyMhz, addDropGroup: 2);
        // The switch position lives in the module's own state (a non-revertive switch stays on the secondary path after the
        // primary recovers); a module configured afresh starts on the primary path.
        var onSecondary = Leaf(module, "state", "active-path") is { } active && active.EndsWith("SECONDARY", StringComparison.Ordinal);
        var revertive = Leaf(module, "config", "revertive") == "true";
        var waitToRestore = Leaf(module, "config", "wait-to-restore-time") is { } w ? long.Parse(w, CultureInfo.InvariantCulture) : 0;
        onSecondary = Leaf(module, "config", "force-to-port") switch
        {
            "PRIMARY" => false,
            "SECONDARY" => true,
            _ when !onSecondary => primary is null && secondary is not null,
            _ when revertive && waitToRestore == 0 && primary is not null => false,
            _ => !(secondary is null && primary is not null),
        };
        Put(device.Root, $"/aps/aps-modules/aps-module[name={name}]/state/active-path", JsonValue.Create(onSecondary ? Ids.TransportLineProtection.SECONDARY : Ids.TransportLineProtection.PRIMARY));
        return onSecondary ? secondary : primary;
    }

    private static DataNode? Module(EmulatedDevice device, string name)
    {
        foreach (var module in Entries(device.Root, "aps", "aps-modules", "aps-module"))
        {
            if (module.Keys.TryGetValue("name", out var key) && key == name && module.Children.ContainsKey("config"))
            {
                return module;
            }
        }

        return null;
    }
}
