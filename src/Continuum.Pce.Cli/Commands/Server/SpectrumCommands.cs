using System.CommandLine;
using System.Globalization;
using System.Text;
using Continuum.Pce.Contracts.V1;
using Spectre.Console;

namespace Continuum.Pce.Cli.Commands.Server;

/// <summary>`pce spectrum &lt;fiber&gt;`: a fibre's flexgrid slots (ITU-T G.694.1, 6.25 GHz) as a map with the lightpaths on them.</summary>
public static class SpectrumCommands
{
    /// <summary>Slots per map row: 64 slots (400 GHz) keep a row with its labels inside 80 columns.</summary>
    public const int SlotsPerRow = 64;

    private const string Keys = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private static readonly string[] Palette = ["green", "blue", "magenta", "cyan", "yellow", "red", "lime", "fuchsia", "aqua", "olive", "purple", "teal"];

    public static Command Create(CliContext context)
    {
        var fiber = new Argument<string>("fiber") { Description = "Fibre id (FRA-PAR)" };
        var output = Output.Option();
        var command = new Command("spectrum", "Spectrum map of a fibre: every slot, the lightpaths on them (other tenants' as occupied slots) and the utilisation") { fiber, output };
        var connection = PceConnection.AddTo(command);
        connection.SetAction(command, context, async (parse, client, ct) =>
        {
            var spectrum = await client.GetSpectrumAsync(new GetSpectrumRequest { Fiber = parse.GetValue(fiber)! }, cancellationToken: ct);
            var json = SpectrumJson.Of(spectrum);
            switch (Output.Format(parse, output))
            {
                case OutputFormat.Json:
                    Output.WriteJson(context, json);
                    break;
                case OutputFormat.Csv:
                    Output.WriteCsv(context, ["fiber", "lightpath", "tenant", "slotStart", "slotCount", "centreThz", "widthGhz", "status"],
                        json.Claims.Select(c => new object?[] { json.Fiber, c.Lightpath, c.Tenant, c.SlotStart, c.SlotCount, c.CentreThz, c.WidthGhz, c.Status }));
                    break;
                default:
                    Render(context.Console, json);
                    break;
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// Header with the band and the utilisation, a one-line overview bar, then the map: one row per 64 slots labelled
    /// with its first slot and lower-edge frequency, each lightpath drawn with its own letter (and colour on a terminal),
    /// free slots as dots; a legend table names the lightpaths.
    /// </summary>
    public static void Render(IAnsiConsole console, SpectrumJson s)
    {
        var widthGhz = s.SlotWidthGhz;
        var lowerEdgeThz = (s.FirstSlotCentreMhz - (widthGhz * 500)) / 1e6;
        var upperEdgeThz = lowerEdgeThz + (s.SlotCount * widthGhz / 1000);
        var owner = new int[s.SlotCount];
        Array.Fill(owner, -1);
        for (var i = 0; i < s.Claims.Count; i++)
        {
            var c = s.Claims[i];
            for (var slot = Math.Max(0, c.SlotStart); slot < Math.Min(s.SlotCount, c.SlotStart + c.SlotCount); slot++)
            {
                owner[slot] = i;
            }
        }

        var used = owner.Count(o => o >= 0);
        var percent = InventoryCommands.Percent(used, s.SlotCount);
        console.MarkupLine($"[bold]{Markup.Escape(s.Fiber)}[/]  {(s.Up ? "[green]up[/]" : "[red]DOWN[/]")}  {s.SlotCount} slots × {F(widthGhz, "0.##")} GHz  " +
                           $"{F(lowerEdgeThz, "0.000")}–{F(upperEdgeThz, "0.000")} THz");
        var utilisationColour = percent >= 80 ? "red" : percent >= 50 ? "yellow" : "green";
        console.MarkupLine($"utilisation [{utilisationColour}]{F(percent, "0.0")} %[/]  {used} of {s.SlotCount} slots, " +
                           $"{s.Claims.Count} lightpath{(s.Claims.Count == 1 ? "" : "s")}");

        // Overview: the whole band in 64 columns, each summarising a few slots.
        var perColumn = Math.Max(1, (s.SlotCount + SlotsPerRow - 1) / SlotsPerRow);
        var bar = new StringBuilder();
        for (var col = 0; col * perColumn < s.SlotCount; col++)
        {
            var start = col * perColumn;
            var end = Math.Min(s.SlotCount, start + perColumn);
            var busy = 0;
            var first = -1;
            for (var slot = start; slot < end; slot++)
            {
                if (owner[slot] >= 0)
                {
                    busy++;
                    first = first < 0 ? owner[slot] : first;
                }
            }

            var glyph = busy == 0 ? "·" : busy == end - start ? "█" : busy * 2 >= end - start ? "▓" : "░";
            bar.Append(first < 0 ? glyph : $"[{Palette[first % Palette.Length]}]{glyph}[/]");
        }

        console.MarkupLine($"{"band",-12} │{bar}│ {perColumn} slots/column");
        console.WriteLine();

        // The map, 64 slots per row, with a ruler every 8 slots.
        var ruler = new StringBuilder();
        for (var i = 0; i < SlotsPerRow; i += 8)
        {
            ruler.Append(i.ToString(CultureInfo.InvariantCulture).PadRight(8));
        }

        console.MarkupLine($"[grey]{"slot",4} {"THz",-7}  {ruler.ToString().TrimEnd()}[/]");
        for (var rowStart = 0; rowStart < s.SlotCount; rowStart += SlotsPerRow)
        {
            var row = new StringBuilder();
            var rowEnd = Math.Min(s.SlotCount, rowStart + SlotsPerRow);
            for (var slot = rowStart; slot < rowEnd;)
            {
                var o = owner[slot];
                var run = slot;
                while (run < rowEnd && owner[run] == o)
                {
                    run++;
                }

                if (o < 0)
                {
                    row.Append("[grey]").Append('·', run - slot).Append("[/]");
                }
                else
                {
                    var key = Keys[o % Keys.Length];
                    row.Append("[black on ").Append(Palette[o % Palette.Length]).Append(']').Append(key, run - slot).Append("[/]");
                }

                slot = run;
            }

            var rowThz = lowerEdgeThz + (rowStart * widthGhz / 1000);
            console.MarkupLine($"{rowStart,4} {F(rowThz, "0.000"),-7} │{row}│");
        }

        if (s.Claims.Count == 0)
        {
            console.MarkupLine("[grey]no lightpaths on this fibre[/]");
            return;
        }

        var legend = new Table().Border(TableBorder.Rounded).AddColumns("key", "lightpath", "slots", "centre THz", "width GHz", "status");
        legend.Columns[3].RightAligned();
        legend.Columns[4].RightAligned();
        for (var i = 0; i < s.Claims.Count; i++)
        {
            var c = s.Claims[i];
            legend.AddRow($"[black on {Palette[i % Palette.Length]}]{Keys[i % Keys.Length]}[/]", c.Lightpath is null ? "[grey](another tenant)[/]" : Markup.Escape(c.Lightpath),
                $"{c.SlotStart}–{c.SlotStart + c.SlotCount - 1} ({c.SlotCount})", F(c.CentreThz, "0.00000"), F(c.WidthGhz, "0.##"),
                c.Status == "Held" ? "[yellow]Held[/]" : Markup.Escape(c.Status));
        }

        console.Write(legend);
    }

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
