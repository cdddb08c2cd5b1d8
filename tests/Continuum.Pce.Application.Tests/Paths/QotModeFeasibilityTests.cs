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
}
