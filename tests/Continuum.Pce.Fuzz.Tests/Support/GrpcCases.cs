using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Continuum.Pce.Fuzz.Tests.Support;

/// <summary>One fuzzed gRPC call: a method of the service, a request message built by reflection (or raw bytes), a key.</summary>
public sealed record GrpcCase(MethodDescriptor Method, IMessage? Request, byte[]? RawBytes, KeyKind Key)
{
    public bool Mutates => Method.Name is "LoadTopology" or "CreateLightpath" or "DeleteLightpath" or "RerouteLightpath" or "CreateBundle" or "AcknowledgeAlarm"
        or "SwitchProtection" or "ReconcileNode" or "GetDriftSummary" or "PlanDefrag" or "ApplyDefragPlan" or "AbortDefragPlan";

    public override string ToString() => $"{Method.Service.Name}/{Method.Name} key={Key} request={(RawBytes is null ? Cut(Request?.ToString() ?? "") : $"raw {Convert.ToHexString(RawBytes.AsSpan(0, Math.Min(40, RawBytes.Length)))}")}";

    private static string Cut(string s) => s.Length > 300 ? s[..300] + "…" : s;
}

/// <summary>
/// Builds requests for every method of the given gRPC services from their descriptors: each field set (or not) by
/// reflection to a valid id of the running network (of the kind the request names: a lightpath, a defrag plan, an
/// alarm, a node ...), an edge value or a hostile string; nested messages to a bounded depth; now and then bytes that
/// are not a valid message at all.
/// </summary>
public sealed class GrpcCases(KnownIds known, params ServiceDescriptor[] services)
{
    public IReadOnlyList<MethodDescriptor> Methods { get; } = [.. services.SelectMany(s => s.Methods)];

    /// <summary>Every gRPC service the contracts declare (each generated service class has a static Descriptor): new ones are fuzzed without a change here.</summary>
    public static ServiceDescriptor[] AllServices() =>
    [
        .. typeof(Contracts.V1.Pce).Assembly.GetTypes()
            .Select(t => t.GetProperty("Descriptor", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static))
            .Where(p => p?.PropertyType == typeof(ServiceDescriptor))
            .Select(p => (ServiceDescriptor)p!.GetValue(null)!)
            .OrderBy(s => s.FullName, StringComparer.Ordinal),
    ];

    public GrpcCase Build(int methodIndex, int seed)
    {
        var random = new Random(seed);
        var method = Methods[methodIndex % Methods.Count];
        var key = random.Next(100) switch
        {
            < 84 => KeyKind.Admin,
            < 92 => KeyKind.Viewer,
            < 96 => KeyKind.None,
            _ => KeyKind.Invalid,
        };
        if (random.Next(100) < 4)
        {
            var bytes = new byte[random.Next(1, 64)];
            random.NextBytes(bytes);
            return new GrpcCase(method, null, bytes, key);
        }

        return new GrpcCase(method, Message(random, method.InputType, 0, method.InputType.Name), null, key);
    }

    private IMessage Message(Random random, MessageDescriptor descriptor, int depth, string request)
    {
        var message = (IMessage)Activator.CreateInstance(descriptor.ClrType)!;
        foreach (var field in descriptor.Fields.InDeclarationOrder())
        {
            if (field.IsMap || random.Next(100) < 30)
            {
                continue;
            }

            if (field.IsRepeated)
            {
                var list = (System.Collections.IList)field.Accessor.GetValue(message);
                var count = random.Next(4);
                for (var i = 0; i < count; i++)
                {
                    if (Value(random, field, depth, request) is { } item)
                    {
                        list.Add(item);
                    }
                }
            }
            else if (Value(random, field, depth, request) is { } value)
            {
                field.Accessor.SetValue(message, value);
            }
        }

        return message;
    }

    private object? Value(Random random, FieldDescriptor field, int depth, string request) => field.FieldType switch
    {
        FieldType.String => StringFor(random, field.Name, request),
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => random.Next(6) switch { 0 => 0, 1 => -1, 2 => int.MaxValue, 3 => int.MinValue, 4 => 100, _ => random.Next(-10, 1000) },
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => random.Next(4) switch { 0 => 0L, 1 => -1L, 2 => long.MaxValue, _ => (long)random.Next(0, 100_000) },
        FieldType.UInt32 or FieldType.Fixed32 => (uint)random.Next(0, 1000),
        FieldType.UInt64 or FieldType.Fixed64 => random.Next(2) == 0 ? ulong.MaxValue : (ulong)random.Next(0, 1000),
        FieldType.Double => random.Next(6) switch { 0 => double.NaN, 1 => double.PositiveInfinity, 2 => -1.0, 3 => 1e300, 4 => 0.0, _ => random.NextDouble() * 1000 },
        FieldType.Float => random.Next(3) switch { 0 => float.NaN, 1 => -1f, _ => (float)random.NextDouble() * 100 },
        FieldType.Bool => random.Next(2) == 0,
        FieldType.Bytes => ByteString.CopyFrom(Enumerable.Range(0, random.Next(16)).Select(_ => (byte)random.Next(256)).ToArray()),
        FieldType.Enum => random.Next(3) == 0 ? random.Next(-3, 50) : field.EnumType.Values[random.Next(field.EnumType.Values.Count)].Number,
        FieldType.Message when depth < 2 => Message(random, field.MessageType, depth + 1, request),
        _ => null,
    };

    /// <summary>A string for field <paramref name="name"/> of request message <paramref name="request"/>.</summary>
    private string StringFor(Random random, string name, string request)
    {
        if (random.Next(100) < 35)
        {
            return Hostile.Pick(random, Hostile.Strings);
        }

        List<string>? pool = name switch
        {
            "source" or "destination" or "site" or "include_sites" or "exclude_sites" => known.Sites,
            "node" or "include_nodes" or "exclude_nodes" => known.Nodes,
            "fiber" or "include_fibers" or "exclude_fibers" => known.Fibers,
            "id" when request is "DefragPlanRef" or "ApplyDefragPlanRequest" => known.DefragPlans,
            "id" when request is "AlarmRef" => known.Alarms,
            "id" or "diverse_from" or "lightpath" => known.Lightpaths.Count > 0 && random.Next(4) > 0 ? known.Lightpaths : known.Sites,
            "failures" => random.Next(2) == 0 ? known.Fibers : known.Nodes,
            _ => null,
        };
        if (pool is { Count: > 0 })
        {
            return pool[random.Next(pool.Count)];
        }

        return name switch
        {
            "network_json" => random.Next(3) == 0 ? known.TopologyText : known.TopologyText[..random.Next(known.TopologyText.Length)],
            "equipment_json" => random.Next(2) == 0 ? "" : "{\"transceivers\":1}",
            "tenant" => random.Next(3) switch { 0 => "acme", 1 => "default", _ => "fuzz" },
            "state" => "Active",
            "to" => random.Next(4) switch { 0 => "working", 1 => "protection", 2 => "auto", _ => "sideways" },
            "protection" => random.Next(3) switch { 0 => "1+1", 1 => "", _ => "2+2" },
            "id_prefix" => "fz" + random.Next(1000).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "kind" => random.Next(3) switch { 0 => "roadm", 1 => "transponder", _ => "x" },
            _ => Hostile.Random(random, 16),
        };
    }
}
