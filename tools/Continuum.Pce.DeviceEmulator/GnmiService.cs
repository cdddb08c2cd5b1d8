using System.Text.Json.Nodes;
using Continuum.Pce.Models;
using Gnmi;
using Grpc.Core;
using GnmiPath = Gnmi.Path;

namespace Continuum.Pce.DeviceEmulator;

/// <summary>
/// The gNMI service (gnmi-specification 0.10.0) of the emulator. One port serves every device: <c>Path.target</c> of the
/// request prefix (of the SubscriptionList prefix for Subscribe) names the device (its node id); an unknown target is
/// NOT_FOUND, a missing one INVALID_ARGUMENT. Credentials, when configured, are checked on every RPC (UNAUTHENTICATED).
/// </summary>
internal sealed class GnmiService : gNMI.gNMIBase
{
    private readonly DeviceEmulator _emulator;
    private readonly DeviceEmulatorOptions _options;

    public GnmiService(DeviceEmulator emulator, DeviceEmulatorOptions options)
    {
        _emulator = emulator;
        _options = options;
    }

    public override Task<CapabilityResponse> Capabilities(CapabilityRequest request, ServerCallContext context)
    {
        Authorise(context);
        var response = new CapabilityResponse { GNMIVersion = "0.10.0" };
        // Capabilities names no target (gnmi-specification §3.2.1): a client of one device among many says which with the
        // "target" metadata key; without it the answer is the default profile's.
        var target = context.RequestHeaders.GetValue("target");
        if (target is not null && _emulator.DeviceNames.Contains(target))
        {
            _ = _emulator.Reachable(target);
        }

        var profile = target is null ? Profiles.Default : Profiles.For(target);
        response.SupportedEncodings.Add(profile.Wire);
        foreach (var model in ModelCatalog.Modules)
        {
            response.SupportedModels.Add(new ModelData { Name = model.Name, Organization = model.Organization, Version = model.Version });
        }

        return Task.FromResult(response);
    }

    private DeviceProfiles Profiles => _options.Profiles ?? DeviceProfiles.Uniform;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DeviceNaming?> _namings = new(StringComparer.Ordinal);

    /// <summary>The translation of the device's naming profile; null for the emulator's own names (nothing to do).</summary>
    private DeviceNaming? NamingOf(EmulatedDevice device)
    {
        var profile = Profiles.For(device.Name).Naming;
        return profile == NamingProfile.DefaultName ? null : _namings.GetOrAdd(profile, p => DeviceNaming.For(p, _emulator.Equipment));
    }

    /// <summary>A full path (prefix joined) in the emulator's names, the prefix keeping only target and origin.</summary>
    private static (GnmiPath Prefix, GnmiPath Path) In(DeviceNaming naming, GnmiPath? prefix, GnmiPath path)
    {
        prefix ??= new GnmiPath();
        return (new GnmiPath { Target = prefix.Target, Origin = prefix.Origin }, naming.PathIn(PathText.Join(prefix, path)));
    }

    private static void TranslateIn(DeviceNaming naming, SetRequest request)
    {
        var prefix = request.Prefix ?? new GnmiPath();
        var deletes = request.Delete.Select(d => In(naming, prefix, d).Path).ToList();
        request.Delete.Clear();
        request.Delete.Add(deletes);
        foreach (var updates in new[] { request.Replace, request.Update })
        {
            var translated = updates.Select(u =>
            {
                var full = PathText.Join(prefix, u.Path);
                return new Update { Path = naming.PathIn(full), Val = naming.Value(full, u.Val, toDevice: false) };
            }).ToList();
            updates.Clear();
            updates.Add(translated);
        }

        request.Prefix = new GnmiPath { Target = prefix.Target, Origin = prefix.Origin };
    }

    /// <summary>A notification in the emulator's names, as the device's client should see it.</summary>
    private static Notification Out(DeviceNaming naming, Notification notification)
    {
        var prefix = notification.Prefix ?? new GnmiPath();
        var translated = new Notification { Timestamp = notification.Timestamp, Prefix = prefix.Clone(), Atomic = notification.Atomic };
        foreach (var update in notification.Update)
        {
            var full = PathText.Join(prefix, update.Path);
            translated.Update.Add(new Update { Path = naming.PathOut(update.Path), Val = naming.Value(full, update.Val, toDevice: true), Duplicates = update.Duplicates });
        }

        translated.Delete.Add(notification.Delete.Select(naming.PathOut));
        return translated;
    }

    /// <summary>Passes subscription responses on, translated to the device's names.</summary>
    private sealed class TranslatingWriter(IServerStreamWriter<SubscribeResponse> inner, DeviceNaming naming) : IServerStreamWriter<SubscribeResponse>
    {
        public WriteOptions? WriteOptions
        {
            get => inner.WriteOptions;
            set => inner.WriteOptions = value;
        }

        public Task WriteAsync(SubscribeResponse message) => inner.WriteAsync(Translate(message));

        public Task WriteAsync(SubscribeResponse message, CancellationToken cancellationToken) => inner.WriteAsync(Translate(message), cancellationToken);

        private SubscribeResponse Translate(SubscribeResponse message) =>
            message.ResponseCase == SubscribeResponse.ResponseOneofCase.Update ? new SubscribeResponse { Update = Out(naming, message.Update) } : message;
    }

    public override async Task<GetResponse> Get(GetRequest request, ServerCallContext context)
    {
        Authorise(context);
        var device = _emulator.Reachable(request.Prefix?.Target ?? string.Empty);
        await _emulator.WaitIfStalledAsync(device, context.CancellationToken).ConfigureAwait(false);
        var encoding = request.Encoding;
        RequireEncoding(device, encoding, "Get");
        var naming = NamingOf(device);
        if (encoding == global::Gnmi.Encoding.JsonIetf && naming is null)
        {
            return _emulator.Get(device, request);
        }

        // The tree is read as JSON_IETF in the emulator's names, translated to the device's, and re-encoded: JSON without
        // modules, PROTO one typed scalar per leaf.
        var asIetf = request.Clone();
        asIetf.Encoding = global::Gnmi.Encoding.JsonIetf;
        if (naming is not null)
        {
            var paths = asIetf.Path.Select(p => In(naming, request.Prefix, p)).ToList();
            asIetf.Path.Clear();
            asIetf.Path.Add(paths.Select(p => p.Path));
            asIetf.Prefix = paths.Count > 0 ? paths[0].Prefix : new GnmiPath { Target = request.Prefix?.Target ?? string.Empty, Origin = request.Prefix?.Origin ?? string.Empty };
        }

        var response = _emulator.Get(device, asIetf);
        if (naming is not null)
        {
            var translated = response.Notification.Select(n => Out(naming, n)).ToList();
            response.Notification.Clear();
            response.Notification.Add(translated);
        }

        if (encoding == global::Gnmi.Encoding.JsonIetf)
        {
            return response;
        }

        foreach (var notification in response.Notification)
        {
            var updates = notification.Update.ToList();
            notification.Update.Clear();
            foreach (var update in updates)
            {
                var json = JsonNode.Parse(update.Val.JsonIetfVal.ToStringUtf8())!;
                if (encoding == global::Gnmi.Encoding.Json)
                {
                    notification.Update.Add(new Update { Path = update.Path, Val = EncodedValues.Value(json, OpenConfigSchema.Root, encoding) });
                    continue;
                }

                var full = PathText.Join(notification.Prefix ?? new GnmiPath(), update.Path);
                var schema = SchemaOf(full) ?? throw new RpcException(new Status(StatusCode.Internal, $"{PathText.Format(full)} is not in the schema"));
                foreach (var (path, value) in EncodedValues.Leaves(update.Path, schema, json))
                {
                    notification.Update.Add(new Update { Path = path, Val = value });
                }
            }
        }

        return response;
    }

    public override async Task<SetResponse> Set(SetRequest request, ServerCallContext context)
    {
        Authorise(context);
        var device = _emulator.Reachable(request.Prefix?.Target ?? string.Empty);
        await _emulator.WaitIfStalledAsync(device, context.CancellationToken).ConfigureAwait(false);
        foreach (var update in request.Replace.Concat(request.Update))
        {
            RequireEncoding(device, EncodingOf(update.Val), "Set");
        }

        if (NamingOf(device) is { } naming)
        {
            TranslateIn(naming, request);
        }

        return _emulator.Set(device, request);
    }

    /// <summary>The encoding a Set value is in: JSON_IETF, JSON, or PROTO for a typed scalar.</summary>
    private static global::Gnmi.Encoding EncodingOf(TypedValue? value) => value?.ValueCase switch
    {
        TypedValue.ValueOneofCase.JsonIetfVal => global::Gnmi.Encoding.JsonIetf,
        TypedValue.ValueOneofCase.JsonVal => global::Gnmi.Encoding.Json,
        _ => global::Gnmi.Encoding.Proto,
    };

    /// <summary>A device refuses an encoding its profile does not offer, as gnmi-specification §3.3.1 and §3.5.1.1 ask (UNIMPLEMENTED).</summary>
    private void RequireEncoding(EmulatedDevice device, global::Gnmi.Encoding encoding, string rpc)
    {
        var profile = Profiles.For(device.Name);
        if (!profile.Offers(encoding))
        {
            throw new RpcException(new Status(StatusCode.Unimplemented, $"{rpc}: {device.Name} does not support encoding {encoding} (it supports {string.Join(", ", profile.Encodings)})"));
        }
    }

    private static SchemaNode? SchemaOf(GnmiPath path)
    {
        var node = OpenConfigSchema.Root;
        foreach (var elem in path.Elem)
        {
            node = node.Child(elem.Name);
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    public override async Task Subscribe(IAsyncStreamReader<SubscribeRequest> requestStream, IServerStreamWriter<SubscribeResponse> responseStream, ServerCallContext context)
    {
        Authorise(context);
        if (!await requestStream.MoveNext(context.CancellationToken).ConfigureAwait(false) || requestStream.Current.RequestCase != SubscribeRequest.RequestOneofCase.Subscribe)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "the first SubscribeRequest must carry a SubscriptionList"));
        }

        var list = requestStream.Current.Subscribe;
        var prefix = list.Prefix ?? new GnmiPath();
        var device = _emulator.Reachable(prefix.Target);
        await _emulator.WaitIfStalledAsync(device, context.CancellationToken).ConfigureAwait(false);
        RequireEncoding(device, list.Encoding, "Subscribe");
        if (list.Subscription.Count == 0)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "a SubscriptionList needs at least one subscription"));
        }

        if (NamingOf(device) is { } naming)
        {
            list = list.Clone();
            foreach (var subscription in list.Subscription)
            {
                subscription.Path = In(naming, prefix, subscription.Path).Path;
            }

            prefix = new GnmiPath { Target = prefix.Target, Origin = prefix.Origin };
            list.Prefix = prefix;
            responseStream = new TranslatingWriter(responseStream, naming);
        }

        foreach (var subscription in list.Subscription)
        {
            ValidatePath(PathText.Join(prefix, subscription.Path));
        }

        // A stream ends when its client goes, when fault injection drops the device's streams, or when the emulator stops
        // (a stopping server otherwise waits for every subscriber to hang up, up to its shutdown timeout).
        using var streams = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, device.Streams.Token, _emulator.Stopping);
        var token = streams.Token;
        try
        {
            switch (list.Mode)
            {
                case SubscriptionList.Types.Mode.Once:
                    await SendSnapshotAsync(device, list, responseStream, null, token).ConfigureAwait(false);
                    return;
                case SubscriptionList.Types.Mode.Poll:
                    await SendSnapshotAsync(device, list, responseStream, null, token).ConfigureAwait(false);
                    while (await requestStream.MoveNext(token).ConfigureAwait(false))
                    {
                        if (requestStream.Current.RequestCase == SubscribeRequest.RequestOneofCase.Poll)
                        {
                            await SendSnapshotAsync(device, list, responseStream, null, token).ConfigureAwait(false);
                        }
                    }

                    return;
                default:
                    await StreamAsync(device, list, responseStream, token).ConfigureAwait(false);
                    return;
            }
        }
        catch (OperationCanceledException) when (!context.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "stream dropped by the target"));
        }
    }

    private async Task StreamAsync(EmulatedDevice device, SubscriptionList list, IServerStreamWriter<SubscribeResponse> responseStream, CancellationToken token)
    {
        var prefix = list.Prefix ?? new GnmiPath();
        var onChange = list.Subscription.Where(s => s.Mode != SubscriptionMode.Sample).ToList();
        var sampled = list.Subscription.Where(s => s.Mode == SubscriptionMode.Sample).ToList();
        var changeTask = _emulator.ChangedAsync();
        var lastSets = device.SetCount;
        // Configuration changes only by a transaction (which replaces the device's root) or by re-cabling (likewise):
        // a stream of configuration alone has nothing to look at while the root is the same.
        var configOnly = onChange.All(s => IsConfig(PathText.Join(prefix, s.Path)));
        var lastRoot = device.Root;
        var last = _emulator.Leaves(device, prefix, onChange);
        var lastSampled = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!list.UpdatesOnly)
        {
            await SendSnapshotAsync(device, list, responseStream, null, token).ConfigureAwait(false);
        }
        else
        {
            await responseStream.WriteAsync(new SubscribeResponse { SyncResponse = true }, token).ConfigureAwait(false);
        }

        // SAMPLE: one clock per subscription, sample_interval in ns (0 = the target's default, 1 s here).
        var nextSample = sampled.Select(s => _emulator.Now() + Interval(s)).ToArray();
        while (!token.IsCancellationRequested)
        {
            var now = _emulator.Now();
            var wait = nextSample.Length == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromTicks(Math.Max(0, (nextSample.Min() - now) / 100));
            var delay = wait == Timeout.InfiniteTimeSpan ? Task.Delay(Timeout.Infinite, token) : Task.Delay(wait, token);
            var woke = await Task.WhenAny(changeTask, delay).ConfigureAwait(false);
            token.ThrowIfCancellationRequested();
            if (woke == changeTask)
            {
                changeTask = _emulator.ChangedAsync();
                var root = device.Root;
                if (onChange.Count > 0 && !(configOnly && ReferenceEquals(root, lastRoot)))
                {
                    lastRoot = root;
                    // After a configuration change on this device, its subscribed state is announced again in full, even
                    // values that ended where they were: derived state is recomputed in coalesced passes, and a channel
                    // switched off and on again within one pass is still an edge its subscribers must see. Leaves that
                    // are gone (a deleted media channel) are sent as deletes either way.
                    var sets = device.SetCount;
                    var current = _emulator.Leaves(device, prefix, onChange, out var measuredAt);
                    var notification = Diff(last, current, sets != lastSets, list, prefix, measuredAt);
                    lastSets = sets;
                    last = current;
                    if (notification is not null)
                    {
                        await responseStream.WriteAsync(new SubscribeResponse { Update = notification }, token).ConfigureAwait(false);
                    }
                }
            }

            now = _emulator.Now();
            for (var i = 0; i < sampled.Count; i++)
            {
                if (nextSample[i] > now)
                {
                    continue;
                }

                nextSample[i] = now + Interval(sampled[i]);
                var leaves = _emulator.Leaves(device, prefix, [sampled[i]]);
                var notification = new Notification { Timestamp = now, Prefix = new GnmiPath { Target = prefix.Target } };
                foreach (var (key, (path, value, schema)) in leaves)
                {
                    var text = value.ToJsonString();
                    if (sampled[i].SuppressRedundant && lastSampled.TryGetValue(key, out var previous) && previous == text)
                    {
                        continue;
                    }

                    lastSampled[key] = text;
                    notification.Update.Add(new Update { Path = path, Val = Value(value, schema, list.Encoding) });
                }

                if (notification.Update.Count > 0)
                {
                    await responseStream.WriteAsync(new SubscribeResponse { Update = notification }, token).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>Whether a path lies in configuration (config true down to its last element).</summary>
    private static bool IsConfig(GnmiPath path)
    {
        var node = OpenConfigSchema.Root;
        foreach (var elem in path.Elem)
        {
            node = elem.Name is "*" or "..." ? null : node.Child(elem.Name);
            if (node is null || !node.IsConfig)
            {
                return false;
            }
        }

        return path.Elem.Count > 0;
    }

    private static long Interval(Subscription subscription) => subscription.SampleInterval == 0 ? 1_000_000_000L : (long)Math.Max(subscription.SampleInterval, 1_000_000UL);

    /// <summary>The change from <paramref name="before"/> to <paramref name="after"/>: updated leaves (every leaf when <paramref name="all"/>) and deleted ones.</summary>
    private static Notification? Diff(Dictionary<string, (GnmiPath Path, JsonNode Value, SchemaNode Schema)> before, Dictionary<string, (GnmiPath Path, JsonNode Value, SchemaNode Schema)> after, bool all, SubscriptionList list, GnmiPath prefix, long measuredAt)
    {
        var notification = new Notification { Timestamp = measuredAt, Prefix = new GnmiPath { Target = prefix.Target } };
        foreach (var (key, (path, value, schema)) in after)
        {
            if (all || !before.TryGetValue(key, out var old) || old.Value.ToJsonString() != value.ToJsonString())
            {
                notification.Update.Add(new Update { Path = path, Val = Value(value, schema, list.Encoding) });
            }
        }

        foreach (var (key, (path, _, _)) in before)
        {
            if (!after.ContainsKey(key))
            {
                notification.Delete.Add(path);
            }
        }

        return notification.Update.Count + notification.Delete.Count > 0 ? notification : null;
    }

    private async Task SendSnapshotAsync(EmulatedDevice device, SubscriptionList list, IServerStreamWriter<SubscribeResponse> responseStream, Dictionary<string, (GnmiPath, JsonNode, SchemaNode)>? leaves, CancellationToken token)
    {
        var prefix = list.Prefix ?? new GnmiPath();
        leaves ??= _emulator.Leaves(device, prefix, list.Subscription);
        if (leaves.Count > 0)
        {
            var notification = new Notification { Timestamp = _emulator.Now(), Prefix = new GnmiPath { Target = prefix.Target } };
            foreach (var (path, value, schema) in leaves.Values)
            {
                notification.Update.Add(new Update { Path = path, Val = Value(value, schema, list.Encoding) });
            }

            await responseStream.WriteAsync(new SubscribeResponse { Update = notification }, token).ConfigureAwait(false);
        }

        await responseStream.WriteAsync(new SubscribeResponse { SyncResponse = true }, token).ConfigureAwait(false);
    }

    /// <summary>A leaf value in the subscription's encoding (<see cref="EncodedValues.Value"/>).</summary>
    private static TypedValue Value(JsonNode value, SchemaNode schema, global::Gnmi.Encoding encoding) => EncodedValues.Value(value, schema, encoding);

    private static void ValidatePath(GnmiPath path)
    {
        var node = OpenConfigSchema.Root;
        foreach (var elem in path.Elem)
        {
            if (elem.Name is "*" or "...")
            {
                return;
            }

            node = node.Child(elem.Name) ?? throw DataTree.Invalid($"'{elem.Name}' is not a valid path element in {PathText.Format(path)}");
        }
    }

    private void Authorise(ServerCallContext context)
    {
        if (_options.Username is null)
        {
            return;
        }

        var user = context.RequestHeaders.GetValue("username");
        var password = context.RequestHeaders.GetValue("password");
        if (user != _options.Username || password != _options.Password)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "bad username or password"));
        }
    }
}
