using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Continuum.Pce.Editor.Tests.Support;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Continuum.Pce.Editor.Tests;

/// <summary>POST /api/v1/topology/import, from the REST API and from the editor's import dialog.</summary>
[Collection(EditorCollection.Name)]
public sealed class ImportTests(EditorFixture fixture)
{
    private const string TinySndlib = """
        ?SNDlib native format; type: network; version: 1.0
        NODES (
          Berlin ( 13.39 52.52 )
          Muenchen ( 11.58 48.14 )
          Hamburg ( 9.99 53.57 )
        )
        LINKS (
          L1 ( Berlin Muenchen ) 0.00 0.00 0.00 0.00 ( 40.00 3290.00 )
          L2 ( Berlin Hamburg ) 0.00 0.00 0.00 0.00 ( 40.00 3290.00 )
        )
        """;

    [Fact]
    public async Task Import_Sndlib_AnswersANetworkDocumentThatValidatesAndLoadsNothing()
    {
        using var http = fixture.Server.Http();
        var before = await http.GetFromJsonAsync<JsonElement>("/api/v1/topology");

        var response = await http.PostAsync("/api/v1/topology/import?format=sndlib&name=tiny&country=DE", new StringContent(TinySndlib, Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var imported = await response.Content.ReadFromJsonAsync<JsonElement>();
        var network = imported.GetProperty("network");
        Assert.Equal("continuum-pce/network@1", network.GetProperty("format").GetString());
        Assert.Equal("tiny", network.GetProperty("name").GetString());
        Assert.Equal(3, network.GetProperty("sites").GetArrayLength());
        Assert.Equal(4, network.GetProperty("fibers").GetArrayLength());
        Assert.All(network.GetProperty("sites").EnumerateArray(), s => Assert.Equal("DE", s.GetProperty("jurisdiction").GetString()));

        var validation = await http.PostAsync("/api/v1/topology/validate", new StringContent(network.GetRawText(), Encoding.UTF8, "application/json"));
        Assert.True((await validation.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("valid").GetBoolean());
        var after = await http.GetFromJsonAsync<JsonElement>("/api/v1/topology");
        Assert.Equal(before.GetProperty("version").GetInt64(), after.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Import_BadSndlibLine_IsAProblemNamingTheLine()
    {
        using var http = fixture.Server.Http();

        var response = await http.PostAsync("/api/v1/topology/import?format=sndlib", new StringContent("NODES (\n  A ( 350.0 120.0 )\n)\n", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("line 2", problem.GetProperty("errors")[0].GetProperty("path").GetString());
    }

    [Theory]
    [InlineData("", "format")]
    [InlineData("?format=visio", "format")]
    [InlineData("?format=gnpy", "network")]
    public async Task Import_BadRequest_IsA400NamingTheField(string query, string field)
    {
        using var http = fixture.Server.Http();

        var response = await http.PostAsync($"/api/v1/topology/import{query}", new StringContent("{\"elements\": []}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task Import_WithoutApiKey_IsRefused()
    {
        using var http = fixture.Server.Http(apiKey: "");

        var response = await http.PostAsync("/api/v1/topology/import?format=sndlib", new StringContent(TinySndlib, Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Editor_ImportDialog_DrawsTheConvertedNetwork()
    {
        var file = Path.Combine(Path.GetTempPath(), $"tiny-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(file, TinySndlib);
        var page = await fixture.OpenEditorAsync();

        await page.Locator("#btn-import").ClickAsync();
        await page.Locator("#import-format").SelectOptionAsync("sndlib");
        await page.Locator("#import-file").SetInputFilesAsync(file);
        await page.Locator("#import-country").FillAsync("DE");
        await page.Locator("#import-go").ClickAsync();

        await page.Locator($"body[data-ready='{Path.GetFileNameWithoutExtension(file)}']").WaitForAsync();
        Assert.Equal(3, await page.EvaluateAsync<int>("() => window.pceEditor.cy.nodes().length"));
        Assert.Equal(4, await page.EvaluateAsync<int>("() => window.pceEditor.cy.edges().length"));
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-validation", "valid");
        await Expect(page.Locator("#btn-undo")).ToBeEnabledAsync();
        await page.Context.CloseAsync();
        File.Delete(file);
    }
}
