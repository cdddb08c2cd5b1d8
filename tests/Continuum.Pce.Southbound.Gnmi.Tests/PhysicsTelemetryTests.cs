using Continuum.Pce.Application.Ports;
using Continuum.Pce.DeviceEmulator;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Units;
using Continuum.Pce.Models;
using Continuum.Pce.Physics;
using Continuum.Pce.Southbound.Gnmi.Rendering;
using Gnmi;
using Xunit;

namespace Continuum.Pce.Southbound.Gnmi.Tests;

/// <summary>An emulator of its own: the OSNR of a lit channel depends on every other channel lit.</summary>
public sealed class PhysicsEmulatorFixture : IAsyncLifetime
{
    public DeviceEmulatorHost Host { get; private set; } = null!;

    public GnmiDeviceDirectory Directory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await DeviceEmulatorHost.StartAsync(Intents.Network, new DeviceEmulatorOptions { ControlPort = null });
        Directory = new GnmiDeviceDirectory(id => new GnmiDeviceOptions { Address = Host.Address, Target = id.Value, UseTls = false });
    }

    public async Task DisposeAsync()
    {
        await Directory.DisposeAsync();
        await Host.DisposeAsync();
    }
}

/// <summary>
/// The emulator's OSNR comes from the physics engine: what a transponder reports for a lit channel is the GN-model
/// GSNR of that path and load referred to 0.1 nm, OSNR_0.1nm = GSNR_Rs + 10·log10(R_s / 12.5 GHz), to the two decimals
/// of the OpenConfig leaf.
/// </summary>
public sealed class PhysicsTelemetryTests : IClassFixture<PhysicsEmulatorFixture>
{
    private static readonly ModeId Mode = new("400ZR+-DP-16QAM-60GBd");
    private static readonly FiberId[] AToZ = [new("R1-R2"), new("R2-R3"), new("R3-R4")];
    private readonly PhysicsEmulatorFixture _fixture;

    public PhysicsTelemetryTests(PhysicsEmulatorFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public void DefaultQualityModel_OfTheEmulator_IsThePhysicsEngine()
    {
        Assert.IsType<PhysicsChannelQualityModel>(_fixture.Host.Emulator.Quality);
    }

    [Fact]
    public async Task LitChannel_ReportedOsnr_EqualsTheQotEngineGsnrIn01nmForThatPathAndLoad()
    {
        var first = Intents.AcrossFourRoadms("lp-physics-1", 3, -40, 30) with { Mode = Mode };
        var second = Intents.AcrossFourRoadms("lp-physics-2", 4, -28, 40) with { Mode = Mode };
        var renderer = new GnmiRenderer(_fixture.Directory);
        try
        {
            Assert.IsType<RenderResult.Succeeded>(await renderer.ProvisionAsync(first, CancellationToken.None));
            var alone = await ReportedOsnrAsync(3);
            var expectedAlone = Expected(first.Spectrum.Centre, [first.Spectrum.Centre]);
            Assert.Equal(expectedAlone.Gsnr01nmDb, alone, 0.005);

            Assert.IsType<RenderResult.Succeeded>(await renderer.ProvisionAsync(second, CancellationToken.None));
            var loaded = await ReportedOsnrAsync(3);
            var expectedLoaded = Expected(first.Spectrum.Centre, [first.Spectrum.Centre, second.Spectrum.Centre]);
            Assert.Equal(expectedLoaded.Gsnr01nmDb, loaded, 0.005);

            // A neighbour 75 GHz away adds nonlinear interference: the figure falls, and only through NLI.
            Assert.True(loaded < alone, $"OSNR with a neighbour {loaded} should be below {alone}");
            Assert.True(expectedLoaded.NliW > expectedAlone.NliW);

            // The conversion stated by the model: 0.1 nm figure = signal-bandwidth GSNR + 10·log10(R_s / 12.5 GHz).
            var mode = PhysicsChannelQualityModel.DefaultEquipment.Transceivers.SelectMany(t => t.Modes).Single(m => m.Id == Mode);
            Assert.Equal(expectedLoaded.GsnrDb + (10 * Math.Log10(mode.BaudRateGbaud / 12.5)), expectedLoaded.Gsnr01nmDb, 1e-9);
        }
        finally
        {
            await renderer.DeleteAsync(second, CancellationToken.None);
            await renderer.DeleteAsync(first, CancellationToken.None);
        }
    }

    private static ChannelQot Expected(Frequency centre, Frequency[] lit)
    {
        var network = Intents.Network;
        var equipment = PhysicsChannelQualityModel.DefaultEquipment;
        var mode = equipment.Transceivers.SelectMany(t => t.Modes).Single(m => m.Id == Mode);
        var path = QotPath.Build(network, equipment, AToZ);
        var perFiber = AToZ.Select(_ => (IReadOnlyList<LitChannel>)[.. lit.Select(f => new LitChannel(f, mode.BaudRateGbaud))]).ToList();
        return new QotEngine().EvaluateCandidate(path, ChannelLoad.PerFiber(perFiber), centre, mode);
    }

    private async Task<double> ReportedOsnrAsync(int @interface)
    {
        var json = await _fixture.Directory.ClientFor(new NodeId("T4")).GetJsonAsync($"/components/component[name=OCH-{@interface}]/optical-channel/state", GetRequest.Types.DataType.State);
        return (double)ComponentsComponentOpticalChannelState.FromJson(json.Single()).Osnr!.Instant!.Value;
    }
}
