using System.Net;
using System.Text.Json;
using Continuum.Pce.Editor.Tests.Support;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Continuum.Pce.Editor.Tests;

/// <summary>
/// What a newcomer sees first: site labels clear of each other, a legend that covers no site, the network fitted to the
/// map, and the page's icon. Boxes are read from the DOM (getBoundingClientRect) in real headless Chromium.
/// </summary>
[Collection(EditorCollection.Name)]
public sealed class MapViewTests(EditorFixture fixture, ITestOutputHelper output)
{
    /// <summary>The shown site labels with their page boxes and their site's marker (centre and radius, page px).</summary>
    private const string LabelBoxesJs = """
        () => {
          const cy = window.pceEditor.cy;
          const map = document.querySelector('#map').getBoundingClientRect();
          return [...document.querySelectorAll('#labels .site-label')]
            .filter((e) => !e.hidden && getComputedStyle(e).display !== 'none')
            .map((e) => {
              const r = e.getBoundingClientRect();
              const n = cy.getElementById('s:' + e.dataset.site);
              const p = n.renderedPosition();
              return { site: e.dataset.site, text: e.textContent, left: r.left, top: r.top, right: r.right, bottom: r.bottom,
                       x: map.left + p.x, y: map.top + p.y, r: n.renderedOuterWidth() / 2 };
            });
        }
        """;

    /// <summary>The markers of the sites (not amplifier huts) in page px: centre and radius.</summary>
    private const string SiteMarkersJs = """
        () => {
          const map = document.querySelector('#map').getBoundingClientRect();
          return window.pceEditor.cy.nodes().not('.hut').map((n) => ({ site: n.data('ref'), x: map.left + n.renderedPosition().x, y: map.top + n.renderedPosition().y, r: n.renderedOuterWidth() / 2 }));
        }
        """;

    /// <summary>Labels placed for the current view and map size (placement runs on the frame after the map's).</summary>
    private const string LabelsSettledJs = """
        () => {
          const cy = window.pceEditor.cy, map = document.querySelector('#map');
          return cy.width() === map.clientWidth && cy.height() === map.clientHeight
            && document.querySelector('#labels').dataset.view === window.pceEditor.viewKey();
        }
        """;

    /// <summary>The sites' markers (amplifier huts included) in page px, and the map's box.</summary>
    private const string MarkersJs = """
        () => {
          const map = document.querySelector('#map').getBoundingClientRect();
          return window.pceEditor.cy.nodes().map((n) => {
            const b = n.renderedBoundingBox({ includeLabels: false, includeOverlays: false });
            return { site: n.data('ref'), left: map.left + b.x1, top: map.top + b.y1, right: map.left + b.x2, bottom: map.top + b.y2 };
          });
        }
        """;

    /// <summary>The network's bounding box (markers) against the map, in map px.</summary>
    private const string NetworkBoxJs = """
        () => {
          const cy = window.pceEditor.cy;
          const b = cy.nodes().renderedBoundingBox({ includeLabels: false });
          return { left: b.x1, top: b.y1, right: b.x2, bottom: b.y2, width: cy.width(), height: cy.height(), zoom: cy.zoom(), panX: cy.pan().x, panY: cy.pan().y };
        }
        """;

    [Fact]
    public async Task Labels_OnContinuumDemo_NeverOverlapAndStayClearAfterZoomPanAndResize()
    {
        var page = await fixture.OpenEditorAsync();
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-ready", "continuum-demo");

        // The first view: every site in view has a label element, most are shown (in full or as the site id), none overlap.
        var first = await SettledLabelsAsync(page, "first view");
        var realSites = await page.EvaluateAsync<int>("() => window.pceEditor.cy.nodes().not('.hut').length");
        Assert.Equal(realSites, await page.Locator("#labels .site-label").CountAsync());
        Assert.True(first.Count >= realSites * 3 / 4, $"{first.Count} of {realSites} labels shown in the first view");
        Assert.Contains(first, l => l.Text == "Frankfurt core DC");

        // Zoomed out, the Benelux sites crowd: some labels shorten or hide, still none overlap; a hidden one shows on hover.
        await page.Locator("#map").FocusAsync();
        for (var i = 0; i < 3; i++)
        {
            await page.Keyboard.PressAsync("-");
        }

        var zoomedOut = await SettledLabelsAsync(page, "zoomed out");
        var crowded = await page.EvaluateAsync<int>("() => document.querySelectorAll('#labels .site-label[data-label=hidden], #labels .site-label[data-label=short]').length");
        Assert.True(crowded > 0, "zoomed out, some labels are shortened or hidden rather than overlapping");
        await HoverShowsTheFullNameOfAHiddenOrShortLabelAsync(page);

        // Zoomed in on Frankfurt (the view follows the selection), panned, then the window resized: recomputed each time.
        await page.Locator("#btn-fit").ClickAsync();
        for (var i = 0; i < 4; i++)
        {
            await page.Locator("#btn-zoom-in").ClickAsync();
        }

        var zoomedIn = await SettledLabelsAsync(page, "zoomed in");
        Assert.All(zoomedIn, l => Assert.Equal("full", l.Kind));
        await page.EvaluateAsync("() => window.pceEditor.cy.panBy({ x: 150, y: -90 })");
        await SettledLabelsAsync(page, "panned");
        await page.Locator("#btn-fit").ClickAsync();
        await page.SetViewportSizeAsync(900, 640);
        var resized = await SettledLabelsAsync(page, "resized to 900×640");
        Assert.NotEmpty(resized);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Legend_IsOutsideTheMapCoversNoSiteAndFolds()
    {
        var page = await fixture.OpenEditorAsync();
        var legend = page.Locator("#legend");
        await Expect(legend).ToBeVisibleAsync();
        await Expect(legend).ToContainTextAsync("core-dc");
        var legendBox = (await legend.BoundingBoxAsync())!;
        var mapBox = (await page.Locator("#map").BoundingBoxAsync())!;

        // No site marker under the legend, and the legend outside the drawing area altogether (so no pan can put one there).
        var markers = await page.EvaluateAsync<JsonElement>(MarkersJs);
        Assert.True(markers.GetArrayLength() > 100);
        foreach (var m in markers.EnumerateArray())
        {
            var under = Overlap(m.GetProperty("left").GetDouble(), m.GetProperty("top").GetDouble(), m.GetProperty("right").GetDouble(), m.GetProperty("bottom").GetDouble(),
                legendBox.X, legendBox.Y, legendBox.X + legendBox.Width, legendBox.Y + legendBox.Height);
            Assert.False(under, $"site {m.GetProperty("site").GetString()} is under the legend");
        }

        Assert.False(Overlap(mapBox.X, mapBox.Y, mapBox.X + mapBox.Width, mapBox.Y + mapBox.Height, legendBox.X, legendBox.Y, legendBox.X + legendBox.Width, legendBox.Y + legendBox.Height),
            $"legend {legendBox.X},{legendBox.Y} {legendBox.Width}×{legendBox.Height} overlaps the map {mapBox.X},{mapBox.Y} {mapBox.Width}×{mapBox.Height}");

        // Folded, the map takes the room and the network is fitted again; unfolded, back as it was.
        await page.Locator("#btn-legend").ClickAsync();
        await Expect(legend).ToBeHiddenAsync();
        await Expect(page.Locator("#btn-legend")).ToHaveAttributeAsync("aria-expanded", "false");
        await page.WaitForFunctionAsync($"() => window.pceEditor.cy.height() > {mapBox.Height + 8:F0}");
        await page.WaitForFunctionAsync(LabelsSettledJs);
        AssertFills(await page.EvaluateAsync<JsonElement>(NetworkBoxJs), "legend folded");
        await page.Locator("#btn-legend").ClickAsync();
        await Expect(legend).ToBeVisibleAsync();
        await page.WaitForFunctionAsync($"() => Math.abs(window.pceEditor.cy.height() - {mapBox.Height:F0}) <= 1");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task FirstView_FitsTheNetworkWithAMargin_AndFitReturnsToItAfterZoomAndPan()
    {
        var page = await fixture.OpenEditorAsync();
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-ready", "continuum-demo");
        var fitted = await page.EvaluateAsync<JsonElement>(NetworkBoxJs);
        AssertFills(fitted, "continuum-demo, first view");

        await page.Locator("#btn-zoom-in").ClickAsync();
        await page.Locator("#btn-zoom-in").ClickAsync();
        await page.EvaluateAsync("() => window.pceEditor.cy.panBy({ x: -200, y: 120 })");
        var moved = await page.EvaluateAsync<JsonElement>(NetworkBoxJs);
        Assert.True(moved.GetProperty("zoom").GetDouble() > fitted.GetProperty("zoom").GetDouble() * 1.5);

        await page.Locator("#btn-fit").ClickAsync();
        var back = await page.EvaluateAsync<JsonElement>(NetworkBoxJs);
        foreach (var p in new[] { "zoom", "panX", "panY" })
        {
            Assert.Equal(fitted.GetProperty(p).GetDouble(), back.GetProperty(p).GetDouble(), 3);
        }

        // A wide network (USA100, wider than tall) fills the other axis.
        await page.Locator("#file-open").SetInputFilesAsync(Path.Combine(EditorFixture.RepoRoot(), "topologies", "usa100.json"));
        await page.Locator("body[data-ready='usa100']").WaitForAsync();
        AssertFills(await page.EvaluateAsync<JsonElement>(NetworkBoxJs), "usa100, first view");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Favicon_IsLinkedFromThePageAndServedByTheServer()
    {
        var page = await fixture.OpenEditorAsync();
        var href = await page.Locator("link[rel='icon']").EvaluateAsync<string>("l => l.href");
        Assert.StartsWith(fixture.EditorUri.ToString(), href);

        using var http = fixture.Server.Http(apiKey: "");
        using var response = await http.GetAsync(new Uri(href));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        var svg = await response.Content.ReadAsStringAsync();
        Assert.Contains("<svg", svg);
        Assert.DoesNotContain("http://", svg.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal));
        await page.Context.CloseAsync();
    }

    private sealed record Label(string Site, string Text, string Kind, double Left, double Top, double Right, double Bottom, double X, double Y, double R);

    /// <summary>Waits for the labels of the current view, then checks them: no two overlap, each sits at its own marker and covers no other site's.</summary>
    private async Task<List<Label>> SettledLabelsAsync(IPage page, string when)
    {
        await page.WaitForFunctionAsync(LabelsSettledJs);
        var json = await page.EvaluateAsync<JsonElement>(LabelBoxesJs);
        var kinds = await page.EvaluateAsync<Dictionary<string, string>>("() => Object.fromEntries([...document.querySelectorAll('#labels .site-label')].map((e) => [e.dataset.site, e.dataset.label]))");
        var labels = json.EnumerateArray().Select(e => new Label(
            e.GetProperty("site").GetString()!, e.GetProperty("text").GetString()!, kinds[e.GetProperty("site").GetString()!],
            e.GetProperty("left").GetDouble(), e.GetProperty("top").GetDouble(), e.GetProperty("right").GetDouble(), e.GetProperty("bottom").GetDouble(),
            e.GetProperty("x").GetDouble(), e.GetProperty("y").GetDouble(), e.GetProperty("r").GetDouble())).ToList();
        var markers = (await page.EvaluateAsync<JsonElement>(SiteMarkersJs)).EnumerateArray()
            .Select(m => (Site: m.GetProperty("site").GetString()!, X: m.GetProperty("x").GetDouble(), Y: m.GetProperty("y").GetDouble(), R: m.GetProperty("r").GetDouble())).ToList();
        output.WriteLine($"{when}: {labels.Count} labels shown ({labels.Count(l => l.Kind == "short")} short): {string.Join(", ", labels.Select(l => l.Text))}");

        for (var i = 0; i < labels.Count; i++)
        {
            var a = labels[i];
            Assert.True(a.Right - a.Left > 5 && a.Bottom - a.Top > 5, $"{when}: label {a.Site} has a box");

            // Next to its own marker: the box is within a few pixels of the marker's edge.
            var dx = Math.Max(Math.Max(a.Left - a.X, 0), a.X - a.Right);
            var dy = Math.Max(Math.Max(a.Top - a.Y, 0), a.Y - a.Bottom);
            Assert.True(Math.Sqrt((dx * dx) + (dy * dy)) <= a.R + 4, $"{when}: label {a.Site} is {Math.Sqrt((dx * dx) + (dy * dy)):F1} px from its marker (radius {a.R:F1})");
            foreach (var m in markers.Where(m => m.Site != a.Site))
            {
                Assert.False(Overlap(a.Left, a.Top, a.Right, a.Bottom, m.X - m.R + 0.5, m.Y - m.R + 0.5, m.X + m.R - 0.5, m.Y + m.R - 0.5), $"{when}: label '{a.Text}' covers site {m.Site}");
            }

            for (var j = i + 1; j < labels.Count; j++)
            {
                var b = labels[j];
                Assert.False(Overlap(a.Left, a.Top, a.Right, a.Bottom, b.Left, b.Top, b.Right, b.Bottom),
                    $"{when}: label '{a.Text}' [{a.Left},{a.Top}–{a.Right},{a.Bottom}] overlaps '{b.Text}' [{b.Left},{b.Top}–{b.Right},{b.Bottom}]");
            }
        }

        return labels;
    }

    private static async Task HoverShowsTheFullNameOfAHiddenOrShortLabelAsync(IPage page)
    {
        // A site whose label is not shown in full and whose marker no other marker covers.
        var target = await page.EvaluateAsync<JsonElement>("""
            () => {
              const cy = window.pceEditor.cy, map = document.querySelector('#map').getBoundingClientRect();
              for (const e of document.querySelectorAll('#labels .site-label:is([data-label=hidden], [data-label=short])')) {
                const n = cy.getElementById('s:' + e.dataset.site), p = n.renderedPosition(), r = n.renderedOuterWidth() / 2;
                const covered = cy.nodes().some((o) => o !== n && Math.hypot(o.renderedPosition().x - p.x, o.renderedPosition().y - p.y) < r + o.renderedOuterWidth() / 2);
                if (!covered) return { x: map.left + p.x, y: map.top + p.y, name: n.data('label') };
              }
              return null;
            }
            """);
        Assert.Equal(JsonValueKind.Object, target.ValueKind);
        await page.Mouse.MoveAsync((float)target.GetProperty("x").GetDouble(), (float)target.GetProperty("y").GetDouble());
        await Expect(page.Locator(".map-tip")).ToBeVisibleAsync();
        await Expect(page.Locator(".map-tip")).ToHaveTextAsync(target.GetProperty("name").GetString()!);
        await page.Mouse.MoveAsync(5, 5);
        await Expect(page.Locator(".map-tip")).ToBeHiddenAsync();
    }

    /// <summary>
    /// The network's box lies inside the map, and on at least one axis it reaches within 15 % of both edges (the other
    /// axis is limited by the network's shape), centred on the other axis.
    /// </summary>
    private void AssertFills(JsonElement box, string when)
    {
        double Get(string p) => box.GetProperty(p).GetDouble();
        var (left, top, right, bottom, width, height) = (Get("left"), Get("top"), Get("right"), Get("bottom"), Get("width"), Get("height"));
        output.WriteLine($"{when}: network box {left:F0},{top:F0}–{right:F0},{bottom:F0} in a {width:F0}×{height:F0} map");
        Assert.True(left >= 0 && top >= 0 && right <= width && bottom <= height, $"{when}: the whole network is in view");
        var fillsX = left <= width * 0.15 && width - right <= width * 0.15;
        var fillsY = top <= height * 0.15 && height - bottom <= height * 0.15;
        Assert.True(fillsX || fillsY, $"{when}: margins left {left:F0} right {width - right:F0} of {width:F0}, top {top:F0} bottom {height - bottom:F0} of {height:F0}");
        Assert.True(fillsX ? Math.Abs(top - (height - bottom)) < 20 : Math.Abs(left - (width - right)) < 2, $"{when}: centred on the other axis");
    }

    private static bool Overlap(double l1, double t1, double r1, double b1, double l2, double t2, double r2, double b2) =>
        l1 < r2 && l2 < r1 && t1 < b2 && t2 < b1;
}
