using Continuum.Pce.Application.Paths;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.Physics;
using Continuum.Pce.TestKit.Topology;
using Xunit;

namespace Continuum.Pce.Application.Tests.Paths;

public sealed class QotModeFeasibilityTests
{
    [Fact]
    public void Evaluate_ModesWithTheSameSignal_GetExactlyTheFiguresOfTheirOwnEvaluation()
    {
        var network = new NetworkBuilder().Site("A").Site("B").Site("C").Link("A", "B", 400).Link("B", "C", 700).Build();
        var modes = TestEquipment.Library.Transceivers[0].Modes;
        var feasibility = new QotModeFeasibility(network, TestEquipment.Library, modes);
        FiberId[] fibers = [.. network.Fibers.Where(f => f.Id.Value is "A-B" or "B-C").Select(f => f.Id)];
        Assert.Equal(2, fibers.Length);

        var evaluated = feasibility.Evaluate(fibers);

        // The 400G and 200G modes share symbol rate, roll-off, transmitter OSNR and latency: one physics run serves both,
        // and each must still equal a run of its own; their margins differ by their required OSNR.
        var engine = new QotEngine();
        var path = QotPath.Build(network, TestEquipment.Library, fibers);
        var load = ChannelLoad.Full(network.Grid, 50, 32);
        var centre = network.Grid.RangeCentre(new SlotRange(0, network.Grid.SlotCount));
        foreach (var qot in evaluated)
        {
            var own = engine.EvaluateCandidate(path, load, centre, qot.Mode);
            Assert.Equal(own.GsnrDb, qot.GsnrDb);
            Assert.Equal(own.Gsnr01nmDb - qot.Mode.RequiredOsnrDb, qot.MarginDb);
        }

        var twins = evaluated.Where(q => q.Mode.Id.Value is "400G" or "200G").ToArray();
        Assert.Equal(twins[0].GsnrDb, twins[1].GsnrDb);
        Assert.NotEqual(twins[0].MarginDb, twins[1].MarginDb);
    }

    [Fact]
    public void EvaluateCandidate_ResumedWhereAFibreBegins_ReturnsBitForBitTheRunFromTheTransmitter()
    {
        var network = Chain();
        var fibers = Fibers(network, "A-B", "B-C", "C-D", "D-E");
        var path = QotPath.Build(network, TestEquipment.Library, fibers);
        var load = ChannelLoad.Full(network.Grid, 50, 32);
        var centre = network.Grid.RangeCentre(new SlotRange(0, network.Grid.SlotCount));
        var engine = new QotEngine();

        foreach (var mode in TestEquipment.Library.Transceivers[0].Modes)
        {
            var fromTransmitter = engine.EvaluateCandidate(path, load, centre, mode);
            var boundaries = new FiberBoundaryState[path.FiberCount];
            var recorded = engine.EvaluateCandidate(path, load, centre, mode, 0, default, boundaries);
            Assert.Equal(fromTransmitter, recorded);
            for (var k = 1; k < path.FiberCount; k++)
            {
                var resumed = engine.EvaluateCandidate(path, load, centre, mode, k, boundaries[k], new FiberBoundaryState[path.FiberCount]);
                Assert.Equal(fromTransmitter, resumed);
            }
        }
    }

    [Fact]
    public void Evaluate_PathsSharingTheirFirstFibres_GetExactlyTheFiguresOfAFreshEvaluation()
    {
        var network = Chain();
        var modes = TestEquipment.Library.Transceivers[0].Modes;
        var shared = new QotModeFeasibility(network, TestEquipment.Library, modes);
        FiberId[][] paths =
        [
            Fibers(network, "A-B", "B-C", "C-D", "D-E"),
            Fibers(network, "A-B", "B-C", "C-F"),
            Fibers(network, "A-B", "B-C", "C-D"),
            Fibers(network, "A-B", "B-C", "C-F", "F-G"),
            Fibers(network, "A-B"),
        ];

        foreach (var fibers in paths)
        {
            var resumed = shared.Evaluate(fibers);
            var fresh = new QotModeFeasibility(network, TestEquipment.Library, modes).Evaluate(fibers);
            Assert.Equal(fresh, resumed);
        }
    }

    /// <summary>A chain A–B–C–D–E with a branch C–F–G, links of different lengths (different span counts).</summary>
    private static Domain.Network.OpticalNetwork Chain() => new NetworkBuilder()
        .Site("A").Site("B").Site("C").Site("D").Site("E").Site("F").Site("G")
        .Link("A", "B", 240).Link("B", "C", 410).Link("C", "D", 180).Link("D", "E", 520).Link("C", "F", 330).Link("F", "G", 95)
        .Build();

    private static FiberId[] Fibers(Domain.Network.OpticalNetwork network, params string[] ids) =>
        [.. ids.Select(id => network.Fibers.Single(f => f.Id.Value == id).Id)];
}
