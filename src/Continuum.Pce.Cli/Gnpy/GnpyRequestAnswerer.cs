using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Units;
using Continuum.Pce.Physics.Line;
using Continuum.Pce.Topology.IO.Gnpy;

namespace Continuum.Pce.Cli.Gnpy;

/// <summary>
/// Answers GNPy path requests as GNPy's path-request tool does: the network is designed once at the SI's reference
/// power (missing amplifiers added, gains and models set); each request is routed through its explicit hops (shortest
/// path between consecutive hops, transceivers attached to ROADMs included), then its mode (or, with none requested,
/// every mode of the transceiver from the highest bit rate down, skipping modes whose min_spacing exceeds the request's
/// spacing) is propagated as a full comb at the request's spacing and power, and accepted when the worst channel's GSNR (0.1 nm) clears the mode's OSNR plus the system margin and
/// the CD and PMD stay within the mode's tolerances.
/// </summary>
public sealed class GnpyRequestAnswerer
{
    private readonly GnpyEquipment _equipment;
    private readonly LineNetwork _network;

    private GnpyRequestAnswerer(GnpyEquipment equipment, LineNetwork network)
    {
        _equipment = equipment;
        _network = network;
    }

    /// <summary>Builds and designs the network (throws <see cref="GnpyFormatException"/> or <see cref="LineDesignException"/>).</summary>
    public static GnpyRequestAnswerer Design(GnpyTopology topology, GnpyEquipment equipment) => Design(topology, equipment, out _);

    /// <summary>As <see cref="Design(GnpyTopology, GnpyEquipment)"/>, also giving the designed network (for --save-network).</summary>
    public static GnpyRequestAnswerer Design(GnpyTopology topology, GnpyEquipment equipment, out LineNetwork designed)
    {
        var (network, designer) = GnpyLine.Build(topology, equipment);
        designer.AddMissingElements(network);
        var si = equipment.SpectralInformation;
        var channels = Math.Min(LineDesigner.ChannelCount(si.FMinHz, si.FMaxHz, si.SpacingHz), LineDesigner.ChannelCount(191.0e12, 196.2e12, si.SpacingHz));
        designer.Design(network, si.PowerDbm, channels);
        designed = network;
        return new GnpyRequestAnswerer(equipment, network);
    }

    public GnpyPathResult Answer(GnpyPathRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var hops = new List<string> { request.Source };
        hops.AddRange(request.ExplicitRoute.Where(h => h != request.Source && h != request.Destination));
        hops.Add(request.Destination);
        var path = new List<LineElement>();
        for (var h = 0; h + 1 < hops.Count; h++)
        {
            if (!_network.TryGet(hops[h], out var from) || !_network.TryGet(hops[h + 1], out var to))
            {
                var unknown = _network.TryGet(hops[h], out _) ? hops[h + 1] : hops[h];
                return new GnpyNoPath(request.RequestId, "NO_PATH", $"unknown uid '{unknown}'");
            }

            if (_network.ShortestPath(from, to) is not { } leg)
            {
                return new GnpyNoPath(request.RequestId, "NO_PATH", $"no route from '{hops[h]}' to '{hops[h + 1]}'");
            }

            path.AddRange(path.Count == 0 ? leg : leg.Skip(1));
        }

        if (path[0] is not LineTransceiver || path[^1] is not LineTransceiver)
        {
            return new GnpyNoPath(request.RequestId, "NO_PATH", "source and destination must be transceivers");
        }

        if (path.OfType<LineFiber>().FirstOrDefault(f => f.Settings.Raman) is { } raman)
        {
            return new GnpyNoPath(request.RequestId, "NO_COMPUTED_SNR", $"RamanFiber '{raman.Uid}' on the path: Raman amplification is not modelled");
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
            var worst = result.Channels.Min(c => c.Gsnr01nmDb);
            var required = mode.RequiredOsnrDb + si.SystemMarginsDb;
            if (worst < required)
            {
                lastReason = $"mode '{mode.Id}': worst GSNR (0.1 nm) {worst:0.00} dB below {mode.RequiredOsnrDb:0.##} dB + {si.SystemMarginsDb:0.##} dB margin";
                continue;
            }

            if (result.MeanCdPsPerNm > mode.CdTolerancePsPerNm || result.MeanPmdPs > mode.PmdTolerancePs)
            {
                lastReason = $"mode '{mode.Id}': CD {result.MeanCdPsPerNm:0} ps/nm or PMD {result.MeanPmdPs:0.00} ps beyond the mode's tolerance";
                continue;
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
                request.PathBandwidthBps ?? mode.LineRateGbps * 1e9,
                [.. path.Select(e => e.Uid)]);
        }

        return new GnpyNoPath(request.RequestId, request.TrxMode is null ? "NO_FEASIBLE_MODE" : "MODE_NOT_FEASIBLE", lastReason ?? "no mode");
    }
}
