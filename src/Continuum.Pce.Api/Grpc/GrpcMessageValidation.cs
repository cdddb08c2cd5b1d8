using System.Buffers.Binary;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace Continuum.Pce.Api.Grpc;

/// <summary>
/// gRPC for ASP.NET Core reads the request message before any interceptor runs, and a body that is not a valid message
/// of the method's type ends in UNKNOWN ("Exception was thrown by handler"): a server fault to the caller. This
/// middleware, on the service's own methods only, reads the (single, uncompressed) request message first and answers
/// bytes that do not parse with INVALID_ARGUMENT naming the message type (<c>pce-field: $</c>), as any bad input is.
/// </summary>
public static class GrpcMessageValidation
{
    /// <summary>Messages larger than this are left to gRPC's own receive limit (RESOURCE_EXHAUSTED).</summary>
    private const int MaxChecked = 4 * 1024 * 1024;

    public static IApplicationBuilder UseGrpcMessageValidation(this IApplicationBuilder app, Google.Protobuf.Reflection.ServiceDescriptor service)
    {
        var prefix = "/" + service.FullName + "/";
        var inputs = service.Methods.ToDictionary(m => prefix + m.Name, m => m.InputType, StringComparer.Ordinal);
        return app.Use(async (http, next) =>
        {
            if (!GrpcStatusResponse.IsGrpc(http.Request) || !inputs.TryGetValue(http.Request.Path.Value ?? "", out var input) ||
                http.Request.Headers["grpc-encoding"] is { Count: > 0 } encoding && encoding.ToString() != "identity")
            {
                await next(http);
                return;
            }

            http.Request.EnableBuffering(bufferThreshold: 64 * 1024, bufferLimit: MaxChecked + 5);
            var header = new byte[5];
            var read = await http.Request.Body.ReadAtLeastAsync(header, 5, throwOnEndOfStream: false, http.RequestAborted);
            if (read == 5 && header[0] == 0 && BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1)) is var length && length <= MaxChecked)
            {
                var message = new byte[length];
                var got = await http.Request.Body.ReadAtLeastAsync(message, (int)length, throwOnEndOfStream: false, http.RequestAborted);
                if (got == length && Invalid(input, message) is { } reason)
                {
                    http.Response.Headers["pce-field"] = "$";
                    await GrpcStatusResponse.WriteAsync(http, StatusCode.InvalidArgument, $"$: the request is not a valid {input.FullName} message: {reason}");
                    return;
                }
            }

            http.Request.Body.Position = 0;
            await next(http);
        });
    }

    private static string? Invalid(MessageDescriptor input, byte[] message)
    {
        try
        {
            input.Parser.ParseFrom(message);
            return null;
        }
        catch (InvalidProtocolBufferException e)
        {
            return e.Message;
        }
    }
}
