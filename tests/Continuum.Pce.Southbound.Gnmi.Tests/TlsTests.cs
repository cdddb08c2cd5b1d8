using Continuum.Pce.DeviceEmulator;
using Grpc.Core;

namespace Continuum.Pce.Southbound.Gnmi.Tests;

/// <summary>Two emulators with certificates made at runtime: TLS only, and mutual TLS with credentials.</summary>
public sealed class TlsFixture : IAsyncLifetime
{
    public TestCertificates Certificates { get; } = new();

    public DeviceEmulatorHost Tls { get; private set; } = null!;

    public DeviceEmulatorHost Mtls { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Tls = await DeviceEmulatorHost.StartAsync(Intents.Network, new DeviceEmulatorOptions { ServerCertificate = Certificates.Server, ControlPort = null });
        Mtls = await DeviceEmulatorHost.StartAsync(Intents.Network, new DeviceEmulatorOptions
        {
            ServerCertificate = Certificates.Server,
            ClientCa = Certificates.Ca,
            Username = "ops",
            Password = "pw",
            ControlPort = null,
        });
    }

    public async Task DisposeAsync()
    {
        await Tls.DisposeAsync();
        await Mtls.DisposeAsync();
        Certificates.Dispose();
    }
}

public sealed class TlsTests : IClassFixture<TlsFixture>
{
    private readonly TlsFixture _fixture;

    public TlsTests(TlsFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Connect_OverTlsTrustingTheCa_Succeeds()
    {
        await using var client = new GnmiClient(new GnmiDeviceOptions { Address = _fixture.Tls.Address, Target = "R1", TrustedCa = _fixture.Certificates.Ca });

        var capabilities = await client.ConnectAsync();

        Assert.Equal("0.10.0", capabilities.GNMIVersion);
    }

    [Fact]
    public async Task Connect_OverTlsWithAnUntrustedServer_Fails()
    {
        await using var client = new GnmiClient(new GnmiDeviceOptions { Address = _fixture.Tls.Address, Target = "R1", TrustedCa = _fixture.Certificates.Untrusted });

        var e = await Assert.ThrowsAsync<RpcException>(() => client.ConnectAsync());

        // Grpc.Net.Client reports a failed TLS handshake as INTERNAL or UNAVAILABLE depending on where it surfaces.
        Assert.Contains(e.StatusCode, new[] { StatusCode.Unavailable, StatusCode.Internal });
    }

    [Fact]
    public async Task Connect_MutualTlsWithClientCertificateAndPassword_Succeeds()
    {
        await using var client = new GnmiClient(new GnmiDeviceOptions
        {
            Address = _fixture.Mtls.Address,
            Target = "T1",
            TrustedCa = _fixture.Certificates.Ca,
            ClientCertificate = _fixture.Certificates.Client,
            Username = "ops",
            Password = "pw",
        });

        var json = await client.GetJsonAsync("/components/component[name=OCH-1]/state/type", global::Gnmi.GetRequest.Types.DataType.State);

        Assert.Equal("\"openconfig-transport-types:OPTICAL_CHANNEL\"", json.Single());
    }

    [Fact]
    public async Task Connect_MutualTlsWithoutClientCertificate_IsRefused()
    {
        await using var client = new GnmiClient(new GnmiDeviceOptions
        {
            Address = _fixture.Mtls.Address,
            Target = "T1",
            TrustedCa = _fixture.Certificates.Ca,
            Username = "ops",
            Password = "pw",
        });

        var e = await Assert.ThrowsAsync<RpcException>(() => client.ConnectAsync());

        Assert.Contains(e.StatusCode, new[] { StatusCode.Unavailable, StatusCode.Internal });
    }

    [Fact]
    public async Task Connect_MutualTlsWithWrongPassword_IsUnauthenticated()
    {
        await using var client = new GnmiClient(new GnmiDeviceOptions
        {
            Address = _fixture.Mtls.Address,
            Target = "T1",
            TrustedCa = _fixture.Certificates.Ca,
            ClientCertificate = _fixture.Certificates.Client,
            Username = "ops",
            Password = "nope",
        });

        var e = await Assert.ThrowsAsync<RpcException>(() => client.ConnectAsync());

        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
    }
}
