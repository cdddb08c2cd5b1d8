using Continuum.Pce.Domain.Network;
using Grpc.Core;

namespace Continuum.Pce.DeviceEmulator;

/// <summary>What a device emulates.</summary>
public enum DeviceKind
{
    Transponder,
    Roadm,
    Amplifier,
}

/// <summary>One emulated device: its OpenConfig tree and its fault-injection state. Guarded by the emulator's lock.</summary>
public sealed class EmulatedDevice
{
    internal EmulatedDevice(OpticalNode node, DeviceKind kind, DataNode root)
    {
        Node = node;
        Kind = kind;
        Root = root;
    }

    /// <summary>The gNMI target name: the node id.</summary>
    public string Name => Node.Id.Value;

    public OpticalNode Node { get; internal set; }

    public DeviceKind Kind { get; }

    internal DataNode Root { get; set; }

    /// <summary>The root whose config was last mirrored into state (telemetry's recompute skips an unchanged one).</summary>
    internal DataNode? MirroredRoot { get; set; }

    /// <summary>What an amplifier's telemetry was last computed from: its tree and whether its fibre carries light.</summary>
    internal (DataNode Root, bool Signal)? AmplifierInputs { get; set; }

    internal (StatusCode Code, string Message)? RejectNextSet { get; set; }

    /// <summary>Set while the device is stalled; read without the emulator's lock.</summary>
    internal TaskCompletionSource? StallGate;

    internal TaskCompletionSource? Stall
    {
        get => Volatile.Read(ref StallGate);
        set => Volatile.Write(ref StallGate, value);
    }

    internal CancellationTokenSource Streams { get; set; } = new();

    /// <summary>
    /// Set while the device is unreachable (fault injection: a lost management network or a crashed agent): every RPC
    /// naming it answers UNAVAILABLE. Its configuration is kept, as a device keeps its running configuration.
    /// </summary>
    public bool Unreachable { get; internal set; }

    /// <summary>
    /// Restarted and not yet answered: the first RPC after a restart is refused UNAVAILABLE, as a rebooting device refuses
    /// connections, so a client that had no stream open to see dropped still learns of the restart and shakes hands again.
    /// </summary>
    public bool Restarting { get; internal set; }

    /// <summary>Successful Sets applied (for tests and the control API).</summary>
    public int SetCount { get; internal set; }

    /// <summary>Get requests answered, successfully or not (for tests that count reads).</summary>
    public int GetCount { get; internal set; }
}
