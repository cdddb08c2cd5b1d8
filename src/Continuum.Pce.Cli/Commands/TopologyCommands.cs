using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Continuum.Pce.Domain.Geography;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Sites;
using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.Topology.IO;
using Continuum.Pce.Topology.IO.Import;
using Continuum.Pce.Topology.IO.Json;
using Continuum.Pce.Topology.IO.Validation;
using Spectre.Console;

namespace Continuum.Pce.Cli.Commands;

/// <summary>`pce topology validate | import`: offline commands over topology files.</summary>
public static class TopologyCommands
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create(CliContext context)
    {
        var topology = new Command("topology", "Validate, summarise and import network topology files");
        topology.Subcommands.Add(Validate(context));
        topology.Subcommands.Add(Import(context));
        return topology;
    }

    private static Command Validate(CliContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "Network file in the Continuum PCE format (topologies/*.json)" };
        var equipment = new Option<FileInfo?>("--equipment") { Description = "Equipment library to use instead of the one the network names" };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON (stable, for scripts)" };
        var command = new Command("validate", "Validate a network file and print a one-screen summary; every error is listed with its JSON path") { file, equipment, json };
        command.SetAction((ParseResult p, CancellationToken _) =>
        {
            var result = NetworkFile.Load(p.GetValue(file)!.FullName, p.GetValue(equipment)?.FullName);
            if (p.GetValue(json))
            {
                context.Out.WriteLine(JsonSerializer.Serialize(new
                {
                    valid = result.IsSuccess,
                    summary = result.IsSuccess ? Summarise(result.Value!) : null,
                    errors = result.Errors.Select(i => new { i.Code, i.Path, i.Message }),
                    warnings = result.Warnings.Select(i => new { i.Code, i.Path, i.Message }),
                }, Json));
                return Task.FromResult(result.IsSuccess ? ExitCodes.Success : ExitCodes.Refused);
            }

            if (!result.IsSuccess)
            {
                var errors = result.Errors.ToList();
                context.Console.MarkupLine($"[red]invalid:[/] {Markup.Escape(p.GetValue(file)!.Name)} has {errors.Count} error{(errors.Count == 1 ? "" : "s")}");
                var table = new Table().Border(TableBorder.Simple).AddColumns("path", "code", "reason");
                foreach (var e in errors)
                {
                    table.AddRow(Markup.Escape(e.Path), Markup.Escape(e.Code), Markup.Escape(e.Message));
                }

                context.Console.Write(table);
                return Task.FromResult(ExitCodes.Refused);
            }

            PrintSummary(context, result.Value!, result.Warnings.ToList());
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static Command Import(CliContext context)
    {
        var format = new Argument<string>("format") { Description = "Source format: sndlib or xlron" };
        format.AcceptOnlyFromAmong("sndlib", "xlron");
        var input = new Argument<FileInfo>("input") { Description = "Source file" };
        var output = new Option<FileInfo>("--out") { Description = "Network file to write", Required = true };
        var name = new Option<string?>("--name") { Description = "Network name (default: the output file name)" };
        var country = new Option<string>("--country") { Description = "ISO 3166 code for every site", DefaultValueFactory = _ => "US" };
        var countryOf = new Option<string[]>("--country-of") { Description = "Per-node country, NODE=CC (repeatable)", AllowMultipleArgumentsPerToken = true };
        var grid = new Option<string>("--grid") { Description = "cband (768 × 6.25 GHz) or benchmark (100 × 12.5 GHz)", DefaultValueFactory = _ => "cband" };
        grid.AcceptOnlyFromAmong("cband", "benchmark");
        var spanKm = new Option<double>("--span-km") { Description = "Maximum span length, km", DefaultValueFactory = _ => 80 };
        var routeFactor = new Option<double>("--route-factor") { Description = "Route length over great-circle distance (SNDlib)", DefaultValueFactory = _ => 1.2 };
        var tier = new Option<string>("--tier") { Description = "Site tier for every site", DefaultValueFactory = _ => "regional-dc" };
        var equipment = new Option<string>("--equipment") { Description = "Equipment library path written into the file (relative to it)", DefaultValueFactory = _ => "equipment/default.json" };
        var nameOf = new Option<string[]>("--name-of") { Description = "Name for a numbered source node, KEY=Name (repeatable)", AllowMultipleArgumentsPerToken = true };
        var position = new Option<string[]>("--position") { Description = "Position for a node without one, Name=lat,lon (repeatable)", AllowMultipleArgumentsPerToken = true };
        var positionsFrom = new Option<FileInfo[]>("--positions-from") { Description = "XLRON files to borrow node positions from, matched by name (repeatable)", AllowMultipleArgumentsPerToken = true };
        var source = new Option<string?>("--source") { Description = "Provenance: where the data comes from" };
        var licence = new Option<string?>("--licence") { Description = "Provenance: licence and credit" };
        var command = new Command("import", "Convert an SNDlib or XLRON/TopologyBench file into the Continuum PCE network format")
        {
            format, input, output, name, country, countryOf, nameOf, position, positionsFrom, grid, spanKm, routeFactor, tier, equipment, source, licence,
        };
        command.SetAction((ParseResult p, CancellationToken _) =>
        {
            var countries = ImmutableDictionary.CreateBuilder<string, string>();
            foreach (var pair in p.GetValue(countryOf) ?? [])
            {
                var parts = pair.Split('=', 2);
                if (parts.Length != 2)
                {
                    throw new UsageException($"--country-of expects NODE=CC, got '{pair}'");
                }

                countries[parts[0]] = parts[1];
            }

            var names = ImmutableDictionary.CreateBuilder<string, string>();
            foreach (var pair in p.GetValue(nameOf) ?? [])
            {
                var parts = pair.Split('=', 2);
                names[parts[0]] = parts.Length == 2 ? parts[1] : throw new UsageException($"--name-of expects KEY=Name, got '{pair}'");
            }

            var positions = ImmutableDictionary.CreateBuilder<string, GeoPoint>();
            foreach (var file in p.GetValue(positionsFrom) ?? [])
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(file.FullName));
                foreach (var node in doc.RootElement.GetProperty("nodes").EnumerateArray())
                {
                    if (node.TryGetProperty("name", out var nm) && node.TryGetProperty("latitude", out var la) && node.TryGetProperty("longitude", out var lo))
                    {
                        positions.TryAdd(PositionKeys.Of(nm.GetString()!), new GeoPoint(la.GetDouble(), lo.GetDouble()));
                    }
                }
            }

            foreach (var pair in p.GetValue(position) ?? [])
            {
                var parts = pair.Split('=', 2);
                var coords = parts.Length == 2 ? parts[1].Split(',') : [];
                if (coords.Length != 2 || !double.TryParse(coords[0], CultureInfo.InvariantCulture, out var la) || !double.TryParse(coords[1], CultureInfo.InvariantCulture, out var lo) || !GeoPoint.IsValid(la, lo))
                {
                    throw new UsageException($"--position expects Name=lat,lon, got '{pair}'");
                }

                positions[PositionKeys.Of(parts[0])] = new GeoPoint(la, lo);
            }

            if (!FormatNames.TryParseTier(p.GetValue(tier)!, out var siteTier))
            {
                throw new UsageException($"--tier: unknown tier '{p.GetValue(tier)}' (expected one of {string.Join(", ", FormatNames.TierNames)})");
            }

            var outFile = p.GetValue(output)!;
            var options = new ImportOptions
            {
                Name = p.GetValue(name) ?? Path.GetFileNameWithoutExtension(outFile.Name),
                Country = p.GetValue(country)!,
                CountryOfNode = countries.ToImmutable(),
                NameOfNode = names.ToImmutable(),
                KnownPositions = positions.ToImmutable(),
                Grid = p.GetValue(grid) == "benchmark" ? SpectrumGrid.Benchmark100x12_5 : SpectrumGrid.CBandFlex,
                SpanLengthKm = p.GetValue(spanKm),
                RouteFactor = p.GetValue(routeFactor),
                Tier = siteTier,
            };
            var text = File.ReadAllText(p.GetValue(input)!.FullName);
            OpticalNetwork network;
            try
            {
                network = p.GetValue(format) == "sndlib"
                    ? SndlibImporter.Import(text, options.Name!, options)
                    : XlronImporter.Import(text, options.Name!, options);
            }
            catch (Exception e) when (e is FormatException or JsonException or KeyNotFoundException or ArgumentException)
            {
                context.Error.WriteLine($"cannot import {p.GetValue(input)!.Name}: {e.Message}");
                return Task.FromResult(ExitCodes.Refused);
            }

            var provenance = p.GetValue(source) is null && p.GetValue(licence) is null ? null : new Provenance(p.GetValue(source), p.GetValue(licence), network.Description);
            outFile.Directory?.Create();
            File.WriteAllText(outFile.FullName, TopologyWriter.WriteNetwork(network, p.GetValue(equipment), "EUR", provenance));
            context.Out.WriteLine($"wrote {outFile.FullName}: {network.Sites.Length} sites, {network.Nodes.Length} nodes, {network.Fibers.Length} directed fibres, {network.TotalFiberKm / 2:0} route km");
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    /// <summary>The summary as data (also the JSON output).</summary>
    public sealed record Summary(
        string Name,
        string? Description,
        string Grid,
        int Sites,
        IReadOnlyDictionary<string, int> SitesByTier,
        int Roadms,
        int Transponders,
        int Amplifiers,
        int Fibers,
        int DuplexLinks,
        double FiberKm,
        double RouteKm,
        double LongestFiberKm,
        IReadOnlyList<string> Jurisdictions,
        string EquipmentLibrary,
        string? Source);

    public static Summary Summarise(NetworkBundle bundle)
    {
        var n = bundle.Loaded.Network;
        var duplex = n.Fibers.Count(f => f.Reverse is null || string.CompareOrdinal(f.Id.Value, f.Reverse.Value.Value) < 0);
        var routeKm = n.Fibers.Where(f => f.Reverse is null || string.CompareOrdinal(f.Id.Value, f.Reverse.Value.Value) < 0).Sum(f => f.LengthKm);
        return new Summary(
            n.Name,
            n.Description,
            $"{n.Grid.SlotCount} × {n.Grid.SlotWidthMhz / 1000.0:0.###} GHz from {n.Grid.Start.Thz:0.000} THz",
            n.Sites.Length,
            n.Sites.GroupBy(s => FormatNames.TierName(s.Tier)).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            n.Roadms.Count(),
            n.Transponders.Count(),
            n.Amplifiers.Count(),
            n.Fibers.Length,
            duplex,
            Math.Round(n.TotalFiberKm, 1),
            Math.Round(routeKm, 1),
            n.Fibers.Length == 0 ? 0 : Math.Round(n.Fibers.Max(f => f.LengthKm), 1),
            [.. n.Sites.Select(s => s.Jurisdiction.Country).Concat(n.Fibers.SelectMany(f => f.Jurisdictions.Select(j => j.Country))).Distinct().Order(StringComparer.Ordinal)],
            bundle.Equipment.Name,
            bundle.Loaded.Provenance?.Source);
    }

    private static void PrintSummary(CliContext context, NetworkBundle bundle, List<TopologyIssue> warnings)
    {
        var s = Summarise(bundle);
        context.Console.MarkupLine($"[green]valid:[/] [bold]{Markup.Escape(s.Name)}[/]" + (s.Source is null ? "" : $" ({Markup.Escape(s.Source)})"));
        if (s.Description is not null)
        {
            context.Console.MarkupLine($"[grey]{Markup.Escape(s.Description)}[/]");
        }

        var table = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumns("", "");
        table.AddRow("sites", $"{s.Sites} ({string.Join(", ", s.SitesByTier.Select(kv => $"{kv.Value} {kv.Key}"))})");
        table.AddRow("nodes", $"{s.Roadms} ROADMs, {s.Transponders} transponder shelves, {s.Amplifiers} in-line amplifiers");
        table.AddRow("fibres", $"{s.Fibers} directed ({s.DuplexLinks} duplex links), longest {s.LongestFiberKm.ToString("0.0", CultureInfo.InvariantCulture)} km");
        table.AddRow("total km", $"{s.RouteKm.ToString("N1", CultureInfo.InvariantCulture)} route km, {s.FiberKm.ToString("N1", CultureInfo.InvariantCulture)} fibre km");
        table.AddRow("jurisdictions", string.Join(", ", s.Jurisdictions));
        table.AddRow("grid", s.Grid);
        table.AddRow("equipment", s.EquipmentLibrary);
        table.AddRow("warnings", warnings.Count.ToString(CultureInfo.InvariantCulture));
        context.Console.Write(table);
        foreach (var w in warnings.Take(8))
        {
            context.Console.MarkupLine($"[yellow]warning[/] {Markup.Escape(w.Code)}: {Markup.Escape(w.Message)}");
        }

        if (warnings.Count > 8)
        {
            context.Console.MarkupLine($"[yellow]… and {warnings.Count - 8} more warnings (use --json for all)[/]");
        }
    }
}
