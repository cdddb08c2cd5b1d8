using Continuum.Pce.Api.Tests.Support;
using Continuum.Pce.Contracts.V1;
using Grpc.Core;
using Grpc.Health.V1;
using Xunit;
using PceService = Continuum.Pce.Contracts.V1.Pce;

namespace Continuum.Pce.Api.Tests.Hardening;

/// <summary>gRPC errors are gRPC statuses, never HTTP errors with JSON; the standard health service answers.</summary>
[Collection(ServerCollection.Name)]
public sealed class GrpcStatusTests(ServerFixture fixture)
{
    [Theory]
    [InlineData("")]
    [InlineData("pce_000000000000_wrong")]
    public async Task A_call_without_a_valid_key_is_unauthenticated(string key)
    {
        var client = new PceService.PceClient(fixture.Server.Grpc());
        var metadata = key.Length == 0 ? new Metadata() : new Metadata { { "x-api-key", key } };

        var e = await Assert.ThrowsAsync<RpcException>(async () => await client.ListSitesAsync(new ListSitesRequest(), metadata));

        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
        Assert.Contains("key", e.Status.Detail);
    }

    [Fact]
    public async Task A_call_above_the_keys_role_is_permission_denied_naming_the_role_needed()
    {
        var client = new PceService.PceClient(fixture.Server.Grpc());

        var e = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.LoadTopologyAsync(new TopologyDocument { NetworkJson = "{}" }, new Metadata { { "x-api-key", fixture.ViewerKey } }));

        Assert.Equal(StatusCode.PermissionDenied, e.StatusCode);
        Assert.Contains("admin", e.Status.Detail);
    }

    [Fact]
    public async Task An_invalid_request_is_invalid_argument_naming_the_field()
    {
        var client = new PceService.PceClient(fixture.Server.Grpc());

        var e = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.CreateLightpathAsync(new CreateLightpathRequest { Source = "FRA", Destination = "PAR", RateGbps = -5 }, new Metadata { { "x-api-key", fixture.AcmeKey } }));

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal("rateGbps", e.Trailers.GetValue("pce-field"));
    }

    [Fact]
    public async Task Bytes_that_are_not_a_valid_request_message_are_invalid_argument_not_unknown()
    {
        var raw = Marshallers.Create<byte[]>(b => b, b => b);
        var method = new Method<byte[], byte[]>(MethodType.Unary, PceService.Descriptor.FullName, "GetSpectrum", raw, raw);
        var invoker = fixture.Server.Grpc().CreateCallInvoker();

        // Field 1 as a length-delimited string whose length runs past the end of the message.
        var e = await Assert.ThrowsAsync<RpcException>(async () =>
            await invoker.AsyncUnaryCall(method, null, new CallOptions(new Metadata { { "x-api-key", fixture.AcmeKey } }), [0x0A, 0x7F, 0x41]));

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("continuum.pce.v1.GetSpectrumRequest", e.Status.Detail);
    }

    [Fact]
    public async Task The_standard_grpc_health_service_reports_serving_without_a_key()
    {
        var health = new Health.HealthClient(fixture.Server.Grpc());

        var overall = await health.CheckAsync(new HealthCheckRequest());
        var pce = await health.CheckAsync(new HealthCheckRequest { Service = "continuum.pce.v1.Pce" });

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, overall.Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, pce.Status);
    }
}
