using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Continuum.Pce.Cli.Commands.Server;
using Continuum.Pce.Domain.Geography;
using Continuum.Pce.Domain.Identity;
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
        var file = new Argument<FileInfo>("file") { Description = "Network file (topologies/*.json) or equipment library (topologies/equipment/*.json) in the Continuum PCE formats" };
        var equipment = new Option<FileInfo?>("--equipment") { Description = "Equipment library to use instead of the one the network names" };
        var command = new Command("validate", "Validate a network file and print a one-screen summary; every error is listed with its JSON path") { file, equipment };
        var output = OutputOption.AddTo(command, "table", "json");
        command.SetAction((ParseResult p, CancellationToken _) =>
        {
            var path = p.GetValue(file)!;
            var json = output.Format(p) == OutputFormat.Json;
            if (path.Exists && TopologyInput.TryReadFile(path.FullName, TopologyLimits.Default.MaxDocumentBytes, out var text, out var unreadable) && unreadable is null && FormatNames.FormatOf(text) == FormatNames.EquipmentFormat)
            {
                return Task.FromResult(ValidateEquipment(context, path, json));
            }

            var result = NetworkFile.Load(path.FullName, p.GetValue(equipment)?.FullName);
            if (json)
            {
                context.Out.WriteLine(JsonSerializer.Serialize(new
                {
                    valid = result.IsSuccess,
                    summary = result.IsSuccess ? Summarise(result.Value!) : null,
                    errors = result.Errors.Select(i => new { i.Code, i.Path, i.Source, i.Message }),
                    warnings = result.Warnings.Select(i => new { i.Code, i.Path, i.Source, i.Message }),
                }, Json));
                return Task.FromResult(result.IsSuccess ? ExitCodes.Success : ExitCodes.Refused);
            }

            if (!result.IsSuccess)
            {
                var errors = result.Errors.ToList();
                context.Console.MarkupLine($"[red]invalid:[/] {Markup.Escape(p.GetValue(file)!.Name)} has {errors.Count} error{(errors.Count == 1 ? "" : "s")}");
                PrintIssues(context, errors);
                return Task.FromResult(ExitCodes.Refused);
            }

            PrintSummary(context, result.Value!, result.Warnings.ToList());
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static int ValidateEquipment(CliContext context, FileInfo file, bool json)
    {
        var result = NetworkFile.LoadEquipment(file.FullName);
        var library = result.Value;
        if (json)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(new
            {
                valid = result.IsSuccess,
                summary = library is null ? null : new
                {
                    library.Name,
                    library.Currency,
                    Transceivers = library.Transceivers.Length,
                    Modes = library.Transceivers.Sum(t => t.Modes.Length),
                    Amplifiers = library.Amplifiers.Length,
                    FiberTypes = library.FiberTypes.Length,
                    RoadmTypes = library.RoadmTypes.Length,
                },
                errors = result.Errors.Select(i => new { i.Code, i.Path, i.Source, i.Message }),
                warnings = result.Warnings.Select(i => new { i.Code, i.Path, i.Source, i.Message }),
            }, Json));
            return result.IsSuccess ? ExitCodes.Success : ExitCodes.Refused;
        }

        if (!result.IsSuccess)
        {
            var errors = result.Errors.ToList();
            context.Console.MarkupLine($"[red]invalid:[/] {Markup.Escape(file.Name)} has {errors.Count} error{(errors.Count == 1 ? "" : "s")}");
            PrintIssues(context, errors);
            return ExitCodes.Refused;
        }

        context.Console.MarkupLine($"[green]valid:[/] equipment library [bold]{Markup.Escape(library!.Name)}[/] ({Markup.Escape(library.Currency)})");
        var table = new Table().Border(TableBorder.Rounded).AddColumns("kind", "id", "detail");
        foreach (var t in library.Transceivers)
        {
            table.AddRow("transceiver", Markup.Escape(t.Id.Value), Markup.Escape(string.Join(", ", t.Modes.Select(m =>
                string.Create(CultureInfo.InvariantCulture, $"{m.LineRateGbps}G {m.Format} {m.BaudRateGbaud:0.##} GBd {m.ChannelWidthMhz / 1000.0:0.#} GHz")))));
        }

        foreach (var a in library.Amplifiers)
        {
            table.AddRow("amplifier", Markup.Escape(a.Id.Value), string.Create(CultureInfo.InvariantCulture, $"gain {a.GainMinDb:0.#}–{a.GainFlatMaxDb:0.#} dB, {a.PowerW:0.#} W"));
        }

        foreach (var f in library.FiberTypes)
        {
            table.AddRow("fibre", Markup.Escape(f.Id.Value), string.Create(CultureInfo.InvariantCulture, $"{f.AttenuationDbPerKm:0.###} dB/km, {f.DispersionPsPerNmKm:0.#} ps/nm/km, {f.EffectiveAreaUm2:0} µm²"));
        }

        foreach (var r in library.RoadmTypes)
        {
            table.AddRow("ROADM", Markup.Escape(r.Id.Value), string.Create(CultureInfo.InvariantCulture, $"express {r.ExpressLossDb:0.#} dB, add/drop {r.AddDropLossDb:0.#} dB, {r.LatencyUs:0.##} µs"));
        }

        context.Console.Write(table);
        foreach (var w in result.Warnings)
        {
            context.Console.MarkupLine($"[yellow]warning[/] {Markup.Escape(w.Code)} at {Markup.Escape(w.Path)}: {Markup.Escape(w.Message)}");
        }

        return ExitCodes.Success;
    }

    private static Command Import(CliContext context)
    {
        var format = new Argument<string>("format") { Description = "Source format: sndlib (SNDlib native) or xlron (XLRON/TopologyBench node-link JSON)" };
        format.AcceptOnlyFromAmong("sndlib", "xlron");
        var input = new Argument<FileInfo>("input") { Description = "Source file" };
        var output = new Option<FileInfo>("--out") { Description = "Network file to write", Required = true };
        var name = new Option<string?>("--name") { Description = "Network name (default: the output file name)" };
        var country = new Option<string>("--country") { Description = "ISO 3166 code for every site (JP, DE-BY, ...)", DefaultValueFactory = _ => "US" };
        var countryOf = new Option<string[]>("--country-of") { Description = "Per-node country, NODE=CC (repeatable)", AllowMultipleArgumentsPerToken = true };
        var grid = new Option<string>("--grid") { Description = "cband (768 × 6.25 GHz) or benchmark (100 × 12.5 GHz, DeepRMSA)", DefaultValueFactory = _ => "cband" };
        grid.AcceptOnlyFromAmong("cband", "benchmark");
        var spanKm = new Option<double>("--span-km") { Description = "Maximum span length, km: a link of L km gets ceil(L / span) equal spans", DefaultValueFactory = _ => 80 };
        var routeFactor = new Option<double>("--route-factor") { Description = "Route length over great-circle distance (SNDlib has no lengths)", DefaultValueFactory = _ => 1.2 };
        var tier = new Option<string>("--tier") { Description = "Site tier for every site", DefaultValueFactory = _ => "regional-dc" };
        var equipment = new Option<string>("--equipment")
        {
            Description = "Equipment library the file names: a path relative to the output file's folder or to the current folder " +
                "(the default also finds the repository's topologies/equipment/default.json from inside the repository); it is written " +
                "so that it resolves from where the file is written (relative to it, or absolute)",
            DefaultValueFactory = _ => EquipmentReference.DefaultLibrary,
        };
        var roadmType = new Option<string>("--roadm-type") { Description = "ROADM type id for every site", DefaultValueFactory = _ => "roadm-cdc" };
        var amplifierType = new Option<string>("--amplifier-type") { Description = "Amplifier type id at the end of every span but the last", DefaultValueFactory = _ => "edfa-inline-vg" };
        var preampType = new Option<string>("--preamp-type") { Description = "Amplifier type id at the end of the last span (the ROADM pre-amplifier)", DefaultValueFactory = _ => "edfa-preamp-vg" };
        var fiberType = new Option<string>("--fiber-type") { Description = "Fibre type id of every span", DefaultValueFactory = _ => "SSMF" };
        var transceiverType = new Option<string>("--transceiver-type") { Description = "Transceiver type id of the transponder shelf at each site", DefaultValueFactory = _ => "coherent-800g" };
        var noTransponders = new Option<bool>("--no-transponders") { Description = "Do not add a transponder shelf per site" };
        var interfaces = new Option<int>("--interfaces") { Description = "Line interfaces per transponder shelf", DefaultValueFactory = _ => 16 };
        var currency = new Option<string>("--currency") { Description = "ISO 4217 currency of the sites' electricity prices", DefaultValueFactory = _ => "EUR" };
        var price = new Option<double>("--electricity-price") { Description = "Electricity price per kWh at every site", DefaultValueFactory = _ => 0.12 };
        var carbon = new Option<double>("--carbon-intensity") { Description = "Grid carbon intensity at every site, gCO2e/kWh", DefaultValueFactory = _ => 300 };
        var nameOf = new Option<string[]>("--name-of") { Description = "Name for a numbered source node, KEY=Name (repeatable)", AllowMultipleArgumentsPerToken = true };
        var position = new Option<string[]>("--position") { Description = "Position for a node without one, Name=lat,lon (repeatable)", AllowMultipleArgumentsPerToken = true };
        var positionsFrom = new Option<FileInfo[]>("--positions-from") { Description = "XLRON files to borrow node positions from, matched by name (repeatable)", AllowMultipleArgumentsPerToken = true };
        var source = new Option<string?>("--source") { Description = "Provenance: where the data comes from" };
        var licence = new Option<string?>("--licence") { Description = "Provenance: licence and credit" };
        var command = new Command(
            "import",
            "Convert an SNDlib or XLRON/TopologyBench file into the Continuum PCE network format. Each undirected link becomes two directed fibres " +
            "naming each other as reverse, cut into equal spans each ending in an amplifier. The result is validated against the equipment library " +
            "(when it exists next to --out) before it is written.")
        {
            format, input, output, name, country, countryOf, nameOf, position, positionsFrom, grid, spanKm, routeFactor, tier, equipment,
            roadmType, amplifierType, preampType, fiberType, transceiverType, noTransponders, interfaces, currency, price, carbon, source, licence,
        };
        var outputFormat = OutputOption.AddTo(command, "table", "json");
        command.SetAction((ParseResult p, CancellationToken _) =>
        {
            var asJson = outputFormat.Format(p) == OutputFormat.Json;
            if (!FormatNames.TryParseTier(p.GetValue(tier)!, out var siteTier))
            {
                throw new UsageException($"--tier: unknown tier '{p.GetValue(tier)}' (expected one of {string.Join(", ", FormatNames.TierNames)})");
            }

            var inputFile = p.GetValue(input)!;
            if (!inputFile.Exists)
            {
                context.Error.WriteLine($"cannot import: '{inputFile.FullName}' does not exist");
                return Task.FromResult(ExitCodes.Refused);
            }

            var outFile = p.GetValue(output)!;
            var options = new ImportOptions
            {
                Name = p.GetValue(name) ?? Path.GetFileNameWithoutExtension(outFile.Name),
                Country = p.GetValue(country)!,
                CountryOfNode = Pairs(p.GetValue(countryOf), "--country-of", "NODE=CC"),
                NameOfNode = Pairs(p.GetValue(nameOf), "--name-of", "KEY=Name"),
                KnownPositions = Positions(p.GetValue(positionsFrom), p.GetValue(position)),
                Grid = p.GetValue(grid) == "benchmark" ? SpectrumGrid.Benchmark100x12_5 : SpectrumGrid.CBandFlex,
                SpanLengthKm = p.GetValue(spanKm),
                RouteFactor = p.GetValue(routeFactor),
                Tier = siteTier,
                RoadmType = new RoadmTypeId(p.GetValue(roadmType)!),
                InlineAmplifier = new AmplifierTypeId(p.GetValue(amplifierType)!),
                Preamplifier = new AmplifierTypeId(p.GetValue(preampType)!),
                FiberType = new FiberTypeId(p.GetValue(fiberType)!),
                TransceiverType = new TransceiverTypeId(p.GetValue(transceiverType)!),
                AddTransponders = !p.GetValue(noTransponders),
                TransponderInterfaces = p.GetValue(interfaces),
                ElectricityPricePerKwh = p.GetValue(price),
                CarbonIntensityGramsPerKwh = p.GetValue(carbon),
            };
            var text = TopologyInput.ReadFile(inputFile.FullName);
            var imported = (p.GetValue(format) == "sndlib"
                ? SndlibImporter.Import(text, options.Name!, options)
                : XlronImporter.Import(text, options.Name!, options)).From(inputFile.Name);
            if (!imported.IsSuccess)
            {
                context.Console.MarkupLine($"[red]cannot import:[/] {Markup.Escape(inputFile.Name)} has {imported.Errors.Count()} problem(s)");
                PrintIssues(context, imported.Errors);
                return Task.FromResult(ExitCodes.Refused);
            }

            var network = imported.Value!;
            var provenance = p.GetValue(source) is null && p.GetValue(licence) is null ? null : new Provenance(p.GetValue(source), p.GetValue(licence), $"{network.Description} {options.Assumptions()}");
            var reference = EquipmentReference.Resolve(outFile.FullName, p.GetValue(equipment));
            var json = TopologyWriter.WriteNetwork(network, reference.Field, p.GetValue(currency), provenance);

            // Check the result as `validate` would, so that a type id missing from the library is caught before the file exists.
            var libraryPath = reference.FullPath;
            var warnings = imported.Warnings.ToList();
            if (reference.Found)
            {
                var library = NetworkFile.LoadEquipment(libraryPath);
                var check = library.IsSuccess ? TopologyReader.ReadNetwork(json, library.Value!, outFile.Name) : library.AsFailure<LoadedNetwork>();
                if (!check.IsSuccess)
                {
                    context.Console.MarkupLine($"[red]not written:[/] the imported network does not validate against {Markup.Escape(libraryPath)}");
                    PrintIssues(context, check.Errors);
                    return Task.FromResult(ExitCodes.Refused);
                }

                warnings.AddRange(check.Warnings);
            }
            else
            {
                context.Error.WriteLine($"note: equipment library '{libraryPath}' does not exist; the written file was not validated against it");
            }

            outFile.Directory?.Create();
            File.WriteAllText(outFile.FullName, json);
            var routeKm = network.Fibers.Where(f => IsPrimary(f)).Sum(f => f.LengthKm);
            if (asJson)
            {
                context.Out.WriteLine(JsonSerializer.Serialize(new
                {
                    file = outFile.FullName,
                    equipment = reference.Field,
                    validated = reference.Found,
                    sites = network.Sites.Length,
                    nodes = network.Nodes.Length,
                    fibers = network.Fibers.Length,
                    routeKm = Math.Round(routeKm, 1),
                    warnings = warnings.Select(i => new { i.Code, i.Path, i.Source, i.Message }),
                }, Json));
                return Task.FromResult(ExitCodes.Success);
            }

            context.Out.WriteLine(
                $"wrote {outFile.FullName}: {network.Sites.Length} sites, {network.Nodes.Length} nodes, {network.Fibers.Length} directed fibres, " +
                $"{routeKm.ToString("0", CultureInfo.InvariantCulture)} route km, {warnings.Count} warning(s); equipment {reference.Field}");
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static ImmutableDictionary<string, string> Pairs(string[]? values, string option, string shape)
    {
        var result = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var pair in values ?? [])
        {
            var parts = pair.Split('=', 2);
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
            {
                throw new UsageException($"{option} expects {shape}, got '{pair}'");
            }

            result[parts[0]] = parts[1];
        }

        return result.ToImmutable();
    }

    private static ImmutableDictionary<string, GeoPoint> Positions(FileInfo[]? files, string[]? explicitPositions)
    {
        var positions = ImmutableDictionary.CreateBuilder<string, GeoPoint>(StringComparer.Ordinal);
        foreach (var file in files ?? [])
        {
            if (!file.Exists)
            {
                throw new UsageException($"--positions-from: '{file.FullName}' does not exist");
            }

            try
            {
                using var doc = JsonDocument.Parse(TopologyInput.ReadFile(file.FullName));
                foreach (var node in doc.RootElement.GetProperty("nodes").EnumerateArray())
                {
                    if (node.TryGetProperty("name", out var nm) && nm.ValueKind == JsonValueKind.String &&
                        node.TryGetProperty("latitude", out var la) && node.TryGetProperty("longitude", out var lo) &&
                        la.TryGetDouble(out var lat) && lo.TryGetDouble(out var lon) && GeoPoint.IsValid(lat, lon))
                    {
                        positions.TryAdd(PositionKeys.Of(nm.GetString()!), new GeoPoint(lat, lon));
                    }
                }
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new UsageException($"--positions-from: '{file.Name}' is not XLRON node-link JSON ({e.Message})");
            }
        }

        foreach (var pair in explicitPositions ?? [])
        {
            var parts = pair.Split('=', 2);
            var coords = parts.Length == 2 ? parts[1].Split(',') : [];
            if (coords.Length != 2 ||
                !double.TryParse(coords[0], CultureInfo.InvariantCulture, out var la) ||
                !double.TryParse(coords[1], CultureInfo.InvariantCulture, out var lo) ||
                !GeoPoint.IsValid(la, lo))
            {
                throw new UsageException($"--position expects Name=lat,lon, got '{pair}'");
            }

            positions[PositionKeys.Of(parts[0])] = new GeoPoint(la, lo);
        }

        return positions.ToImmutable();
    }

    private static void PrintIssues(CliContext context, IEnumerable<TopologyIssue> issues)
    {
        var table = new Table().Border(TableBorder.Simple).AddColumns("path", "code", "reason");
        foreach (var e in issues)
        {
            table.AddRow(Markup.Escape(e.Location), Markup.Escape(e.Code), Markup.Escape(e.Message));
        }

        context.Console.Write(table);
    }

    /// <summary>One fibre of each duplex pair (and every fibre without a reverse), to count links and route km once.</summary>
    private static bool IsPrimary(Fiber f) => f.Reverse is null || string.CompareOrdinal(f.Id.Value, f.Reverse.Value.Value) < 0;

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
        int SpanAmplifiers,
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
        var duplex = n.Fibers.Count(IsPrimary);
        var routeKm = n.Fibers.Where(IsPrimary).Sum(f => f.LengthKm);
        return new Summary(
            n.Name,
            n.Description,
            $"{n.Grid.SlotCount} × {n.Grid.SlotWidthMhz / 1000.0:0.###} GHz from {n.Grid.Start.Thz:0.000} THz",
            n.Sites.Length,
            n.Sites.GroupBy(s => FormatNames.TierName(s.Tier)).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            n.Roadms.Count(),
            n.Transponders.Count(),
            n.Amplifiers.Count(),
            n.Fibers.Sum(f => f.Spans.Count(sp => sp.Amplifier is not null)),
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
        table.AddRow("nodes", $"{s.Roadms} ROADMs, {s.Transponders} transponder shelves, {s.Amplifiers} in-line amplifier devices; {s.SpanAmplifiers.ToString("N0", CultureInfo.InvariantCulture)} span amplifiers");
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
            context.Console.MarkupLine($"[yellow]… and {warnings.Count - 8} more warnings (use -o json for all)[/]");
        }
    }
}
