using System.Reflection;
using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Units;
using Continuum.Pce.Physics;
using Continuum.Pce.Topology.IO;

namespace Continuum.Pce.DeviceEmulator;

/// <summary>A carrier lit on a fibre, as the emulator sees it: its frequency and the operational mode its receiver is set to.</summary>
public readonly record struct EmulatedCarrier(long FrequencyMhz, ushort? OperationalMode);

/// <summary>What the emulator knows about a lit channel when it reports its OSNR: the receiving transponder, the
/// carrier, the launch power and the fibres the light crossed from transmitter to receiver, in order.</summary>
public sealed record ChannelQualityInput(string Transponder, long FrequencyMhz, double LaunchPowerDbm, IReadOnlyList<Fiber> Fibers)
{
    /// <summary>The operational-mode id configured on the receiving optical channel, if any.</summary>
    public ushort? OperationalMode { get; init; }

    /// <summary>
    /// Every carrier lit on each fibre of <see cref="Fibers"/> (same order), the channel itself included: the load that
    /// sets its nonlinear interference.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<EmulatedCarrier>> LoadByFiber { get; init; } = [];
}

/// <summary>The source of a lit channel's OSNR (dB in 0.1 nm).</summary>
public interface IChannelQualityModel
{
    double OsnrDb(ChannelQualityInput input);
}

/// <summary>
/// The emulator's default: the physics engine (Continuum.Pce.Physics, the GN-model QoT the path computer plans with) on
/// the path the light actually took and the load actually lit. The OSNR a transponder reports is the engine's GSNR
/// referred to 0.1 nm: OSNR_0.1nm = GSNR_Rs + 10·log10(R_s / 12.5 GHz), R_s the symbol rate of the receiver's mode
/// (ASE, nonlinear interference, transmitter and ROADM add/drop terms all count, as a coherent receiver's OSNR estimate
/// from its measured SNR does). That is the figure planning compares with the mode's required OSNR, so a measured value
/// and a planned one are comparable. The mode comes from the optical channel's operational-mode id (the id of
/// each library mode by <see cref="OperationalModes"/>); an unknown id falls back to the first mode of the transponder's transceiver type. Interferers
/// take the symbol rate of their own receiver's mode. The launch power into every fibre is the source ROADM's
/// equalisation target for that degree, and the amplifiers follow the design rules (p_max power reduction, input pad
/// below the minimum gain) of <see cref="QotPath.Build"/>, as in planning.
/// </summary>
public sealed class PhysicsChannelQualityModel : IChannelQualityModel
{
    private readonly OpticalNetwork _network;
    private readonly EquipmentLibrary _equipment;
    private readonly Dictionary<ushort, TransceiverMode> _modes = [];
    private readonly Dictionary<string, QotPath> _paths = new(StringComparer.Ordinal);
    private readonly QotEngine _engine = new();
    private readonly Lock _lock = new();

    public PhysicsChannelQualityModel(OpticalNetwork network, EquipmentLibrary equipment)
    {
        ArgumentNullException.ThrowIfNull(equipment);
        _network = network;
        _equipment = equipment;
        foreach (var mode in equipment.Transceivers.SelectMany(t => t.Modes))
        {
            _modes.TryAdd(OperationalModes.IdOf(mode.Id), mode);
        }
    }

    /// <summary>The equipment library shipped with the repository (topologies/equipment/default.json), embedded.</summary>
    public static EquipmentLibrary DefaultEquipment => LazyDefault.Value;

    private static readonly Lazy<EquipmentLibrary> LazyDefault = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Continuum.Pce.DeviceEmulator.default-equipment.json")
            ?? throw new InvalidOperationException("the default equipment library is not embedded");
        using var reader = new StreamReader(stream);
        var read = TopologyReader.ReadEquipment(reader.ReadToEnd(), "default-equipment.json");
        return read.Value ?? throw new InvalidOperationException("the embedded equipment library is invalid: " + string.Join("; ", read.Errors));
    });

    /// <summary>Whether the library describes every ROADM, amplifier and fibre type the network uses (so paths can be built).</summary>
    public static bool Covers(OpticalNetwork network, EquipmentLibrary equipment) =>
        network.Roadms.All(r => equipment.TryGetRoadmType(r.Type, out _))
        && network.Fibers.SelectMany(f => f.Spans).All(s => equipment.TryGetFiberType(s.FiberType, out _) && (s.Amplifier is null || equipment.TryGetAmplifier(s.Amplifier.Type, out _)))
        && equipment.Transceivers.Any(t => t.Modes.Length > 0);

    public double OsnrDb(ChannelQualityInput input) => Evaluate(input).Gsnr01nmDb;

    /// <summary>The full QoT of the channel (GSNR and OSNR in signal bandwidth and 0.1 nm, CD, PMD, latency).</summary>
    public ChannelQot Evaluate(ChannelQualityInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var mode = ModeOf(input.Transponder, input.OperationalMode);
        var load = new List<IReadOnlyList<LitChannel>>(input.LoadByFiber.Count);
        foreach (var carriers in input.LoadByFiber)
        {
            load.Add([.. carriers.Select(c => new LitChannel(new Frequency(c.FrequencyMhz), (ModeFor(c.OperationalMode) ?? mode).BaudRateGbaud))]);
        }

        lock (_lock)
        {
            return _engine.EvaluateCandidate(PathOf(input.Fibers), ChannelLoad.PerFiber(load), new Frequency(input.FrequencyMhz), mode);
        }
    }

    /// <summary>The library mode behind an operational-mode id, else the first mode of the transponder's transceiver type.</summary>
    public TransceiverMode ModeOf(string transponder, ushort? operationalMode)
    {
        if (ModeFor(operationalMode) is { } known)
        {
            return known;
        }

        if (_network.TryGetNode(new NodeId(transponder), out var node) && node is Transponder t && _equipment.TryGetTransceiver(t.Type, out var type) && type.Modes.Length > 0)
        {
            return type.Modes[0];
        }

        return _equipment.Transceivers.SelectMany(x => x.Modes).First();
    }

    private TransceiverMode? ModeFor(ushort? operationalMode) => operationalMode is { } id && _modes.TryGetValue(id, out var mode) ? mode : null;

    private QotPath PathOf(IReadOnlyList<Fiber> fibers)
    {
        var key = string.Join('|', fibers.Select(f => f.Id.Value));
        lock (_lock)
        {
            if (!_paths.TryGetValue(key, out var path))
            {
                path = QotPath.Build(_network, _equipment, [.. fibers.Select(f => f.Id)]);
                _paths[key] = path;
            }

            return path;
        }
    }
}

/// <summary>
/// The textbook linear-ASE estimate OSNR ≈ 58 + P_ch − NF − L_span − 10·log10(N_spans) (dBm, dB; 0.1 nm reference
/// bandwidth) with NF = 5.5 dB and 0.22 dB/km fibre, ignoring nonlinear interference, ROADM filtering and add/drop noise.
/// Only for networks whose equipment the library does not describe (the physics model cannot build their path).
/// </summary>
public sealed class PlaceholderChannelQualityModel : IChannelQualityModel
{
    public double OsnrDb(ChannelQualityInput input)
    {
        var spans = Math.Max(1, input.Fibers.Sum(f => f.Spans.Length));
        var lengthKm = input.Fibers.Sum(f => f.LengthKm);
        var averageSpanLossDb = 0.22 * lengthKm / spans;
        var osnr = 58 + input.LaunchPowerDbm - 5.5 - averageSpanLossDb - 10 * Math.Log10(spans);
        return Math.Clamp(osnr, 0, 40);
    }
}
