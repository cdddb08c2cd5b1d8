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

    private const string Emulator = "Continuum.Pce.DeviceEmulator";

    /// <summary>The emulator's project, a program in tools/ (DESIGN.md §2: a separate program the server may start).</summary>
    private static string EmulatorProject => Path.Combine(RepoRoot(), "tools", Emulator, Emulator + ".csproj");

    /// <summary>Controller code the emulator must not share: a test double with the controller's codec cannot catch its bugs.</summary>
    private static bool IsControllerCode(string assembly) =>
        assembly.StartsWith("Continuum.Pce.Southbound", StringComparison.Ordinal)
        || assembly is "Continuum.Pce.Application" or "Continuum.Pce.Api" || assembly.StartsWith("Continuum.Pce.Grains", StringComparison.Ordinal);

    [Fact]
    public void Api_ProjectReferences_LinkNoDeviceEmulator()
    {
        var api = Path.Combine(RepoRoot(), "src", "Continuum.Pce.Api", "Continuum.Pce.Api.csproj");

        var linked = LinkedProjectClosure(api);

        Assert.DoesNotContain(Emulator, linked);
        Assert.Contains("Continuum.Pce.Southbound.Gnmi", linked); // the walk does reach the projects the server links
    }

    [Fact]
    public void DeviceEmulator_ProjectReferences_ReachNoControllerCode()
    {
        var linked = LinkedProjectClosure(EmulatorProject);

        var forbidden = linked.Where(IsControllerCode).ToArray();

        Assert.True(forbidden.Length == 0, $"{Emulator} links {string.Join(", ", forbidden)}: it implements OpenConfig from models/ on its own");
        Assert.Contains("Continuum.Pce.Models", linked);
    }

    [Fact]
    public void Api_CompiledAssembly_ReferencesNoDeviceEmulator()
    {
        var closure = AssemblyClosure(typeof(Continuum.Pce.Api.Hosting.PceServer).Assembly);

        Assert.DoesNotContain(Emulator, closure);
        Assert.Contains("Continuum.Pce.Southbound.Gnmi", closure);
    }

    [Fact]
    public void DeviceEmulator_CompiledAssembly_ReferencesNoControllerCode()
    {
        var closure = AssemblyClosure(typeof(Continuum.Pce.DeviceEmulator.DeviceEmulatorHost).Assembly);

        var forbidden = closure.Where(IsControllerCode).ToArray();

        Assert.True(forbidden.Length == 0, $"{Emulator} references {string.Join(", ", forbidden)}");
        Assert.Contains("Continuum.Pce.Models", closure);
    }

    /// <summary>
    /// The projects a project links, directly or through the projects it links: every ProjectReference except those with
    /// <c>ReferenceOutputAssembly="false"</c> (a build-order reference, as the server's to the emulator it copies beside it).
    /// </summary>
    private static HashSet<string> LinkedProjectClosure(string csproj)
    {
        var linked = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(csproj)]);
        while (pending.TryPop(out var project))
        {
            foreach (var reference in XDocument.Load(project).Descendants("ProjectReference"))
            {
                if (string.Equals((string?)reference.Attribute("ReferenceOutputAssembly"), "false", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var path = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, ((string)reference.Attribute("Include")!).Replace('\\', '/')));
                if (linked.Add(Path.GetFileNameWithoutExtension(path)))
                {
                    pending.Push(path);
                }
            }
        }

        return linked;
    }

    /// <summary>The names of the project's assemblies (Continuum.*) a compiled assembly references, directly or transitively.</summary>
    private static HashSet<string> AssemblyClosure(Assembly root)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<Assembly>([root]);
        while (pending.TryPop(out var assembly))
        {
            foreach (var name in assembly.GetReferencedAssemblies())
            {
                if (name.Name is { } n && n.StartsWith("Continuum.", StringComparison.Ordinal) && seen.Add(n))
                {
                    pending.Push(Assembly.Load(name));
                }
            }
        }

        return seen;
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
