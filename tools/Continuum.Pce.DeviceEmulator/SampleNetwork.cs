using System.Collections.Immutable;
using Continuum.Pce.Domain.Geography;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Sites;
using Continuum.Pce.Domain.Spectrum;

namespace Continuum.Pce.DeviceEmulator;

/// <summary>
/// A small network built in code for the standalone emulator and for tests: a chain of ROADMs R1…Rn joined by duplex
/// fibres of two 80 km spans with an in-line amplifier after the first, a transponder shelf at each end ROADM. Equipment
/// ids are those of the shipped library (topologies/equipment/default.json), so the physics engine can evaluate it.
/// </summary>
public static class SampleNetwork
{
    public static OpticalNetwork Build(int roadms = 4)
    {
        var sites = new List<Site>();
        var nodes = new List<OpticalNode>();
        var fibers = new List<Fiber>();
        for (var i = 1; i <= roadms; i++)
        {
            var site = new SiteId($"S{i}");
            sites.Add(SiteFor(site, i));
            nodes.Add(new Roadm(new NodeId($"R{i}"), $"ROADM {i}", site, new RoadmTypeId("roadm-cdc"), i is 1 || i == roadms ? 1 : 2, 2));
        }

        nodes.Add(new Transponder(new NodeId("T1"), "Transponders 1", new SiteId("S1"), new TransceiverTypeId("pluggable-400zr-plus"), new NodeId("R1"), 16));
        nodes.Add(new Transponder(new NodeId($"T{roadms}"), $"Transponders {roadms}", new SiteId($"S{roadms}"), new TransceiverTypeId("pluggable-400zr-plus"), new NodeId($"R{roadms}"), 16));
        for (var i = 1; i < roadms; i++)
        {
            foreach (var (a, b) in new[] { (i, i + 1), (i + 1, i) })
            {
                var amp = new NodeId($"A{a}-{b}");
                nodes.Add(new InlineAmplifier(amp, $"ILA R{a}->R{b}", new SiteId($"S{a}"), new AmplifierTypeId("edfa-inline-vg")));
                var spans = ImmutableArray.Create(
                    new Span(80, new FiberTypeId("SSMF"), 0.22, Amplifier: new SpanAmplifier(new AmplifierTypeId("edfa-inline-vg"), Device: amp)),
                    new Span(80, new FiberTypeId("SSMF"), 0.22));
                fibers.Add(new Fiber(new FiberId($"R{a}-R{b}"), new NodeId($"R{a}"), new NodeId($"R{b}"), spans, [], [Jurisdiction.Parse("DE")], new FiberId($"R{b}-R{a}")));
            }
        }

        return new OpticalNetwork("emulator-sample", SpectrumGrid.CBandFlex, sites, nodes, fibers);
    }

    private static Site SiteFor(SiteId id, int i) => new(id, $"Site {i}", SiteTier.Colo, Jurisdiction.Parse("DE"), new GeoPoint(50 + (i * 0.5), 8), 0.2, 380);
}
