using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Continuum.Pce.Cli.Commands.Server;

/// <summary>How a command prints its answer.</summary>
public enum OutputFormat
{
    /// <summary>Human tables (Spectre.Console), colour only on a terminal.</summary>
    Table,

    /// <summary>One stable camelCase JSON document (streams: one JSON object per line).</summary>
    Json,

    /// <summary>RFC 4180 CSV with a header row; lists inside a cell are joined with ';'.</summary>
    Csv,
}

/// <summary>The <c>--output</c> option and the JSON and CSV writers every server command shares.</summary>
public static class Output
{
    /// <summary>camelCase, indented, nulls written (a field is always present, so scripts can rely on the shape).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The same contract on one line, for streams (NDJSON).</summary>
    public static readonly JsonSerializerOptions JsonLine = new(Json) { WriteIndented = false };

    public static Option<string> Option() => Option("table", "json", "csv");

    /// <summary>The <c>-o/--output</c> option accepting <paramref name="formats"/>; the first is the default.</summary>
    public static Option<string> Option(params string[] formats)
    {
        var option = new Option<string>("--output", "-o")
        {
            Description = "Output format: " + string.Join(", ", formats.Select((f, i) => i == 0 ? f + " (default)" : f switch
            {
                "json" => "json (stable, for scripts)",
                _ => f,
            })),
            DefaultValueFactory = _ => formats[0],
        };
        option.AcceptOnlyFromAmong(formats);
        return option;
    }

    public static OutputFormat Format(ParseResult parse, Option<string> option) => parse.GetValue(option) switch
    {
        "json" => OutputFormat.Json,
        "csv" => OutputFormat.Csv,
        _ => OutputFormat.Table,
    };

    public static void WriteJson<T>(CliContext context, T value) => context.Out.WriteLine(JsonSerializer.Serialize(value, Json));

    public static void WriteJsonLine<T>(CliContext context, T value)
    {
        context.Out.WriteLine(JsonSerializer.Serialize(value, JsonLine));
        context.Out.Flush();
    }

    public static void WriteCsv(CliContext context, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows)
    {
        WriteCsvRow(context, header);
        foreach (var row in rows)
        {
            WriteCsvRow(context, row);
        }
    }

    public static void WriteCsvRow<T>(CliContext context, IReadOnlyList<T> cells)
    {
        var line = new StringBuilder();
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0)
            {
                line.Append(',');
            }

            line.Append(Cell(cells[i]));
        }

        context.Out.WriteLine(line.ToString());
    }

    private static string Cell(object? value)
    {
        var text = value switch
        {
            null => "",
            string s => s,
            bool b => b ? "true" : "false",
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
            IEnumerable<string> list => string.Join(';', list),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}

/// <summary>
/// The <c>-o/--output</c> option of an offline command, with the hidden <c>--json</c> those commands took before
/// (deprecated: it means <c>-o json</c>, so existing scripts keep working).
/// </summary>
public sealed class OutputOption
{
    private OutputOption(string[] formats)
    {
        Output = Server.Output.Option(formats);
    }

    public Option<string> Output { get; }

    public Option<bool> Json { get; } = new("--json") { Description = "Deprecated: the same as -o json", Hidden = true };

    /// <summary>Adds <c>-o/--output</c> (accepting <paramref name="formats"/>, the first the default) and the hidden <c>--json</c>.</summary>
    public static OutputOption AddTo(Command command, params string[] formats)
    {
        var option = new OutputOption(formats.Length == 0 ? ["table", "json"] : formats);
        command.Options.Add(option.Output);
        command.Options.Add(option.Json);
        return option;
    }

    public OutputFormat Format(ParseResult parse)
    {
        if (parse.GetValue(Json))
        {
            if (parse.GetResult(Output) is { Implicit: false } && parse.GetValue(Output) != "json")
            {
                throw new UsageException($"--json (deprecated) means -o json; it cannot be combined with -o {parse.GetValue(Output)}");
            }

            return OutputFormat.Json;
        }

        return Server.Output.Format(parse, Output);
    }
}
