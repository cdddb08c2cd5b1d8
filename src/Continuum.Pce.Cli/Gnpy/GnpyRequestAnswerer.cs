using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Units;
using Continuum.Pce.Physics.Line;
using Continuum.Pce.Topology.IO.Gnpy;

namespace Continuum.Pce.Cli.Gnpy;

/// <summary>
/// Answers GNPy path requests as GNPy's path-request tool does: the network is designed once at the SI's reference
/// power (missing amplifiers added, gains and models set), or again before every request at the request's power with
/// <see cref="RedesignPerRequest"/>; each request is routed through its explicit hops (shortest path between consecutive
/// hops, transceivers attached to ROADMs included), then its mode (or, with none requested, every mode of the
/// transceiver from the highest bit rate down, skipping modes whose min_spacing exceeds the request's spacing) is
/// propagated as a full comb at the request's spacing and power, and accepted when the worst channel's GSNR (0.1 nm)
/// clears the mode's OSNR plus the system margin and the CD and PMD stay within the mode's tolerances. A bidirectional
/// request needs the reverse direction feasible too. An accepted request then takes spectrum by first fit over the
/// whole band (the SI's f_min to f_max in 6.25 GHz slots), on every fibre of its route (and of the reverse route),
/// taking the spectrum of the requests answered before it: ceil(path_bandwidth / bit rate) channels of
/// ceil(spacing / 12.5 GHz) × 12.5 GHz side by side; none free is NO_SPECTRUM. Requests of a synchronization group are
/// routed in file order, each avoiding the fibres (link disjointness) or also the intermediate ROADMs (node
/// disjointness) of the group's requests routed before it; a relaxable group falls back to the unconstrained route.
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
    private readonly int _slotCount;

    private GnpyRequestAnswerer(GnpyEquipment equipment, LineNetwork network, LineDesigner designer, int designChannels)
    {
        _equipment = equipment;
        _network = network;
        _designer = designer;
        _designChannels = designChannels;
        var si = equipment.SpectralInformation;
        _slotCount = (int)Math.Floor(((si.FMaxHz - si.FMinHz) / SlotHz) + 1e-9);
    }

    /// <summary>Design the network again before each request at that request's power (GNPy's --redesign-per-request).</summary>
    public bool RedesignPerRequest { get; init; }

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

    /// <summary>Answers a service file's requests in order, applying its synchronization (disjointness) groups.</summary>
    public IReadOnlyList<GnpyPathResult> AnswerAll(GnpyServiceFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var routes = new Dictionary<string, IReadOnlyList<LineElement>>(StringComparer.Ordinal);
        var results = new List<GnpyPathResult>(file.Requests.Count);
        foreach (var request in file.Requests)
        {
            var groups = file.Synchronization.Where(g => g.RequestIds.Contains(request.RequestId)).ToList();
            var avoid = new HashSet<LineElement>();
            foreach (var group in groups)
            {
                foreach (var other in group.RequestIds.Where(id => id != request.RequestId && routes.ContainsKey(id)))
                {
                    avoid.UnionWith(Exclusions(routes[other], group.Disjointness));
                }
            }

            var result = Answer(request, avoid.Count > 0 ? avoid : null, out var route);
            if (result is GnpyNoPath && avoid.Count > 0 && groups.All(g => g.Relaxable))
            {
                result = Answer(request, null, out route);
            }
            else if (result is GnpyNoPath { Reason: "NO_PATH" } noPath && avoid.Count > 0)
            {
                result = noPath with { Description = $"{noPath.Description} (disjoint from the synchronized requests routed before it)" };
            }

            if (result is GnpyPathFound && route is not null)
            {
                routes[request.RequestId] = route;
            }

            results.Add(result);
        }

        return results;
    }

    /// <summary>What a disjoint request may not cross: the route's fibres, and for node disjointness its ROADMs between the end ROADMs.</summary>
    private static IEnumerable<LineElement> Exclusions(IReadOnlyList<LineElement> route, GnpyDisjointness disjointness)
    {
        var roadms = route.OfType<LineRoadm>().ToList();
        foreach (var element in route)
        {
            if (element is LineFiber
                || (disjointness == GnpyDisjointness.Node && element is LineRoadm roadm && roadm != roadms[0] && roadm != roadms[^1]))
            {
                yield return element;
            }
        }
    }

    public GnpyPathResult Answer(GnpyPathRequest request) => Answer(request, null, out _);

    private GnpyPathResult Answer(GnpyPathRequest request, IReadOnlySet<LineElement>? avoid, out IReadOnlyList<LineElement>? route)
    {
        ArgumentNullException.ThrowIfNull(request);
        route = null;
        if (Route(request.RequestId, request.Source, request.ExplicitRoute, request.Destination, avoid, out var path) is { } noRoute)
        {
            return noRoute;
        }

        List<LineElement>? reversePath = null;
        if (request.Bidirectional
            && Route(request.RequestId, request.Destination, ReverseHops(request.ExplicitRoute), request.Source, avoid, out reversePath) is { } noReverse)
        {
            return noReverse with { Description = $"reverse direction: {noReverse.Description}" };
        }

        route = path;

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
            var wavelengths = (int)Math.Ceiling((bandwidth / (mode.LineRateGbps * 1e9)) - 1e-9);
            var m = Math.Max(1, wavelengths) * (int)Math.Ceiling((spacing / 12.5e9) - 1e-9);
            var fibers = path.Concat(reversePath ?? []).OfType<LineFiber>().Distinct().ToList();
            if (!TryAssign(fibers, 2 * m, out var n))
            {
                return new GnpyNoPath(request.RequestId, "NO_SPECTRUM", $"mode '{mode.Id}': no {m * 12.5:0.#} GHz of spectrum free on every fibre of the route");
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
                Spectrum = (n, m),
                Reverse = reverse is null ? null : new GnpyPathFound(
                    request.RequestId, transceiver.Id.Value, mode.Id.Value, reverse.MeanGsnrDb, reverse.MeanGsnr01nmDb, reverse.MeanOsnrDb, reverse.MeanOsnr01nmDb,
                    Decibels.DbmToWatts(powerDbm), bandwidth, [.. reversePath!.Select(e => e.Uid)]),
            };
        }

        return new GnpyNoPath(request.RequestId, request.TrxMode is null ? "NO_FEASIBLE_MODE" : "MODE_NOT_FEASIBLE", lastReason ?? "no mode");
    }

    /// <summary>The explicit hops the reverse direction keeps: its ROADMs and transceivers, in reverse order (amplifiers and fibres are one-way).</summary>
    private List<string> ReverseHops(IReadOnlyList<string> explicitRoute) =>
        [.. explicitRoute.Reverse().Where(h => _network.TryGet(h, out var e) && e is LineRoadm or LineTransceiver)];

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

    /// <summary>Routes source → hops → destination; a no-path answer when it cannot.</summary>
    private GnpyNoPath? Route(string requestId, string source, IReadOnlyList<string> explicitRoute, string destination, IReadOnlySet<LineElement>? avoid, out List<LineElement> path)
    {
        var hops = new List<string> { source };
        hops.AddRange(explicitRoute.Where(h => h != source && h != destination));
        hops.Add(destination);
        path = [];
        for (var h = 0; h + 1 < hops.Count; h++)
        {
            if (!_network.TryGet(hops[h], out var from) || !_network.TryGet(hops[h + 1], out var to))
            {
                var unknown = _network.TryGet(hops[h], out _) ? hops[h + 1] : hops[h];
                return new GnpyNoPath(requestId, "NO_PATH", $"unknown uid '{unknown}'");
            }

            if (_network.ShortestPath(from, to, avoid) is not { } leg)
            {
                return new GnpyNoPath(requestId, "NO_PATH", $"no route from '{hops[h]}' to '{hops[h + 1]}'");
            }

            path.AddRange(path.Count == 0 ? leg : leg.Skip(1));
        }

        if (path[0] is not LineTransceiver || path[^1] is not LineTransceiver)
        {
            return new GnpyNoPath(requestId, "NO_PATH", "source and destination must be transceivers");
        }

        return path.OfType<LineFiber>().FirstOrDefault(f => f.Settings.Raman) is { } raman
            ? new GnpyNoPath(requestId, "NO_COMPUTED_SNR", $"RamanFiber '{raman.Uid}' on the path: Raman amplification is not modelled")
            : null;
    }

    /// <summary>
    /// First fit of <paramref name="slots"/> 6.25 GHz slots free on every fibre, lowest frequency first; marks them taken
    /// and gives GNPy's N (the centre in 6.25 GHz steps from 193.1 THz).
    /// </summary>
    private bool TryAssign(List<LineFiber> fibers, int slots, out int n)
    {
        var maps = fibers.Select(f => _occupied.TryGetValue(f, out var map) ? map : _occupied[f] = new bool[_slotCount]).ToList();
        for (var start = 0; start + slots <= _slotCount; start++)
        {
            var free = true;
            for (var k = start; k < start + slots && free; k++)
            {
                free = maps.TrueForAll(map => !map[k]);
            }

            if (!free)
            {
                continue;
            }

            foreach (var map in maps)
            {
                Array.Fill(map, true, start, slots);
            }

            var centreHz = _equipment.SpectralInformation.FMinHz + ((start + (slots / 2.0)) * SlotHz);
            n = (int)Math.Round((centreHz - ReferenceFrequencyHz) / SlotHz);
            return true;
        }

        n = 0;
        return false;
    }
}
