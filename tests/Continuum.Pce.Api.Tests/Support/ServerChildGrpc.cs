using Continuum.Pce.TestKit.Processes;
using Grpc.Core;
using Grpc.Net.Client;

namespace Continuum.Pce.Api.Tests.Support;

/// <summary>gRPC to a <see cref="ServerChild"/> (the test kit itself takes no gRPC dependency).</summary>
internal static class ServerChildGrpc
{
    /// <summary>A channel to the server's HTTP/2 endpoint.</summary>
    public static GrpcChannel Grpc(this ServerChild server) => GrpcChannel.ForAddress(server.GrpcUri);

    /// <summary>The API key as gRPC metadata.</summary>
    public static Metadata Key(string apiKey) => new() { { "x-api-key", apiKey } };
}
