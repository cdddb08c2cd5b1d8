using System.Collections.Immutable;
using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Lightpaths.Requests;
using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Geography;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Sites;
using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.Domain.Units;
using Continuum.Pce.Grains.Abstractions;
using Continuum.Pce.Grains.Lightpaths;

namespace Continuum.Pce.Grains.ProcessHost;

/// <summary>
/// A ring of N sites (ROADM + transponder each) with duplex 100 km fibres on a small grid, so that a few dozen
/// lightpaths contend for spectrum. Sites are "S0".."S{N-1}", ROADMs "R0".., fibres "R0-R1" and "R1-R0".
/// </summary>
public static class RingNetwork
{
    public static readonly ModeId Mode100 = new("100G");

    public static EquipmentLibrary Equipment { get; } = new(
        "ring",
        "EUR",
        [new TransceiverType(new TransceiverTypeId("trx"), "trx", [
            new TransceiverMode(Mode100, "DP-QPSK", 100, 32, 0.15, 12, 50, 2500, 20, 10_000, 40, 50_000, 30, 5, 2)])],
        [new AmplifierType(new AmplifierTypeId("amp"), "amp", 15, 25, 21, new FixedNoiseFigure(5.5), 30, 8_000)],
        [new FiberType(new FiberTypeId("SSMF"), "SSMF", 0.2, 16.7, 83, 2.6e-20, 0.04, Frequency.FromThz(193.5))],
        [new RoadmType(new RoadmTypeId("roadm"), "roadm", 7, 10, 38, 0, 5, 20, 5_000, 100, 10_000)]);

    private static readonly Lazy<(OpticalNetwork Network, PathTopology Topology)> Default = new(() =>
    {
        var network = Build();
        return (network, new PathTopology(network));
    });

    /// <summary>A checked order on the default ring (the application's validator, as the API runs it).</summary>
    public static LightpathOrder Order(string id, string tenant, string source, string destination, int rateGbps = 100, ConstraintFields? constraints = null) =>
        OrderMapping.Check(new LightpathRequestFields(id, tenant, source, destination, rateGbps, constraints), Default.Value.Network, Default.Value.Topology);

    public static OpticalNetwork Build(int sites = 6, int slots = 32, int interfaces = 64)
    {
        var siteList = new List<Site>();
        var nodes = new List<OpticalNode>();
        var fibers = new List<Fiber>();
        for (var i = 0; i < sites; i++)
        {
            siteList.Add(new Site(new SiteId($"S{i}"), $"Site {i}", SiteTier.CoreDc, Jurisdiction.Parse("DE"), new GeoPoint(50, 8 + i * 0.1), 0.2, 300));
            nodes.Add(new Roadm(new NodeId($"R{i}"), $"R{i}", new SiteId($"S{i}"), new RoadmTypeId("roadm"), 2, 1));
            nodes.Add(new Transponder(new NodeId($"T{i}"), $"T{i}", new SiteId($"S{i}"), new TransceiverTypeId("trx"), new NodeId($"R{i}"), interfaces));
        }

        for (var i = 0; i < sites; i++)
        {
            var j = (i + 1) % sites;
            ImmutableArray<Span> spans = [new Span(100, new FiberTypeId("SSMF"), null, 0.5, 0.5, new SpanAmplifier(new AmplifierTypeId("amp")))];
            fibers.Add(new Fiber(new FiberId($"R{i}-R{j}"), new NodeId($"R{i}"), new NodeId($"R{j}"), spans, [], [Jurisdiction.Parse("DE")], new FiberId($"R{j}-R{i}")));
            fibers.Add(new Fiber(new FiberId($"R{j}-R{i}"), new NodeId($"R{j}"), new NodeId($"R{i}"), spans, [], [Jurisdiction.Parse("DE")], new FiberId($"R{i}-R{j}")));
        }

        return new OpticalNetwork("ring", new SpectrumGrid(new Frequency(191_325_000), 12_500, slots), siteList, nodes, fibers);
    }
}
