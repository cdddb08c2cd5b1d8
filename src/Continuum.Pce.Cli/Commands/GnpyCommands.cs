using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Continuum.Pce.Cli.Commands.Server;
using Continuum.Pce.Cli.Gnpy;
using Continuum.Pce.Physics;
using Continuum.Pce.Physics.Line;
using Continuum.Pce.Topology.IO;
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
        var from = new Option<string?>("--from") { Description = "uid of the source transceiver (default: the first transceiver of the network)" };
        var to = new Option<string?>("--to") { Description = "uid of the destination transceiver (default: the next transceiver)" };
        var power = new Option<double?>("--pow", "--power") { Description = "Reference channel power, dBm (GNPy's --pow; default: the SI's power_dbm)" };
        var spectrum = new Option<FileInfo?>("--spectrum") { Description = "Initial spectrum JSON to propagate instead of the SI comb (GNPy's --spectrum)" };
        var extraConfig = new Option<FileInfo[]>("--extra-config") { Description = "Amplifier config files named by the equipment file (GNPy's --extra-config); also looked up beside it", AllowMultipleArgumentsPerToken = true };
        var sim = new Option<FileInfo?>("--sim") { Description = "GNPy simulation parameters JSON (only the closed-form GN model without Raman is modelled)" };
        var noInsert = new Option<bool>("--no-insert-edfas") { Description = "Do not add missing amplifiers nor split long fibres (GNPy's --no-insert-edfas)" };
        var save = new Option<FileInfo?>("--save-network") { Description = "Write the network after design as GNPy JSON (GNPy's --save-network)" };
        var showChannels = new Option<bool>("--show-channels") { Description = "Print the GSNR of every channel" };
        var command = new Command("transmission", "GNPy's transmission example: design the network (autodesign, power mode, p_max, ROADM equalisation), then per-channel and mean GSNR and OSNR (signal bandwidth and 0.1 nm), CD, PMD, PDL and latency from one transceiver to another")
        {
            network, equipment, from, to, power, spectrum, extraConfig, sim, noInsert, save, showChannels,
        };
        var output = OutputOption.AddTo(command, "table", "json");
        command.SetAction((ParseResult p, CancellationToken _) =>
        {
            var json = output.Format(p) == OutputFormat.Json;
            GnpyTransmission run;
            string source;
            string destination;
            try
            {
                if (p.GetValue(sim) is { } simFile)
                {
                    GnpySimParams.Check(TopologyInput.ReadFile(simFile.FullName));
                }

                var topology = GnpyTopology.Load(p.GetValue(network)!.FullName);
                var eqpt = GnpyEquipmentReader.Load(p.GetValue(equipment)!.FullName, (p.GetValue(extraConfig) ?? []).Select(f => f.FullName));
                var transceivers = topology.Elements.Where(e => e.Type == "Transceiver").Select(e => e.Uid).ToList();
                source = p.GetValue(from) ?? transceivers.FirstOrDefault() ?? throw new LineDesignException("the network has no transceiver");
                destination = p.GetValue(to) ?? transceivers.FirstOrDefault(t => t != source) ?? throw new LineDesignException("the network has only one transceiver");
                var partitions = p.GetValue(spectrum) is { } spectrumFile ? GnpySpectrumReader.Load(spectrumFile.FullName) : null;
                run = GnpyLine.Transmit(topology, eqpt, source, destination, new GnpyTransmissionOptions(p.GetValue(power), partitions, !p.GetValue(noInsert)));
                if (p.GetValue(save) is { } saveFile)
                {
                    File.WriteAllText(saveFile.FullName, GnpyNetworkWriter.Write(run.Network, topology.Name));
                }
            }
            catch (Exception e) when (e is GnpyFormatException or JsonException or IOException or UnauthorizedAccessException)
            {
                context.Error.WriteLine($"cannot read the GNPy files: {e.Message}");
                return Task.FromResult(ExitCodes.Refused);
            }
            catch (LineDesignException e)
            {
                context.Error.WriteLine($"cannot compute the transmission: {e.Message}");
                return Task.FromResult(ExitCodes.Refused);
            }

            foreach (var warning in run.Warnings)
            {
                context.Error.WriteLine($"warning: {warning}");
            }

            var result = run.Result;
            if (json)
            {
                context.Out.WriteLine(JsonSerializer.Serialize(new
                {
                    from = source,
                    to = destination,
                    referencePowerDbm = run.ReferenceChannelDbm,
                    designChannels = run.DesignChannels,
                    channelCount = result.Channels.Count,
                    path = run.Path.Select(e => e.Uid),
                    sweep = run.Sweep.Select(s => new { powerOffsetDb = s.PowerOffsetDb, gsnr01nmDb = s.Result.MeanGsnr01nmDb }),
                    mean = new { gsnrDb = result.MeanGsnrDb, gsnr01nmDb = result.MeanGsnr01nmDb, osnrDb = result.MeanOsnrDb, osnr01nmDb = result.MeanOsnr01nmDb, cdPsPerNm = result.MeanCdPsPerNm, pmdPs = result.MeanPmdPs, pdlDb = result.MeanPdlDb, latencyMs = result.MeanLatencyMs },
                    byLabel = result.MeansByLabel().Select(m => new { label = m.Label, gsnrDb = m.GsnrDb, gsnr01nmDb = m.Gsnr01nmDb, osnrDb = m.OsnrDb, osnr01nmDb = m.Osnr01nmDb }),
                    channels = result.Channels.Select(c => new { frequencyThz = c.FrequencyHz / 1e12, label = c.Label, powerDbm = c.PowerDbm, gsnrDb = c.GsnrDb, gsnr01nmDb = c.Gsnr01nmDb, osnrDb = c.OsnrDb, osnr01nmDb = c.Osnr01nmDb, snrNliDb = c.SnrNliDb }),
                }, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
                return Task.FromResult(ExitCodes.Success);
            }

            var spans = run.Path.OfType<Physics.Line.LineFiber>().ToList();
            context.Out.WriteLine($"There are {spans.Count} fiber spans over {spans.Sum(f => f.Settings.LengthM) / 1e3:0} km between {source} and {destination}");
            context.Out.WriteLine($"Reference used for design: {run.ReferenceChannelDbm:0.00} dBm per channel, {run.DesignChannels} channels; {result.Channels.Count} channels propagating");
            foreach (var e in result.Elements)
            {
                context.Out.WriteLine($"  {e.Element}: {e.Summary}{(e.OutputPchDbm is { } pch ? $", pch out {F(pch)} dBm" : "")}");
            }

            if (run.Sweep.Count > 1)
            {
                foreach (var (offset, r) in run.Sweep)
                {
                    context.Out.WriteLine($"  power {run.ReferenceChannelDbm + offset:0.00} dBm: GSNR (0.1 nm) {F(r.MeanGsnr01nmDb)} dB");
                }
            }

            context.Out.WriteLine($"Transceiver {destination}");
            foreach (var m in result.MeansByLabel())
            {
                var label = m.Label.Length > 0 ? $"{m.Label}: " : "";
                context.Out.WriteLine($"  {label}GSNR (0.1nm) {F(m.Gsnr01nmDb)} dB, GSNR (signal bw) {F(m.GsnrDb)} dB, OSNR ASE (0.1nm) {F(m.Osnr01nmDb)} dB, OSNR ASE (signal bw) {F(m.OsnrDb)} dB");
            }

            context.Out.WriteLine($"  mean GSNR {F(result.MeanGsnrDb)} dB (signal bandwidth), {F(result.MeanGsnr01nmDb)} dB (0.1 nm); OSNR (ASE) {F(result.MeanOsnrDb)} / {F(result.MeanOsnr01nmDb)} dB");
            context.Out.WriteLine($"  CD {F(result.MeanCdPsPerNm)} ps/nm, PMD {F(result.MeanPmdPs)} ps, PDL {F(result.MeanPdlDb)} dB, latency {F(result.MeanLatencyMs)} ms");
            context.Out.WriteLine($"Final GSNR (0.1 nm): {F(result.MeanGsnr01nmDb)} dB");
            if (p.GetValue(showChannels))
            {
                var table = new Table().Border(TableBorder.Simple).AddColumns("Ch. #", "THz", "power dBm", "OSNR ASE (signal bw)", "SNR NLI (signal bw)", "GSNR (signal bw)");
                for (var i = 0; i < result.Channels.Count; i++)
                {
                    var c = result.Channels[i];
                    table.AddRow((i + 1).ToString(CultureInfo.InvariantCulture), (c.FrequencyHz / 1e12).ToString("0.00000", CultureInfo.InvariantCulture), F(c.PowerDbm), F(c.OsnrDb), F(c.SnrNliDb), F(c.GsnrDb));
                }

                context.Console.Write(table);
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static Command PathRequest(CliContext context)
    {
        var (network, equipment) = FileOptions();
        var requests = new Option<FileInfo>("--requests") { Description = "GNPy path-request JSON (path-request[])", Required = true };
        var extraConfig = new Option<FileInfo[]>("--extra-config") { Description = "Amplifier config files named by the equipment file (GNPy's --extra-config)", AllowMultipleArgumentsPerToken = true };
        var save = new Option<FileInfo?>("--save-network") { Description = "Write the network after design as GNPy JSON" };
        var redesign = new Option<bool>("--redesign-per-request") { Description = "Design the network again before each request at that request's power (GNPy's --redesign-per-request)" };
        var command = new Command(
            "path-request",
            "Answer GNPy path requests on the designed network: prints the response JSON with path-metric entries and the spectrum assigned (first fit over the band, in request order), or no-path with a reason; synchronization groups are routed disjoint")
        {
            network, equipment, requests, extraConfig, save, redesign,
        };

        // The answer is GNPy's own response document: JSON is its only form (-o json is accepted for the CLI's convention).
        var output = OutputOption.AddTo(command, "json");
        command.SetAction((ParseResult p, CancellationToken _) =>
        {
            output.Format(p); // json is the only form; read for symmetry with the other commands
            GnpyRequestAnswerer answerer;
            GnpyServiceFile parsed;
            try
            {
                var topology = GnpyTopology.Load(p.GetValue(network)!.FullName);
                var eqpt = GnpyEquipmentReader.Load(p.GetValue(equipment)!.FullName, (p.GetValue(extraConfig) ?? []).Select(f => f.FullName));
                answerer = GnpyRequestAnswerer.Design(topology, eqpt, out var designed, p.GetValue(redesign));
                if (p.GetValue(save) is { } saveFile)
                {
                    File.WriteAllText(saveFile.FullName, GnpyNetworkWriter.Write(designed, topology.Name));
                }
            }
            catch (Exception e) when (e is GnpyFormatException or JsonException or IOException or UnauthorizedAccessException)
            {
                context.Error.WriteLine($"cannot read the GNPy files: {e.Message}");
                return Task.FromResult(ExitCodes.Refused);
            }
            catch (LineDesignException e)
            {
                context.Error.WriteLine($"cannot design the network: {e.Message}");
                return Task.FromResult(ExitCodes.Refused);
            }

            try
            {
                parsed = GnpyPathRequests.LoadServiceFile(p.GetValue(requests)!.FullName);
            }
            catch (Exception e) when (e is GnpyFormatException or JsonException or IOException)
            {
                context.Error.WriteLine($"invalid requests file: {e.Message}");
                return Task.FromResult(ExitCodes.Refused);
            }

            var results = answerer.AnswerAll(parsed);
            foreach (var warning in answerer.Warnings)
            {
                context.Error.WriteLine($"warning: {warning}");
            }

            context.Out.WriteLine(GnpyPathRequests.WriteResponse(results));
            return Task.FromResult(results.All(r => r is GnpyPathFound) ? ExitCodes.Success : ExitCodes.Refused);
        });
        return command;
    }

    private static string F(double db) => db.ToString("0.00", CultureInfo.InvariantCulture);
}
