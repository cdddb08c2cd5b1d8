using Continuum.Pce.Application.Ports;
using Continuum.Pce.Southbound.Gnmi.Rendering;
using GetRequest = Gnmi.GetRequest;

namespace Continuum.Pce.Southbound.Gnmi.Tests;

/// <summary>What the emulator serves (configuration and state) is valid OpenConfig: yanglint accepts whole device trees.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class EmulatorTreeValidationTests
{
    private readonly EmulatorFixture _fixture;

    public EmulatorTreeValidationTests(EmulatorFixture fixture)
    {
        _fixture = fixture;
    }

    [Theory]
    [InlineData("R1")]
    [InlineData("R2")]
    [InlineData("T4")]
    [InlineData("A1-2")]
    public async Task DeviceTree_WithALitLightpath_ValidatesAsDataWithYanglint(string device)
    {
        var intent = Intents.AcrossFourRoadms("lp-tree-" + device, 9, 64, 800);
        var renderer = new GnmiRenderer(_fixture.Directory);
        Assert.IsType<RenderResult.Succeeded>(await renderer.ProvisionAsync(intent, CancellationToken.None));
        var file = Path.Combine(Path.GetTempPath(), $"tree-{device}-{Guid.NewGuid():N}.json");
        try
        {
            var json = (await _fixture.Client(device).GetJsonAsync("/", GetRequest.Types.DataType.All)).Single();
            File.WriteAllText(file, json);

            var (exit, output) = Repo.Yanglint(["-t", "data", "-p", Repo.YangDirectory, .. Repo.Modules, file]);

            Assert.True(exit == 0, output + "\n" + json);
        }
        finally
        {
            File.Delete(file);
            await renderer.DeleteAsync(intent, CancellationToken.None);
        }
    }
}
