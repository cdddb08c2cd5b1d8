using Continuum.Pce.Api.Testing;
using Microsoft.Playwright;
using Xunit;

namespace Continuum.Pce.Editor.Tests.Support;

/// <summary>
/// One server (continuum-demo, in process on free loopback ports) and one headless Debian Chromium driven by Playwright,
/// shared by the editor tests. Every test opens its own browser context (its own sessionStorage) at 1280×800.
/// </summary>
public sealed class EditorFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public PceTestServer Server { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public Uri EditorUri => new(Server.RestUri, "/editor/");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: apt-get install -y chromium chromium-driver (.ci/prereqs.d/30-chromium.sh)");
        }

        Assertions.SetDefaultExpectTimeout(20_000);
        Server = await PceTestServer.StartAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
            ],
        });
    }

    /// <summary>A fresh page at 1280×800 with the editor open, the admin key entered and the server's network loaded.</summary>
    public async Task<IPage> OpenEditorAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync(EditorUri.ToString());
        await page.Locator("#key-input").FillAsync(Server.AdminKey);
        await page.Locator("#key-save").ClickAsync();
        await page.Locator("body[data-ready]:not([data-ready=''])").WaitForAsync();
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAndDeleteAsync();
        }
    }

    /// <summary>The repository root (the folder with Continuum.Pce.sln), for topologies and docs.</summary>
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Continuum.Pce.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Continuum.Pce.sln not found above " + AppContext.BaseDirectory);
    }
}

[CollectionDefinition(Name)]
public sealed class EditorCollection : ICollectionFixture<EditorFixture>
{
    public const string Name = "editor";
}
