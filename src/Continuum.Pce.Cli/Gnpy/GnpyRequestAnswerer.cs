using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Units;
using Continuum.Pce.Physics.Line;
using Continuum.Pce.Topology.IO.Gnpy;

namespace Continuum.Pce.Cli.Gnpy;

/// <summary>
/// Answers GNPy path requests as GNPy's path-request tool does: the network is designed once at the SI's reference
/// power (missing amplifiers added, gains and models set), or again before every request at the request's power with
/// <see cref="RedesignPerRequest"/>; each request is routed through its explicit hops as GNPy's
/// <c>compute_constrained_path</c> does (a hop that is not in the network is skipped with a warning when loose and
/// blocks the request when strict; the route is the shortest simple path crossing the hops in order; when none does,
/// loose hops are all dropped with a warning and a strict one blocks with NO_PATH_WITH_CONSTRAINT), then its mode (or,
/// with none requested, every mode of the transceiver from the highest bit rate down, skipping modes whose min_spacing
/// exceeds the request's spacing) is propagated as a full comb at the request's spacing and power, and accepted when
/// the worst channel's GSNR (0.1 nm) clears the mode's OSNR plus the system margin and the CD and PMD stay within the
/// mode's tolerances. A bidirectional request needs the reverse direction feasible too. An accepted request then takes
/// spectrum as GNPy's <c>pth_assign_spectrum</c> does, on every fibre of its route (and of the reverse route), after
/// the requests answered before it: ceil(path_bandwidth / bit rate) channels of ceil(spacing / 12.5 GHz) × 12.5 GHz
/// side by side, by first fit over the 6.25 GHz slots n(f_min) … n(f_max) (n(f) = trunc((f − 193.1 THz) / 6.25 GHz)),
/// or exactly at a requested N/M (<c>effective-freq-slot</c>); none free is NO_SPECTRUM, a requested M too narrow for
/// the bandwidth NOT_ENOUGH_RESERVED_SPECTRUM. Requests of a synchronization group are routed together as GNPy's
/// <c>compute_path_dsjctn</c> does: up to <see cref="DisjointCandidates"/> shortest simple paths per request, and the
/// first combination, in GNPy's order, whose paths share no link in either direction (and, for node disjointness, no
/// intermediate ROADM) and that honours the requests' explicit hops.
/// </summary>
public sealed class GnpyRequestAnswerer
{
    private const double SlotHz = 6.25e9;
    private const double ReferenceFrequencyHz = 193.1e12;

    private readonly GnpyEquipment _equipment;
    private readonly LineNetwork _network;
    private readonly LineDesigner _designer;
    private readonly int _designChannels;
    private readonly Dictionary<LineFiber, bool[]> _occupied = [];
    private readonly List<string> _warnings = [];
    private readonly int _nMin;
    private readonly int _slotCount;

    private GnpyRequestAnswerer(GnpyEquipment equipment, LineNetwork network, LineDesigner designer, int designChannels)
    {
        _equipment = equipment;
        _network = network;
        _designer = designer;
        _designChannels = designChannels;
        var si = equipment.SpectralInformation;

        // GNPy's Bitmap: a slot n covers [193.1 THz + n·6.25 GHz, + 6.25 GHz); a channel's slots must lie within
        // n(f_min) … n(f_max), n(f) truncated towards zero as Python's int() does (the 150 GHz guard bands GNPy adds on
        // either side of the bitmap are never assignable).
        _nMin = FrequencyToN(si.FMinHz);
        _slotCount = FrequencyToN(si.FMaxHz) - _nMin + 1;
    }

    /// <summary>Design the network again before each request at that request's power (GNPy's --redesign-per-request).</summary>
    public bool RedesignPerRequest { get; init; }

    /// <summary>
    /// Candidate paths per request of a synchronization group (GNPy takes every simple path up to 80 elements; the k
    /// shortest are what its first combination is made of on any network of realistic size).
    /// </summary>
    public int DisjointCandidates { get; init; } = 24;

    /// <summary>What GNPy prints as warnings while answering: loose hops skipped or ignored, relaxed disjointness.</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>Builds and designs the network (throws <see cref="GnpyFormatException"/> or <see cref="LineDesignException"/>).</summary>
    public static GnpyRequestAnswerer Design(GnpyTopology topology, GnpyEquipment equipment, bool redesignPerRequest = false) =>
        Design(topology, equipment, out _, redesignPerRequest);

    /// <summary>As <see cref="Design(GnpyTopology, GnpyEquipment, bool)"/>, also giving the designed network (for --save-network).</summary>
    public static GnpyRequestAnswerer Design(GnpyTopology topology, GnpyEquipment equipment, out LineNetwork designed, bool redesignPerRequest = false)
    {
        var (network, designer) = GnpyLine.Build(topology, equipment);
        designer.AddMissingElements(network);
        var si = equipment.SpectralInformation;
        var channels = Math.Min(LineDesigner.ChannelCount(si.FMinHz, si.FMaxHz, si.SpacingHz), LineDesigner.ChannelCount(191.0e12, 196.2e12, si.SpacingHz));
        designer.Design(network, si.PowerDbm, channels);
        designed = network;
        return new GnpyRequestAnswerer(equipment, network, designer, channels) { RedesignPerRequest = redesignPerRequest };
    }

    private static int FrequencyToN(double hz) => (int)((hz - ReferenceFrequencyHz) / SlotHz);

    /// <summary>Answers a service file's requests in order, the requests of its synchronization groups routed disjoint.</summary>
    public IReadOnlyList<GnpyPathResult> AnswerAll(GnpyServiceFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var routes = new Dictionary<string, List<LineElement>>(StringComparer.Ordinal);
        var refused = new Dictionary<string, GnpyNoPath>(StringComparer.Ordinal);
        var byId = new Dictionary<string, GnpyPathRequest>(StringComparer.Ordinal);
        foreach (var request in file.Requests)
        {
            byId.TryAdd(request.RequestId, request);
        }

        foreach (var group in file.Synchronization)
        {
            RouteDisjoint(group, byId, routes, refused);
        }

        var results = new List<GnpyPathResult>(file.Requests.Count);
        foreach (var request in file.Requests)
        {
            results.Add(refused.TryGetValue(request.RequestId, out var noPath)
                ? noPath
                : Answer(request, routes.GetValueOrDefault(request.RequestId)));
        }

        return results;
    }

    /// <summary>One candidate path of a disjoint request: its links (OMS ids) forward and of its reverse, its intermediate ROADMs.</summary>
    private sealed record Candidate(List<LineElement> Path, HashSet<int> Forward, HashSet<int> Reverse, HashSet<LineElement> Roadms, HashSet<LineElement> InnerRoadms, bool HonoursHops);

    /// <summary>
    /// GNPy's <c>compute_path_dsjctn</c> for one group: candidates per request, shortest first; the combinations are
    /// ordered by the last request's candidate, then the one before, ... (the order GNPy builds its list in), and the
    /// first that is disjoint and honours every request's explicit hops is taken; failing that, the first that is
    /// disjoint and misses only loose hops. Requests already routed by an earlier group keep their route.
    /// </summary>
    private void RouteDisjoint(GnpySynchronization group, Dictionary<string, GnpyPathRequest> byId, Dictionary<string, List<LineElement>> routes, Dictionary<string, GnpyNoPath> refused)
    {
        var members = group.RequestIds.Where(byId.ContainsKey).Distinct().Select(id => byId[id]).ToList();
        var oms = Oms();
        var candidates = new List<List<Candidate>>();
        foreach (var request in members)
        {
            if (refused.ContainsKey(request.RequestId))
            {
                return;
            }

            var hops = ResolveHops(request.RequestId, request.Source, request.Destination, request.ExplicitRoute, request.LooseHops, out var noHop);
            if (noHop is not null)
            {
                refused[request.RequestId] = noHop;
                return;
            }

            IEnumerable<List<LineElement>> paths = routes.TryGetValue(request.RequestId, out var fixedRoute)
                ? [fixedRoute]
                : _network.TryGet(request.Source, out var source) && _network.TryGet(request.Destination, out var destination)
                    ? CandidatePaths(source, destination, hops)
                    : [];
            candidates.Add([.. paths.Select(p => Describe(p, hops, oms))]);
        }

        var strict = members.Select(r => r.ExplicitRoute.Count > 0 && !AllLoose(r)).ToList();
        var chosen = new Candidate[members.Count];
        var found = Search(members.Count - 1, requireHops: true) || Search(members.Count - 1, requireHops: false);
        if (found)
        {
            for (var j = 0; j < members.Count; j++)
            {
                routes[members[j].RequestId] = chosen[j].Path;
            }

            return;
        }

        var names = string.Join(", ", members.Select(r => r.RequestId));
        if (group.Relaxable)
        {
            _warnings.Add($"synchronization '{group.Id}': no {Kind(group.Disjointness)}-disjoint combination of the {DisjointCandidates} shortest paths of requests {names}; relaxable, routed without it");
            return;
        }

        foreach (var request in members)
        {
            refused[request.RequestId] = new GnpyNoPath(
                request.RequestId,
                "NO_PATH",
                $"synchronization '{group.Id}': no {Kind(group.Disjointness)}-disjoint combination of the {DisjointCandidates} shortest paths of requests {names}");
        }

        // Last request's candidate first (outermost), then the request before it, down to the first request.
        bool Search(int j, bool requireHops)
        {
            if (j < 0)
            {
                return true;
            }

            foreach (var candidate in candidates[j])
            {
                if (!candidate.HonoursHops && (requireHops || strict[j]))
                {
                    continue;
                }

                var compatible = true;
                for (var later = j + 1; later < members.Count && compatible; later++)
                {
                    compatible = Disjoint(chosen[later], candidate, group.Disjointness);
                }

                if (!compatible)
                {
                    continue;
                }

                chosen[j] = candidate;
                if (Search(j - 1, requireHops))
                {
                    return true;
                }
            }

            return false;
        }
    }

    private static string Kind(GnpyDisjointness disjointness) => disjointness == GnpyDisjointness.Node ? "node" : "link";

    private static bool AllLoose(GnpyPathRequest request) =>
        request.LooseHops.Count == request.ExplicitRoute.Count && request.LooseHops.All(l => l);

    /// <summary>
    /// GNPy's test between a later request's path and an earlier one's: the later path, or its reverse, crosses none of
    /// the earlier path's links (a link being the ROADM-to-ROADM section, GNPy's OMS); with node disjointness neither
    /// crosses the other's intermediate ROADMs either.
    /// </summary>
    private static bool Disjoint(Candidate later, Candidate earlier, GnpyDisjointness disjointness) =>
        !later.Forward.Overlaps(earlier.Forward)
        && !later.Reverse.Overlaps(earlier.Forward)
        && (disjointness != GnpyDisjointness.Node || (!later.Roadms.Overlaps(earlier.InnerRoadms) && !earlier.Roadms.Overlaps(later.InnerRoadms)));

    /// <summary>Candidates: the k shortest simple paths, and the shortest one through the hops when they are not among them.</summary>
    private List<List<LineElement>> CandidatePaths(LineElement source, LineElement destination, List<(LineElement Hop, bool Loose)> hops)
    {
        var paths = _network.ShortestSimplePaths(source, destination, DisjointCandidates).Select(p => p.ToList()).ToList();
        if (hops.Count > 0 && !paths.Exists(p => HonoursHops(p, hops)) && ThroughHops(source, destination, hops) is { } through)
        {
            paths.Add(through);
        }

        return paths;
    }

    private static Candidate Describe(List<LineElement> path, List<(LineElement Hop, bool Loose)> hops, OmsTable oms)
    {
        var forward = new HashSet<int>();
        var reverse = new HashSet<int>();
        for (var i = 0; i + 1 < path.Count; i++)
        {
            if (IsBoundary(path[i]) && !IsBoundary(path[i + 1]) && oms.ByFirst.TryGetValue(path[i + 1], out var id))
            {
                forward.Add(id);
                if (oms.Reverse[id] is { } back)
                {
                    reverse.Add(back);
                }
            }
        }

        var roadms = path.OfType<LineRoadm>().ToList();
        var inner = roadms.Count > 2 ? roadms.Skip(1).Take(roadms.Count - 2).Cast<LineElement>().ToHashSet() : [];
        return new Candidate(path, forward, reverse, [.. roadms], inner, HonoursHops(path, hops));
    }

    /// <summary>ROADMs and transceivers bound a link (GNPy's OMS runs ROADM to ROADM; a line without ROADMs is one link here).</summary>
    private static bool IsBoundary(LineElement element) => element is LineRoadm or LineTransceiver;

    private sealed record OmsTable(Dictionary<LineElement, int> ByFirst, int?[] Reverse);

    private OmsTable? _oms;

    /// <summary>The links: from each boundary through its successors up to the next boundary; a link's reverse is the first from its end back to its start.</summary>
    private OmsTable Oms()
    {
        if (_oms is not null)
        {
            return _oms;
        }

        var byFirst = new Dictionary<LineElement, int>();
        var ends = new List<(LineElement From, LineElement To)>();
        foreach (var start in _network.Elements.Where(IsBoundary))
        {
            foreach (var first in _network.Successors(start).Where(e => !IsBoundary(e)))
            {
                var at = first;
                var steps = 0;
                while (!IsBoundary(at) && _network.Next(at) is { } next && steps++ < 10_000)
                {
                    at = next;
                }

                if (byFirst.TryAdd(first, ends.Count))
                {
                    ends.Add((start, at));
                }
            }
        }

        var reverse = new int?[ends.Count];
        for (var i = 0; i < ends.Count; i++)
        {
            var index = ends.FindIndex(e => e.From == ends[i].To && e.To == ends[i].From);
            reverse[i] = index >= 0 ? index : null;
        }

        return _oms = new OmsTable(byFirst, reverse);
    }

    public GnpyPathResult Answer(GnpyPathRequest request) => Answer(request, null);

    private GnpyPathResult Answer(GnpyPathRequest request, List<LineElement>? forcedRoute)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Route(request.RequestId, request.Source, request.Destination, request.ExplicitRoute, request.LooseHops, forcedRoute, out var path) is { } noRoute)
        {
            return noRoute;
        }

        List<LineElement>? reversePath = null;
        if (request.Bidirectional)
        {
            // The reverse direction keeps the route's ROADMs (and the ERO's transceivers), in reverse order.
            var back = path.Where(e => e is LineRoadm).Reverse().Select(e => e.Uid).ToList();
            if (Route(request.RequestId, request.Destination, request.Source, back, [], null, out reversePath) is { } noReverse)
            {
                return noReverse with { Description = $"reverse direction: {noReverse.Description}" };
            }
        }

        if (!_equipment.Library.TryGetTransceiver(new TransceiverTypeId(request.TrxType ?? ""), out var transceiver))
        {
            return new GnpyNoPath(request.RequestId, "NO_PATH", $"unknown trx_type '{request.TrxType}'");
        }

        IEnumerable<TransceiverMode> modes = transceiver.Modes.OrderByDescending(m => m.LineRateGbps).ThenByDescending(m => m.BaudRateGbaud);
        if (request.TrxMode is { } wanted)
        {
            if (!transceiver.TryGetMode(new ModeId(wanted), out var mode))
            {
                return new GnpyNoPath(request.RequestId, "NO_PATH", $"unknown trx_mode '{wanted}'");
            }

            modes = [mode];
        }

        var si = _equipment.SpectralInformation;
        var powerDbm = request.OutputPowerW is { } w ? Decibels.WattsToDbm(w) : si.PowerDbm;
        if (RedesignPerRequest)
        {
            _designer.Design(_network, powerDbm, _designChannels, setConnectorLosses: false);
        }

        string? lastReason = null;
        foreach (var mode in modes)
        {
            var spacing = request.SpacingHz ?? si.SpacingHz;
            if (mode.MinSpacingGhz * 1e9 > spacing + 1)
            {
                // A mode wider than the requested spacing does not fit the comb (GNPy's min_spacing check).
                lastReason = $"mode '{mode.Id}': min_spacing {mode.MinSpacingGhz:0.##} GHz above the requested spacing {spacing / 1e9:0.##} GHz";
                continue;
            }

            var carriers = Spectra.Comb(si.FMinHz, si.FMaxHz, spacing, mode.BaudRateGbaud * 1e9, mode.RollOff, mode.TxOsnrDb, powerDbm);
            var result = LineSimulator.Propagate(path, carriers);
            if (Rejection(mode, result, si.SystemMarginsDb) is { } rejection)
            {
                lastReason = rejection;
                continue;
            }

            LineResult? reverse = null;
            if (reversePath is not null)
            {
                reverse = LineSimulator.Propagate(reversePath, carriers);
                if (Rejection(mode, reverse, si.SystemMarginsDb) is { } reverseRejection)
                {
                    lastReason = $"reverse direction: {reverseRejection}";
                    continue;
                }
            }

            var bandwidth = request.PathBandwidthBps ?? mode.LineRateGbps * 1e9;
            var wavelengths = Math.Max(1, (int)Math.Ceiling((bandwidth / (mode.LineRateGbps * 1e9)) - 1e-9));
            var perChannelM = (int)Math.Ceiling((spacing / 12.5e9) - 1e-9);
            var fibers = path.Concat(reversePath ?? []).OfType<LineFiber>().Distinct().ToList();
            if (AssignSpectrum(request, fibers, wavelengths, perChannelM, out var assigned) is { } spectrumRefusal)
            {
                return new GnpyNoPath(request.RequestId, spectrumRefusal.Reason, $"mode '{mode.Id}': {spectrumRefusal.Description}");
            }

            return new GnpyPathFound(
                request.RequestId,
                transceiver.Id.Value,
                mode.Id.Value,
                result.MeanGsnrDb,
                result.MeanGsnr01nmDb,
                result.MeanOsnrDb,
                result.MeanOsnr01nmDb,
                Decibels.DbmToWatts(powerDbm),
                bandwidth,
                [.. path.Select(e => e.Uid)])
            {
                Spectrum = assigned,
                Reverse = reverse is null ? null : new GnpyPathFound(
                    request.RequestId, transceiver.Id.Value, mode.Id.Value, reverse.MeanGsnrDb, reverse.MeanGsnr01nmDb, reverse.MeanOsnrDb, reverse.MeanOsnr01nmDb,
                    Decibels.DbmToWatts(powerDbm), bandwidth, [.. reversePath!.Select(e => e.Uid)]),
            };
        }

        return new GnpyNoPath(request.RequestId, request.TrxMode is null ? "NO_FEASIBLE_MODE" : "MODE_NOT_FEASIBLE", lastReason ?? "no mode");
    }

    private static string? Rejection(TransceiverMode mode, LineResult result, double marginDb)
    {
        var worst = result.Channels.Min(c => c.Gsnr01nmDb);
        if (worst < mode.RequiredOsnrDb + marginDb)
        {
            return $"mode '{mode.Id}': worst GSNR (0.1 nm) {worst:0.00} dB below {mode.RequiredOsnrDb:0.##} dB + {marginDb:0.##} dB margin";
        }

        return result.MeanCdPsPerNm > mode.CdTolerancePsPerNm || result.MeanPmdPs > mode.PmdTolerancePs
            ? $"mode '{mode.Id}': CD {result.MeanCdPsPerNm:0} ps/nm or PMD {result.MeanPmdPs:0.00} ps beyond the mode's tolerance"
            : null;
    }

    /// <summary>
    /// GNPy's <c>correct_json_route_list</c>: the source and destination are dropped from the hops; a hop that is not an
    /// element of the network, or is a transceiver, is skipped with a warning when loose and blocks the request when
    /// strict (GNPy stops the whole run there; here the request alone is refused, NO_PATH_WITH_CONSTRAINT).
    /// </summary>
    private List<(LineElement Hop, bool Loose)> ResolveHops(string requestId, string source, string destination, IReadOnlyList<string> explicitRoute, IReadOnlyList<bool> looseHops, out GnpyNoPath? refusal)
    {
        refusal = null;
        var hops = new List<(LineElement, bool)>();
        for (var h = 0; h < explicitRoute.Count; h++)
        {
            var uid = explicitRoute[h];
            if ((h == 0 && uid == source) || (h == explicitRoute.Count - 1 && uid == destination))
            {
                continue;
            }

            var loose = h < looseHops.Count && looseHops[h];
            if (!_network.TryGet(uid, out var element) || element is LineTransceiver)
            {
                if (loose)
                {
                    _warnings.Add($"request '{requestId}': invalid route node '{uid}', could not use it as constraint, skipped");
                    continue;
                }

                refusal = new GnpyNoPath(requestId, "NO_PATH_WITH_CONSTRAINT", $"strict hop '{uid}' is not {(element is LineTransceiver ? "a node a path can cross (a transceiver)" : "in the network")}");
                return hops;
            }

            hops.Add((element, loose));
        }

        return hops;
    }

    /// <summary>GNPy's <c>ispart</c>: every hop on the path, in order.</summary>
    private static bool HonoursHops(List<LineElement> path, List<(LineElement Hop, bool Loose)> hops)
    {
        var at = 0;
        foreach (var (hop, _) in hops)
        {
            var index = path.IndexOf(hop);
            if (index < at)
            {
                return false;
            }

            at = index;
        }

        return true;
    }

    /// <summary>
    /// The shortest simple path through the hops in order: the shortest legs joined when that is a simple path (then no
    /// simple path through the hops is shorter), else the first of the k shortest simple paths that crosses them.
    /// </summary>
    private List<LineElement>? ThroughHops(LineElement source, LineElement destination, List<(LineElement Hop, bool Loose)> hops)
    {
        var stops = new List<LineElement> { source };
        stops.AddRange(hops.Select(h => h.Hop));
        stops.Add(destination);
        var joined = new List<LineElement>();
        for (var h = 0; h + 1 < stops.Count; h++)
        {
            if (_network.ShortestPath(stops[h], stops[h + 1]) is not { } leg)
            {
                joined = null;
                break;
            }

            joined.AddRange(joined.Count == 0 ? leg : leg.Skip(1));
        }

        if (joined is not null && joined.Distinct().Count() == joined.Count)
        {
            return joined;
        }

        return _network.ShortestSimplePaths(source, destination, DisjointCandidates).Select(p => p.ToList()).FirstOrDefault(p => HonoursHops(p, hops));
    }

    /// <summary>GNPy's <c>compute_constrained_path</c> (or the route a synchronization group chose); a no-path answer when it cannot.</summary>
    private GnpyNoPath? Route(string requestId, string source, string destination, IReadOnlyList<string> explicitRoute, IReadOnlyList<bool> looseHops, List<LineElement>? forced, out List<LineElement> path)
    {
        path = [];
        foreach (var uid in (string[])[source, destination])
        {
            if (!_network.TryGet(uid, out var end))
            {
                return new GnpyNoPath(requestId, "NO_PATH", $"unknown uid '{uid}'");
            }

            if (end is not LineTransceiver)
            {
                return new GnpyNoPath(requestId, "NO_PATH", "source and destination must be transceivers");
            }
        }

        var from = _network[source];
        var to = _network[destination];
        if (forced is not null)
        {
            path = forced;
        }
        else
        {
            var hops = ResolveHops(requestId, source, destination, explicitRoute, looseHops, out var refusal);
            if (refusal is not null)
            {
                return refusal;
            }

            if (_network.ShortestPath(from, to) is not { } shortest)
            {
                return new GnpyNoPath(requestId, "NO_PATH", $"no route from '{source}' to '{destination}'");
            }

            if (hops.Count == 0)
            {
                path = [.. shortest];
            }
            else if (ThroughHops(from, to, hops) is { } through)
            {
                path = through;
            }
            else if (hops.TrueForAll(h => h.Loose))
            {
                _warnings.Add($"request '{requestId}': no path crosses [{string.Join(", ", hops.Select(h => h.Hop.Uid))}]; the loose constraints are ignored");
                path = [.. shortest];
            }
            else
            {
                return new GnpyNoPath(requestId, "NO_PATH_WITH_CONSTRAINT", $"no path from '{source}' to '{destination}' crosses [{string.Join(", ", hops.Select(h => h.Hop.Uid))}] in order");
            }
        }

        return path.OfType<LineFiber>().FirstOrDefault(f => f.Settings.Raman) is { } raman
            ? new GnpyNoPath(requestId, "NO_COMPUTED_SNR", $"RamanFiber '{raman.Uid}' on the path: Raman amplification is not modelled")
            : null;
    }

    /// <summary>
    /// GNPy's <c>pth_assign_spectrum</c> with one <c>effective-freq-slot</c> (or none): the request needs
    /// <paramref name="wavelengths"/> × <paramref name="perChannelM"/> (M units of 12.5 GHz); a requested M must hold
    /// the wavelengths (else NOT_ENOUGH_RESERVED_SPECTRUM) and is taken even when wider; a requested N and M must be free
    /// exactly there, a requested N alone takes the widest free multiple of the per-channel M around N up to the need,
    /// and without N the first fit from the lowest slot; short of the need it is NO_SPECTRUM. Marks the slots taken.
    /// </summary>
    private GnpyNoPath? AssignSpectrum(GnpyPathRequest request, List<LineFiber> fibers, int wavelengths, int perChannelM, out (int N, int M) assigned)
    {
        assigned = default;
        if (request.FrequencySlots.Count > 1)
        {
            return new GnpyNoPath(request.RequestId, "NO_SPECTRUM", $"{request.FrequencySlots.Count} effective-freq-slot entries: one only is supported");
        }

        var (wantedN, wantedM) = request.FrequencySlots.Count == 1 ? request.FrequencySlots[0] : (null, null);
        var required = wavelengths * perChannelM;
        if (wantedM is { } reserved && wavelengths > reserved / perChannelM)
        {
            return new GnpyNoPath(request.RequestId, "NOT_ENOUGH_RESERVED_SPECTRUM", $"M = {reserved} holds {reserved / perChannelM} channel(s) of M = {perChannelM}, {wavelengths} needed");
        }

        var maps = fibers.Select(f => _occupied.TryGetValue(f, out var map) ? map : _occupied[f] = new bool[_slotCount]).ToList();
        int n, m;
        if (wantedN is { } centre)
        {
            m = wantedM ?? 0;
            if (wantedM is not null)
            {
                m = Free(maps, centre, m) ? m : 0;
            }
            else
            {
                for (var width = perChannelM; width <= required && Free(maps, centre, width); width += perChannelM)
                {
                    m = width;
                }
            }

            if (m == 0 || m < required)
            {
                return new GnpyNoPath(request.RequestId, "NO_SPECTRUM", $"N = {centre}, M = {wantedM?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}: {required * 12.5:0.#} GHz not free around N on every fibre of the route, or outside the band");
            }

            n = centre;
        }
        else
        {
            m = wantedM ?? required;
            n = int.MinValue;
            for (var start = _nMin; start + (2 * m) - 1 < _nMin + _slotCount; start++)
            {
                if (Free(maps, start + m, m))
                {
                    n = start + m;
                    break;
                }
            }

            if (n == int.MinValue)
            {
                return new GnpyNoPath(request.RequestId, "NO_SPECTRUM", $"no {m * 12.5:0.#} GHz of spectrum free on every fibre of the route");
            }
        }

        foreach (var map in maps)
        {
            Array.Fill(map, true, n - m - _nMin, 2 * m);
        }

        assigned = (n, m);
        return null;
    }

    /// <summary>Slots n − m … n + m − 1 within n(f_min) … n(f_max) and free on every fibre.</summary>
    private bool Free(List<bool[]> maps, int n, int m)
    {
        var first = n - m - _nMin;
        var last = n + m - 1 - _nMin;
        if (m <= 0 || first < 0 || last >= _slotCount)
        {
            return false;
        }

        foreach (var map in maps)
        {
            if (Array.IndexOf(map, true, first, last - first + 1) >= 0)
            {
                return false;
            }
        }

        return true;
    }
}
