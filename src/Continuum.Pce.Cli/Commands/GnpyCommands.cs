using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Continuum.Pce.Cli.Gnpy;
using Continuum.Pce.Physics;
using Continuum.Pce.Topology.IO.Gnpy;
using Spectre.Console;

namespace Continuum.Pce.Cli.Commands;

/// <summary>
/// `pce gnpy transmission | path-request`: the two tools GNPy users know, over GNPy-format network and equipment files,
/// computed by this project's engine.
/// </summary>
public static class GnpyCommands
{
    public static Command Create(CliContext context)
    {
        var gnpy = new Command("gnpy", "Quality of transmission on GNPy-format files (GNPy's transmission and path-request tools)");
        gnpy.Subcommands.Add(Transmission(context));
        gnpy.Subcommands.Add(PathRequest(context));
        return gnpy;
    }

    private static (Option<FileInfo> Network, Option<FileInfo> Equipment) FileOptions() => (
        new Option<FileInfo>("--network") { Description = "GNPy network JSON (elements, connections)", Required = true },
        new Option<FileInfo>("--equipment") { Description = "GNPy equipment JSON (Edfa, Fiber, Span, Roadm, SI, Transceiver)", Required = true });

    private static Command Transmission(CliContext context)
    {
        var (network, equipment) = FileOptions();
        var from = new Option<string>("--from") { Description = "uid of the source transceiver", Required = true };
        var to = new Option<string>("--to") { Description = "uid of the destination transceiver", Required = true };
        var power = new Option<double?>("--power") { Description = "Per-channel launch power, dBm (default: the SI power)" };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var command = new Command("transmission", "Per-channel and mean GSNR and OSNR (signal bandwidth and 0.1 nm), CD, PMD and latency of the SI comb from one transceiver to another")
        {
            network, equipment, from, to, power, json,
        };
        command.SetAction((ParseResult p, CancellationToken _) =>
        {
            if (!TryLoad(context, p.GetValue(network)!, p.GetValue(equipment)!, out var gnpy))
            {
                return Task.FromResult(ExitCodes.Refused);
            }

            IReadOnlyList<Domain.Identity.FiberId> route;
            try
            {
                route = gnpy.Route(p.GetValue(from)!, p.GetValue(to)!);
            }
            catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException)
            {
                context.Error.WriteLine($"no route: {e.Message}");
                return Task.FromResult(ExitCodes.Refused);
            }

            var si = gnpy.SpectralInformation;
            var powerDbm = p.GetValue(power) ?? si.PowerDbm;
            var path = QotPath.Build(gnpy.Network, gnpy.Library, route, new QotPathOptions(powerDbm));
            var comb = si.Channels();
            var channels = comb.Select(f => new LitChannel(f, si.BaudRateHz / 1e9)).ToList();
            var report = new QotEngine().EvaluateAll(path, channels, si.Mode());
            if (p.GetValue(json))
            {
                context.Out.WriteLine(JsonSerializer.Serialize(new
                {
                    from = p.GetValue(from),
                    to = p.GetValue(to),
                    powerDbm,
                    mean = new { gsnrDb = report.MeanGsnrDb, gsnr01nmDb = report.MeanGsnr01nmDb, osnrDb = report.MeanOsnrDb, osnr01nmDb = report.MeanOsnr01nmDb, cdPsPerNm = report.MeanCdPsPerNm, pmdPs = report.MeanPmdPs, latencyMs = report.MeanLatencySeconds * 1e3 },
                    channels = report.Channels.Select((c, i) => new { frequencyThz = comb[i].Thz, gsnrDb = c.GsnrDb, gsnr01nmDb = c.Gsnr01nmDb, osnrDb = c.OsnrDb, osnr01nmDb = c.Osnr01nmDb }),
                }, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
                return Task.FromResult(ExitCodes.Success);
            }

            var table = new Table().Border(TableBorder.Simple).AddColumns("channel", "THz", "GSNR dB", "GSNR 0.1 nm", "OSNR dB", "OSNR 0.1 nm");
            for (var i = 0; i < report.Channels.Count; i++)
            {
                var c = report.Channels[i];
                table.AddRow((i + 1).ToString(CultureInfo.InvariantCulture), comb[i].Thz.ToString("0.000", CultureInfo.InvariantCulture), F(c.GsnrDb), F(c.Gsnr01nmDb), F(c.OsnrDb), F(c.Osnr01nmDb));
            }

            context.Console.Write(table);
            context.Console.MarkupLine($"[bold]{Markup.Escape(p.GetValue(from)!)} → {Markup.Escape(p.GetValue(to)!)}[/], {route.Count} fibre section(s), {powerDbm:0.##} dBm per channel, {report.Channels.Count} channels");
            context.Console.MarkupLine($"mean GSNR {F(report.MeanGsnrDb)} dB (signal bandwidth), {F(report.MeanGsnr01nmDb)} dB (0.1 nm); OSNR (ASE only) {F(report.MeanOsnrDb)} / {F(report.MeanOsnr01nmDb)} dB");
            context.Console.MarkupLine($"CD {report.MeanCdPsPerNm:0.00} ps/nm, PMD {report.MeanPmdPs:0.00} ps, latency {report.MeanLatencySeconds * 1e3:0.000} ms");
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static Command PathRequest(CliContext context)
    {
        var (network, equipment) = FileOptions();
        var requests = new Option<FileInfo>("--requests") { Description = "GNPy path-request JSON (path-request[])", Required = true };
        var command = new Command("path-request", "Answer GNPy path requests: prints the response JSON with path-metric entries, or no-path with a reason") { network, equipment, requests };
        command.SetAction((ParseResult p, CancellationToken _) =>
        {
            if (!TryLoad(context, p.GetValue(network)!, p.GetValue(equipment)!, out var gnpy))
            {
                return Task.FromResult(ExitCodes.Refused);
            }

            IReadOnlyList<GnpyPathRequest> parsed;
            try
            {
                parsed = GnpyPathRequests.Load(p.GetValue(requests)!.FullName);
            }
            catch (Exception e) when (e is GnpyFormatException or JsonException or IOException)
            {
                context.Error.WriteLine($"invalid requests file: {e.Message}");
                return Task.FromResult(ExitCodes.Refused);
            }

            var results = parsed.Select(r => GnpyRequestAnswerer.Answer(gnpy, r)).ToList();
            context.Out.WriteLine(GnpyPathRequests.WriteResponse(results));
            return Task.FromResult(results.All(r => r is GnpyPathFound) ? ExitCodes.Success : ExitCodes.Refused);
        });
        return command;
    }

    private static bool TryLoad(CliContext context, FileInfo network, FileInfo equipment, out GnpyNetwork gnpy)
    {
        gnpy = null!;
        try
        {
            gnpy = GnpyNetworkReader.Load(network.FullName, equipment.FullName);
            return true;
        }
        catch (Exception e) when (e is GnpyFormatException or JsonException or IOException)
        {
            context.Error.WriteLine($"cannot read the GNPy files: {e.Message}");
            return false;
        }
    }

    private static string F(double db) => db.ToString("0.00", CultureInfo.InvariantCulture);
}
