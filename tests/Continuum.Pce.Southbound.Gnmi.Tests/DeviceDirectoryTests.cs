using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Southbound.Gnmi.Rendering;
using Gnmi;
using Grpc.Core;

namespace Continuum.Pce.Southbound.Gnmi.Tests;

/// <summary>Devices behind one endpoint share a channel; each still reads and writes only its own target.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class DeviceDirectoryTests
{
    private const string OchType = "/components/component[name=OCH-1]/state/type";

    private readonly EmulatorFixture _fixture;

    public DeviceDirectoryTests(EmulatorFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Directory_DevicesBehindOneEndpoint_ShareOneChannelAndEachReachesItsOwnTarget()
    {
        await using var directory = new GnmiDeviceDirectory(id => _fixture.OptionsFor(id.Value));

        var transponder = await directory.ClientFor(new NodeId("T1")).GetJsonAsync(OchType, GetRequest.Types.DataType.State);
        var roadm = await Assert.ThrowsAsync<RpcException>(() => directory.ClientFor(new NodeId("R1")).GetJsonAsync(OchType, GetRequest.Types.DataType.State));
        await directory.ClientFor(new NodeId("R2")).ConnectAsync();

        Assert.Equal(1, directory.ChannelCount);
        Assert.Equal("\"openconfig-transport-types:OPTICAL_CHANNEL\"", transponder.Single());
        Assert.Equal(StatusCode.NotFound, roadm.StatusCode);
    }

    [Fact]
    public async Task Directory_DisposingIt_ClosesTheSharedChannel()
    {
        var directory = new GnmiDeviceDirectory(id => _fixture.OptionsFor(id.Value));
        var client = directory.ClientFor(new NodeId("T1"));
        await client.ConnectAsync();

        await directory.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.ConnectAsync());
    }
}

/// <summary>A channel carries TLS settings, so devices that differ in them never share one.</summary>
public sealed class DeviceDirectoryTlsTests : IClassFixture<TlsFixture>
{
    private readonly TlsFixture _fixture;

    public DeviceDirectoryTlsTests(TlsFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Directory_SameEndpointWithDifferentTrust_UsesSeparateChannels()
    {
        await using var directory = new GnmiDeviceDirectory(id => new GnmiDeviceOptions
        {
            Address = _fixture.Tls.Address,
            Target = id.Value,
            TrustedCa = id.Value == "R2" ? _fixture.Certificates.Untrusted : _fixture.Certificates.Ca,
        });

        await directory.ClientFor(new NodeId("R1")).ConnectAsync();
        await directory.ClientFor(new NodeId("T1")).ConnectAsync();
        var untrusted = await Assert.ThrowsAsync<RpcException>(() => directory.ClientFor(new NodeId("R2")).ConnectAsync());

        Assert.Equal(2, directory.ChannelCount);
        Assert.Contains(untrusted.StatusCode, new[] { StatusCode.Unavailable, StatusCode.Internal });
    }
}
