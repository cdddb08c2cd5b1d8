using Continuum.Pce.Application.Ports;
using Continuum.Pce.Southbound.Gnmi.Rendering;

namespace Continuum.Pce.Southbound.Gnmi.Tests;

/// <summary>
/// Every payload template the renderer can emit, wrapped into root documents, validates with yanglint against the subset
/// (the generated code can carry it) and against OpenConfig's own modules (shared/reference, unchanged: a device accepts it).
/// </summary>
public sealed class RenderPayloadValidationTests
{
    public static TheoryData<int, double> Variants() => new()
    {
        { 100, -3.5 },
        { 400, -2.0 },
        { 800, 1.25 },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void RenderPlan_EveryStepPayload_ValidatesAsConfigWithYanglint(int lineRate, double power)
    {
        var intent = Intents.AcrossFourRoadms("lp-yang", 2, -12, 40, power) with { LineRateGbps = lineRate };
        var plan = RenderPlanBuilder.Build(intent, new PortMap());
        var directory = Directory.CreateTempSubdirectory("yang-payloads-");
        try
        {
            foreach (var step in plan.Steps)
            {
                var updates = step.Apply.Replace.Concat(step.Apply.Update)
                    .Select(u => (u.Path, GnmiValues.ToJson(u.Val)));
                var file = Path.Combine(directory.FullName, $"{step.Device}.json");
                File.WriteAllText(file, YangPayloads.Wrap(updates));

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

    [Fact]
    public void RenderPlan_UndoPaths_AllAddressSchemaNodes()
    {
        var plan = RenderPlanBuilder.Build(Intents.AcrossFourRoadms("lp-undo", 1, 0, 50), new PortMap());

        foreach (var path in plan.Steps.SelectMany(s => s.Undo.Delete))
        {
            Assert.NotNull(GnmiValues.Resolve(path));
        }
    }

    [Fact]
    public void Wrapper_DanglingPortReference_IsRejectedByYanglint()
    {
        // Guards the validation itself: a media channel naming a port that does not exist must fail.
        var channel = RenderPlanBuilder.MediaChannel(9, "x", new ChannelSpectrum(new(193_062_500), new(193_137_500)), "SRG1-ADD", "DEG1-OUT", 0);
        var json = YangPayloads.Wrap([(GnmiPaths.Parse(RenderPlanBuilder.MediaChannelPath(9)), channel.ToJsonIetf())])
            .Replace("\"name\":\"DEG1-OUT\",\"config\":{\"name\":\"DEG1-OUT\"}", "\"name\":\"DEG9-OUT\",\"config\":{\"name\":\"DEG9-OUT\"}", StringComparison.Ordinal);
        var file = Path.Combine(Path.GetTempPath(), $"dangling-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, json);
        try
        {
            var (exit, _) = Repo.Yanglint(["-t", "config", "-p", Repo.YangDirectory, .. Repo.Modules, file]);
            var (upstreamExit, _) = OpenConfigReference.Validate("config", file);

            Assert.NotEqual(0, exit);
            Assert.NotEqual(0, upstreamExit);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
