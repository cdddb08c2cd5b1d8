using System.Text.RegularExpressions;

namespace Continuum.Pce.Readme.Tests;

/// <summary>Something README.md asks a reader to run or shows them, at its 1-based line.</summary>
public abstract record ReadmeItem(int Line);

/// <summary>
/// A command of a ```bash block (continuation lines joined, trailing comment kept: bash ignores it), with the reason it
/// is not run when a marker comment (<see cref="ReadmeDocument.ExemptionMarker"/>) stands on the line before it.
/// </summary>
public sealed record ReadmeCommand(int Line, string Text, string? Exemption) : ReadmeItem(Line);

/// <summary>A captured run in a plain ``` block: the command after "$ " and the lines it printed.</summary>
public sealed record ReadmeCapture(int Line, string Command, IReadOnlyList<string> Expected) : ReadmeItem(Line);

/// <summary>The runnable content of README.md: its bash commands and its captured outputs, in document order.</summary>
public sealed partial class ReadmeDocument
{
    /// <summary>
    /// The comment that exempts the next command from the README test, followed by why ("# not run by the README test:
    /// the 1,000-node load run takes about 15 minutes").
    /// </summary>
    public const string ExemptionMarker = "not run by the README test:";

    /// <summary>In a capture, a line "..." stands for any number of lines of the real output.</summary>
    public const string Elision = "...";

    private ReadmeDocument(IReadOnlyList<ReadmeItem> items) => Items = items;

    public IReadOnlyList<ReadmeItem> Items { get; }

    public IEnumerable<ReadmeCommand> Commands => Items.OfType<ReadmeCommand>();

    public IEnumerable<ReadmeCapture> Captures => Items.OfType<ReadmeCapture>();

    public static ReadmeDocument Parse(string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var items = new List<ReadmeItem>();
        for (var i = 0; i < lines.Length; i++)
        {
            var fence = lines[i].TrimEnd();
            if (!fence.StartsWith("```", StringComparison.Ordinal))
            {
                continue;
            }

            var language = fence[3..].Trim();
            var start = i + 1;
            var end = start;
            while (end < lines.Length && lines[end].TrimEnd() != "```")
            {
                end++;
            }

            if (language == "bash")
            {
                ParseBash(lines, start, end, items);
            }
            else if (language.Length == 0)
            {
                ParseCaptures(lines, start, end, items);
            }

            i = end;
        }

        return new ReadmeDocument(items);
    }

    /// <summary>The command without its trailing comment (a '#' after a space, outside quotes).</summary>
    public static string WithoutComment(string command)
    {
        var quote = '\0';
        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '#' && (i == 0 || char.IsWhiteSpace(command[i - 1])))
            {
                return command[..i].TrimEnd();
            }
        }

        return command.TrimEnd();
    }

    /// <summary>Whether <paramref name="actual"/> matches the captured lines, "..." standing for any run of lines.</summary>
    public static bool Matches(IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        var e = Normalise(expected);
        var a = Normalise(actual);
        return Match(e, 0, a, 0);

        static bool Match(IReadOnlyList<string> e, int i, IReadOnlyList<string> a, int j)
        {
            while (i < e.Count)
            {
                if (e[i].Trim() == Elision)
                {
                    for (var skip = j; skip <= a.Count; skip++)
                    {
                        if (Match(e, i + 1, a, skip))
                        {
                            return true;
                        }
                    }

                    return false;
                }

                if (j >= a.Count || e[i] != a[j])
                {
                    return false;
                }

                i++;
                j++;
            }

            return j == a.Count;
        }
    }

    /// <summary>Lines without trailing white space, and without the blank lines at the start and the end.</summary>
    public static IReadOnlyList<string> Normalise(IEnumerable<string> lines)
    {
        var list = lines.Select(l => l.TrimEnd()).ToList();
        while (list.Count > 0 && list[^1].Length == 0)
        {
            list.RemoveAt(list.Count - 1);
        }

        while (list.Count > 0 && list[0].Length == 0)
        {
            list.RemoveAt(0);
        }

        return list;
    }

    private static void ParseBash(string[] lines, int start, int end, List<ReadmeItem> items)
    {
        string? exemption = null;
        for (var i = start; i < end; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('#'))
            {
                var marker = line.IndexOf(ExemptionMarker, StringComparison.Ordinal);
                if (marker >= 0)
                {
                    exemption = line[(marker + ExemptionMarker.Length)..].Trim();
                }

                continue;
            }

            var first = i;
            var text = lines[i].TrimEnd();
            while (text.EndsWith('\\') && i + 1 < end)
            {
                i++;
                text += "\n" + lines[i].TrimEnd();
            }

            items.Add(new ReadmeCommand(first + 1, text.Trim(), exemption));
            exemption = null;
        }
    }

    private static void ParseCaptures(string[] lines, int start, int end, List<ReadmeItem> items)
    {
        var first = Enumerable.Range(start, end - start).FirstOrDefault(i => lines[i].Trim().Length > 0, -1);
        if (first < 0 || !lines[first].StartsWith("$ ", StringComparison.Ordinal))
        {
            return;
        }

        for (var i = first; i < end;)
        {
            var command = lines[i][2..].Trim();
            var line = i + 1;
            var output = new List<string>();
            i++;
            while (i < end && !lines[i].StartsWith("$ ", StringComparison.Ordinal))
            {
                output.Add(lines[i]);
                i++;
            }

            items.Add(new ReadmeCapture(line, command, Normalise(output)));
        }
    }

    /// <summary>Repository paths a command names (topologies/..., examples/..., src/..., ...), for the existence check.</summary>
    public static IEnumerable<string> RepositoryPaths(string command) =>
        RepositoryPath().Matches(WithoutComment(command)).Select(m => m.Groups[1].Value.TrimEnd('.', ','));

    [GeneratedRegex(@"(?:^|[\s=""'])((?:topologies|examples|docs|src|tools|tests|models)/[^\s""'*]+)")]
    private static partial Regex RepositoryPath();
}
