using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Units;
using Continuum.Pce.Physics;
using Continuum.Pce.Routing.Graph;
using Continuum.Pce.Routing.Rsa;

namespace Continuum.Pce.Application.Paths;

/// <summary>The quality of transmission the physics engine found for a mode on a path.</summary>
public sealed record ModeQot(TransceiverMode Mode, double GsnrDb, double Osnr01nmDb, double MarginDb, bool Feasible, string? Rejection);

/// <summary>
/// Mode feasibility by quality of transmission, plugged into the routing core's RSA through its
/// <see cref="IModeFeasibility"/> port (Routing never references Physics). For a candidate path it evaluates the
/// GN-model GSNR of a channel at the centre of the band under full load of the grid (the planning worst case, as GNPy
/// plans), and picks, among modes whose line rate covers the request, the one using the fewest slots (then the highest
/// rate) whose OSNR in 0.1 nm minus the required OSNR is at least the system margin, with CD and PMD in tolerance.
/// Results are memoised per path, so the K candidates of a pair are evaluated once per topology version.
/// </summary>
public sealed class QotModeFeasibility : IModeFeasibility
{
    private readonly OpticalNetwork _network;
    private readonly EquipmentLibrary _equipment;
    private readonly TransceiverMode[] _modes;
    private readonly int[] _slots;
    private readonly ModeDescriptor[] _descriptors;
    private readonly int[] _signalTwin;
    private readonly double _marginDb;
    private readonly QotEngine _engine = new();
    private readonly ChannelLoad _load;
    private readonly Frequency _centre;
    private readonly Dictionary<string, ModeQot[]> _memo = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, (int[] Edges, ModeQot[] Qot)> _byEdges = [];
    private readonly List<FiberId> _fibers = [];

    public QotModeFeasibility(OpticalNetwork network, EquipmentLibrary equipment, IEnumerable<TransceiverMode> modes, double systemMarginDb = ModeSelector.DefaultSystemMarginDb)
    {
        _network = network;
        _equipment = equipment;
        _marginDb = systemMarginDb;
        // The narrowest channel first; at equal width the lowest line rate that carries the demand (TrySelect skips the
        // ones that do not), which has the most margin and draws the least power; then the lower power.
        _modes = [.. modes.OrderBy(m => network.Grid.SlotsFor(m.ChannelWidthMhz)).ThenBy(m => m.LineRateGbps).ThenBy(m => m.PowerW).ThenBy(m => m.Id.Value, StringComparer.Ordinal)];
        _slots = [.. _modes.Select(m => network.Grid.SlotsFor(m.ChannelWidthMhz))];
        _descriptors = [.. _modes.Select(m => new ModeDescriptor(m.Id.Value, m.Format, m.BitsPerSymbol, m.ReachKm, m))];
        _signalTwin = new int[_modes.Length];
        for (var i = 0; i < _modes.Length; i++)
        {
            _signalTwin[i] = Array.FindIndex(_modes, 0, i + 1, m => SameSignal(m, _modes[i]));
        }

        _load = ChannelLoad.Full(network.Grid, 50, 32);
        _centre = network.Grid.RangeCentre(new Domain.Spectrum.SlotRange(0, network.Grid.SlotCount));
    }

    /// <summary>
    /// Two modes whose signal the physics engine cannot tell apart (symbol rate, roll-off, transmitter OSNR and
    /// latency: everything <see cref="QotEngine.EvaluateCandidate"/> reads of a mode) have the same channel QoT on a
    /// path, so it is computed once for both; only the required OSNR and tolerances they are held to differ.
    /// </summary>
    private static bool SameSignal(TransceiverMode a, TransceiverMode b) =>
        a.BaudRateGbaud == b.BaudRateGbaud && a.RollOff == b.RollOff && a.TxOsnrDb == b.TxOsnrDb && a.LatencyUs == b.LatencyUs;

    public bool TrySelect(CompactGraph graph, ReadOnlySpan<int> path, double km, int bitRateGbps, out ModeChoice choice)
    {
        var qot = Evaluate(graph, path);
        for (var i = 0; i < _modes.Length; i++)
        {
            if (_modes[i].LineRateGbps >= bitRateGbps && qot[i].Feasible)
            {
                choice = new ModeChoice(i, _slots[i]);
                return true;
            }
        }

        choice = default;
        return false;
    }

    public ModeDescriptor Describe(int mode) => _descriptors[mode];

    /// <summary>QoT of every mode on a path of fibres (memoised).</summary>
    public ModeQot[] Evaluate(IReadOnlyList<FiberId> fibers)
    {
        var key = string.Join('|', fibers.Select(f => f.Value));
        if (_memo.TryGetValue(key, out var known))
        {
            return known;
        }

        var qotPath = QotPath.Build(_network, _equipment, fibers);
        var result = new ModeQot[_modes.Length];
        var channel = new ChannelQot[_modes.Length];
        for (var i = 0; i < _modes.Length; i++)
        {
            var mode = _modes[i];
            var twin = _signalTwin[i];
            var q = channel[i] = twin < i ? channel[twin] : _engine.EvaluateCandidate(qotPath, _load, _centre, mode);
            var margin = q.Gsnr01nmDb - mode.RequiredOsnrDb;
            string? rejection = null;
            if (margin < _marginDb)
            {
                rejection = FormattableString.Invariant($"{mode.Id}: OSNR {q.Gsnr01nmDb:F1} dB (0.1 nm) is {(_marginDb - margin):F1} dB short of {mode.RequiredOsnrDb:F1} dB + {_marginDb:F1} dB margin");
            }
            else if (q.CdPsPerNm > mode.CdTolerancePsPerNm)
            {
                rejection = FormattableString.Invariant($"{mode.Id}: CD {q.CdPsPerNm:F0} ps/nm beyond {mode.CdTolerancePsPerNm:F0}");
            }
            else if (q.PmdPs > mode.PmdTolerancePs)
            {
                rejection = FormattableString.Invariant($"{mode.Id}: PMD {q.PmdPs:F1} ps beyond {mode.PmdTolerancePs:F1}");
            }

            result[i] = new ModeQot(mode, q.GsnrDb, q.Gsnr01nmDb, margin, rejection is null, rejection);
        }

        _memo[key] = result;
        return result;
    }

    /// <summary>
    /// Called from inside the routing core for every candidate: a warm lookup hashes the edge ids and compares them,
    /// allocating nothing; only a path seen for the first time builds its fibre list and runs the GN model.
    /// </summary>
    private ModeQot[] Evaluate(CompactGraph graph, ReadOnlySpan<int> path)
    {
        var hash = 14695981039346656037UL;
        foreach (var edge in path)
        {
            hash = (hash ^ (uint)edge) * 1099511628211UL;
        }

        if (_byEdges.TryGetValue(hash, out var known) && path.SequenceEqual(known.Edges))
        {
            return known.Qot;
        }

        _fibers.Clear();
        foreach (var edge in path)
        {
            _fibers.Add(graph.FiberIdOf(edge));
        }

        var qot = Evaluate(_fibers);
        _byEdges[hash] = (path.ToArray(), qot);
        return qot;
    }
}
