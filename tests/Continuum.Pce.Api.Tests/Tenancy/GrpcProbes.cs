using System.Collections;
using System.Runtime.CompilerServices;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Net.Client;

namespace Continuum.Pce.Api.Tests.Tenancy;

/// <summary>
/// Every method of the gRPC service descriptors as probes: the request message built from its descriptor (string fields
/// that name a lightpath, a bundle prefix, a tenant, a cursor or an idempotency key take tenant A's; known fields a
/// value that makes the request valid; nested messages likewise), sent as bytes, the reply read back through the
/// method's own output descriptor.
/// </summary>
public static class GrpcProbes
{
    /// <summary>Name prefixes of methods that only read; every other method is probed as a change.</summary>
    public static readonly string[] ReadVerbs = ["Get", "List", "Watch", "Compute", "Validate"];

    /// <summary>The first item of every stream: the server has subscribed (its response headers arrived).</summary>
    public const string Subscribed = "";

    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);

    private static readonly Dictionary<string, object> FieldValues = new(StringComparer.Ordinal)
    {
        ["source"] = "FRA",
        ["destination"] = "PAR",
        ["rate_gbps"] = 100,
        ["count"] = 2,
        ["max_skew_us"] = 1000.0,
        ["max_candidates"] = 2,
        ["include_current"] = true,
    };

    public static IReadOnlyList<ServiceDescriptor> Services => [Contracts.V1.Pce.Descriptor];

    public static IReadOnlyList<Probe> From(GrpcChannel channel)
    {
        var probes = new List<Probe>();
        foreach (var service in Services)
        {
            foreach (var method in service.Methods.Where(m => !m.IsServerStreaming && !m.IsClientStreaming))
            {
                var slots = SlotsOf(method.InputType, 0);
                var tenant = slots.Contains(Slot.Tenant) ? new[] { false, true } : [false];
                var cursor = slots.Contains(Slot.Cursor) ? new[] { false, true } : [false];
                var (identity, references) = (HasIdFields(method.InputType, repeated: false, 0), HasIdFields(method.InputType, repeated: true, 0));
                var idModes = identity && references ? new[] { IdFields.Identity, IdFields.References } : [IdFields.All];
                foreach (var (withTenant, withCursor, idMode) in tenant.SelectMany(t => cursor.SelectMany(c => idModes.Select(m => (t, c, m)))))
                {
                    var used = new HashSet<Slot>(slots.Where(s => (s != Slot.Tenant || withTenant) && (s != Slot.Cursor || withCursor)));
                    var variant = string.Join(", ", new[] { withTenant ? "tenant=owner" : null, withCursor ? "cursor=owner" : null, idMode == IdFields.All ? null : $"ids={idMode.ToString().ToLowerInvariant()}" }.OfType<string>());
                    var unary = new Method<byte[], byte[]>(MethodType.Unary, service.FullName, method.Name, Bytes, Bytes);
                    var output = method.OutputType;
                    var input = method.InputType;
                    probes.Add(new Probe($"gRPC {service.Name}/{method.Name}", variant, IsRead(method), used, async (actor, ids, known) =>
                    {
                        var request = Build(input, ids, known, used, idMode, 0).ToByteArray();
                        try
                        {
                            var reply = await channel.CreateCallInvoker().AsyncUnaryCall(unary, null, Options(actor, default), request);
                            return new Answer("OK", JsonFormatter.Default.Format(output.Parser.ParseFrom(reply)));
                        }
                        catch (RpcException e)
                        {
                            return new Answer(e.StatusCode.ToString(), e.Status.Detail);
                        }
                    }));
                }
            }
        }

        return probes;
    }

    public static IReadOnlyList<StreamProbe> Streams(GrpcChannel channel)
    {
        var probes = new List<StreamProbe>();
        foreach (var service in Services)
        {
            foreach (var method in service.Methods.Where(m => m.IsServerStreaming && !m.IsClientStreaming))
            {
                var slots = SlotsOf(method.InputType, 0);
                var streaming = new Method<byte[], byte[]>(MethodType.ServerStreaming, service.FullName, method.Name, Bytes, Bytes);
                var output = method.OutputType;
                var input = method.InputType;
                probes.Add(new StreamProbe($"gRPC {service.Name}/{method.Name}", (actor, ids, known, ct) => Read(channel, streaming, output, Build(input, ids, known, slots, IdFields.All, 0).ToByteArray(), actor, ct)));
            }
        }

        return probes;
    }

    /// <summary>Methods no probe covers (client or bidirectional streams): the coverage test fails on any.</summary>
    public static IEnumerable<string> Unprobed() =>
        Services.SelectMany(s => s.Methods.Where(m => m.IsClientStreaming).Select(m => $"gRPC {s.Name}/{m.Name}: client streams are not generated"));

    public static bool IsRead(MethodDescriptor method) => ReadVerbs.Any(v => method.Name.StartsWith(v, StringComparison.Ordinal));

    private static async IAsyncEnumerable<string> Read(GrpcChannel channel, Method<byte[], byte[]> method, MessageDescriptor output, byte[] request, Actor actor, [EnumeratorCancellation] CancellationToken ct)
    {
        using var call = channel.CreateCallInvoker().AsyncServerStreamingCall(method, null, Options(actor, ct), request);

        // The server subscribes before it sends the headers: from here on nothing that happens is missed.
        string? failure = null;
        try
        {
            await call.ResponseHeadersAsync;
        }
        catch (RpcException e)
        {
            failure = $"{e.StatusCode}: {e.Status.Detail}";
        }

        yield return Subscribed;
        if (failure is not null)
        {
            yield return failure;
            yield break;
        }

        var failed = false;
        while (!failed)
        {
            string message;
            try
            {
                if (!await call.ResponseStream.MoveNext(ct))
                {
                    yield break;
                }

                message = JsonFormatter.Default.Format(output.Parser.ParseFrom(call.ResponseStream.Current));
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled || ct.IsCancellationRequested)
            {
                yield break;
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
            catch (RpcException e)
            {
                message = $"{e.StatusCode}: {e.Status.Detail}";
                failed = true;
            }

            yield return message;
        }
    }

    private static CallOptions Options(Actor actor, CancellationToken ct) => new(new Metadata { { "x-api-key", actor.Key } }, cancellationToken: ct);

    private static HashSet<Slot> SlotsOf(MessageDescriptor message, int depth)
    {
        var slots = new HashSet<Slot>();
        foreach (var field in message.Fields.InDeclarationOrder())
        {
            if (field.FieldType == FieldType.String && SlotOf(field.Name) is { } slot)
            {
                slots.Add(slot);
            }
            else if (field.FieldType == FieldType.Message && depth < 4)
            {
                slots.UnionWith(SlotsOf(field.MessageType, depth + 1));
            }
        }

        return slots;
    }

    private static bool HasIdFields(MessageDescriptor message, bool repeated, int depth) =>
        message.Fields.InDeclarationOrder().Any(f =>
            (f.FieldType == FieldType.String && SlotOf(f.Name) is Slot.Lightpath or Slot.BundlePrefix && f.IsRepeated == repeated) ||
            (f.FieldType == FieldType.Message && depth < 4 && HasIdFields(f.MessageType, repeated, depth + 1)));

    private static IMessage Build(MessageDescriptor descriptor, IdSet ids, KnownValues known, IReadOnlySet<Slot> used, IdFields mode, int depth)
    {
        var message = descriptor.Parser.ParseFrom(ByteString.Empty);
        foreach (var field in descriptor.Fields.InDeclarationOrder())
        {
            object? value = null;
            if (field.FieldType == FieldType.String && SlotOf(field.Name) is { } slot)
            {
                var wanted = slot is not (Slot.Lightpath or Slot.BundlePrefix) || mode == IdFields.All || mode == (field.IsRepeated ? IdFields.References : IdFields.Identity);
                value = used.Contains(slot) && wanted ? ids.Resolve(slot, known) : null;
            }
            else if (field.FieldType == FieldType.String && field.Name == "fiber")
            {
                value = known.Fiber;
            }
            else if (FieldValues.TryGetValue(field.Name, out var v))
            {
                value = v;
            }
            else if (field.FieldType == FieldType.Message && depth < 4 && !field.IsRepeated && !field.MessageType.FullName.StartsWith("google.", StringComparison.Ordinal))
            {
                var nested = Build(field.MessageType, ids, known, used, mode, depth + 1);
                value = nested.CalculateSize() > 0 ? nested : null;
            }

            if (value is null)
            {
                continue;
            }

            if (field.IsRepeated)
            {
                ((IList)field.Accessor.GetValue(message)).Add(value);
            }
            else
            {
                field.Accessor.SetValue(message, value);
            }
        }

        return message;
    }

    private static Slot? SlotOf(string name) =>
        name == "tenant" ? Slot.Tenant
        : name == "cursor" ? Slot.Cursor
        : name == "idempotency_key" ? Slot.IdempotencyKey
        : name == "id" || name.EndsWith("_id", StringComparison.Ordinal) || name.EndsWith("_from", StringComparison.Ordinal) || name == "lightpath" ? Slot.Lightpath
        : name.EndsWith("_prefix", StringComparison.Ordinal) ? Slot.BundlePrefix
        : null;
}
