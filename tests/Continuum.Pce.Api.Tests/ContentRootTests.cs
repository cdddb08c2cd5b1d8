using Continuum.Pce.Api.Hosting;
using Xunit;

namespace Continuum.Pce.Api.Tests;

/// <summary>The server reads the same appsettings.json however it is started.</summary>
public sealed class ContentRootTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pce-content-root-").FullName;

    private string Folder(string name, bool withSettings)
    {
        var path = Directory.CreateDirectory(Path.Combine(_root, name)).FullName;
        if (withSettings)
        {
            File.WriteAllText(Path.Combine(path, "appsettings.json"), "{}");
        }

        return path;
    }

    [Fact]
    public void Started_elsewhere_than_the_project_the_binarys_folder_is_the_content_root()
    {
        var binary = Folder("bin", withSettings: true);

        Assert.Equal(binary, PceServer.ContentRoot(Folder("repo", withSettings: false), binary, [], null));
    }

    [Fact]
    public void Started_in_the_project_folder_or_with_a_content_root_given_the_default_applies()
    {
        var binary = Folder("bin", withSettings: true);

        Assert.Null(PceServer.ContentRoot(Folder("project", withSettings: true), binary, [], null));
        Assert.Null(PceServer.ContentRoot(Folder("elsewhere", withSettings: false), binary, ["--contentRoot", "/srv/pce"], null));
        Assert.Null(PceServer.ContentRoot(Folder("other", withSettings: false), binary, [], "/srv/pce"));
        Assert.Null(PceServer.ContentRoot(Folder("neither", withSettings: false), Folder("bare-bin", withSettings: false), [], null));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
