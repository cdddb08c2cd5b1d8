using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Units;
using Continuum.Pce.Physics;
using Continuum.Pce.Topology.IO.Gnpy;

namespace Continuum.Pce.Cli.Gnpy;

/// <summary>
/// Answers GNPy path requests with the physics engine: route through the explicit hops (or the shortest route), build
/// the path at the requested power, evaluate the requested mode or select the best feasible one under full load of the
/// SI comb, and shape the GNPy response. It lives in the CLI, the one project that may see both Topology.IO and Physics.
/// </summary>
public static class GnpyRequestAnswerer
{
    public static GnpyPathResult Answer(GnpyNetwork gnpy, GnpyPathRequest request)
    {
        var hops = new List<string> { request.Source };
        hops.AddRange(request.ExplicitRoute.Where(h => h != request.Source && h != request.Destination));
        hops.Add(request.Destination);
        var route = new List<FiberId>();
        try
        {
            for (var h = 0; h + 1 < hops.Count; h++)
            {
                route.AddRange(gnpy.Route(hops[h], hops[h + 1]));
            }
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException)
        {
            return new GnpyNoPath(request.RequestId, "NO_PATH", e.Message);
        }

        if (!gnpy.Library.TryGetTransceiver(new TransceiverTypeId(request.TrxType ?? ""), out var transceiver))
        {
            return new GnpyNoPath(request.RequestId, "NO_PATH", $"unknown trx_type '{request.TrxType}'");
        }

        var si = gnpy.SpectralInformation;
        var powerDbm = request.OutputPowerW is { } w ? Decibels.WattsToDbm(w) : si.PowerDbm;
        var path = QotPath.Build(gnpy.Network, gnpy.Library, route, new QotPathOptions(powerDbm));
        var spacing = request.SpacingHz ?? si.SpacingHz;
        var comb = (si with { SpacingHz = spacing }).Channels();
        var load = ChannelLoad.Uniform([.. comb.Select(f => new LitChannel(f, si.BaudRateHz / 1e9))]);
        var centre = comb[comb.Count / 2];
        IEnumerable<TransceiverMode> modes = transceiver.Modes;
        if (request.TrxMode is { } wanted)
        {
            if (!transceiver.TryGetMode(new ModeId(wanted), out var mode))
            {
                return new GnpyNoPath(request.RequestId, "NO_PATH", $"unknown trx_mode '{wanted}'");
            }

            modes = [mode];
        }

        var selection = ModeSelector.Select(new QotEngine(), path, load, centre, modes, si.SystemMarginsDb);
        if (!selection.IsFeasible)
        {
            var reason = request.TrxMode is null ? "NO_FEASIBLE_MODE" : "MODE_NOT_FEASIBLE";
            return new GnpyNoPath(request.RequestId, reason, selection.BestRejection?.ToString() ?? "no mode");
        }

        var qot = selection.Qot!.Value;
        var nodes = new List<string> { request.Source };
        nodes.AddRange(route.Select(f => gnpy.Network.Fiber(f).Destination.Value));
        return new GnpyPathFound(
            request.RequestId,
            transceiver.Id.Value,
            selection.Mode!.Id.Value,
            qot.GsnrDb,
            qot.Gsnr01nmDb,
            qot.OsnrDb,
            qot.Osnr01nmDb,
            Decibels.DbmToWatts(powerDbm),
            request.PathBandwidthBps ?? selection.Mode.LineRateGbps * 1e9,
            nodes);
    }
}
