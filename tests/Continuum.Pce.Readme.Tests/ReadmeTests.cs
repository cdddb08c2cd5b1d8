using System.Text;

namespace Continuum.Pce.Readme.Tests;

/// <summary>
/// README.md as a newcomer meets it: every ```bash command runs as written (ReadmeSession says what the test changes:
/// ports, scratch folders), except those marked "# not run by the README test: why"; every captured output in a plain
/// ``` block ("$ command" then its lines, "..." for any lines) is what the command prints now.
/// </summary>
public sealed class ReadmeTests
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(15);

    private static ReadmeDocument Readme() => ReadmeDocument.Parse(File.ReadAllText(Path.Combine(Shell.RepositoryRoot, "README.md")));

    [Fact]
    public async Task EveryCommandAndCaptureOfTheReadme_RunsAsWrittenAndPrintsWhatTheReadmeShows()
    {
        var readme = Readme();
        var failures = new List<string>();
        var ran = 0;
        await using (var session = new ReadmeSession())
        {
            foreach (var item in readme.Items)
            {
                switch (item)
                {
                    case ReadmeCommand { Exemption: not null }:
                        break;
                    case ReadmeCommand command when ReadmeSession.IsServer(command.Text):
                        try
                        {
                            await session.StartServerAsync(command.Text, CommandTimeout);
                            ran++;
                        }
                        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
                        {
                            failures.Add($"README.md:{command.Line}: the server did not start ({e.Message}):\n$ {command.Text}\n{session.ServerOutput}");
                        }

                        break;
                    case ReadmeCommand command:
                        ran++;
                        failures.AddRange(await RunAsync(session, command));
                        break;
                    case ReadmeCapture capture:
                        ran++;
                        failures.AddRange(await CheckAsync(session, capture));
                        break;
                }
            }

            if (failures.Count > 0)
            {
                failures.Add("the server's output:\n" + session.ServerOutput);
            }
        }

        Assert.True(ran > 10, $"only {ran} README commands ran: the parser missed the README's blocks");
        Assert.True(failures.Count == 0, string.Join("\n\n────────\n", failures));
    }

    [Fact]
    public void TheReadme_StartsExactlyOneServer_AndRunsCommandsAgainstIt()
    {
        var readme = Readme();
        var servers = readme.Commands.Where(c => c.Exemption is null && ReadmeSession.IsServer(c.Text)).ToList();
        Assert.Single(servers);
        Assert.Contains(readme.Commands.Where(c => c.Exemption is null), c => c.Text.Contains("http://127.0.0.1:5080", StringComparison.Ordinal));
        Assert.NotEmpty(readme.Captures);
    }

    [Fact]
    public void EveryCurlOfTheReadme_FailsOnAnHttpError()
    {
        // curl exits 0 on a 4xx/5xx answer unless told otherwise: without this a broken request would pass the test.
        var lax = Readme().Commands.Where(c => c.Text.Contains("curl ", StringComparison.Ordinal) && !c.Text.Contains("--fail-with-body", StringComparison.Ordinal)).ToList();
        Assert.True(lax.Count == 0, "curl without --fail-with-body: " + string.Join("; ", lax.Select(c => $"README.md:{c.Line}")));
    }

    [Fact]
    public void EveryFileTheReadmeNames_IsInTheRepository()
    {
        var problems = new List<string>();
        foreach (var command in Readme().Commands)
        {
            if (command.Text.Contains("../", StringComparison.Ordinal))
            {
                problems.Add($"README.md:{command.Line} names a path outside the repository: {command.Text}");
            }

            foreach (var path in ReadmeDocument.RepositoryPaths(command.Text))
            {
                var full = Path.Combine(Shell.RepositoryRoot, path);
                if (!File.Exists(full) && !Directory.Exists(full))
                {
                    problems.Add($"README.md:{command.Line} names {path}, which is not in the repository");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void EveryCommandTheTestSkips_SaysWhy()
    {
        var exempt = Readme().Commands.Where(c => c.Exemption is not null).ToList();
        Assert.All(exempt, c => Assert.True(c.Exemption!.Length >= 12, $"README.md:{c.Line}: say why the command is not run"));
    }

    private static async Task<IEnumerable<string>> RunAsync(ReadmeSession session, ReadmeCommand command)
    {
        var run = session.Rewrite(command.Text);
        var result = await session.RunAsync(command.Text, CommandTimeout);
        return result.ExitCode == 0 ? [] : [Describe(command.Line, command.Text, run, result)];
    }

    private static async Task<IEnumerable<string>> CheckAsync(ReadmeSession session, ReadmeCapture capture)
    {
        var text = capture.Command.StartsWith("pce ", StringComparison.Ordinal) ? ReadmeSession.Pce + capture.Command[3..] : capture.Command;
        var result = await session.RunAsync(text, CommandTimeout);
        var actual = ReadmeDocument.Normalise(result.Output.Split('\n'));
        return result.ExitCode == 0 && ReadmeDocument.Matches(capture.Expected, actual)
            ? []
            : [$"README.md:{capture.Line}: the capture of `{capture.Command}` is not what it prints now (exit {result.ExitCode}).\n"
                + $"README shows:\n{string.Join('\n', capture.Expected)}\nit prints:\n{string.Join('\n', actual)}"];
    }

    private static string Describe(int line, string written, string run, ShellResult result)
    {
        var text = new StringBuilder();
        text.AppendLine($"README.md:{line}: {(result.TimedOut ? $"timed out after {CommandTimeout}" : $"exit {result.ExitCode}")}");
        text.AppendLine("$ " + written);
        if (run != written)
        {
            text.AppendLine("(run as: " + run + ")");
        }

        text.Append(result.Output);
        return text.ToString();
    }
}
