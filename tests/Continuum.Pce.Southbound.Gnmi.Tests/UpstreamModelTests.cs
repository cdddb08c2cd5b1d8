using Continuum.Pce.Models;
using Continuum.Pce.YangGen;

namespace Continuum.Pce.Southbound.Gnmi.Tests;

/// <summary>
/// Issue 25: the subset in models/yang is a cut of OpenConfig's own modules, not a rewrite. Each module keeps upstream's
/// name, namespace, prefix, organization, revision and openconfig-version, and every node it keeps has upstream's type and
/// constraints (a leafref stays a leafref, a must stays a must); what the generated C# is built from is therefore what
/// real devices implement.
/// </summary>
public sealed class UpstreamModelTests
{
    private static readonly Lazy<IReadOnlyDictionary<string, YangStatement>> Subset =
        new(() => OpenConfigReference.Compile(["-p", Repo.YangDirectory], Repo.Modules));

    private static readonly Lazy<IReadOnlyDictionary<string, YangStatement>> Upstream =
        new(() => OpenConfigReference.Compile(OpenConfigReference.SearchPath, OpenConfigReference.Modules));

    public static TheoryData<string> SubsetModules()
    {
        var data = new TheoryData<string>();
        foreach (var file in Repo.Modules)
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SubsetModules))]
    public void SubsetModule_ComparedWithTheUpstreamModule_HasItsHeaderAndItsNodesUnchanged(string module)
    {
        var differences = SubsetConformance.Differences(Subset.Value[module], Upstream.Value[module]);

        Assert.True(differences.Count == 0, $"{module} departs from OpenConfig's module:\n" + string.Join('\n', differences));
    }

    [Theory]
    [MemberData(nameof(SubsetModules))]
    public void SubsetModule_EveryRevisionStatement_IsAnUpstreamRevision(string module)
    {
        var ours = Revisions(Path.Combine(Repo.YangDirectory, module + ".yang"));
        var theirs = Revisions(OpenConfigReference.ModuleFile(module));

        Assert.NotEmpty(ours);
        Assert.All(ours, r => Assert.Contains(r, theirs));
        Assert.Equal(theirs.Max(StringComparer.Ordinal), ours.Max(StringComparer.Ordinal));
    }

    [Fact]
    public void ModelCatalog_EveryModule_AdvertisesUpstreamsOrganizationAndVersion()
    {
        Assert.Equal(Repo.Modules.Length, ModelCatalog.Modules.Count);
        foreach (var model in ModelCatalog.Modules)
        {
            var upstream = YangParser.Parse(File.ReadAllText(OpenConfigReference.ModuleFile(model.Name)), model.Name);
            Assert.Equal(upstream.Child("organization")!.Argument, model.Organization);
            Assert.Equal(upstream.Children.Single(c => c.Keyword == "oc-ext:openconfig-version").Argument, model.Version);
            Assert.Equal(Revisions(OpenConfigReference.ModuleFile(model.Name)).Max(StringComparer.Ordinal), model.Revision);
        }
    }

    [Fact]
    public void Comparison_AMustTurnedIntoAWhenAndALeafrefIntoAString_IsReported()
    {
        // Guards the comparison itself: the two defects issue 25 found in the subset, put back into a copy of it.
        var copy = Directory.CreateTempSubdirectory("yang-broken-");
        try
        {
            foreach (var file in Repo.Modules)
            {
                File.Copy(file, Path.Combine(copy.FullName, Path.GetFileName(file)));
            }

            Edit(Path.Combine(copy.FullName, "openconfig-terminal-device.yang"), "must \"../assignment-type = 'LOGICAL_CHANNEL'\"", "when \"../assignment-type = 'LOGICAL_CHANNEL'\"");
            Edit(Path.Combine(copy.FullName, "openconfig-channel-monitor.yang"), "leaf name {\n      type leafref { path \"/oc-platform:components/oc-platform:component/oc-platform:name\"; }", "leaf name {\n      type string;");
            var broken = OpenConfigReference.Compile(["-p", copy.FullName], [.. Directory.GetFiles(copy.FullName, "*.yang").Order(StringComparer.Ordinal)]);

            var terminal = SubsetConformance.Differences(broken["openconfig-terminal-device"], Upstream.Value["openconfig-terminal-device"]);
            var monitor = SubsetConformance.Differences(broken["openconfig-channel-monitor"], Upstream.Value["openconfig-channel-monitor"]);

            Assert.Contains(terminal, d => d.StartsWith("/terminal-device/logical-channels/channel/logical-channel-assignments/assignment/config/logical-channel:", StringComparison.Ordinal) && d.Contains("when", StringComparison.Ordinal));
            Assert.Contains(monitor, d => d.StartsWith("/channel-monitors/channel-monitor/config/name:", StringComparison.Ordinal) && d.Contains("leafref", StringComparison.Ordinal));
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    private static List<string> Revisions(string file) =>
        [.. YangParser.Parse(File.ReadAllText(file), file).ChildrenOf("revision").Select(r => r.RequiredArgument)];

    private static void Edit(string file, string from, string to)
    {
        var text = File.ReadAllText(file);
        Assert.Contains(from, text, StringComparison.Ordinal);
        File.WriteAllText(file, text.Replace(from, to, StringComparison.Ordinal));
    }
}
