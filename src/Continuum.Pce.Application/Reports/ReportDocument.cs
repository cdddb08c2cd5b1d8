using System.Globalization;
using System.Text;

namespace Continuum.Pce.Application.Reports;

/// <summary>A report: Markdown text that links SVG charts by file name, and the charts themselves.</summary>
public sealed record ReportDocument(string Name, string Markdown, IReadOnlyDictionary<string, string> Charts);

/// <summary>A tiny Markdown writer with invariant-culture numbers.</summary>
internal sealed class MarkdownWriter
{
    private readonly StringBuilder _text = new();

    public MarkdownWriter Heading(int level, string text)
    {
        _text.Append('#', level).Append(' ').AppendLine(text).AppendLine();
        return this;
    }

    public MarkdownWriter Paragraph(string text)
    {
        _text.AppendLine(text).AppendLine();
        return this;
    }

    public MarkdownWriter Image(string alt, string file)
    {
        _text.Append("![").Append(alt).Append("](").Append(file).AppendLine(")").AppendLine();
        return this;
    }

    public MarkdownWriter Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        _text.Append("| ").AppendJoin(" | ", header).AppendLine(" |");
        _text.Append('|').AppendJoin('|', header.Select((_, i) => i == 0 ? "---" : "---:")).AppendLine("|");
        foreach (var row in rows)
        {
            _text.Append("| ").AppendJoin(" | ", row.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal))).AppendLine(" |");
        }

        _text.AppendLine();
        return this;
    }

    public override string ToString() => _text.ToString();

    public static string Num(double value, int decimals = 1) => value.ToString("N" + decimals, CultureInfo.InvariantCulture);
}
