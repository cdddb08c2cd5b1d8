using System.Diagnostics;
using System.Net.Security;
using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using Gnmi;
using Grpc.Core;
using Grpc.Net.Client;
using GnmiPath = global::Gnmi.Path;

namespace Continuum.Pce.Southbound.Gnmi;

/// <summary>
/// A gNMI client for one device (gnmi-specification 0.10.0): Capabilities on connect, Get, Set and Subscribe (ONCE,
/// POLL, STREAM with SAMPLE and ON_CHANGE). Every RPC has a deadline, carries the credentials metadata, names the
/// device in the prefix target and is traced through <see cref="ActivitySource"/>. STREAM subscriptions reconnect with
/// exponential back-off and subscribe again, because subscriptions do not survive their RPC (§3.5.1).
/// </summary>
public sealed class GnmiClient : IAsyncDisposable
{
    public const string ActivitySourceName = "Continuum.Pce.Southbound.Gnmi";

    /// <summary>One activity per RPC: rpc.system=grpc, rpc.method, gnmi.target, gnmi.address.</summary>
    public static readonly ActivitySource ActivitySource = new(ActivitySourceName);

    private readonly GrpcChannel _channel;
    private readonly bool _ownsChannel;
    private readonly gNMI.gNMIClient _stub;
    private readonly TimeProvider _time;
    private readonly Lock _connectLock = new();
    private Task<CapabilityResponse>? _connected;

    public GnmiClient(GnmiDeviceOptions options, TimeProvider? time = null)
        : this(options, CreateChannel(options), ownsChannel: true, time)
    {
    }

    /// <summary>
    /// A client over a channel it shares with other devices behind the same endpoint (a gNMI server that serves several
    /// targets, told apart by Path.target); the channel's owner disposes it, not this client.
    /// </summary>
    public GnmiClient(GnmiDeviceOptions options, GrpcChannel sharedChannel, TimeProvider? time = null)
        : this(options, sharedChannel, ownsChannel: false, time)
    {
    }

    private GnmiClient(GnmiDeviceOptions options, GrpcChannel channel, bool ownsChannel, TimeProvider? time)
    {
        Options = options;
        _time = time ?? TimeProvider.System;
        _channel = channel;
        _ownsChannel = ownsChannel;
        _stub = new gNMI.gNMIClient(_channel);
    }

    /// <summary>
    /// The channel (one HTTP/2 connection pool) for a device's endpoint and TLS settings. Credentials travel per call, so
    /// devices with the same address and TLS settings can share one.
    /// </summary>
    public static GrpcChannel CreateChannel(GnmiDeviceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
        };
        if (options.UseTls)
        {
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                EnabledSslProtocols = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13,
                RemoteCertificateValidationCallback = options.TrustedCa is null ? null : (_, cert, _, errors) => ValidateAgainst(options.TrustedCa, cert, errors),
                ClientCertificates = options.ClientCertificate is null ? null : [options.ClientCertificate],
            };
        }

        var scheme = options.UseTls ? "https" : "http";
        return GrpcChannel.ForAddress($"{scheme}://{options.Address}", new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = 64 * 1024 * 1024,
            // While a device is unreachable, calls fail fast and the channel retries the connection with back-off; the
            // gRPC default ceiling (120 s) would leave a restarted device idle for up to two minutes.
            InitialReconnectBackoff = TimeSpan.FromMilliseconds(250),
            MaxReconnectBackoff = options.MaxReconnectBackoff,
        });
    }

    public GnmiDeviceOptions Options { get; }

    /// <summary>The target's capabilities, known after <see cref="ConnectAsync"/>.</summary>
    public CapabilityResponse? Capabilities { get; private set; }

    private int _generation;

    /// <summary>
    /// How many handshakes have succeeded: a new one follows the loss of the device (UNAVAILABLE), so that what was
    /// learnt of it (encodings, <see cref="Rendering.DeviceDiscovery"/>) is learnt again after it restarts.
    /// </summary>
    public int Generation => Volatile.Read(ref _generation);

    /// <summary>
    /// Raised after each successful handshake: the first contact with the device and every reconnection after it was lost
    /// (reconciliation runs on it). Handlers must be quick: they run on the caller's RPC path.
    /// </summary>
    public event Action<GnmiClient>? Connected;

    /// <summary>After UNAVAILABLE the next call shakes hands again (the device may come back as other software).</summary>
    private void Lost(RpcException e)
    {
        if (e.StatusCode == StatusCode.Unavailable)
        {
            lock (_connectLock)
            {
                if (_connected is { IsCompleted: true })
                {
                    _connected = null;
                }
            }
        }
    }

    /// <summary>
    /// The encoding every RPC uses (<see cref="GnmiDeviceOptions.Encoding"/>, or the one chosen from the target's
    /// Capabilities); known after <see cref="ConnectAsync"/>.
    /// </summary>
    public GnmiValueEncoding? Encoding { get; private set; }

    /// <summary>
    /// Calls Capabilities (the connect handshake, gnmi-specification §3.2): checks reachability and credentials, and
    /// settles the encoding: the configured one, which the target must offer, or else the best the target offers
    /// (<see cref="ChooseEncoding"/>). Capabilities names no target (§3.2.1), so a server that serves several targets
    /// behind one address (a proxy, the emulator) is told which one by the <c>target</c> metadata key.
    /// </summary>
    public async Task<CapabilityResponse> ConnectAsync(CancellationToken cancellationToken = default)
    {
        using var activity = Start("Capabilities");
        try
        {
            var headers = Credentials() ?? [];
            if (Options.Target is { } target)
            {
                headers.Add("target", target);
            }

            var options = new CallOptions(headers: headers, deadline: DateTime.UtcNow + Options.Timeout, cancellationToken: cancellationToken);
            var capabilities = await _stub.CapabilitiesAsync(new CapabilityRequest(), options).ResponseAsync.ConfigureAwait(false);
            var offered = capabilities.SupportedEncodings;
            if (Options.Encoding is { } wanted && offered.Count > 0 && !offered.Contains(Wire(wanted)))
            {
                throw new RpcException(new Status(StatusCode.FailedPrecondition, $"target {Options.Target ?? Options.Address} does not offer {Wire(wanted)} (it offers {string.Join(", ", offered)})"));
            }

            Encoding = Options.Encoding ?? ChooseEncoding(offered);
            Capabilities = capabilities;
            Interlocked.Increment(ref _generation);
            Connected?.Invoke(this);
            return capabilities;
        }
        catch (RpcException e)
        {
            Fail(activity, e);
            throw;
        }
    }

    /// <summary>
    /// The encoding to speak to a target that offers <paramref name="offered"/>: JSON_IETF (typed, module-qualified:
    /// the most exact), else PROTO, else JSON (§2.3.1: the one every target must support); JSON_IETF when the target
    /// lists none.
    /// </summary>
    public static GnmiValueEncoding ChooseEncoding(IEnumerable<global::Gnmi.Encoding> offered)
    {
        ArgumentNullException.ThrowIfNull(offered);
        var set = offered.ToHashSet();
        return set.Count == 0 || set.Contains(global::Gnmi.Encoding.JsonIetf) ? GnmiValueEncoding.JsonIetf
            : set.Contains(global::Gnmi.Encoding.Proto) ? GnmiValueEncoding.ProtoScalars
            : set.Contains(global::Gnmi.Encoding.Json) ? GnmiValueEncoding.Json
            : GnmiValueEncoding.JsonIetf;
    }

    /// <summary>The wire value of an encoding.</summary>
    public static global::Gnmi.Encoding Wire(GnmiValueEncoding encoding) => encoding switch
    {
        GnmiValueEncoding.ProtoScalars => global::Gnmi.Encoding.Proto,
        GnmiValueEncoding.Json => global::Gnmi.Encoding.Json,
        _ => global::Gnmi.Encoding.JsonIetf,
    };

    private global::Gnmi.Encoding WireEncoding => Wire(Encoding ?? Options.Encoding ?? GnmiValueEncoding.JsonIetf);

    /// <summary>
    /// The encoding of a Get or Subscribe: the device's, unless the caller asked for another one the target offers.
    /// JSON is the wire default (0), so it reads as "not asked".
    /// </summary>
    private global::Gnmi.Encoding EncodingFor(global::Gnmi.Encoding asked) =>
        asked != global::Gnmi.Encoding.Json && Capabilities?.SupportedEncodings is { Count: > 0 } offered && offered.Contains(asked) ? asked : WireEncoding;

    /// <summary>Connects once before the first RPC; a failed handshake is retried on the next call.</summary>
    private async Task EnsureConnectedAsync(CancellationToken cancellationToken)
    {
        Task<CapabilityResponse> connecting;
        lock (_connectLock)
        {
            _connected ??= ConnectAsync(cancellationToken);
            connecting = _connected;
        }

        try
        {
            await connecting.ConfigureAwait(false);
        }
        catch
        {
            lock (_connectLock)
            {
                if (ReferenceEquals(_connected, connecting))
                {
                    _connected = null;
                }
            }

            throw;
        }
    }

    public async Task<GetResponse> GetAsync(GetRequest request, CancellationToken cancellationToken = default)
    {
        await EnsureConnectedAsync(cancellationToken).ConfigureAwait(false);
        using var activity = Start("Get");
        PrepareRequestPaths(request.Prefix ??= new GnmiPath(), request.Path);
        request.Encoding = EncodingFor(request.Encoding);

        try
        {
            return await _stub.GetAsync(request, CallOptions(cancellationToken)).ResponseAsync.ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            Fail(activity, e);
            Lost(e);
            throw;
        }
    }

    /// <summary>
    /// Get of one path; the JSON of each returned update (absent path: gRPC NOT_FOUND). A target that answers leaf by
    /// leaf (PROTO always does) gives one JSON scalar per leaf: <see cref="GetTreeAsync"/> assembles them.
    /// </summary>
    public async Task<IReadOnlyList<string>> GetJsonAsync(string path, GetRequest.Types.DataType type, CancellationToken cancellationToken = default)
    {
        var response = await GetAsync(new GetRequest { Path = { GnmiPaths.Parse(path) }, Type = type }, cancellationToken).ConfigureAwait(false);
        return [.. response.Notification.SelectMany(n => n.Update).Select(u => GnmiValues.ToJson(u.Val))];
    }

    /// <summary>
    /// Get of one path as one JSON tree, assembled from every update of every notification of the reply (null when the
    /// path holds nothing; absent path: gRPC NOT_FOUND). A target may answer with the subtree in one update, or leaf by
    /// leaf, or in several notifications (gnmi-specification §3.3.2 leaves the split to the target): all are read.
    /// </summary>
    public async Task<System.Text.Json.Nodes.JsonNode?> GetTreeAsync(string path, GetRequest.Types.DataType type, CancellationToken cancellationToken = default)
    {
        var requested = GnmiPaths.Parse(path);
        var response = await GetAsync(new GetRequest { Path = { requested.Clone() }, Type = type }, cancellationToken).ConfigureAwait(false);
        return AssembleTree(requested, response.Notification);
    }

    /// <summary>
    /// The JSON tree at <paramref name="requested"/> built from notifications: each update's value is placed at its path
    /// (prefix joined) relative to the requested one, objects merged member by member, list entries (keys in the path)
    /// as RFC 7951 arrays of objects carrying their keys; an update at an ancestor is descended into. Null when no
    /// update lies at, under or above the requested path.
    /// </summary>
    public static System.Text.Json.Nodes.JsonNode? AssembleTree(GnmiPath requested, IEnumerable<Notification> notifications)
    {
        ArgumentNullException.ThrowIfNull(requested);
        ArgumentNullException.ThrowIfNull(notifications);
        System.Text.Json.Nodes.JsonNode? root = null;
        foreach (var notification in notifications)
        {
            foreach (var update in notification.Update)
            {
                var full = GnmiPaths.Join(notification.Prefix, update.Path);
                var value = System.Text.Json.Nodes.JsonNode.Parse(GnmiValues.ToJson(update.Val));
                var common = 0;
                while (common < full.Elem.Count && common < requested.Elem.Count && SameElem(full.Elem[common], requested.Elem[common]))
                {
                    common++;
                }

                if (common < requested.Elem.Count && common < full.Elem.Count)
                {
                    continue; // elsewhere in the tree
                }

                if (common < requested.Elem.Count)
                {
                    // An ancestor's value: descend to the requested path.
                    for (var i = common; i < requested.Elem.Count && value is not null; i++)
                    {
                        value = Descend(value, requested.Elem[i]);
                    }

                    if (value is null)
                    {
                        continue;
                    }

                    root = Merge(root, value);
                    continue;
                }

                root = Merge(root, Wrap(full.Elem.Skip(requested.Elem.Count).ToList(), value));
            }
        }

        // The requested list entry carries its keys (RFC 7951 §5.4), also when the target sent only the other leaves.
        if (root is System.Text.Json.Nodes.JsonObject entry && requested.Elem.Count > 0)
        {
            foreach (var (key, text) in requested.Elem[^1].Key)
            {
                if (!entry.Any(m => Models.YangJson.LocalName(m.Key) == key))
                {
                    entry[key] = text;
                }
            }
        }

        return root;

        static bool SameElem(PathElem a, PathElem b) =>
            Models.YangJson.LocalName(a.Name) == Models.YangJson.LocalName(b.Name) &&
            a.Key.Count == b.Key.Count && a.Key.All(k => b.Key.TryGetValue(k.Key, out var v) && v == k.Value);

        static System.Text.Json.Nodes.JsonNode? Descend(System.Text.Json.Nodes.JsonNode node, PathElem elem)
        {
            if (node is not System.Text.Json.Nodes.JsonObject o)
            {
                return null;
            }

            var member = o.FirstOrDefault(m => Models.YangJson.LocalName(m.Key) == Models.YangJson.LocalName(elem.Name)).Value;
            if (elem.Key.Count == 0 || member is null)
            {
                return member?.DeepClone();
            }

            return member is System.Text.Json.Nodes.JsonArray list
                ? list.FirstOrDefault(item => item is System.Text.Json.Nodes.JsonObject e && elem.Key.All(k => e.FirstOrDefault(m => Models.YangJson.LocalName(m.Key) == k.Key).Value is { } v && KeyText(v) == k.Value))?.DeepClone()
                : null;
        }

        static string KeyText(System.Text.Json.Nodes.JsonNode v) => v is System.Text.Json.Nodes.JsonValue s && s.TryGetValue<string>(out var text) ? text : v.ToJsonString();

        static System.Text.Json.Nodes.JsonNode Wrap(List<PathElem> relative, System.Text.Json.Nodes.JsonNode? value)
        {
            var node = value ?? System.Text.Json.Nodes.JsonValue.Create((string?)null)!;
            for (var i = relative.Count - 1; i >= 0; i--)
            {
                var elem = relative[i];
                if (elem.Key.Count > 0)
                {
                    var item = node as System.Text.Json.Nodes.JsonObject ?? [];
                    foreach (var (key, text) in elem.Key)
                    {
                        if (!item.Any(m => Models.YangJson.LocalName(m.Key) == key))
                        {
                            item[key] = text;
                        }
                    }

                    node = new System.Text.Json.Nodes.JsonObject { [elem.Name] = new System.Text.Json.Nodes.JsonArray(item) };
                }
                else
                {
                    node = new System.Text.Json.Nodes.JsonObject { [elem.Name] = node };
                }
            }

            return node;
        }

        static System.Text.Json.Nodes.JsonNode Merge(System.Text.Json.Nodes.JsonNode? into, System.Text.Json.Nodes.JsonNode from)
        {
            switch (into, from)
            {
                case (System.Text.Json.Nodes.JsonObject a, System.Text.Json.Nodes.JsonObject b):
                    foreach (var (name, value) in b.ToList())
                    {
                        b.Remove(name);
                        var local = Models.YangJson.LocalName(name);
                        var existing = a.FirstOrDefault(m => Models.YangJson.LocalName(m.Key) == local);
                        if (existing.Key is null || value is null)
                        {
                            a[name] = value;
                        }
                        else
                        {
                            var merged = Merge(existing.Value, value);
                            a.Remove(existing.Key);
                            a[existing.Key] = merged;
                        }
                    }

                    return a;
                case (System.Text.Json.Nodes.JsonArray a, System.Text.Json.Nodes.JsonArray b):
                    foreach (var item in b.ToList())
                    {
                        b.Remove(item);
                        // An entry with the same keys (all the scalar members of a one-member-at-a-time entry match)
                        // is merged; any other is appended.
                        var twin = item is System.Text.Json.Nodes.JsonObject e
                            ? a.OfType<System.Text.Json.Nodes.JsonObject>().FirstOrDefault(x => e.Where(m => m.Value is System.Text.Json.Nodes.JsonValue).All(m => x[m.Key]?.ToJsonString() == m.Value!.ToJsonString()) && e.Any(m => m.Value is System.Text.Json.Nodes.JsonValue))
                            : null;
                        if (twin is not null)
                        {
                            Merge(twin, item!);
                        }
                        else
                        {
                            a.Add(item);
                        }
                    }

                    return a;
                default:
                    return from;
            }
        }
    }

    /// <summary>
    /// One SetRequest, one transaction (§3.4.3). Values are written as JSON_IETF; they are split into typed scalars for a
    /// device spoken to in PROTO, or sent as JSON (names without their modules) for one spoken to in JSON. Any non-OK
    /// status means nothing was applied.
    /// </summary>
    public async Task<SetResponse> SetAsync(SetRequest request, CancellationToken cancellationToken = default)
    {
        await EnsureConnectedAsync(cancellationToken).ConfigureAwait(false);
        using var activity = Start("Set");
        request.Prefix ??= new GnmiPath();
        switch (Encoding)
        {
            case GnmiValueEncoding.ProtoScalars:
                Explode(request.Prefix, request.Replace);
                Explode(request.Prefix, request.Update);
                break;
            case GnmiValueEncoding.Json:
                ToPlainJson(request.Replace);
                ToPlainJson(request.Update);
                break;
        }

        PrepareRequestPaths(request.Prefix, request.Delete.Concat(request.Replace.Select(u => u.Path)).Concat(request.Update.Select(u => u.Path)));
        try
        {
            return await _stub.SetAsync(request, CallOptions(cancellationToken)).ResponseAsync.ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            Fail(activity, e);
            Lost(e);
            throw;
        }
    }

    /// <summary>Subscribe ONCE: the current values then sync_response; the target closes the stream.</summary>
    public async IAsyncEnumerable<Notification> SubscribeOnceAsync(SubscriptionList subscription, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        subscription.Mode = SubscriptionList.Types.Mode.Once;
        await EnsureConnectedAsync(cancellationToken).ConfigureAwait(false);
        using var activity = Start("Subscribe");
        using var call = OpenSubscribe(subscription, cancellationToken, out _);
        await call.RequestStream.WriteAsync(new SubscribeRequest { Subscribe = subscription }, cancellationToken).ConfigureAwait(false);
        await call.RequestStream.CompleteAsync().ConfigureAwait(false);
        await foreach (var response in call.ResponseStream.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (response.ResponseCase == SubscribeResponse.ResponseOneofCase.Update)
            {
                yield return response.Update;
            }
            else if (response.SyncResponse)
            {
                yield break;
            }
        }
    }

    /// <summary>Subscribe POLL: an open subscription that returns a fresh snapshot on every <see cref="GnmiPollSubscription.PollAsync"/>.</summary>
    public async Task<GnmiPollSubscription> SubscribePollAsync(SubscriptionList subscription, CancellationToken cancellationToken = default)
    {
        subscription.Mode = SubscriptionList.Types.Mode.Poll;
        await EnsureConnectedAsync(cancellationToken).ConfigureAwait(false);
        var call = OpenSubscribe(subscription, cancellationToken, out _);
        var poll = new GnmiPollSubscription(call, Start("Subscribe"));
        await call.RequestStream.WriteAsync(new SubscribeRequest { Subscribe = subscription }, cancellationToken).ConfigureAwait(false);
        await poll.ReadUntilSyncAsync(cancellationToken).ConfigureAwait(false);
        return poll;
    }

    /// <summary>
    /// Subscribe STREAM (ON_CHANGE, SAMPLE or TARGET_DEFINED per subscription): yields every response, including
    /// sync_response. When the stream breaks (the target restarts, drops the stream, the network fails) it waits with
    /// exponential back-off (<see cref="GnmiDeviceOptions.ReconnectInitialDelay"/> doubling up to the maximum) and
    /// subscribes again; <paramref name="onReconnect"/> is told each attempt. Ends only on cancellation or on a status
    /// that retrying cannot fix (UNAUTHENTICATED, PERMISSION_DENIED, INVALID_ARGUMENT, UNIMPLEMENTED, NOT_FOUND).
    /// </summary>
    public async IAsyncEnumerable<SubscribeResponse> SubscribeStreamAsync(
        SubscriptionList subscription,
        Action<int, Exception>? onReconnect = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        subscription.Mode = SubscriptionList.Types.Mode.Stream;
        var attempt = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            Exception? failure = null;
            try
            {
                // The encoding is settled by the handshake; a target that is down is retried like a broken stream.
                await EnsureConnectedAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException e) when (!cancellationToken.IsCancellationRequested && IsRetryable(e.StatusCode))
            {
                attempt++;
                var wait = Task.Delay(BackOff(attempt), _time, cancellationToken);
                onReconnect?.Invoke(attempt, e);
                await wait.ConfigureAwait(false);
                continue;
            }

            var call = OpenSubscribe(subscription, cancellationToken, out var callCancellation);
            var activity = Start("Subscribe");
            try
            {
                await call.RequestStream.WriteAsync(new SubscribeRequest { Subscribe = subscription.Clone() }, cancellationToken).ConfigureAwait(false);
                var enumerator = call.ResponseStream.ReadAllAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
                try
                {
                    while (true)
                    {
                        SubscribeResponse response;
                        try
                        {
                            if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                            {
                                failure = new RpcException(new Status(StatusCode.Unavailable, "the target closed the stream"));
                                break;
                            }

                            response = enumerator.Current;
                        }
                        catch (RpcException e) when (!cancellationToken.IsCancellationRequested && IsRetryable(e.StatusCode))
                        {
                            failure = e;
                            break;
                        }
                        catch (IOException e) when (!cancellationToken.IsCancellationRequested)
                        {
                            failure = e;
                            break;
                        }

                        attempt = 0;
                        yield return response;
                    }
                }
                finally
                {
                    await enumerator.DisposeAsync().ConfigureAwait(false);
                }
            }
            finally
            {
                if (failure is RpcException rpc)
                {
                    Fail(activity, rpc);
                }

                activity?.Dispose();
                await callCancellation.CancelAsync().ConfigureAwait(false);
                call.Dispose();
                callCancellation.Dispose();
            }

            if (failure is null)
            {
                yield break;
            }

            attempt++;
            var delay = Task.Delay(BackOff(attempt), _time, cancellationToken);
            onReconnect?.Invoke(attempt, failure);
            await delay.ConfigureAwait(false);
        }
    }

    /// <summary>The delay before reconnect attempt <paramref name="attempt"/> (1-based): initial × 2^(n-1), capped.</summary>
    public TimeSpan BackOff(int attempt)
    {
        var factor = Math.Pow(2, Math.Min(attempt - 1, 30));
        var delay = Options.ReconnectInitialDelay.TotalMilliseconds * factor;
        return TimeSpan.FromMilliseconds(Math.Min(delay, Options.ReconnectMaxDelay.TotalMilliseconds));
    }

    public async ValueTask DisposeAsync()
    {
        await Task.CompletedTask.ConfigureAwait(false);
        if (_ownsChannel)
        {
            _channel.Dispose();
        }
    }

    private static bool IsRetryable(StatusCode code) =>
        code is not (StatusCode.Unauthenticated or StatusCode.PermissionDenied or StatusCode.InvalidArgument or StatusCode.Unimplemented or StatusCode.NotFound);

    private AsyncDuplexStreamingCall<SubscribeRequest, SubscribeResponse> OpenSubscribe(SubscriptionList subscription, CancellationToken cancellationToken, out CancellationTokenSource callCancellation)
    {
        PrepareRequestPaths(subscription.Prefix ??= new GnmiPath(), subscription.Subscription.Select(s => s.Path));
        subscription.Encoding = EncodingFor(subscription.Encoding);

        callCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        return _stub.Subscribe(new CallOptions(headers: Credentials(), cancellationToken: callCancellation.Token));
    }

    private void Explode(GnmiPath prefix, Google.Protobuf.Collections.RepeatedField<Update> updates)
    {
        var exploded = new List<Update>();
        foreach (var update in updates)
        {
            if (update.Val?.ValueCase == TypedValue.ValueOneofCase.JsonIetfVal)
            {
                var full = GnmiPaths.Join(prefix, update.Path);
                foreach (var (path, value) in GnmiValues.ExplodeToScalars(full, update.Val.JsonIetfVal.ToStringUtf8()))
                {
                    var relative = path.Clone();
                    for (var i = 0; i < prefix.Elem.Count; i++)
                    {
                        relative.Elem.RemoveAt(0);
                    }

                    relative.Target = string.Empty;
                    relative.Origin = string.Empty;
                    exploded.Add(new Update { Path = relative, Val = value });
                }
            }
            else
            {
                exploded.Add(update);
            }
        }

        updates.Clear();
        updates.Add(exploded);
    }

    /// <summary>JSON_IETF values rewritten as JSON (§2.3.1): the same document with member names stripped of their module.</summary>
    private static void ToPlainJson(Google.Protobuf.Collections.RepeatedField<Update> updates)
    {
        foreach (var update in updates)
        {
            if (update.Val?.ValueCase == TypedValue.ValueOneofCase.JsonIetfVal)
            {
                update.Val = new TypedValue { JsonVal = Google.Protobuf.ByteString.CopyFromUtf8(GnmiValues.WithoutModules(update.Val.JsonIetfVal.ToStringUtf8())) };
            }
        }
    }

    private void PrepareRequestPaths(GnmiPath prefix, IEnumerable<GnmiPath> paths)
    {
        if (Options.Target is { } target)
        {
            prefix.Target = target;
        }

        if (!string.IsNullOrEmpty(Options.Origin))
        {
            prefix.Origin = Options.Origin;
        }

        // The module prefix option applies to the first element of the full path: the prefix's when it has elements.
        if (prefix.Elem.Count > 0)
        {
            var adjusted = GnmiPaths.WithFirstElementModule(prefix, Options.ModulePrefixedFirstElement);
            prefix.Elem.Clear();
            prefix.Elem.Add(adjusted.Elem);
            return;
        }

        foreach (var path in paths)
        {
            var adjusted = GnmiPaths.WithFirstElementModule(path, Options.ModulePrefixedFirstElement);
            path.Elem.Clear();
            path.Elem.Add(adjusted.Elem);
        }
    }

    // gRPC deadlines are absolute and Grpc.Net.Client checks them against the system clock, so they are computed from it;
    // the injected TimeProvider paces reconnect back-off only.
    private CallOptions CallOptions(CancellationToken cancellationToken) =>
        new(headers: Credentials(), deadline: DateTime.UtcNow + Options.Timeout, cancellationToken: cancellationToken);

    private Metadata? Credentials()
    {
        if (Options.Username is null)
        {
            return null;
        }

        return new Metadata { { "username", Options.Username }, { "password", Options.Password ?? string.Empty } };
    }

    private Activity? Start(string method)
    {
        var activity = ActivitySource.StartActivity("gnmi.gNMI/" + method, ActivityKind.Client);
        activity?.SetTag("rpc.system", "grpc");
        activity?.SetTag("rpc.service", "gnmi.gNMI");
        activity?.SetTag("rpc.method", method);
        activity?.SetTag("gnmi.target", Options.Target);
        activity?.SetTag("server.address", Options.Address);
        return activity;
    }

    private static void Fail(Activity? activity, RpcException e)
    {
        activity?.SetStatus(ActivityStatusCode.Error, e.Status.Detail);
        activity?.SetTag("rpc.grpc.status_code", (int)e.StatusCode);
    }

    private static bool ValidateAgainst(X509Certificate2 ca, X509Certificate? presented, SslPolicyErrors errors)
    {
        if (presented is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(presented as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(presented.GetRawCertData()));
    }
}

/// <summary>An open POLL subscription (§3.5.1.5.3): each poll returns the current values up to the sync_response.</summary>
public sealed class GnmiPollSubscription : IAsyncDisposable
{
    private readonly AsyncDuplexStreamingCall<SubscribeRequest, SubscribeResponse> _call;
    private readonly Activity? _activity;

    internal GnmiPollSubscription(AsyncDuplexStreamingCall<SubscribeRequest, SubscribeResponse> call, Activity? activity)
    {
        _call = call;
        _activity = activity;
    }

    /// <summary>The notifications of the last poll (or of the initial subscription).</summary>
    public IReadOnlyList<Notification> Last { get; private set; } = [];

    public async Task<IReadOnlyList<Notification>> PollAsync(CancellationToken cancellationToken = default)
    {
        await _call.RequestStream.WriteAsync(new SubscribeRequest { Poll = new Poll() }, cancellationToken).ConfigureAwait(false);
        return await ReadUntilSyncAsync(cancellationToken).ConfigureAwait(false);
    }

    internal async Task<IReadOnlyList<Notification>> ReadUntilSyncAsync(CancellationToken cancellationToken)
    {
        var notifications = new List<Notification>();
        while (await _call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            var response = _call.ResponseStream.Current;
            if (response.ResponseCase == SubscribeResponse.ResponseOneofCase.Update)
            {
                notifications.Add(response.Update);
            }
            else if (response.SyncResponse)
            {
                break;
            }
        }

        Last = notifications;
        return notifications;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _call.RequestStream.CompleteAsync().ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Already completed.
        }

        _call.Dispose();
        _activity?.Dispose();
    }
}
