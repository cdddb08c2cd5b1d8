using System.Text.Json;
using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Units;
using Continuum.Pce.Topology.IO.Gnpy;
using Xunit;
using Xunit.Abstractions;

namespace Continuum.Pce.Physics.Tests.Gnpy;

/// <summary>
/// GNPy path requests answered by the engine. <see cref="Answer"/> is the glue a host (the CLI) needs: route through
/// the explicit hops, build the path at the requested power, evaluate the requested mode or select the best one under
/// full load of the SI comb, and shape the GNPy response.
/// </summary>
public sealed class GnpyPathRequestTests(ITestOutputHelper output)
{
    private static string Golden(string name) => Path.Combine(AppContext.BaseDirectory, "Golden", "gnpy", name);

    internal static GnpyPathResult Answer(GnpyNetwork gnpy, GnpyPathRequest request)
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

    [Fact]
    public void Requests_OnCaseA_AnswerWithMetricsOrNoPath()
    {
        var gnpy = GnpyNetworkReader.Load(Golden("case-a-network.json"), Golden("case-a-equipment.json"));
        var requests = GnpyPathRequests.Load(Golden("case-a-requests.json"));
        var results = requests.Select(r => Answer(gnpy, r)).ToList();
        var json = GnpyPathRequests.WriteResponse(results);
        output.WriteLine(json);

        var first = Assert.IsType<GnpyPathFound>(results[0]);
        Assert.Equal("mode 1", first.TrxMode);
        Assert.Equal(27.09, first.SnrBandwidthDb, 0.1);
        Assert.Equal(["trx A", "trx B"], first.Route);
        Assert.Equal("mode 2", Assert.IsType<GnpyPathFound>(results[1]).TrxMode);
        Assert.Equal("NO_PATH", Assert.IsType<GnpyNoPath>(results[2]).Reason);

        using var document = JsonDocument.Parse(json);
        var response = document.RootElement.GetProperty("response");
        Assert.Equal(3, response.GetArrayLength());
        var metrics = response[0].GetProperty("path-properties").GetProperty("path-metric").EnumerateArray()
            .ToDictionary(m => m.GetProperty("metric-type").GetString()!, m => m.GetProperty("accumulative-value").GetDouble());
        Assert.Equal(["SNR-bandwidth", "SNR-0.1nm", "OSNR-bandwidth", "OSNR-0.1nm", "reference_power", "path_bandwidth"], metrics.Keys);
        Assert.Equal(metrics["SNR-bandwidth"] + 10 * Math.Log10(32 / 12.5), metrics["SNR-0.1nm"], 0.011);
        Assert.Equal(0.001, metrics["reference_power"], 1e-12);
        Assert.Equal("NO_PATH", response[2].GetProperty("no-path").GetProperty("no-path").GetString());
    }
}
