using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Continuum.Pce.Editor.Tests.Support;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Continuum.Pce.Editor.Tests;

/// <summary>The topology editor at /editor in headless Chromium against the real server with continuum-demo.</summary>
[Collection(EditorCollection.Name)]
public sealed class EditorTests(EditorFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Editor_AddSiteAndFibreWithNegativeLength_ShowsErrorAtFibreThenSavesTheFixAndReloadsIt()
    {
        var page = await fixture.OpenEditorAsync();
        await Expect(page.Locator("#status")).ToContainTextAsync("Loaded continuum-demo");
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-validation", "valid");

        // A site: added at the centre of the map with a ROADM, then named in the side panel.
        await page.Locator("#btn-add-site").ClickAsync();
        await Expect(page.Locator("#pane-props h2")).ToHaveTextAsync("Site NEW-SITE");
        await page.Locator("[data-bind='site:name']").FillAsync("Editor test site");
        await page.Locator("[data-bind='site:name']").PressAsync("Tab");

        // A fibre from it to Frankfurt with a negative length: the server's validator names the span, the editor shows it on the map next to the fibre.
        await page.Locator("#btn-add-fiber").ClickAsync();
        await Expect(page.Locator("#nf-from")).ToHaveValueAsync("NEW-SITE");
        await page.Locator("#nf-to").SelectOptionAsync("FRA");
        await page.Locator("#nf-length").FillAsync("-5");
        await page.Locator("#nf-duplex").UncheckAsync();
        await page.Locator("#nf-create").ClickAsync();
        await Expect(page.Locator("#pane-props h2")).ToHaveTextAsync("Fibre NEW-SITE-FRA");
        var badge = page.Locator(".error-badge[data-element='fiber:NEW-SITE-FRA']");
        await Expect(badge).ToContainTextAsync("lengthKm");
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-validation", "invalid");
        await Expect(page.Locator("[data-bind='span:0:lengthKm']")).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.True(await BadgeIsNextToFibreAsync(page, "NEW-SITE-FRA"), "the error badge sits at the fibre's midpoint on the map");

        // Fixed in the span table: the error goes away.
        await page.Locator("[data-bind='span:0:lengthKm']").FillAsync("42");
        await page.Locator("[data-bind='span:0:lengthKm']").PressAsync("Tab");
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-validation", "valid");
        await Expect(badge).ToHaveCountAsync(0);

        // Saved to the server, then the page reloaded: the site and the fibre come back from the server.
        await page.Locator("#btn-save").ClickAsync();
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-saved", "2");
        await page.ReloadAsync();
        await page.Locator("body[data-ready='continuum-demo']").WaitForAsync();
        await page.Locator("#search").FillAsync("Editor test site");
        await page.Locator("#search").PressAsync("Enter");
        await Expect(page.Locator("#pane-props h2")).ToHaveTextAsync("Site NEW-SITE");
        await Expect(page.Locator("[data-bind='site:name']")).ToHaveValueAsync("Editor test site");
        await page.Locator("#search").FillAsync("NEW-SITE-FRA");
        await page.Locator("#search").PressAsync("Enter");
        await Expect(page.Locator("#pane-props h2")).ToHaveTextAsync("Fibre NEW-SITE-FRA");
        await Expect(page.Locator("[data-bind='span:0:lengthKm']")).ToHaveValueAsync("42");

        using var http = fixture.Server.Http();
        var fiber = await http.GetFromJsonAsync<JsonElement>("/api/v1/fibers/NEW-SITE-FRA");
        Assert.Equal(42, fiber.GetProperty("lengthKm").GetDouble(), 3);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Editor_ComputePathBetweenTwoSites_ListsCandidatesAndHighlightsTheChosenOneOnTheMap()
    {
        var page = await fixture.OpenEditorAsync();
        await page.Locator("#tab-path").ClickAsync();
        await page.Locator("#path-from").SelectOptionAsync("AMS");
        await page.Locator("#path-to").SelectOptionAsync("MUC");
        await page.Locator("#path-latency").FillAsync("10000");
        await page.Locator("#path-juris").FillAsync("NL, DE");
        await page.Locator("#path-compute").ClickAsync();
        await Expect(page.Locator("tr.candidate").First).ToBeVisibleAsync();
        await Expect(page.Locator("tr.candidate[aria-selected='true']")).ToHaveAttributeAsync("data-index", "0");

        // The highlighted fibres are exactly the first candidate's, as the REST API computes it.
        using var http = fixture.Server.Http();
        var response = await http.PostAsJsonAsync("/api/v1/paths/compute", new
        {
            source = "AMS",
            destination = "MUC",
            rateGbps = 400,
            maxCandidates = 5,
            constraints = new { maxLatencyUs = 10000, allowedJurisdictions = new[] { "NL", "DE" } },
        });
        response.EnsureSuccessStatusCode();
        var expected = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("candidates")[0].GetProperty("fibers")
            .EnumerateArray().Select(f => f.GetString()!).Order().ToArray();
        await page.WaitForFunctionAsync("() => window.pceEditor.cy.edges('.path').length > 0");
        var highlighted = (await page.EvaluateAsync<string[]>("() => window.pceEditor.cy.edges('.path').map(e => e.data('ref'))")).Order().ToArray();
        Assert.Equal(expected, highlighted);
        var dimmed = await page.EvaluateAsync<int>("() => window.pceEditor.cy.edges('.dim').length");
        Assert.True(dimmed > 0, "the rest of the network is dimmed");

        // The second candidate on the keyboard: the highlight follows.
        await page.Locator("tr.candidate[data-index='0']").FocusAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(page.Locator("tr.candidate[aria-selected='true']")).ToHaveAttributeAsync("data-index", "1");
        await page.Locator("tr.candidate[data-index='0']").ClickAsync();

        // A fibre's spectrum from the panel.
        await page.Locator("#search").FillAsync(expected[0]);
        await page.Locator("#search").PressAsync("Enter");
        await page.Locator("button[data-action='spectrum']").ClickAsync();
        await Expect(page.Locator("[data-testid='spectrum-occupied']")).ToContainTextAsync("slots");

        // Back to the path for the picture in the README.
        await page.Locator("#tab-path").ClickAsync();
        await Expect(page.Locator("tr.candidate[aria-selected='true']")).ToHaveAttributeAsync("data-index", "0");
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-validation", "valid");
        await page.Locator("#map").FocusAsync();
        await page.Keyboard.PressAsync("0");
        var shot = Path.Combine(AppContext.BaseDirectory, "editor.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot });
        Assert.True(new FileInfo(shot).Length > 10_000);
        if (Environment.GetEnvironmentVariable("PCE_UPDATE_DOCS") == "1")
        {
            File.Copy(shot, Path.Combine(EditorFixture.RepoRoot(), "docs", "images", "editor.png"), overwrite: true);
        }

        output.WriteLine($"screenshot: {shot}");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Editor_OpenUsa100File_IsInteractiveQuickly()
    {
        var page = await fixture.OpenEditorAsync();
        var file = Path.Combine(EditorFixture.RepoRoot(), "topologies", "usa100.json");

        // Load to interactive: from handing the file to the page until a site found by search is selected on the map
        // and shown in the panel (the network drawn, the page answering input).
        var clock = Stopwatch.StartNew();
        await page.Locator("#file-open").SetInputFilesAsync(file);
        await page.Locator("body[data-ready='usa100']").WaitForAsync();
        var drawn = clock.Elapsed;
        await page.Locator("#search").FillAsync("Chicago");
        await page.Locator("#search").PressAsync("Enter");
        await Expect(page.Locator("#pane-props h2")).ToHaveTextAsync("Site Chicago");
        clock.Stop();

        var sites = await page.EvaluateAsync<int>("() => window.pceEditor.cy.nodes().length");
        var fibres = await page.EvaluateAsync<int>("() => window.pceEditor.cy.edges().length");
        var inPage = await page.EvaluateAsync<double>("() => window.pceEditor.state.loadMs");
        Assert.Equal(100, sites);
        Assert.Equal(342, fibres);
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-validation", "valid");

        var line = $"USA100 load-to-interactive: {clock.Elapsed.TotalMilliseconds:F0} ms (file to drawn map {drawn.TotalMilliseconds:F0} ms; in-page parse+draw to first frame {inPage:F0} ms)";
        output.WriteLine(line);
        Console.WriteLine(line);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), line);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Editor_KeyboardOnly_SelectsMovesDeletesAndUndoes()
    {
        var page = await fixture.OpenEditorAsync();
        var latitude = page.Locator("[data-bind='site:latitude']");

        await page.Locator("#map").FocusAsync();
        await page.Keyboard.PressAsync("]");
        await Expect(page.Locator("#pane-props h2")).ToHaveTextAsync("Site FRA");
        await Expect(latitude).ToHaveValueAsync("50.1109");

        await page.Locator("#map").FocusAsync();
        await page.Keyboard.PressAsync("ArrowUp");
        await Expect(latitude).ToHaveValueAsync("50.1609");
        await page.Keyboard.PressAsync("Control+z");
        await Expect(latitude).ToHaveValueAsync("50.1109");
        await page.Keyboard.PressAsync("Control+y");
        await Expect(latitude).ToHaveValueAsync("50.1609");

        await page.Locator("#map").FocusAsync();
        await page.Keyboard.PressAsync("Delete");
        await page.WaitForFunctionAsync("() => window.pceEditor.cy.getElementById('s:FRA').empty()");
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-validation", "valid");
        await page.Keyboard.PressAsync("Control+z");
        await page.WaitForFunctionAsync("() => window.pceEditor.cy.getElementById('s:FRA').nonempty() && window.pceEditor.state.doc.fibers.some(f => f.source === 'FRA-ROADM')");

        await page.Keyboard.PressAsync("/");
        await page.Keyboard.TypeAsync("Lyon");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#pane-props h2")).ToHaveTextAsync("Site LYS");
        await page.Context.CloseAsync();
    }

    private static Task<bool> BadgeIsNextToFibreAsync(IPage page, string fiber) =>
        page.EvaluateAsync<bool>(
            @"id => {
                const e = window.pceEditor.cy.getElementById('f:' + id);
                const b = document.querySelector(`.error-badge[data-element='fiber:${id}']`);
                if (e.empty() || !b) return false;
                const m = e.renderedMidpoint();
                return Math.abs(parseFloat(b.style.left) - m.x) < 2 && Math.abs(parseFloat(b.style.top) - m.y) < 2;
            }",
            fiber);
}
