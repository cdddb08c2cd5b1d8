using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Models;
using Continuum.Pce.Southbound.Gnmi.Rendering;
using Gnmi;

namespace Continuum.Pce.Southbound.Gnmi;

/// <summary>
/// <see cref="ITelemetrySource"/> over gNMI: one STREAM subscription per device, ON_CHANGE on optical-channel state,
/// component oper-status and media-channel oper-status (OpenConfig paths of DESIGN.md §7), mapped to domain samples.
/// Leaves of one notification are grouped per component so an optical-channel sample carries its figures together.
/// </summary>
public sealed class GnmiTelemetrySource : ITelemetrySource
{
    private static readonly string[] Paths =
    [
        "/components/component/optical-channel/state",
        "/components/component/state/oper-status",
        "/wavelength-router/media-channels/channel/state/oper-status",
    ];

    private readonly IGnmiDeviceDirectory _devices;
    private readonly TimeProvider _time;
    private readonly PortMap _ports;

    /// <param name="ports">Names samples in domain terms (transponder interface, ROADM degree); the default naming when null.</param>
    public GnmiTelemetrySource(IGnmiDeviceDirectory devices, TimeProvider? time = null, PortMap? ports = null)
    {
        _devices = devices;
        _time = time ?? TimeProvider.System;
        _ports = ports ?? new PortMap();
    }

    public async IAsyncEnumerable<TelemetrySample> WatchAsync(NodeId device, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var list = new SubscriptionList(); // in the device's encoding (GnmiClient)
        foreach (var path in Paths)
        {
            list.Subscription.Add(new Subscription { Path = GnmiPaths.Parse(path), Mode = SubscriptionMode.OnChange });
        }

        // One queue for responses and reconnect notices, so that a lost device is reported as soon as its stream breaks
        // (the loss is news: a controller restores around an unreachable ROADM), not with the first response after it
        // returns. The pump owns the subscription; the consumer maps in order.
        var queue = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
        var client = _devices.ClientFor(device);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pump = PumpAsync(client, list, device, queue.Writer, stop.Token);
        try
        {
            // The media channels the current stream's initial snapshot names, until its sync_response (null after it).
            HashSet<uint>? snapshot = [];
            await foreach (var item in queue.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                if (item is TelemetrySample.Reconnecting reconnect)
                {
                    snapshot = [];
                    yield return reconnect;
                    continue;
                }

                var response = (SubscribeResponse)item;
                if (response.ResponseCase == SubscribeResponse.ResponseOneofCase.SyncResponse && snapshot is not null)
                {
                    yield return new TelemetrySample.Synchronised(device, _time.GetUtcNow(), [.. snapshot.Order()]);
                    snapshot = null;
                    continue;
                }

                if (response.ResponseCase != SubscribeResponse.ResponseOneofCase.Update)
                {
                    continue;
                }

                foreach (var sample in Map(device, response.Update, _ports))
                {
                    switch (sample)
                    {
                        case TelemetrySample.MediaChannelStatus status:
                            snapshot?.Add(status.Index);
                            break;
                        case TelemetrySample.MediaChannelRemoved removed:
                            snapshot?.Remove(removed.Index);
                            break;
                    }

                    yield return sample;
                }
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await pump.ConfigureAwait(false);
            }
            catch (Exception) when (stop.IsCancellationRequested || pump.IsFaulted)
            {
                // Stopped with the consumer (gRPC reports it as CANCELLED), or failed: that failure completed the queue
                // and has already reached the consumer.
            }
        }
    }

    private async Task PumpAsync(GnmiClient client, SubscriptionList list, NodeId device, ChannelWriter<object> queue, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            await foreach (var response in client.SubscribeStreamAsync(
                list,
                (attempt, error) => queue.TryWrite(new TelemetrySample.Reconnecting(device, _time.GetUtcNow(), attempt, error.Message)),
                cancellationToken).ConfigureAwait(false))
            {
                queue.TryWrite(response);
            }

            queue.TryComplete();
        }
        catch (Exception e)
        {
            queue.TryComplete(e is OperationCanceledException ? null : e);
            throw;
        }
    }

    /// <summary>
    /// Maps one notification to samples (public for tests and for adapters of other transports). With a port map, an
    /// optical-channel component is tagged with its line interface and a ROADM port component with its termination point.
    /// </summary>
    public static IEnumerable<TelemetrySample> Map(NodeId device, Notification notification, PortMap? ports = null)
    {
        ports ??= new PortMap();
        var at = DateTimeOffset.FromUnixTimeMilliseconds(notification.Timestamp / 1_000_000);
        var channels = new SortedDictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);

        // Deletes first, as a target applies them before the updates of the same change. A media channel whose
        // oper-status leaf, state container or list entry is deleted is gone from the device.
        foreach (var deleted in notification.Delete)
        {
            var path = GnmiPaths.Join(notification.Prefix, deleted);
            if (path.Elem.Count is >= 3 and <= 5 &&
                YangJson.LocalName(path.Elem[0].Name) == "wavelength-router" &&
                YangJson.LocalName(path.Elem[1].Name) == "media-channels" &&
                YangJson.LocalName(path.Elem[2].Name) == "channel" &&
                path.Elem[2].Key.TryGetValue("index", out var indexText) &&
                uint.TryParse(indexText, NumberStyles.None, CultureInfo.InvariantCulture, out var index) &&
                (path.Elem.Count < 4 || YangJson.LocalName(path.Elem[3].Name) == "state") &&
                (path.Elem.Count < 5 || YangJson.LocalName(path.Elem[4].Name) == "oper-status"))
            {
                yield return new TelemetrySample.MediaChannelRemoved(device, at, index);
            }
        }

        foreach (var update in notification.Update)
        {
            var path = GnmiPaths.Join(notification.Prefix, update.Path);
            var elems = path.Elem.Select(e => YangJson.LocalName(e.Name)).ToArray();
            var json = GnmiValues.ToJson(update.Val);
            if (elems is ["components", "component", "state", "oper-status"])
            {
                var status = System.Text.Json.JsonSerializer.Deserialize<string>(json) ?? string.Empty;
                var name = path.Elem[1].Key["name"];
                var sample = new TelemetrySample.ComponentStatus(device, at, name, OpenConfigIdentities.Normalize(status) == OpenConfigIdentities.PlatformTypes.ACTIVE);
                if (ports.TryParseOpticalChannel(device, name, out var @interface))
                {
                    sample = sample with { Interface = @interface };
                }
                else if (ports.TryParseRoadmPort(device, name, out var port, out var isInput))
                {
                    sample = sample with { Port = port, IsInput = isInput };
                }

                yield return sample;
            }
            else if (elems is ["wavelength-router", "media-channels", "channel", "state", "oper-status"])
            {
                var status = System.Text.Json.JsonSerializer.Deserialize<string>(json);
                yield return new TelemetrySample.MediaChannelStatus(device, at, uint.Parse(path.Elem[2].Key["index"], CultureInfo.InvariantCulture), status == "UP");
            }
            else if (elems.Length == 6 && elems[0] == "components" && elems[2] == "optical-channel" && elems[3] == "state" && elems[5] == "instant")
            {
                var component = path.Elem[1].Key["name"];
                if (!channels.TryGetValue(component, out var figures))
                {
                    figures = [];
                    channels[component] = figures;
                }

                var text = System.Text.Json.JsonSerializer.Deserialize<System.Text.Json.JsonElement>(json);
                figures[elems[4]] = (double)YangJson.ReadDecimal(text);
            }
        }

        foreach (var (component, figures) in channels)
        {
            yield return new TelemetrySample.OpticalChannel(
                device,
                at,
                component,
                figures.TryGetValue("osnr", out var osnr) ? osnr : null,
                figures.TryGetValue("input-power", out var input) ? input : null,
                figures.TryGetValue("output-power", out var output) ? output : null,
                figures.TryGetValue("pre-fec-ber", out var ber) ? ber : null)
            {
                Interface = ports.TryParseOpticalChannel(device, component, out var i) ? i : null,
            };
        }
    }
}
