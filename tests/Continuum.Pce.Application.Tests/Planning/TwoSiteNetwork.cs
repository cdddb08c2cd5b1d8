using Continuum.Pce.Application.Planning;
using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Geography;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Sites;
using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.Domain.Units;

namespace Continuum.Pce.Application.Tests.Planning;

/// <summary>
/// Two sites joined by a duplex 160 km link of two 80 km spans, each span ending in a 30 W amplifier. Figures are
/// round so that expected energy and cost can be worked out by hand in the tests.
/// </summary>
internal static class TwoSiteNetwork
{
    public static readonly ModeId Mode400 = new("400G");

    public static EquipmentLibrary Equipment { get; } = new(
        "test",
        "EUR",
        [new TransceiverType(new TransceiverTypeId("trx"), "trx", [
            new TransceiverMode(Mode400, "DP-16QAM", 400, 60, 0.2, 24, 75, 1000, PowerW: 20, Cost: 10_000, 40, 50_000, 30, 5, 4)])],
        [new AmplifierType(new AmplifierTypeId("amp"), "amp", 15, 25, 21, new FixedNoiseFigure(5.5), PowerW: 30, Cost: 8_000)],
        [new FiberType(new FiberTypeId("SSMF"), "SSMF", 0.2, 16.7, 83, 2.6e-20, 0.04, Frequency.FromThz(193.5))],
        [new RoadmType(new RoadmTypeId("roadm"), "roadm", 7, 10, 38, 0, 5, PowerPerDegreeW: 20, CostPerDegree: 5_000, BasePowerW: 100, BaseCost: 10_000)]);

    public static OpticalNetwork Network { get; } = Build();

    public static PlannedLightpath AToB(int slots = 12) =>
        new("lp1", new NodeId("A-T"), new NodeId("B-T"), [new FiberId("A-B")], Mode400, new SlotRange(0, slots));

    private static OpticalNetwork Build()
    {
        Span[] spans = [Span80(), Span80()];
        return new OpticalNetwork(
            "two-sites",
            SpectrumGrid.CBandFlex,
            [
                new Site(new SiteId("A"), "A", SiteTier.CoreDc, Jurisdiction.Parse("DE"), new GeoPoint(50, 8), 0.2, 400),
                new Site(new SiteId("B"), "B", SiteTier.CoreDc, Jurisdiction.Parse("FR"), new GeoPoint(49, 2), 0.1, 50),
            ],
            [
                new Roadm(new NodeId("A-R"), "A-R", new SiteId("A"), new RoadmTypeId("roadm"), 1, 1),
                new Roadm(new NodeId("B-R"), "B-R", new SiteId("B"), new RoadmTypeId("roadm"), 1, 1),
                new Transponder(new NodeId("A-T"), "A-T", new SiteId("A"), new TransceiverTypeId("trx"), new NodeId("A-R"), 4),
                new Transponder(new NodeId("B-T"), "B-T", new SiteId("B"), new TransceiverTypeId("trx"), new NodeId("B-R"), 4),
            ],
            [
                new Fiber(new FiberId("A-B"), new NodeId("A-R"), new NodeId("B-R"), [.. spans], [], [Jurisdiction.Parse("DE"), Jurisdiction.Parse("FR")], new FiberId("B-A")),
                new Fiber(new FiberId("B-A"), new NodeId("B-R"), new NodeId("A-R"), [.. spans], [], [Jurisdiction.Parse("DE"), Jurisdiction.Parse("FR")], new FiberId("A-B")),
            ]);

        static Span Span80() => new(80, new FiberTypeId("SSMF"), null, 0, 0, new SpanAmplifier(new AmplifierTypeId("amp")));
    }
}
