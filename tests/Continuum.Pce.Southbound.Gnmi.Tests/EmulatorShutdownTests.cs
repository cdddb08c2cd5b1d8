using Continuum.Pce.DeviceEmulator;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Southbound.Gnmi.Rendering;
using Gnmi;

namespace Continuum.Pce.Southbound.Gnmi.Tests;

/// <summary>An emulator stops at once even while controllers hold subscriptions open (a server would otherwise wait for them).</summary>
public sealed class EmulatorShutdownTests
{
    [Fact]
    public async Task Stop_WithAnOpenOnChangeSubscription_EndsTheStreamAndReturnsPromptly()
    {
        var host = await DeviceEmulatorHost.StartAsync(Intents.Network, new DeviceEmulatorOptions { ControlPort = null });
        await using var directory = new GnmiDeviceDirectory(id => new GnmiDeviceOptions { Address = host.Address, Target = id.Value, UseTls = false });
        await using var mirror = new GnmiConfigMirror(directory);
        mirror.Watch(new NodeId("R1"));
        await Wait.UntilAsync(mirror, () => mirror.IsSynchronised(new NodeId("R1")), TimeSpan.FromSeconds(20));

        // Before the fix the host's server waited for the subscriber until its 30 s shutdown timeout.
        await host.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        await Wait.UntilAsync(mirror, () => !mirror.IsSynchronised(new NodeId("R1")), TimeSpan.FromSeconds(20));
    }
}
