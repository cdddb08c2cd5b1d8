using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Continuum.Pce.Contracts.V1;
using Continuum.Pce.Topology.IO;
using Spectre.Console;

namespace Continuum.Pce.Cli.Commands.Server;

/// <summary>
/// `pce topology show | load`: the server's topology. They join the offline `topology validate | import` group, so
/// one `pce topology --help` lists everything about topologies.
/// </summary>
public static class TopologyServerCommands
{
    public static void AddTo(Command topology, CliContext context)
    {
        topology.Subcommands.Add(Show(context));
        topology.Subcommands.Add(Load(context));
    }

    private static Command Show(CliContext context)
    {
        var output = Output.Option();
        output.Description = "Output format: table (summary, default), json ({version, network, equipment}: the documents themselves) or csv (summary)";
        var command = new Command("show", "Show the topology loaded on the server: name, version and what it holds") { output };
        var connection = PceConnection.AddTo(command);
        connection.SetAction(command, context, async (parse, client, ct) =>
        {
            var document = await client.GetTopologyAsync(new GetTopologyRequest(), cancellationToken: ct);
            var network = Parse(document.NetworkJson);
            var equipment = Parse(document.EquipmentJson);
            var summary = Summarise(network, document.Version);
            switch (Output.Format(parse, output))
            {
                case OutputFormat.Json:
                    Output.WriteJson(context, new { version = document.Version, network, equipment });
                    break;
                case OutputFormat.Csv:
                    Output.WriteCsv(context, ["name", "version", "sites", "nodes", "fibers"], [[summary.Name, summary.Version, summary.Sites, summary.Nodes, summary.Fibers]]);
                    break;
                default:
                    var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
                    grid.AddRow("[bold]topology[/]", $"[bold]{Markup.Escape(summary.Name)}[/]");
                    grid.AddRow("version", summary.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    if (network?["description"]?.GetValue<string>() is { } description)
                    {
                        grid.AddRow("description", Markup.Escape(description));
                    }

                    grid.AddRow("equipment", Markup.Escape(equipment?["name"]?.GetValue<string>() ?? "–"));
                    grid.AddRow("sites", summary.Sites.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    grid.AddRow("nodes", Kinds(network));
                    grid.AddRow("fibres", summary.Fibers.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    context.Console.Write(grid);
                    break;
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Load(CliContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "Network file in the project's format (topologies/*.json); the equipment library it names is sent with it" };
        var equipmentOption = new Option<FileInfo?>("--equipment") { Description = "Equipment library to send instead of the one the network names" };
        var output = Output.Option();
        var command = new Command("load", "Validate a network file on the server and make it the server's topology (admin key)") { file, equipmentOption, output };
        var connection = PceConnection.AddTo(command);
        connection.SetAction(command, context, async (parse, client, ct) =>
        {
            var networkFile = parse.GetValue(file)!;
            var format = Output.Format(parse, output);
            using var progress = LoadProgress.Start(context, format == OutputFormat.Table);

            progress.Step("reading files");
            if (!networkFile.Exists)
            {
                throw new UsageException($"file: '{networkFile.FullName}' does not exist");
            }

            var networkJson = TopologyInput.ReadFile(networkFile.FullName);
            var equipmentFile = parse.GetValue(equipmentOption) ?? NamedEquipment(networkFile, networkJson);
            if (equipmentFile is { Exists: false })
            {
                throw new UsageException($"--equipment: '{equipmentFile.FullName}' does not exist");
            }

            var equipmentJson = equipmentFile is null ? "" : TopologyInput.ReadFile(equipmentFile.FullName);
            var documents = new TopologyDocument { NetworkJson = networkJson, EquipmentJson = equipmentJson };

            progress.Step("validating on the server");
            var report = await client.ValidateTopologyAsync(documents, cancellationToken: ct);
            if (!report.Valid)
            {
                progress.Done();
                var errors = report.Errors.Select(e => new ValidationIssueJson(e.Path, e.Code, e.Message)).ToList();
                if (format == OutputFormat.Json)
                {
                    Output.WriteJson(context, new { loaded = false, errors });
                }
                else
                {
                    await context.Error.WriteLineAsync($"error: the server rejected {networkFile.Name}: {errors.Count} error{(errors.Count == 1 ? "" : "s")}");
                    foreach (var e in errors)
                    {
                        await context.Error.WriteLineAsync($"  {e.Path}: {e.Message} ({e.Code})");
                    }
                }

                return ExitCodes.Refused;
            }

            progress.Step("loading");
            var loaded = await client.LoadTopologyAsync(documents, cancellationToken: ct);
            progress.Done();
            var summary = new TopologySummaryJson(loaded.Name, loaded.Version, loaded.Sites, loaded.Nodes, loaded.Fibers);
            switch (format)
            {
                case OutputFormat.Json:
                    Output.WriteJson(context, summary);
                    break;
                case OutputFormat.Csv:
                    Output.WriteCsv(context, ["name", "version", "sites", "nodes", "fibers"], [[summary.Name, summary.Version, summary.Sites, summary.Nodes, summary.Fibers]]);
                    break;
                default:
                    context.Console.MarkupLine($"[green]loaded[/] [bold]{Markup.Escape(summary.Name)}[/] as version {summary.Version}: " +
                                               $"{summary.Sites} sites, {summary.Nodes} nodes, {summary.Fibers} fibres" +
                                               (report.Warnings.Count == 0 ? "" : $" ({report.Warnings.Count} warnings)"));
                    break;
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The equipment library a network file names in <c>$.equipment</c>, relative to the file.</summary>
    private static FileInfo? NamedEquipment(FileInfo network, string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object &&
                   document.RootElement.TryGetProperty("equipment", out var e) && e.ValueKind == JsonValueKind.String && e.GetString() is { Length: > 0 } path
                ? new FileInfo(Path.Combine(network.DirectoryName ?? ".", path))
                : null;
        }
        catch (JsonException)
        {
            // The server reports the syntax error with its position.
            return null;
        }
    }

    private static JsonNode? Parse(string json) => string.IsNullOrEmpty(json) ? null : JsonNode.Parse(json);

    private static TopologySummaryJson Summarise(JsonNode? network, long version) => new(
        network?["name"]?.GetValue<string>() ?? "",
        version,
        (network?["sites"] as JsonArray)?.Count ?? 0,
        (network?["nodes"] as JsonArray)?.Count ?? 0,
        (network?["fibers"] as JsonArray)?.Count ?? 0);

    private static string Kinds(JsonNode? network)
    {
        if (network?["nodes"] is not JsonArray nodes)
        {
            return "0";
        }

        var kinds = nodes.GroupBy(n => n?["kind"]?.GetValue<string>() ?? "?").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}");
        return $"{nodes.Count} ({Markup.Escape(string.Join(", ", kinds))})";
    }

    /// <summary>
    /// Progress of a topology load on stderr (stdout stays clean for the answer): a live bar on a terminal, one line
    /// per step otherwise, nothing for JSON or CSV output.
    /// </summary>
    private sealed class LoadProgress : IDisposable
    {
        private const int Steps = 3;
        private readonly CliContext _context;
        private readonly bool _show;
        private readonly IAnsiConsole? _live;
        private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource<ProgressTask> _task = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Task? _render;
        private int _step;

        private LoadProgress(CliContext context, bool show)
        {
            _context = context;
            _show = show;
            if (show && context.Console.Profile.Capabilities.Ansi && !Console.IsErrorRedirected)
            {
                _live = AnsiConsole.Create(new AnsiConsoleSettings
                {
                    Ansi = AnsiSupport.Yes,
                    Interactive = InteractionSupport.Yes,
                    Out = new AnsiConsoleOutput(context.Error),
                });
                _render = _live.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new SpinnerColumn(), new ElapsedTimeColumn())
                    .StartAsync(async p =>
                    {
                        _task.SetResult(p.AddTask("topology", maxValue: Steps));
                        await _finished.Task;
                    });
            }
        }

        public static LoadProgress Start(CliContext context, bool show) => new(context, show);

        public void Step(string what)
        {
            _step++;
            if (_live is not null)
            {
                // The renderer adds its task synchronously when it starts; never block on it.
                if (_task.Task.IsCompletedSuccessfully)
                {
                    _task.Task.Result.Description = what;
                    _task.Task.Result.Value = _step - 1;
                }
            }
            else if (_show)
            {
                _context.Error.WriteLine($"[{_step}/{Steps}] {what}");
            }
        }

        public void Done()
        {
            if (_live is not null && !_finished.Task.IsCompleted)
            {
                if (_task.Task.IsCompletedSuccessfully)
                {
                    _task.Task.Result.Value = Steps;
                }

                _finished.TrySetResult();
                _render!.GetAwaiter().GetResult();
            }
        }

        public void Dispose()
        {
            _finished.TrySetResult();
            _render?.GetAwaiter().GetResult();
        }
    }
}
