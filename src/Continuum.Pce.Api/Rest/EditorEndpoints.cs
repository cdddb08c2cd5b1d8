using Continuum.Pce.Api.Hosting;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace Continuum.Pce.Api.Rest;

/// <summary>
/// The topology editor at /editor: the page and its scripts built by Vite from tools/Continuum.Pce.TopologyEditor (the
/// Api project's build runs npm and copies dist/ into wwwroot/editor of its output). The files are anonymous; the page
/// asks for an API key and sends it as X-API-Key to /api/v1. Also maps the importers the editor calls.
/// </summary>
public static class EditorEndpoints
{
    public const string Prefix = "/editor";
    private const string SourceDist = "tools/Continuum.Pce.TopologyEditor/dist/index.html";
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static IEndpointRouteBuilder MapTopologyEditor(this IEndpointRouteBuilder app)
    {
        app.MapTopologyImport();
        var root = FindRoot(app.ServiceProvider.GetRequiredService<IWebHostEnvironment>().ContentRootPath);
        var files = root is null ? null : new PhysicalFileProvider(root);
        app.MapGet($"{Prefix}/{{**path}}", (HttpRequest request, string? path) =>
                // The page's asset URLs are relative: /editor must become /editor/ (routing matches both to this route).
                request.Path.Value is { } p && !p.EndsWith('/') && string.IsNullOrEmpty(path) ? Results.Redirect($"{Prefix}/") : Serve(files, path))
            .AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>wwwroot/editor next to the binaries, else the Vite output in the source tree (a server run from the repository).</summary>
    public static string? FindRoot(string contentRoot)
    {
        var published = Path.Combine(AppContext.BaseDirectory, "wwwroot", "editor");
        if (File.Exists(Path.Combine(published, "index.html")))
        {
            return published;
        }

        return RepoPaths.Resolve(SourceDist, contentRoot) is { } index ? Path.GetDirectoryName(index) : null;
    }

    private static IResult Serve(IFileProvider? files, string? path)
    {
        if (files is null)
        {
            return Results.Problem("the editor is not built: build src/Continuum.Pce.Api (it runs npm in tools/Continuum.Pce.TopologyEditor)", statusCode: 404, title: "Not found");
        }

        path = string.IsNullOrEmpty(path) ? "index.html" : path;
        var file = files.GetFileInfo(path);
        if (!file.Exists || file.IsDirectory || file.PhysicalPath is null)
        {
            return Results.NotFound();
        }

        var type = ContentTypes.TryGetContentType(file.Name, out var t) ? t : "application/octet-stream";

        // Vite names built assets by content hash: they never change; the page itself must be revalidated.
        var cacheControl = path.StartsWith("assets/", StringComparison.Ordinal) ? "public, max-age=31536000, immutable" : "no-cache";
        return new CachedResult(Results.File(file.PhysicalPath, type, lastModified: file.LastModified), cacheControl);
    }

    private sealed class CachedResult(IResult inner, string cacheControl) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.CacheControl = cacheControl;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
