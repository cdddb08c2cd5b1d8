using System.Collections.Immutable;
using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Geography;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Sites;
using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.Domain.Units;

namespace Continuum.Pce.Physics.Tests;

/// <summary>Builds a linear chain of ROADMs joined by multi-span fibres, with a small equipment library.</summary>
internal sealed class LineBuilder
{
    private int _roadms = 2;
    private int _spansPerFiber = 1;
    private double _spanKm = 80;
    private double? _typePsd;
    private double _typePowerDbm;
    private readonly Dictionary<int, RoadmEqualisation> _equalisation = [];

    public static readonly TransceiverMode Mode400G16Qam = Mode("400G-DP-16QAM-63GBd", 400, 63.1, 0.2, 24.0, 87.5, 37, 60_000);
    public static readonly TransceiverMode Mode200GQpsk = Mode("200G-DP-QPSK-63GBd", 200, 63.1, 0.2, 15.5, 87.5, 37, 80_000);
    public static readonly TransceiverMode Mode100GQpsk = Mode("100G-DP-QPSK-32GBd", 100, 31.6, 0.15, 12.5, 50, 38, 50_000);

    public LineBuilder Roadms(int count)
    {
        _roadms = count;
        return this;
    }

    public LineBuilder SpansPerFiber(int count)
    {
        _spansPerFiber = count;
        return this;
    }

    public LineBuilder SpanKm(double km)
    {
        _spanKm = km;
        return this;
    }

    /// <summary>The ROADM type equalises to this channel power (dBm).</summary>
    public LineBuilder RoadmPower(double dbm)
    {
        _typePowerDbm = dbm;
        return this;
    }

    /// <summary>The ROADM type equalises to this power spectral density (mW/GHz).</summary>
    public LineBuilder RoadmPsd(double mwPerGhz)
    {
        _typePsd = mwPerGhz;
        return this;
    }

    /// <summary>ROADM <paramref name="roadm"/> launches into its outgoing fibre at <paramref name="target"/> (a degree target).</summary>
    public LineBuilder DegreeTarget(int roadm, EqualisationTarget target)
    {
        _equalisation[roadm] = new RoadmEqualisation(null, [new DegreeTarget(new FiberId($"f{roadm}"), target)]);
        return this;
    }

    public (OpticalNetwork Network, EquipmentLibrary Library, IReadOnlyList<FiberId> Path) Build()
    {
        var jurisdiction = Jurisdiction.Parse("DE");
        var sites = new List<Site>();
        var nodes = new List<OpticalNode>();
        var fibers = new List<Fiber>();
        for (var r = 0; r < _roadms; r++)
        {
            sites.Add(new Site(new SiteId($"s{r}"), $"site {r}", SiteTier.Colo, jurisdiction, new GeoPoint(50, 8 + r * 0.1), 0.2, 300));
            nodes.Add(new Roadm(new NodeId($"r{r}"), $"roadm {r}", new SiteId($"s{r}"), new RoadmTypeId("roadm"), 2, 1, _equalisation.GetValueOrDefault(r)));
        }

        var path = new List<FiberId>();
        for (var r = 0; r + 1 < _roadms; r++)
        {
            var spans = Enumerable.Range(0, _spansPerFiber)
                .Select(_ => new Span(_spanKm, new FiberTypeId("ssmf"), null, 0.5, 0.5, new SpanAmplifier(new AmplifierTypeId("edfa"))))
                .ToImmutableArray();
            var id = new FiberId($"f{r}");
            fibers.Add(new Fiber(id, new NodeId($"r{r}"), new NodeId($"r{r + 1}"), spans, [], [jurisdiction]));
            path.Add(id);
        }

        var network = new OpticalNetwork("line", SpectrumGrid.CBandFlex, sites, nodes, fibers);
        return (network, Library(_typePowerDbm, _typePsd), path);
    }

    public static EquipmentLibrary Library(double roadmPowerDbm = 0, double? roadmPsd = null) => new(
        "test",
        "USD",
        [new TransceiverType(new TransceiverTypeId("coherent"), "coherent", [Mode400G16Qam, Mode200GQpsk, Mode100GQpsk])],
        [new AmplifierType(new AmplifierTypeId("edfa"), "edfa", 15, 25, 21, new DualCoilNoiseFigure(5.5, 7.0, 15, 25), 45, 1)],
        [new FiberType(new FiberTypeId("ssmf"), "SSMF", 0.2, 16.7, 83, 2.6e-20, 0.04, Frequency.FromThz(193.5))],
        [new RoadmType(new RoadmTypeId("roadm"), "roadm", 16, 14, 38, roadmPowerDbm, 1.0, 80, 1, TargetPsdMwPerGhz: roadmPsd)]);

    private static TransceiverMode Mode(string id, int rate, double baud, double rollOff, double requiredOsnr, double spacing, double txOsnr, double cdTolerance) =>
        new(new ModeId(id), "DP", rate, baud, rollOff, requiredOsnr, spacing, 1000, 20, 1000, txOsnr, cdTolerance, 30, 8, 2);
}
