using System.Runtime.CompilerServices;
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
/// Results are memoised per path, so the K candidates of a pair are evaluated once per topology version, and a new path
/// resumes after the longest run of first fibres it shares with a path evaluated before (exact: see
/// <see cref="QotEngine"/>'s resumable overload). Both memos live as long as the topology version.
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

    // Prefix memo: a trie over fibre indices whose node k holds, per signal group, the candidate's state where the
    // next fibre begins after that prefix, so a path that shares its first fibres with one evaluated before resumes there.
    private readonly Dictionary<FiberId, int> _fiberIndex = [];
    private readonly Dictionary<long, int> _trieChild = [];
    private readonly List<FiberBoundaryState[]> _trieStates = [[]];
    private readonly int[] _groupLeaders;
    private FiberBoundaryState[] _boundaries = new FiberBoundaryState[16];
    private long _footprint;

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

        _groupLeaders = [.. Enumerable.Range(0, _modes.Length).Where(i => _signalTwin[i] == i)];
        foreach (var fiber in network.Fibers)
        {
            _fiberIndex[fiber.Id] = _fiberIndex.Count;
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

    /// <summary>
    /// As the plain selection, among the requested channel's modes, and with a minimum OSNR only a mode whose estimated
    /// OSNR in 0.1 nm on the path (its GSNR, scaled as a required OSNR is) reaches it.
    /// </summary>
    public bool TrySelect(CompactGraph graph, ReadOnlySpan<int> path, double km, int bitRateGbps, in ChannelRequirement requirement, out ModeChoice choice)
    {
        var qot = Evaluate(graph, path);
        for (var i = 0; i < _modes.Length; i++)
        {
            if (_modes[i].LineRateGbps >= bitRateGbps && qot[i].Feasible && requirement.Admits(i, _slots[i]) &&
                (requirement.MinOsnrDb is not { } min || qot[i].Osnr01nmDb >= min))
            {
                choice = new ModeChoice(i, requirement.SlotsOf(_slots[i]));
                return true;
            }
        }

        choice = default;
        return false;
    }

    public ulong ModesNamed(string nameOrFormat) => ModeNames.Match(_descriptors, nameOrFormat);

    public ModeDescriptor Describe(int mode) => _descriptors[mode];

    /// <summary>
    /// An estimate of what the memos hold, bytes: keys, per-mode results and the prefix trie's states (what grows with
    /// the paths evaluated; the network and modes are fixed).
    /// </summary>
    public long FootprintBytes => _footprint;

    /// <summary>
    /// Forgets every memoised path and prefix (results handed out before stay valid: they are separate objects). The
    /// next evaluation of a path computes it again, bit for bit the same.
    /// </summary>
    public void ClearMemo()
    {
        _memo.Clear();
        _byEdges.Clear();
        _trieChild.Clear();
        _trieStates.Clear();
        _trieStates.Add([]);
        _footprint = 0;
    }

    // Rough per-entry costs for the footprint: a dictionary entry with its key and a result array of references to
    // per-mode records (each about 80 bytes with its strings).
    private long ResultBytes => 64 + (_modes.Length * 88L);

    /// <summary>QoT of every mode on a path of fibres (memoised).</summary>
    public ModeQot[] Evaluate(IReadOnlyList<FiberId> fibers)
    {
        var key = string.Join('|', fibers.Select(f => f.Value));
        if (_memo.TryGetValue(key, out var known))
        {
            return known;
        }

        var qotPath = QotPath.Build(_network, _equipment, fibers);
        var channel = EvaluateSignals(qotPath, fibers);
        var result = new ModeQot[_modes.Length];
        for (var i = 0; i < _modes.Length; i++)
        {
            var mode = _modes[i];
            var q = channel[_signalTwin[i]];
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
        _footprint += (2L * key.Length) + ResultBytes;
        return result;
    }

    /// <summary>
    /// The channel QoT of each signal group's leader on the path (indexed by mode; only leaders are filled), resuming
    /// every group from the longest prefix of fibres evaluated before and remembering the states where the later fibres
    /// begin. Equal bit for bit to a run from the transmitter (<see cref="QotEngine"/>'s resumable overload).
    /// </summary>
    private ChannelQot[] EvaluateSignals(QotPath path, IReadOnlyList<FiberId> fibers)
    {
        var count = fibers.Count;
        var node = 0;
        var resume = 0;
        for (var k = 0; k < count - 1 && _trieChild.TryGetValue(TrieKey(node, fibers[k]), out var child); k++)
        {
            node = child;
            resume = k + 1;
        }

        var groups = _groupLeaders.Length;
        if (_boundaries.Length < groups * count)
        {
            _boundaries = new FiberBoundaryState[Math.Max(groups * count, _boundaries.Length * 2)];
        }

        var channel = new ChannelQot[_modes.Length];
        for (var g = 0; g < groups; g++)
        {
            var leader = _groupLeaders[g];
            var from = resume > 0 ? _trieStates[node][g] : default;
            channel[leader] = _engine.EvaluateCandidate(path, _load, _centre, _modes[leader], resume, from, _boundaries.AsSpan(g * count, count));
        }

        // Remember the states after every longer prefix (the whole path needs none: nothing follows it).
        for (var k = resume; k < count - 1; k++)
        {
            var states = new FiberBoundaryState[groups];
            for (var g = 0; g < groups; g++)
            {
                states[g] = _boundaries[(g * count) + k + 1];
            }

            var child = _trieStates.Count;
            _trieStates.Add(states);
            _trieChild[TrieKey(node, fibers[k])] = child;
            _footprint += 64 + (groups * (long)Unsafe.SizeOf<FiberBoundaryState>());
            node = child;
        }

        return channel;
    }

    private long TrieKey(int node, FiberId fiber) => ((long)node << 32) | (uint)_fiberIndex[fiber];

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
        _footprint += 64 + (path.Length * sizeof(int));
        return qot;
    }
}
