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
/// Switching, per module (<see cref="ProtectionSwitch"/>): <c>force-to-port</c> PRIMARY or SECONDARY holds the switch there
/// whatever the light; NONE switches away from the active path once it has been dark for <c>hold-off-time</c> (ms) while
/// the other one has light; a <c>revertive</c> module on the secondary path returns to the primary once the primary has
/// had light for <c>wait-to-restore-time</c> (ms) without interruption. Both timers run on the emulator's clock: a
/// recompute is scheduled for the moment one expires, so the switch happens (and is streamed) then, not at the next
/// unrelated event. The active path is reported in <c>state/active-path</c> (PRIMARY or SECONDARY).
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
            || !int.TryParse(component.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var @interface))
        {
            return Receive(transponder, frequencyMhz);
        }

        var name = ProtectionComponent(@interface);
        var key = (device.Node.Id.Value, name);
        if (Module(device, name) is not { } module)
        {
            _switchPositions.Remove(key);
            return Receive(transponder, frequencyMhz);
        }

        var primary = Receive(transponder, frequencyMhz, addDropGroup: 1);
        var secondary = Receive(transponder, frequencyMhz, addDropGroup: 2);
        // The switch position is the card's, not the configuration's: a non-revertive switch stays on the secondary path
        // after the primary recovers, and a config replace of the module (a manual switch set or cleared) does not move
        // it; a module configured afresh (none at the previous recompute) starts on the primary path.
        var onSecondary = _switchPositions.TryGetValue(key, out var position) ? position
            : Leaf(module, "state", "active-path") is { } active && active.EndsWith("SECONDARY", StringComparison.Ordinal);
        var timers = new ProtectionTimers(
            Leaf(module, "config", "revertive") == "true",
            Milliseconds(Leaf(module, "config", "hold-off-time")),
            Milliseconds(Leaf(module, "config", "wait-to-restore-time")));
        var clocks = _switchClocks.TryGetValue(key, out var known) ? known : default;
        var nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var decision = ProtectionSwitch.Decide(Leaf(module, "config", "force-to-port"), onSecondary, primary is not null, secondary is not null, timers, clocks, nowMs);
        onSecondary = decision.OnSecondary;
        if (decision.Clocks == default)
        {
            _switchClocks.Remove(key);
        }
        else
        {
            _switchClocks[key] = decision.Clocks;
        }

        if (decision.WakeAtMs is { } wake)
        {
            WakeAt(wake, nowMs);
        }

        _switchPositions[key] = onSecondary;
        Put(device.Root, $"/aps/aps-modules/aps-module[name={name}]/state/active-path", JsonValue.Create(onSecondary ? Ids.TransportLineProtection.SECONDARY : Ids.TransportLineProtection.PRIMARY));
        return onSecondary ? secondary : primary;
    }

    // Per (device, APS module): where the switch stands (true: the secondary path), kept across config replaces.
    private readonly Dictionary<(string Device, string Module), bool> _switchPositions = [];

    // Per (device, APS module): since when the switch has been waiting on its hold-off or wait-to-restore timer.
    private readonly Dictionary<(string Device, string Module), SwitchClocks> _switchClocks = [];
    private ITimer? _switchWake;
    private long _switchWakeAtMs = long.MaxValue;

    /// <summary>Under the lock, after a Set: the positions of switches whose module is no longer configured are forgotten (a new one starts on the primary).</summary>
    private void ForgetRemovedSwitches(EmulatedDevice device)
    {
        foreach (var key in _switchPositions.Keys.Where(k => k.Device == device.Node.Id.Value && Module(device, k.Module) is null).ToList())
        {
            _switchPositions.Remove(key);
            _switchClocks.Remove(key);
        }
    }

    private static long Milliseconds(string? leaf) =>
        leaf is not null && long.TryParse(leaf, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? ms : 0;

    /// <summary>Under the lock: a recompute at <paramref name="atMs"/> (the earliest of the pending switch timers).</summary>
    private void WakeAt(long atMs, long nowMs)
    {
        if (_switchWake is not null && _switchWakeAtMs <= atMs && _switchWakeAtMs > nowMs)
        {
            return;
        }

        _switchWake?.Dispose();
        _switchWakeAtMs = atMs;
        _switchWake = _time.CreateTimer(
            _ =>
            {
                lock (_sync)
                {
                    _switchWake = null;
                    _switchWakeAtMs = long.MaxValue;
                    MarkDirty();
                }
            },
            null,
            TimeSpan.FromMilliseconds(Math.Max(0, atMs - nowMs)),
            Timeout.InfiniteTimeSpan);
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

/// <summary>An APS module's settings that time its switch (openconfig-transport-line-protection config).</summary>
public readonly record struct ProtectionTimers(bool Revertive, long HoldOffMs, long WaitToRestoreMs);

/// <summary>Since when (ms) the active path has been dark with the other lit, and since when the primary has had light again while on the secondary.</summary>
public readonly record struct SwitchClocks(long? DarkSinceMs, long? PrimaryBackSinceMs);

/// <summary>The switch position decided, the clocks to keep, and when to decide again (a timer that will expire).</summary>
public readonly record struct SwitchDecision(bool OnSecondary, SwitchClocks Clocks, long? WakeAtMs);

/// <summary>
/// The switching rule of a 1+1 line protection module as a pure function of its inputs (ITU-T G.808.1 terms): a signal
/// failure of the active path switches to the other path if it has light, once the failure has lasted the hold-off time;
/// a revertive module returns to the primary once the primary has been clear for the wait-to-restore time (a failure of
/// the secondary meanwhile switches back at once, through the first rule); a forced position overrides both.
/// </summary>
public static class ProtectionSwitch
{
    public static SwitchDecision Decide(string? force, bool onSecondary, bool primaryLit, bool secondaryLit, ProtectionTimers timers, SwitchClocks clocks, long nowMs)
    {
        switch (force)
        {
            case "PRIMARY":
                return new SwitchDecision(false, default, null);
            case "SECONDARY":
                return new SwitchDecision(true, default, null);
        }

        long? wake = null;
        var activeLit = onSecondary ? secondaryLit : primaryLit;
        var otherLit = onSecondary ? primaryLit : secondaryLit;
        var darkSince = clocks.DarkSinceMs;
        var backSince = clocks.PrimaryBackSinceMs;
        if (!activeLit && otherLit)
        {
            darkSince ??= nowMs;
            if (nowMs - darkSince.Value >= timers.HoldOffMs)
            {
                onSecondary = !onSecondary;
                darkSince = null;
                backSince = null;
            }
            else
            {
                wake = darkSince.Value + timers.HoldOffMs;
            }
        }
        else
        {
            darkSince = null;
        }

        if (onSecondary && timers.Revertive && primaryLit && darkSince is null)
        {
            backSince ??= nowMs;
            if (nowMs - backSince.Value >= timers.WaitToRestoreMs)
            {
                onSecondary = false;
                backSince = null;
            }
            else
            {
                var due = backSince.Value + timers.WaitToRestoreMs;
                wake = wake is { } w ? Math.Min(w, due) : due;
            }
        }
        else
        {
            backSince = null;
        }

        return new SwitchDecision(onSecondary, new SwitchClocks(darkSince, backSince), wake);
    }
}
