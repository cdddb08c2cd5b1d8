using System.Reflection;
using System.Xml.Linq;
using NetArchTest.Rules;
using Xunit;

namespace Continuum.Pce.Architecture.Tests;

/// <summary>
/// Enforces DESIGN.md §2: dependencies point inward. Two checks: the project references declared in each csproj, and
/// the types each compiled assembly actually uses.
/// </summary>
public sealed class DependencyRulesTests
{
    /// <summary>DESIGN.md §2, "may reference": the project references each source project is allowed.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Continuum.Pce.Domain"] = [],
        ["Continuum.Pce.Routing"] = ["Continuum.Pce.Domain"],
        ["Continuum.Pce.Physics"] = ["Continuum.Pce.Domain"],
        ["Continuum.Pce.Topology.IO"] = ["Continuum.Pce.Domain"],
        ["Continuum.Pce.Application"] = ["Continuum.Pce.Domain", "Continuum.Pce.Routing", "Continuum.Pce.Physics"],
        ["Continuum.Pce.Grains.Abstractions"] = ["Continuum.Pce.Domain"],
        ["Continuum.Pce.Grains"] = ["Continuum.Pce.Grains.Abstractions", "Continuum.Pce.Application", "Continuum.Pce.Domain"],
        ["Continuum.Pce.Southbound.Gnmi"] = ["Continuum.Pce.Application", "Continuum.Pce.Domain", "Continuum.Pce.Models"],
        ["Continuum.Pce.Contracts"] = [],
        ["Continuum.Pce.Api"] = ["*"],
        ["Continuum.Pce.Cli"] = ["Continuum.Pce.Contracts", "Continuum.Pce.Application", "Continuum.Pce.Topology.IO", "Continuum.Pce.Domain", "Continuum.Pce.Routing", "Continuum.Pce.Physics"],
    };

    /// <summary>Namespaces the pure core (Domain, Routing, Physics) must never touch: hosting, RPC, storage, files, clocks.</summary>
    private static readonly string[] ImpureNamespaces =
    [
        "Orleans", "Microsoft.AspNetCore", "Grpc", "Google.Protobuf", "Microsoft.Data.Sqlite", "Npgsql", "StackExchange.Redis",
        "System.IO.File", "System.IO.Directory", "System.IO.FileStream", "System.Net", "Microsoft.Extensions.Hosting",
    ];

    public static TheoryData<string> SourceProjects() => [.. Allowed.Keys];

    [Theory]
    [MemberData(nameof(SourceProjects))]
    public void ProjectReferences_OfEverySourceProject_FollowTheDependencyTable(string project)
    {
        var csproj = Path.Combine(RepoRoot(), "src", project, project + ".csproj");
        Assert.True(File.Exists(csproj), $"{csproj} is missing");
        var allowed = Allowed[project];
        var references = XDocument.Load(csproj).Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension((string)r.Attribute("Include")!))
            .ToArray();

        var forbidden = allowed.Contains("*") ? [] : references.Where(r => !allowed.Contains(r)).ToArray();

        Assert.True(forbidden.Length == 0, $"{project} references {string.Join(", ", forbidden)}, which DESIGN.md §2 forbids");
    }

    [Fact]
    public void SourceProjects_OnDisk_AreAllInTheDependencyTable()
    {
        var onDisk = Directory.GetDirectories(Path.Combine(RepoRoot(), "src")).Select(Path.GetFileName).ToArray();

        var unknown = onDisk.Where(p => !Allowed.ContainsKey(p!)).ToArray();

        Assert.True(unknown.Length == 0, $"projects not in the dependency table: {string.Join(", ", unknown)}");
    }

    [Theory]
    [InlineData("Continuum.Pce.Domain")]
    [InlineData("Continuum.Pce.Routing")]
    [InlineData("Continuum.Pce.Physics")]
    public void PureCore_Types_UseNoHostingRpcStorageOrFileApis(string assemblyName)
    {
        var assembly = Assembly.Load(assemblyName);

        var result = Types.InAssembly(assembly).ShouldNot().HaveDependencyOnAny(ImpureNamespaces).GetResult();

        Assert.True(result.IsSuccessful, $"{assemblyName} depends on impure APIs: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void PureCore_Types_DoNotReadTheClock()
    {
        var assemblies = new[] { "Continuum.Pce.Domain", "Continuum.Pce.Routing", "Continuum.Pce.Physics" }.Select(Assembly.Load);

        foreach (var assembly in assemblies)
        {
            var result = Types.InAssembly(assembly).ShouldNot().HaveDependencyOnAny("System.DateTime", "System.Diagnostics.Stopwatch", "System.TimeProvider").GetResult();
            Assert.True(result.IsSuccessful, $"{assembly.GetName().Name} reads a clock: {string.Join(", ", result.FailingTypeNames ?? [])}");
        }
    }

    [Theory]
    [InlineData("Continuum.Pce.Domain", "Continuum.Pce.Routing", "Continuum.Pce.Physics", "Continuum.Pce.Application", "Continuum.Pce.Topology.IO")]
    [InlineData("Continuum.Pce.Routing", "Continuum.Pce.Physics", "Continuum.Pce.Application", "Continuum.Pce.Topology.IO")]
    [InlineData("Continuum.Pce.Physics", "Continuum.Pce.Routing", "Continuum.Pce.Application", "Continuum.Pce.Topology.IO")]
    [InlineData("Continuum.Pce.Application", "Continuum.Pce.Grains", "Continuum.Pce.Southbound.Gnmi", "Continuum.Pce.Api", "Continuum.Pce.Topology.IO")]
    [InlineData("Continuum.Pce.Contracts", "Continuum.Pce.Domain", "Continuum.Pce.Application", "Continuum.Pce.Grains")]
    public void CompiledAssembly_DoesNotReferenceOuterLayers(string assemblyName, params string[] outer)
    {
        var referenced = Assembly.Load(assemblyName).GetReferencedAssemblies().Select(a => a.Name!).ToHashSet();

        var violations = outer.Where(referenced.Contains).ToArray();

        Assert.True(violations.Length == 0, $"{assemblyName} references {string.Join(", ", violations)}");
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Continuum.Pce.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Continuum.Pce.sln not found above " + AppContext.BaseDirectory);
    }
}
