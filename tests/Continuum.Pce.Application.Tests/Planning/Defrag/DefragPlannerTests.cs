using System.Collections.Immutable;
using Continuum.Pce.Application.Planning.Defrag;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Spectrum;
using CsCheck;
using Xunit;

namespace Continuum.Pce.Application.Tests.Planning.Defrag;

public sealed class DefragPlannerTests
{
    private static SnapshotLightpath Lp(string id, int start, int count, bool hitless, params string[] fibres) =>
        new(id, [.. fibres.Select(f => new FiberId(f))], new SlotRange(start, count), hitless);

    [Fact]
    public void Plan_TwoChannelsHighOnAFibre_MovesEachMakeBeforeBreakToTheBottom()
    {
        var plan = DefragPlanner.Plan(new NetworkSnapshot(100, [Lp("a", 10, 2, false, "x"), Lp("b", 20, 2, false, "x", "y")]));

        Assert.Equal(
            [new DefragStep(1, "a", new SlotRange(10, 2), new SlotRange(0, 2), DefragStepKind.MakeBeforeBreak), new DefragStep(2, "b", new SlotRange(20, 2), new SlotRange(2, 2), DefragStepKind.MakeBeforeBreak)],
            plan.Steps.ToArray());
        Assert.Equal((21, 3), (plan.HighestSlotBefore, plan.HighestSlotAfter));
    }

    [Fact]
    public void Plan_OverlappingTarget_OnlyAHitlessTransponderMoves()
    {
        var hitless = DefragPlanner.Plan(new NetworkSnapshot(10, [Lp("c", 1, 4, true, "x")]));
        var fixedTuning = DefragPlanner.Plan(new NetworkSnapshot(10, [Lp("c", 1, 4, false, "x")]));

        Assert.Equal(new DefragStep(1, "c", new SlotRange(1, 4), new SlotRange(0, 4), DefragStepKind.HitlessRetune), hitless.Steps.Single());
        Assert.Empty(fixedTuning.Steps);
    }

    [Fact]
    public void Plan_OnRandomSnapshots_EveryStepKeepsEveryServiceUp_AndNothingRises()
    {
        var gen = Gen.Select(Gen.Int[0, 1_000_000], Gen.Int[1, 12]);
        gen.Sample((seed, count) =>
        {
            var snapshot = RandomSnapshot(seed, count);
            var plan = DefragPlanner.Plan(snapshot);
            var state = snapshot.Lightpaths.ToDictionary(l => l.Id, l => l.Slots);
            foreach (var step in plan.Steps)
            {
                var lp = snapshot.Lightpaths.Single(l => l.Id == step.Lightpath);
                Assert.Equal(state[lp.Id], step.From);
                Assert.True(step.To.Start < step.From.Start);
                var others = snapshot.Lightpaths.Where(o => o.Id != lp.Id && o.Path.Intersect(lp.Path).Any()).Select(o => state[o.Id]).ToList();
                if (step.Kind == DefragStepKind.MakeBeforeBreak)
                {
                    Assert.False(step.To.Overlaps(step.From));
                    Assert.DoesNotContain(others, o => o.Overlaps(step.To));
                }
                else
                {
                    Assert.True(lp.HitlessRetune);
                    var swept = new SlotRange(step.To.Start, step.From.End - step.To.Start);
                    Assert.DoesNotContain(others, o => o.Overlaps(swept));
                }

                state[lp.Id] = step.To;
            }

            Assert.True(plan.HighestSlotAfter <= plan.HighestSlotBefore);
        }, iter: 200);
    }

    private static NetworkSnapshot RandomSnapshot(int seed, int count)
    {
        var random = new Random(seed);
        const int slots = 32;
        string[] fibres = ["f0", "f1", "f2", "f3"];
        var used = fibres.ToDictionary(f => f, _ => new bool[slots]);
        var list = ImmutableArray.CreateBuilder<SnapshotLightpath>();
        for (var i = 0; i < count; i++)
        {
            var path = fibres.Where(_ => random.Next(2) == 0).DefaultIfEmpty(fibres[random.Next(4)]).ToArray();
            var width = random.Next(1, 5);
            var start = random.Next(0, slots - width + 1);
            if (path.Any(f => Enumerable.Range(start, width).Any(s => used[f][s])))
            {
                continue;
            }

            foreach (var f in path)
            {
                for (var s = start; s < start + width; s++)
                {
                    used[f][s] = true;
                }
            }

            list.Add(Lp($"lp{i}", start, width, random.Next(2) == 0, path));
        }

        return new NetworkSnapshot(slots, list.ToImmutable());
    }
}
