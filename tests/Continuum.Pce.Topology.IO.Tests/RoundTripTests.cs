using Continuum.Pce.TestKit.Topology;
using Continuum.Pce.Topology.IO.Json;
using CsCheck;
using Xunit;

namespace Continuum.Pce.Topology.IO.Tests;

public sealed class RoundTripTests
{
    [Fact]
    public void Network_WriteThenRead_GivesTheSameDocumentAndNetwork()
    {
        var network = new NetworkBuilder().Site("A").Site("B", "FR-IDF").Site("C", "NL").Link("A", "B", 120, ["duct-1"], guardBandSlots: 1).Link("B", "C", 333.3).Build();
        var text = TopologyWriter.WriteNetwork(network, "eq.json", "EUR", new Provenance("unit test", "Apache-2.0", null));

        var back = NetworkReader.Read(text, TestEquipment.Library);

        Assert.True(back.IsSuccess, string.Join("\n", back.Issues));
        Assert.Equal(text, TopologyWriter.WriteNetwork(back.Value!.Network, back.Value.EquipmentPath, back.Value.Currency, back.Value.Provenance));
        Assert.Equal(network.TotalFiberKm, back.Value.Network.TotalFiberKm, 6);
        Assert.Equal(network.Fibers[0].Srlgs.ToArray(), back.Value.Network.Fibers[0].Srlgs.ToArray());
        Assert.Equal(1, back.Value.Network.Fibers[0].GuardBandSlots);
        Assert.Equal("FR-IDF", back.Value.Network.Sites[1].Jurisdiction.ToString());
    }

    [Fact]
    public void RandomNetworks_WriteThenRead_RoundTrip_Property()
    {
        Gen.Select(Gen.Int[2, 8], Gen.Int[0, 1000]).Sample((sites, seed) =>
        {
            var random = new Random(seed);
            var builder = new NetworkBuilder();
            for (var i = 0; i < sites; i++)
            {
                builder.Site($"S{i}", i % 2 == 0 ? "DE" : "FR", latitude: 40 + random.NextDouble() * 10, longitude: random.NextDouble() * 10);
            }

            for (var i = 1; i < sites; i++)
            {
                builder.Link($"S{random.Next(i)}", $"S{i}", Math.Round(1 + random.NextDouble() * 600, 3));
            }

            var text = TopologyWriter.WriteNetwork(builder.Build());
            var back = NetworkReader.Read(text, TestEquipment.Library);

            Assert.True(back.IsSuccess, string.Join("\n", back.Issues));
            Assert.Equal(text, TopologyWriter.WriteNetwork(back.Value!.Network));
        }, iter: 50);
    }

    [Fact]
    public void NetworkWithAmplifierDevicesAndMeasuredSpans_RoundTripsEveryField()
    {
        var network = new NetworkBuilder()
            .Named("line", "a line with an amplifier hut")
            .WithGrid(Domain.Spectrum.SpectrumGrid.Benchmark100x12_5)
            .Site("A", "JP-13", electricityPricePerKwh: 0.27, carbonIntensityGramsPerKwh: 450)
            .Site("B", "JP-27", transponder: false)
            .AmplifierSite("H", "JP")
            .Fiber("A", "B", 0, f => f.Reverse("B-A").Srlg("duct-1", "bridge-9").Crossing("JP-13", "JP", "JP-27").GuardBand(2)
                .Span(70.5, lossDbPerKm: 0.22, connectorInDb: 1, device: "H-A", gainDb: 17.5, tiltDb: -0.5)
                .Span(33.25, connectorOutDb: 0.75, amplified: false))
            .Fiber("B", "A", 103.75, f => f.Reverse("A-B"))
            .Build();
        var text = TopologyWriter.WriteNetwork(network, "eq.json", "EUR");

        var back = NetworkReader.Read(text, TestEquipment.Library);

        Assert.True(back.IsSuccess, string.Join("\n", back.Issues));
        var again = back.Value!.Network;
        Assert.Equal(text, TopologyWriter.WriteNetwork(again, "eq.json", "EUR"));
        var fiber = again.Fiber(NetworkBuilder.FiberBetween("A", "B"));
        Assert.Equal(network.Fiber(fiber.Id).Spans.ToArray(), fiber.Spans.ToArray());
        Assert.Equal(["duct-1", "bridge-9"], fiber.Srlgs.Select(s => s.Value).ToArray());
        Assert.Equal(["JP-13", "JP", "JP-27"], fiber.Jurisdictions.Select(j => j.ToString()).ToArray());
        Assert.Equal(2, fiber.GuardBandSlots);
        Assert.Equal(network.Sites.ToArray(), again.Sites.ToArray());
        Assert.Equal(network.Nodes.OrderBy(n => n.Id.Value).ToArray(), again.Nodes.OrderBy(n => n.Id.Value).ToArray());
        Assert.Equal(network.Grid, again.Grid);
        Assert.Equal("a line with an amplifier hut", again.Description);
    }
}
