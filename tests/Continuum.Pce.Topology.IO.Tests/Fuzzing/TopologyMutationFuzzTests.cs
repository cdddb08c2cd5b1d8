using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Continuum.Pce.Topology.IO.Json;
using Continuum.Pce.Topology.IO.Validation;
using CsCheck;
using Xunit;
using Xunit.Abstractions;

namespace Continuum.Pce.Topology.IO.Tests.Fuzzing;

/// <summary>
/// Mutation fuzzing of the topology loader: mutated versions of shipped networks never crash the reader, every mutation
/// known to break a documented rule is refused, every neutral one still loads, and nothing the reader accepts breaks a
/// rule of the independent <see cref="TopologyOracle"/>. CI runs a bounded number of cases; the full run is
/// <c>PCE_FUZZ_TOPOLOGIES=2000 dotnet test tests/Continuum.Pce.Topology.IO.Tests --filter TopologyMutationFuzz</c>.
/// </summary>
public sealed class TopologyMutationFuzzTests(ITestOutputHelper output)
{
    private static readonly string[] BaseNetworks = ["nsfnet.json", "cost239.json", "jpn12.json", "continuum-demo.json"];

    private static readonly Lazy<(JsonObject[] Documents, Domain.Equipment.EquipmentLibrary Library, HashSet<string> FiberTypes)> Bases = new(() =>
    {
        var folder = Path.Combine(StrictInputTests.RepoRoot(), "topologies");
        var library = NetworkFile.LoadEquipment(Path.Combine(folder, "equipment", "default.json")).Value!;
        var documents = BaseNetworks.Select(n => JsonNode.Parse(File.ReadAllText(Path.Combine(folder, n)))!.AsObject()).ToArray();
        return (documents, library, library.FiberTypes.Select(f => f.Id.Value).ToHashSet(StringComparer.Ordinal));
    });

    /// <summary>Cases per run: <c>PCE_FUZZ_TOPOLOGIES</c>, or a bounded default for CI.</summary>
    public static int Iterations => int.TryParse(Environment.GetEnvironmentVariable("PCE_FUZZ_TOPOLOGIES"), out var n) && n > 0 ? n : 300;

    public static Gen<(int Base, int Operator, int Seed)> Cases { get; } =
        Gen.Select(Gen.Int[0, BaseNetworks.Length - 1], Gen.Int[0, TopologyMutator.Operators.Length - 1], Gen.Int);

    [Fact]
    public void TopologyMutationFuzz_Loader_NeverCrashes_RefusesEveryInvalidMutant_AcceptsNothingTheOracleRefuses()
    {
        var (documents, library, fiberTypes) = Bases.Value;
        var tally = new ConcurrentDictionary<string, int>();

        Cases.Sample(c =>
        {
            var mutant = TopologyMutator.Mutate(documents[c.Base], c.Operator, c.Seed);
            ReadResult<LoadedNetwork> result;
            try
            {
                result = TopologyReader.ReadNetwork(mutant.Text, library);
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"the reader crashed on {mutant}: {e}");
            }

            var verdict = result.IsSuccess ? "accepted" : "refused";
            tally.AddOrUpdate($"{mutant.Kind}/{mutant.Name}/{verdict}", 1, (_, n) => n + 1);
            switch (mutant.Kind)
            {
                case MutantKind.Invalid when result.IsSuccess:
                    throw new InvalidOperationException($"accepted an invalid document: {mutant}");
                case MutantKind.Invalid when !result.Errors.Any():
                    throw new InvalidOperationException($"refused {mutant} without an error");
                case MutantKind.Neutral when !result.IsSuccess:
                    throw new InvalidOperationException($"refused a neutral mutation {mutant}: {string.Join("; ", result.Errors)}");
            }

            var broken = result.IsSuccess ? TopologyOracle.Violations(mutant.Text, fiberTypes, TopologyLimits.Default) : [];
            if (broken.Count > 0)
            {
                throw new InvalidOperationException($"accepted {mutant}, which breaks: {string.Join("; ", broken)}");
            }
        }, iter: Iterations, threads: 1);

        var accepted = tally.Where(t => t.Key.EndsWith("/accepted", StringComparison.Ordinal)).Sum(t => t.Value);
        output.WriteLine($"{tally.Values.Sum()} mutated topologies: {accepted} accepted, {tally.Values.Sum() - accepted} refused, 0 crashes, 0 accepted invalid");
        foreach (var (key, count) in tally.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  {key}: {count}");
        }

        Assert.Equal(Iterations, tally.Values.Sum());
    }

    [Fact]
    public void Oracle_AgreesWithTheReader_OnTheUnmutatedBases()
    {
        var (documents, library, fiberTypes) = Bases.Value;

        foreach (var document in documents)
        {
            var text = document.ToJsonString();
            Assert.True(TopologyReader.ReadNetwork(text, library).IsSuccess);
            Assert.Empty(TopologyOracle.Violations(text, fiberTypes, TopologyLimits.Default));
        }
    }

    [Theory]
    [MemberData(nameof(InvalidOperators))]
    public void Oracle_RefusesEveryInvalidMutation(int op)
    {
        var (documents, _, fiberTypes) = Bases.Value;

        for (var seed = 0; seed < 20; seed++)
        {
            var mutant = TopologyMutator.Mutate(documents[seed % documents.Length], op, seed);
            Assert.True(TopologyOracle.Violations(mutant.Text, fiberTypes, TopologyLimits.Default).Count > 0, $"the oracle missed {mutant}");
        }
    }

    public static TheoryData<int> InvalidOperators() =>
        [.. Enumerable.Range(0, TopologyMutator.Operators.Length).Where(i => TopologyMutator.Operators[i].Kind == MutantKind.Invalid)];
}
