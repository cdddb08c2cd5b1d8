using System.Text.Json;
using Continuum.Pce.Models;
using Continuum.Pce.YangGen;

namespace Continuum.Pce.Southbound.Gnmi.Tests;

public sealed class ModelsTests
{
    [Fact]
    public void YangModules_ValidatedTogether_AreAcceptedByYanglint()
    {
        var (exit, output) = Repo.Yanglint(["-p", Repo.YangDirectory, .. Repo.Modules]);

        Assert.True(exit == 0, output);
    }

    [Fact]
    public void GeneratedModels_RegeneratedIntoATempFolder_HaveNoDiff()
    {
        var temp = Directory.CreateTempSubdirectory("yanggen-");
        try
        {
            foreach (var (name, content) in CSharpEmitter.Generate(Repo.YangDirectory))
            {
                File.WriteAllText(Path.Combine(temp.FullName, name), content);
            }

            var checkedIn = Path.Combine(Repo.Root, "models", "Continuum.Pce.Models");
            var expected = Directory.GetFiles(checkedIn, "*.cs").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
            var actual = Directory.GetFiles(temp.FullName, "*.cs").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(expected, actual);
            foreach (var file in actual)
            {
                var want = File.ReadAllText(Path.Combine(temp.FullName, file!));
                var have = File.ReadAllText(Path.Combine(checkedIn, file!));
                Assert.True(want == have, $"{file} differs from the generator's output: run dotnet run --project tools/Continuum.Pce.YangGen");
            }
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    [Fact]
    public void GeneratedFiles_Everyone_CarriesTheGeneratedHeader()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(Repo.Root, "models", "Continuum.Pce.Models"), "*.cs"))
        {
            Assert.StartsWith(CSharpEmitter.Header, File.ReadAllText(file), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void OpticalChannelConfig_ToJsonIetf_QualifiesTopMembersAndQuotes64BitAndDecimal()
    {
        var config = new ComponentsComponentOpticalChannelConfig { Frequency = 193_100_000, TargetOutputPower = -2m, OperationalMode = 1 };

        var json = config.ToJsonIetf();

        Assert.Equal(
            "{\"openconfig-terminal-device:frequency\":\"193100000\",\"openconfig-terminal-device:target-output-power\":\"-2.00\",\"openconfig-terminal-device:operational-mode\":1}",
            json);
    }

    [Fact]
    public void Component_WithAugmentedOpticalChannel_QualifiesOnlyWhereTheModuleChanges()
    {
        var component = new ComponentsComponent
        {
            Name = "OCH-1",
            Config = new ComponentsComponentConfig { Name = "OCH-1" },
            OpticalChannel = new ComponentsComponentOpticalChannel { Config = new ComponentsComponentOpticalChannelConfig { Frequency = 1 } },
        };

        var json = YangJson.Write(w => component.WriteJson(w, topLevel: false));

        Assert.Equal("{\"name\":\"OCH-1\",\"config\":{\"name\":\"OCH-1\"},\"openconfig-terminal-device:optical-channel\":{\"config\":{\"frequency\":\"1\"}}}", json);
    }

    [Fact]
    public void LogicalChannel_IdentityWithoutPrefix_IsReadAndWrittenQualified()
    {
        var channel = TerminalDeviceLogicalChannelsChannelConfig.FromJson("{\"index\":\"7\",\"rate-class\":\"TRIB_RATE_400G\",\"logical-channel-type\":\"oc-opt-types:PROT_OTN\",\"admin-state\":\"ENABLED\"}");

        Assert.Equal(7u, channel.Index);
        Assert.Equal(OpenConfigIdentities.TransportTypes.TRIB_RATE_400G, channel.RateClass);
        Assert.Equal(OpenConfigIdentities.TransportTypes.PROT_OTN, channel.LogicalChannelType);
        Assert.Equal(AdminStateType.Enabled, channel.AdminState);
        Assert.Contains("\"openconfig-terminal-device:rate-class\":\"openconfig-transport-types:TRIB_RATE_400G\"", channel.ToJsonIetf(), StringComparison.Ordinal);
    }

    [Fact]
    public void MediaChannel_NumbersWhereStringsBelong_AreDecodedLeniently()
    {
        var channel = WavelengthRouterMediaChannelsChannelConfig.FromJson("{\"openconfig-wavelength-router:lower-frequency\":193062500,\"upper-frequency\":\"193137500\",\"index\":\"3\"}");

        Assert.Equal(193_062_500UL, channel.LowerFrequency);
        Assert.Equal(193_137_500UL, channel.UpperFrequency);
        Assert.Equal(3u, channel.Index);
    }

    [Fact]
    public void Decimal64_WithMoreDigits_IsRoundedToTheTypesFractionDigits()
    {
        var config = new ComponentsComponentOpticalChannelConfig { TargetOutputPower = 1.005m };

        using var document = JsonDocument.Parse(config.ToJsonIetf());

        Assert.Equal("1.01", document.RootElement.GetProperty("openconfig-terminal-device:target-output-power").GetString());
    }

    [Fact]
    public void Schema_AugmentedOpticalChannel_BelongsToTerminalDeviceAndStateIsReadOnly()
    {
        var och = OpenConfigSchema.Root.Child("components")!.Child("component")!.Child("optical-channel")!;

        Assert.Equal("openconfig-terminal-device", och.Module);
        Assert.True(och.Child("config")!.IsConfig);
        Assert.False(och.Child("state")!.IsConfig);
        Assert.Equal(YangBase.UInt64, och.Child("config")!.Child("frequency")!.Type!.Base);
        Assert.Equal("MHz", och.Child("config")!.Child("frequency")!.Type!.Units);
    }

    [Fact]
    public void Capabilities_Catalog_ListsEveryModuleWithItsVersion()
    {
        Assert.Contains(ModelCatalog.Modules, m => m.Name == "openconfig-wavelength-router" && m.Version == "1.2.0");
        Assert.Equal(Repo.Modules.Length, ModelCatalog.Modules.Count);
    }
}
