using System.Collections.Immutable;
using Continuum.Pce.Domain.Geography;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Sites;

namespace Continuum.Pce.Southbound.Gnmi.Tests.Grains;

/// <summary>What the devices hold, read back over gNMI by the test's own clients.</summary>
public static class DeviceReads
{
    /// <summary>Whether <paramref name="roadm"/> is configured with the media channel of lightpath <paramref name="key"/> ("tenant/id").</summary>
    public static async Task<bool> CarriesChannelAsync(this Rendering.GnmiDeviceDirectory devices, string roadm, string key)
    {
        ArgumentNullException.ThrowIfNull(devices);
        try
        {
            var index = Application.Lightpaths.PathTopology.MediaChannelIndex(new LightpathId(key));
            await devices.ClientFor(new NodeId(roadm)).GetJsonAsync(Rendering.RenderPlanBuilder.MediaChannelPath(index), global::Gnmi.GetRequest.Types.DataType.Config);
            return true;
        }
        catch (global::Grpc.Core.RpcException e) when (e.StatusCode == global::Grpc.Core.StatusCode.NotFound)
        {
            return false;
        }
    }
}

/// <summary>Awaits a condition with a deadline (bounded polling of grain state; nothing is slept on blindly).</summary>
public static class Eventually
{
    public static async Task<T> MatchAsync<T>(Func<Task<T>> read, Func<T, bool> condition, TimeSpan deadline, string what)
    {
        using var cts = new CancellationTokenSource(deadline);
        var last = await read();
        while (!condition(last))
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{what} not reached within {deadline.TotalSeconds:F1} s; last value: {last}");
            }

            last = await read();
        }

        return last;
    }
}

/// <summary>The parts the ring networks of the fixtures share.</summary>
public static class RingNetwork
{
    /// <summary>Site S<i>i</i> of a ring: a colo in Germany, half a degree north of the one before.</summary>
    public static Site Site(int i) => new(new SiteId($"S{i}"), $"Site {i}", SiteTier.Colo, Jurisdiction.Parse("DE"), new GeoPoint(50 + (i * 0.5), 8), 0.2, 380);

    /// <summary>ROADM R<i>i</i> at S<i>i</i>: a two-degree CDC ROADM.</summary>
    public static Roadm Roadm(int i) => new(new NodeId($"R{i}"), $"ROADM {i}", new SiteId($"S{i}"), new RoadmTypeId("roadm-cdc"), 2, 2);

    /// <summary>
    /// Fibres R1-R2-…-R<i>n</i>-R1 both ways (R<i>a</i>-R<i>b</i> paired with R<i>b</i>-R<i>a</i>), two SSMF spans of
    /// <paramref name="spanKm"/> each with an in-line amplifier A<i>a</i>-<i>b</i> (at S<i>a</i>) after the first.
    /// </summary>
    public static void AddFibres(int size, double spanKm, List<OpticalNode> nodes, List<Fiber> fibers)
    {
        for (var i = 1; i <= size; i++)
        {
            Link(i, (i % size) + 1, spanKm, nodes, fibers);
        }
    }

    /// <summary>Fibres R<i>a</i>-R<i>b</i> and R<i>b</i>-R<i>a</i> as in <see cref="AddFibres"/>: two spans, an in-line amplifier after the first.</summary>
    public static void Link(int a, int b, double spanKm, List<OpticalNode> nodes, List<Fiber> fibers)
    {
        foreach (var (x, y) in new[] { (a, b), (b, a) })
        {
            var amp = new NodeId($"A{x}-{y}");
            nodes.Add(new InlineAmplifier(amp, $"ILA R{x}->R{y}", new SiteId($"S{x}"), new AmplifierTypeId("edfa-inline-vg")));
            var spans = ImmutableArray.Create(
                new Span(spanKm, new FiberTypeId("SSMF"), 0.22, Amplifier: new SpanAmplifier(new AmplifierTypeId("edfa-inline-vg"), Device: amp)),
                new Span(spanKm, new FiberTypeId("SSMF"), 0.22));
            fibers.Add(new Fiber(new FiberId($"R{x}-R{y}"), new NodeId($"R{x}"), new NodeId($"R{y}"), spans, [], [Jurisdiction.Parse("DE")], new FiberId($"R{y}-R{x}")));
        }
    }
}
