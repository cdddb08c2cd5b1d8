using System.Collections.Immutable;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.DeviceEmulator;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Units;
using Continuum.Pce.Southbound.Gnmi;
using Continuum.Pce.Southbound.Gnmi.Rendering;

namespace Continuum.Pce.Southbound.Gnmi.Tests;

/// <summary>Repository paths and yanglint.</summary>
public static class Repo
{
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Continuum.Pce.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("Continuum.Pce.sln not found");
        }
    }

    public static string YangDirectory => Path.Combine(Root, "models", "yang");

    /// <summary>Runs yanglint (fails, never skips, when it is missing: CI installs libyang2-tools).</summary>
    public static (int ExitCode, string Output) Yanglint(params string[] arguments)
    {
        var (exit, stdout, stderr) = YanglintStreams(arguments);
        return (exit, stdout + stderr);
    }

    /// <summary>Runs yanglint, its standard output and error apart (fails, never skips, when it is missing).</summary>
    public static (int ExitCode, string Stdout, string Stderr) YanglintStreams(params string[] arguments)
    {
        var start = new ProcessStartInfo("yanglint") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("yanglint did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr);
    }

    public static string[] Modules => [.. Directory.GetFiles(YangDirectory, "*.yang").Order(StringComparer.Ordinal)];
}

/// <summary>Builders of render intents over the sample network (R1 … R4, transponders T1 at R1 and T4 at R4).</summary>
public static class Intents
{
    public static OpticalNetwork Network { get; } = SampleNetwork.Build(4);

    /// <summary>A 75 GHz lightpath R1 → R4 on interface <paramref name="iface"/>, channel n = <paramref name="n"/>, media channels index/index+1.</summary>
    public static LightpathRenderIntent AcrossFourRoadms(string id, int iface, int n, uint index, double powerDbm = -2.0)
    {
        var centre = Frequency.GridAnchor.Mhz + (n * 6_250L);
        var spectrum = new ChannelSpectrum(new Frequency(centre - 37_500), new Frequency(centre + 37_500));
        var roadms = new[] { "R1", "R2", "R3", "R4" }.Select(r => new NodeId(r)).ToList();
        return new LightpathRenderIntent(
            new LightpathId(id),
            new TransponderEnd(new NodeId("T1"), iface),
            new TransponderEnd(new NodeId("T4"), iface),
            Hops(roadms),
            spectrum,
            new ModeId("400G-16QAM"),
            400,
            powerDbm,
            index);
    }

    /// <summary>
    /// ROADM hops along <paramref name="roadms"/> numbered by the controller's one degree rule (PathTopology, which builds
    /// the intents the grains render): add/drop group 1 at both ends, the degrees toward the neighbours in between.
    /// </summary>
    public static ImmutableArray<RoadmHop> Hops(IReadOnlyList<NodeId> roadms)
    {
        var topology = new PathTopology(Network);
        var hops = ImmutableArray.CreateBuilder<RoadmHop>(roadms.Count);
        for (var i = 0; i < roadms.Count; i++)
        {
            var ingress = i == 0 ? RoadmPort.AddDrop(1) : RoadmPort.Degree(topology.DegreeToward(roadms[i], roadms[i - 1]));
            var egress = i == roadms.Count - 1 ? RoadmPort.AddDrop(1) : RoadmPort.Degree(topology.DegreeToward(roadms[i], roadms[i + 1]));
            hops.Add(new RoadmHop(roadms[i], ingress, egress));
        }

        return hops.MoveToImmutable();
    }
}

/// <summary>Self-signed CA, server and client certificates made at runtime (never committed).</summary>
public sealed class TestCertificates : IDisposable
{
    public TestCertificates()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Continuum test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        using var caWithKey = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        Ca = X509CertificateLoader.LoadCertificate(caWithKey.Export(X509ContentType.Cert));
        Server = Issue(caWithKey, "CN=127.0.0.1", server: true);
        Client = Issue(caWithKey, "CN=continuum-pce", server: false);
        var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var otherRequest = new CertificateRequest("CN=untrusted", otherKey, HashAlgorithmName.SHA256);
        Untrusted = Reload(otherRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1)));
    }

    public X509Certificate2 Ca { get; }

    public X509Certificate2 Server { get; }

    public X509Certificate2 Client { get; }

    public X509Certificate2 Untrusted { get; }

    public void Dispose()
    {
        Ca.Dispose();
        Server.Dispose();
        Client.Dispose();
        Untrusted.Dispose();
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, string subject, bool server)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [server ? new Oid("1.3.6.1.5.5.7.3.1") : new Oid("1.3.6.1.5.5.7.3.2")], false));
        if (server)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            san.AddDnsName("localhost");
            request.CertificateExtensions.Add(san.Build());
        }

        var now = DateTimeOffset.UtcNow;
        var serial = RandomNumberGenerator.GetBytes(12);
        using var issued = request.Create(ca, now.AddMinutes(-5), now.AddHours(12), serial);
        return Reload(issued.CopyWithPrivateKey(key));
    }

    // Round-trip through PKCS#12 so that SslStream gets a certificate with a usable private key on every platform.
    private static X509Certificate2 Reload(X509Certificate2 certificate)
    {
        using (certificate)
        {
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        }
    }
}

/// <summary>
/// One cleartext emulator (with credentials) shared by the integration tests of a collection. Tests use distinct
/// interfaces, spectrum and media-channel indices, so they do not depend on each other or on order.
/// </summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    public const string User = "admin";
    public const string Password = "s3cret";

    private GnmiDeviceDirectory? _directory;

    public DeviceEmulatorHost Host { get; private set; } = null!;

    public GnmiDeviceDirectory Directory => _directory!;

    public GnmiDeviceOptions OptionsFor(string device) => new()
    {
        Address = Host.Address,
        Target = device,
        UseTls = false,
        Username = User,
        Password = Password,
        Timeout = TimeSpan.FromSeconds(5),
    };

    public GnmiClient Client(string device) => Directory.ClientFor(new NodeId(device));

    public async Task InitializeAsync()
    {
        Host = await DeviceEmulatorHost.StartAsync(Intents.Network, new DeviceEmulatorOptions { Username = User, Password = Password, ControlPort = null });
        _directory = new GnmiDeviceDirectory(id => OptionsFor(id.Value));
    }

    public async Task DisposeAsync()
    {
        await Directory.DisposeAsync();
        await Host.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class EmulatorCollection : ICollectionFixture<EmulatorFixture>
{
    public const string Name = "emulator";
}

public static class Wait
{
    /// <summary>Waits on the mirror's own notifications (no polling clock) until the condition holds, failing after <paramref name="timeout"/>.</summary>
    public static async Task UntilAsync(GnmiConfigMirror mirror, Func<bool> condition, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            var next = mirror.NextChangeAsync();
            if (condition())
            {
                return;
            }

            await next.WaitAsync(deadline.Token).ConfigureAwait(false);
        }
    }

    /// <summary>Reads a stream until a response satisfies the predicate, failing after <paramref name="timeout"/>.</summary>
    public static async Task<T> ForAsync<T>(IAsyncEnumerator<T> stream, Func<T, bool> predicate, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var next = stream.MoveNextAsync().AsTask();
            var finished = await Task.WhenAny(next, Task.Delay(Timeout.InfiniteTimeSpan, cts.Token)).ConfigureAwait(false);
            if (finished != next)
            {
                throw new TimeoutException($"no matching response within {timeout}");
            }

            if (!await next.ConfigureAwait(false))
            {
                throw new InvalidOperationException("the stream ended");
            }

            if (predicate(stream.Current))
            {
                return stream.Current;
            }
        }
    }

}
