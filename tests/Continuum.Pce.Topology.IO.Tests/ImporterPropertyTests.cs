using System.Globalization;
using System.Text;
using Continuum.Pce.TestKit.Topology;
using Continuum.Pce.Topology.IO.Import;
using CsCheck;
using Xunit;

namespace Continuum.Pce.Topology.IO.Tests;

/// <summary>Laws every import obeys, checked on random node-link graphs.</summary>
public sealed class ImporterPropertyTests
{
    private static readonly ImportOptions TestTypes = new()
    {
        Country = "DE",
        RoadmType = TestEquipment.Roadm,
        InlineAmplifier = TestEquipment.Amplifier,
        Preamplifier = TestEquipment.Amplifier,
        FiberType = TestEquipment.Ssmf,
        TransceiverType = TestEquipment.Transceiver,
    };

    /// <summary>A random XLRON document: nodes 0..n-1 with coordinates, links between distinct random pairs.</summary>
    private static readonly Gen<(string Json, int Links, Dictionary<(int, int), double> Km)> Documents =
        Gen.Int[2, 12].SelectMany(n => Gen.Select(Gen.Int[0, n - 1], Gen.Int[0, n - 1], Gen.Double[0.5, 3000]).Array[1, 30].Select(raw =>
        {
            var km = new Dictionary<(int, int), double>();
            foreach (var (a, b, d) in raw)
            {
                if (a != b && !km.ContainsKey((Math.Min(a, b), Math.Max(a, b))))
                {
                    km[(Math.Min(a, b), Math.Max(a, b))] = Math.Round(d, 3);
                }
            }

            var json = new StringBuilder("{\"nodes\": [");
            json.AppendJoin(", ", Enumerable.Range(0, n).Select(i => string.Create(CultureInfo.InvariantCulture, $"{{\"id\": {i}, \"latitude\": {40 + i * 0.5}, \"longitude\": {i * 0.7}}}")));
            json.Append("], \"links\": [");
            json.AppendJoin(", ", km.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{{\"source\": {kv.Key.Item1}, \"target\": {kv.Key.Item2}, \"distance\": {kv.Value}}}")));
            json.Append("]}");
            return (json.ToString(), km.Count, km);
        }));

    [Fact]
    public void EveryLink_BecomesTwoFibresThatNameEachOther_InCeilLengthOver80EqualSpans()
    {
        Documents.Sample(doc =>
        {
            var result = XlronImporter.Import(doc.Json, "random", TestTypes);

            Assert.True(result.IsSuccess, string.Join("\n", result.Issues));
            var network = result.Value!;
            Assert.Equal(2 * doc.Links, network.Fibers.Length);
            foreach (var fiber in network.Fibers)
            {
                var reverse = network.Fiber(fiber.Reverse!.Value);
                Assert.Equal(fiber.Id, reverse.Reverse);
                Assert.Equal((fiber.Source, fiber.Destination), (reverse.Destination, reverse.Source));
                var key = (int.Parse(network.Node(fiber.Source).Site.Value[1..], CultureInfo.InvariantCulture), int.Parse(network.Node(fiber.Destination).Site.Value[1..], CultureInfo.InvariantCulture));
                var km = doc.Km[(Math.Min(key.Item1, key.Item2), Math.Max(key.Item1, key.Item2))];
                Assert.Equal(km, fiber.LengthKm, 6);
                Assert.Equal((int)Math.Ceiling(km / 80 - 1e-9), fiber.Spans.Length);
                Assert.All(fiber.Spans, s => Assert.True(s.LengthKm <= 80.001 && s.Amplifier is not null));
            }
        }, iter: 100);
    }

    [Fact]
    public void EveryImport_WritesADocumentThatReadsBackWithoutErrors()
    {
        Documents.Sample(doc =>
        {
            var network = XlronImporter.Import(doc.Json, "random", TestTypes).Value!;
            var text = TopologyWriter.WriteNetwork(network);

            var back = TopologyReader.ReadNetwork(text, TestEquipment.Library);

            Assert.True(back.IsSuccess, string.Join("\n", back.Errors));
            Assert.Equal(text, TopologyWriter.WriteNetwork(back.Value!.Network));
        }, iter: 50);
    }
}
