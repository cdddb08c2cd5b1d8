using System.Collections.Immutable;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Southbound.Gnmi.Rendering;

namespace Continuum.Pce.Southbound.Gnmi.Tests;

/// <summary>
/// The 1+1 payloads: the protection leg's media channels and the APS modules the renderer writes are valid against the
/// repository's YANG subset and against OpenConfig's own modules (shared/reference, unchanged).
/// </summary>
public sealed class ProtectionPayloadTests
{
    private static LightpathRenderIntent Protected(ProtectionForce force = ProtectionForce.Auto)
    {
        var intent = Intents.AcrossFourRoadms("lp-1plus1", 3, -8, 40);
        var legHops = intent.Path.Select((hop, i) => hop with
        {
            Ingress = i == 0 ? RoadmPort.AddDrop(2) : hop.Ingress,
            Egress = i == intent.Path.Length - 1 ? RoadmPort.AddDrop(2) : hop.Egress,
        }).ToImmutableArray();
        return intent with { Protection = new ProtectionRenderIntent(legHops, 1000, Revertive: false, HoldOffMs: 0, WaitToRestoreMs: 300_000, force) };
    }

    [Fact]
    public void ProtectedPlan_HasBothLegsMediaChannelsAndAnApsModuleAtEachTransponder()
    {
        var intent = Protected();
        var plan = RenderPlanBuilder.Build(intent, new PortMap());

        Assert.Equal((2 * intent.Path.Length) + 2, plan.Steps.Length);
        var transponderSteps = plan.Steps.Where(s => s.Device == intent.Source.Transponder || s.Device == intent.Destination.Transponder).ToList();
        Assert.All(transponderSteps, s => Assert.Contains(s.Intent, i => i.Path == RenderPlanBuilder.ApsModulePath($"APS-{intent.Source.Interface}")));
        Assert.Contains(plan.Steps, s => s.Description.Contains("media channels 1000/1001", StringComparison.Ordinal));

        var leg = RenderPlanBuilder.BuildLegUndo(intent, ProtectionLeg.Protection, new PortMap());
        Assert.Equal(intent.Path.Length, leg.Steps.Length);
        Assert.All(leg.Steps, s => Assert.All(s.Undo.Delete, p => Assert.Contains(p.Elem[^1].Key["index"], new[] { "1000", "1001" })));
    }

    [Theory]
    [InlineData(ProtectionForce.Auto)]
    [InlineData(ProtectionForce.Protection)]
    public void ProtectedPlan_EveryPayload_ValidatesAgainstTheSubsetAndOpenConfigsModules(ProtectionForce force)
    {
        var plan = RenderPlanBuilder.Build(Protected(force), new PortMap());
        var directory = Directory.CreateTempSubdirectory("yang-1plus1-");
        try
        {
            foreach (var step in plan.Steps)
            {
                var updates = step.Apply.Replace.Concat(step.Apply.Update).Select(u => (u.Path, GnmiValues.ToJson(u.Val))).ToList();
                var file = Path.Combine(directory.FullName, $"{step.Device}-{Guid.NewGuid():N}.json");
                File.WriteAllText(file, WithApsComponents(YangPayloads.Wrap(updates), updates));

                var (exit, output) = Repo.Yanglint(["-t", "config", "-p", Repo.YangDirectory, .. Repo.Modules, file]);
                var (upstreamExit, upstreamOutput) = OpenConfigReference.Validate("config", file);

                Assert.True(exit == 0, $"{step.Device} ({step.Description}), subset: {output}\n{File.ReadAllText(file)}");
                Assert.True(upstreamExit == 0, $"{step.Device} ({step.Description}), OpenConfig's modules: {upstreamOutput}\n{File.ReadAllText(file)}");
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData(ProtectionForce.Auto, true)]
    [InlineData(ProtectionForce.Working, true)]
    [InlineData((ProtectionForce)7, false)]
    public void ApsModule_ValidatesAgainstOpenConfigsOwnModel(ProtectionForce force, bool valid)
    {
        var module = RenderPlanBuilder.ApsModule("APS-3", Protected().Protection! with { Force = force });
        var json = valid ? module.ToJsonIetf() : module.ToJsonIetf().Replace("\"NONE\"", "\"SIDEWAYS\"", StringComparison.Ordinal);
        var document = "{\"openconfig-platform:components\":{\"component\":[{\"name\":\"APS-3\",\"config\":{\"name\":\"APS-3\"}}]},"
            + "\"openconfig-transport-line-protection:aps\":{\"aps-modules\":{\"aps-module\":[" + Unqualified(json) + "]}}}";
        var file = Path.Combine(Path.GetTempPath(), $"aps-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, document);
        try
        {
            var (exit, output) = OpenConfigReference.Validate("config", file);

            Assert.True(valid == (exit == 0), output + "\n" + document);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The APS module names a component: the protection card, which a device has as hardware.</summary>
    private static string WithApsComponents(string wrapped, IEnumerable<(global::Gnmi.Path Path, string Json)> updates)
    {
        var aps = updates.Where(u => u.Path.Elem.Any(e => e.Name.EndsWith("aps-module", StringComparison.Ordinal))).Select(u => u.Path.Elem[^1].Key["name"]).ToList();
        if (aps.Count == 0)
        {
            return wrapped;
        }

        var root = System.Text.Json.Nodes.JsonNode.Parse(wrapped)!.AsObject();
        var components = (root["openconfig-platform:components"] ??= new System.Text.Json.Nodes.JsonObject { ["component"] = new System.Text.Json.Nodes.JsonArray() })["component"]!.AsArray();
        foreach (var name in aps)
        {
            components.Add(new System.Text.Json.Nodes.JsonObject { ["name"] = name, ["config"] = new System.Text.Json.Nodes.JsonObject { ["name"] = name } });
        }

        return root.ToJsonString();
    }

    /// <summary>A list entry as written at its own path, without its module-qualified wrapper.</summary>
    private static string Unqualified(string json)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        return (node.Count == 1 && node.First().Key.Contains(':', StringComparison.Ordinal) ? node.First().Value! : node).ToJsonString();
    }
}
