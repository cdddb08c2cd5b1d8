namespace Continuum.Pce.Readme.Tests;

public sealed class ReadmeDocumentTests
{
    private const string Sample = """
        # Title

        ```bash
        # a comment
        dotnet run --project src/A -- one   # trailing comment
        curl -s \
             -d '{"a":1}' http://x
        # not run by the README test: takes an hour
        dotnet run --project tools/Slow
        ```

        ```json
        { "not": "a command" }
        ```

        ```
        $ pce spectrum X
        header
         ...
        footer
        $ pce other
        line
        ```
        """;

    [Fact]
    public void Parse_FindsBashCommandsWithContinuationsAndExemptions_AndCapturesInPlainBlocks()
    {
        var readme = ReadmeDocument.Parse(Sample);
        var commands = readme.Commands.ToList();
        Assert.Equal(3, commands.Count);
        Assert.Equal("dotnet run --project src/A -- one   # trailing comment", commands[0].Text);
        Assert.Equal(5, commands[0].Line);
        Assert.Equal("curl -s \\\n     -d '{\"a\":1}' http://x", commands[1].Text);
        Assert.Null(commands[1].Exemption);
        Assert.Equal("takes an hour", commands[2].Exemption);
        var captures = readme.Captures.ToList();
        Assert.Equal(["pce spectrum X", "pce other"], captures.Select(c => c.Command));
        Assert.Equal(["header", " ...", "footer"], captures[0].Expected);
    }

    [Fact]
    public void Matches_TakesElisionForAnyRunOfLines_AndNothingElse()
    {
        string[] expected = ["header", " ...", "footer"];
        Assert.True(ReadmeDocument.Matches(expected, ["header", "footer"]));
        Assert.True(ReadmeDocument.Matches(expected, ["header", "a", "b", "footer", ""]));
        Assert.False(ReadmeDocument.Matches(expected, ["header", "a"]));
        Assert.False(ReadmeDocument.Matches(["a", "b"], ["a", "c"]));
        Assert.False(ReadmeDocument.Matches(["a"], ["a", "b"]));
    }

    [Fact]
    public void WithoutComment_KeepsHashesInsideQuotes()
    {
        Assert.Equal("echo '# not a comment'", ReadmeDocument.WithoutComment("echo '# not a comment'  # a comment"));
        Assert.Equal("a#b", ReadmeDocument.WithoutComment("a#b"));
    }

    [Fact]
    public void RepositoryPaths_AreTheRepoRelativeFilesACommandNames()
    {
        Assert.Equal(["topologies/nsfnet.json", "examples/gnpy/requests.json"], ReadmeDocument.RepositoryPaths("pce x topologies/nsfnet.json --requests examples/gnpy/requests.json --out /tmp/x.json"));
    }

    [Fact]
    public async Task Rewrite_PointsAtTheScratchFolders_AndBuildsEachProjectOnce()
    {
        await using var session = new ReadmeSession();
        var first = session.Rewrite("dotnet run -c Release --project src/Continuum.Pce.Cli -- report energy --out /tmp/reports");
        Assert.StartsWith("dotnet run -c Release --project src/Continuum.Pce.Cli -- report energy --out /", first, StringComparison.Ordinal);
        Assert.DoesNotContain("--out /tmp/reports", first, StringComparison.Ordinal);
        Assert.EndsWith("/reports", first, StringComparison.Ordinal);
        Assert.Equal("dotnet run --no-build -c Release --project src/Continuum.Pce.Cli -- x", session.Rewrite("dotnet run -c Release --project src/Continuum.Pce.Cli -- x"));
        Assert.Equal("dotnet run --project src/Continuum.Pce.Cli -- x", session.Rewrite("dotnet run --project src/Continuum.Pce.Cli -- x"));
        Assert.Contains(session.DataDirectory + "/admin-api-key", session.Rewrite("export K=$(cat data/admin-api-key)"), StringComparison.Ordinal);
    }
}
