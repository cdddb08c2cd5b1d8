using System.Collections.Immutable;
using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Requests;
using Continuum.Pce.Routing.Graph;
using Continuum.Pce.Routing.Rsa;
using Continuum.Pce.Routing.Spectrum;
using RoutingComputer = Continuum.Pce.Routing.Rsa.PathComputer;

namespace Continuum.Pce.Application.Paths;

/// <summary>
/// The path-computation port over the routing core. It keeps one frozen graph per topology version and a private
/// copy of the spectrum, refreshed from the caller's <see cref="ISpectrumView"/> whenever that view's version moves.
/// Alternatives for a request (so that a reservation that loses a race can retry) come from computing again with the
/// previous answers tentatively reserved in the private copy, then released. Computations are serialised: the routing
/// core's search contexts are reused, not shared, and one computation takes microseconds.
/// </summary>
/// <remarks>
/// Memory: the candidate caches (K paths per pair asked) and the QoT memos (per path evaluated) grow with the pairs in
/// use, towards n² on a large network. One budget, <see cref="MemoryBudgetBytes"/>, bounds them together: at the start
/// of a computation, when their footprint is over it, the larger of the two is emptied (then the other if still over),
/// and the pairs in use are computed again on demand, with the same answers.
/// </remarks>
public sealed class RoutingPathComputer(INetworkCatalog catalog) : IPathComputer
{
    /// <summary>The default memory budget of the candidate caches and QoT memos together: 512 MiB.</summary>
    public const long DefaultMemoryBudgetBytes = 512L << 20;

    private readonly Lock _gate = new();
    private State? _state;

    /// <summary>Bytes the candidate caches and QoT memos of the current topology version may hold together.</summary>
    public long MemoryBudgetBytes { get; init; } = DefaultMemoryBudgetBytes;

    /// <summary>Times the budget emptied a cache or the memos since this computer was made.</summary>
    public int Evictions { get; private set; }

    /// <summary>The candidate caches' and QoT memos' footprint now, bytes (0 before the first computation).</summary>
    public long FootprintBytes
    {
        get
        {
            lock (_gate)
            {
                return _state?.FootprintBytes ?? 0;
            }
        }
    }

    public PathComputation Compute(PathRequest request, ISpectrumView spectrum, int maxCandidates, IReadOnlyCollection<FiberId>? diverseFromFibers = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_gate)
        {
            var state = Current(spectrum);
            var modes = state.ModesFor(request.Source);
            var candidates = ImmutableArray.CreateBuilder<PathCandidate>();
            var tentative = new List<LightpathPlan>();
            Blocked? blocked = null;
            try
            {
                while (candidates.Count < Math.Max(1, maxCandidates))
                {
                    var outcome = state.Computer.Compute(request, modes, diverseFromFibers: diverseFromFibers);
                    if (outcome is RsaBlocked refused)
                    {
                        blocked ??= refused.Blocked.Reason == BlockReason.Qot ? state.ExplainQot(request, modes, refused.Blocked) : refused.Blocked;
                        break;
                    }

                    // A 1+1 request is one candidate carrying both legs (same mode and slots); the next alternative is
                    // computed with both tentatively taken.
                    var found = (RsaFound)outcome;
                    var candidate = ToCandidate(found.Working, modes);
                    candidates.Add(found.Protection is { } leg ? candidate with { Protection = ToCandidate(leg, modes) } : candidate);
                    if (!state.Computer.TryReserve(found.Working))
                    {
                        break;
                    }

                    tentative.Add(found.Working);
                    if (found.Protection is { } protection)
                    {
                        if (!state.Computer.TryReserve(protection))
                        {
                            break;
                        }

                        tentative.Add(protection);
                    }
                }
            }
            finally
            {
                foreach (var plan in tentative)
                {
                    state.Computer.Release(plan);
                }
            }

            return candidates.Count > 0 ? PathComputation.Found(candidates.ToImmutable()) : PathComputation.Refused(blocked ?? new Blocked(BlockReason.NoPath, "no candidate"));
        }
    }

    public PathComputation ComputeAlternatives(PathRequest request, ISpectrumView spectrum, int maxRoutes)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_gate)
        {
            var state = Current(spectrum);
            var modes = state.ModesFor(request.Source);
            var outcome = state.Computer.ComputeAlternatives(request, modes, Math.Max(1, maxRoutes));
            return outcome switch
            {
                RsaAlternatives alternatives => PathComputation.Found([.. alternatives.Plans.Select(p => ToCandidate(p, modes))]),
                RsaFound { Protection: { } protection } found => PathComputation.Found([ToCandidate(found.Working, modes), ToCandidate(protection, modes)]),
                RsaFound found => PathComputation.Found([ToCandidate(found.Working, modes)]),
                RsaBlocked { Blocked: var blocked } => PathComputation.Refused(blocked.Reason == BlockReason.Qot ? state.ExplainQot(request, modes, blocked) : blocked),
                _ => PathComputation.Refused(new Blocked(BlockReason.NoPath, "no candidate")),
            };
        }
    }

    /// <summary>The engine of the current topology version, its spectrum brought up to date with the view. Under the gate.</summary>
    private State Current(ISpectrumView spectrum)
    {
        var snapshot = catalog.Current ?? throw new InvalidOperationException("no topology is loaded");
        var state = _state is { } s && s.Version == snapshot.Version ? s : _state = new State(snapshot);
        Evictions += state.TrimToBudget(MemoryBudgetBytes);
        state.Refresh(spectrum);
        return state;
    }

    private static PathCandidate ToCandidate(LightpathPlan plan, QotModeFeasibility modes)
    {
        var qot = modes.Evaluate(plan.Fibers).FirstOrDefault(q => q.Mode.Id.Value == plan.Mode.Name);
        return new PathCandidate(
            plan.Nodes,
            plan.Fibers,
            plan.Slots,
            new ModeId(plan.Mode.Name),
            plan.Mode.Mode?.LineRateGbps ?? 0,
            plan.LatencyUs,
            plan.Km,
            qot?.GsnrDb,
            qot?.MarginDb,
            plan.Mode.Mode is { } m ? 2 * m.PowerW : null);
    }

    /// <summary>Everything derived from one topology version.</summary>
    private sealed class State
    {
        private readonly NetworkSnapshot _snapshot;
        private readonly Dictionary<TransceiverTypeId, QotModeFeasibility> _modes = [];
        private readonly Dictionary<NodeId, TransceiverTypeId> _transceiverAt = [];
        private readonly ulong[] _words;
        private readonly ulong[] _reverseWords;
        private readonly Dictionary<FiberId, FiberId> _reverse = [];
        private readonly List<FiberId> _changed = [];
        private readonly int[] _refreshedIn;
        private int _pass;
        private long _viewVersion = -1;

        public State(NetworkSnapshot snapshot)
        {
            _snapshot = snapshot;
            Version = snapshot.Version;
            Graph = CompactGraphBuilder.FromNetwork(snapshot.Network, snapshot.Equipment, snapshot.Version);
            Computer = new RoutingComputer(Graph, new SpectrumState(Graph, snapshot.Network.Grid));
            _words = new ulong[Computer.Spectrum.Words];
            _reverseWords = new ulong[Computer.Spectrum.Words];
            _refreshedIn = new int[Graph.EdgeCount];
            foreach (var f in snapshot.Network.Fibers)
            {
                if (f.Reverse is { } r)
                {
                    _reverse[f.Id] = r;
                }
            }

            foreach (var t in snapshot.Network.Transponders)
            {
                _transceiverAt.TryAdd(t.AttachedRoadm, t.Type);
            }
        }

        public long Version { get; }

        public CompactGraph Graph { get; }

        public RoutingComputer Computer { get; }

        public long FootprintBytes => QotBytes() + Computer.Engine.CandidateFootprintBytes;

        /// <summary>Empties the larger of candidate caches and QoT memos while both together are over budget; how many were emptied.</summary>
        public int TrimToBudget(long budget)
        {
            var emptied = 0;
            for (var round = 0; round < 2 && FootprintBytes > budget; round++)
            {
                var qot = QotBytes();
                var engine = Computer.Engine;
                if (engine.CandidateFootprintBytes >= qot)
                {
                    emptied += engine.TrimCandidates(Math.Max(0, budget - qot)) ? 1 : 0;
                }
                else
                {
                    foreach (var modes in _modes.Values)
                    {
                        modes.ClearMemo();
                    }

                    emptied++;
                }
            }

            return emptied;
        }

        private long QotBytes()
        {
            var total = 0L;
            foreach (var modes in _modes.Values)
            {
                total += modes.FootprintBytes;
            }

            return total;
        }

        /// <summary>QoT-checked modes of the transceiver type that serves the source ROADM (all modes of the library when none does).</summary>
        public QotModeFeasibility ModesFor(NodeId source)
        {
            var type = _transceiverAt.TryGetValue(source, out var t) ? t : new TransceiverTypeId("*");
            if (!_modes.TryGetValue(type, out var modes))
            {
                IEnumerable<TransceiverMode> all = _snapshot.Equipment.TryGetTransceiver(type, out var trx)
                    ? trx.Modes
                    : _snapshot.Equipment.Transceivers.SelectMany(x => x.Modes);
                modes = new QotModeFeasibility(_snapshot.Network, _snapshot.Equipment, all);
                _modes[type] = modes;
            }

            return modes;
        }

        /// <summary>Names the best mode's shortfall on the shortest candidate when every candidate failed on QoT.</summary>
        public Blocked ExplainQot(PathRequest request, QotModeFeasibility modes, Blocked blocked)
        {
            // A requested channel's refusal already names the mode, width and OSNR asked for.
            if (request.Constraints.RequestsChannel || !Graph.TryGetNode(request.Source, out var s) || !Graph.TryGetNode(request.Destination, out var d))
            {
                return blocked;
            }

            var cache = Computer.Engine.Candidates(RoutingComputer.MetricOf(request.Objective));
            var set = cache.Get(s, d, null);
            if (set.Count == 0)
            {
                return blocked;
            }

            var fibers = new List<FiberId>();
            foreach (var edge in cache.Edges(set.First))
            {
                fibers.Add(Graph.FiberIdOf(edge));
            }

            var closest = modes.Evaluate(fibers).Where(q => q.Mode.LineRateGbps >= request.BitRateGbps && !q.Feasible).MaxBy(q => q.MarginDb);
            return closest is null ? blocked : new Blocked(BlockReason.Qot, $"no mode reaches on the shortest candidate ({cache.Km(set.First):F0} km); closest: {closest.Rejection}");
        }

        public void Refresh(ISpectrumView view)
        {
            var version = view.Version;
            if (version == _viewVersion)
            {
                return;
            }

            // A fibre changes several times between two computations (hold, then release), and a change on a fibre
            // changes what its reverse offers too: each pair is read once per refresh.
            _pass++;
            _changed.Clear();
            if (_viewVersion >= 0 && view.TryGetChangesSince(_viewVersion, _changed))
            {
                foreach (var id in _changed)
                {
                    RefreshPair(view, id);
                }
            }
            else
            {
                for (var edge = 0; edge < Graph.EdgeCount; edge++)
                {
                    RefreshPair(view, Graph.FiberIdOf(edge));
                }
            }

            // Changes that land while we read are picked up next time: the view is advisory, the fibres decide.
            _viewVersion = version;
        }

        /// <summary>
        /// An edge offers the slots free on its fibre and on the fibre's reverse (lightpaths are bidirectional), so a
        /// fibre and its reverse offer the same: one read of the two fibres sets both edges.
        /// </summary>
        private void RefreshPair(ISpectrumView view, FiberId id)
        {
            var hasEdge = Graph.TryGetEdge(id, out var edge);
            if (hasEdge && _refreshedIn[edge] == _pass)
            {
                return;
            }

            view.CopyOccupancy(id, _words);
            var down = !view.IsUp(id);
            var hasReverse = _reverse.TryGetValue(id, out var reverse);
            if (hasReverse)
            {
                view.CopyOccupancy(reverse, _reverseWords);
                for (var i = 0; i < _words.Length; i++)
                {
                    _words[i] |= _reverseWords[i];
                }

                down |= !view.IsUp(reverse);
            }

            if (hasEdge)
            {
                Computer.Spectrum.SetOccupancy(edge, _words, down);
                _refreshedIn[edge] = _pass;
            }

            if (hasReverse && Graph.TryGetEdge(reverse, out var reverseEdge) && _refreshedIn[reverseEdge] != _pass)
            {
                if (_reverse.TryGetValue(reverse, out var back) && back == id)
                {
                    Computer.Spectrum.SetOccupancy(reverseEdge, _words, down);
                    _refreshedIn[reverseEdge] = _pass;
                }
                else
                {
                    // An unpaired reverse (its own reverse is another fibre): read it on its own.
                    RefreshPair(view, reverse);
                }
            }
        }
    }
}
