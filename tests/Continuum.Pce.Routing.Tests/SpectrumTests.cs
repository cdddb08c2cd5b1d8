using Continuum.Pce.Routing.Spectrum;
using CsCheck;
using Xunit;

namespace Continuum.Pce.Routing.Tests;

public sealed class SpectrumTests
{
    // Random occupancy on 3 fibres of a grid (768 C-band, 100 benchmark, or an odd size) plus a channel width.
    private static readonly Gen<(int Slots, int[] Occupied, int Width, int Seed)> States =
        Gen.Select(Gen.Int[0, 3].Select(i => new[] { 768, 100, 130, 64 }[i]), Gen.Int[0, 2000].Array[0, 120], Gen.Int[1, 16], Gen.Int);

    private static SpectrumState Build(int slots, int[] occupied, int[]? guard = null)
    {
        var state = new SpectrumState(3, slots, guard);
        for (var i = 0; i < occupied.Length; i++)
        {
            state.SetRange(i % 3, occupied[i] % slots, 1, true);
        }

        return state;
    }

    private static bool PathFree(SpectrumState state, int[] path, int start, int width) =>
        path.All(f => state.IsFree(f, start, width));

    [Fact]
    public void ReserveThenRelease_FreeRange_RestoresEveryMask()
    {
        States.Sample(t =>
        {
            var state = Build(t.Slots, t.Occupied);
            int[] path = [0, 1, 2];
            var before = path.Select(f => state.Fibre(f).ToArray()).ToArray();
            var occupancy = new ulong[state.Words];
            state.PathOccupancy(path, occupancy);
            if (!FreeRuns.TryFirst(occupancy, t.Slots, t.Width, out var start))
            {
                return;
            }

            Assert.True(state.TryReserve(path, start, t.Width));
            Assert.False(state.TryReserve(path, start, t.Width));
            state.Release(path, start, t.Width);
            for (var i = 0; i < path.Length; i++)
            {
                Assert.Equal(before[i], state.Fibre(path[i]).ToArray());
            }
        }, iter: 500);
    }

    [Fact]
    public void Fit_AnyPolicy_NeverOverlapsOccupiedSlots()
    {
        States.Sample(t =>
        {
            var state = Build(t.Slots, t.Occupied);
            int[] path = [0, 2];
            var occupancy = new ulong[state.Words];
            state.PathOccupancy(path, occupancy);
            var random = new SeededRandom((ulong)t.Seed);
            Check(default(FirstFit));
            Check(default(LastFit));
            Check(default(BestFit));
            Check(new RandomFit(random));
            Check(default(FragmentationAwareFit));

            void Check<TFit>(TFit fit)
                where TFit : struct, ISpectrumFit
            {
                var exists = Enumerable.Range(0, t.Slots - t.Width + 1).Any(s => PathFree(state, path, s, t.Width));
                var found = fit.TryFit(state, path, occupancy, t.Width, out var start);
                Assert.Equal(exists, found);
                if (found)
                {
                    Assert.True(PathFree(state, path, start, t.Width), $"{typeof(TFit).Name} chose {start}");
                }
            }
        }, iter: 500);
    }

    [Fact]
    public void FirstFit_AnyState_PicksLowestFeasibleStart()
    {
        States.Sample(t =>
        {
            var state = Build(t.Slots, t.Occupied);
            int[] path = [0, 1, 2];
            var occupancy = new ulong[state.Words];
            state.PathOccupancy(path, occupancy);
            var expected = Enumerable.Range(0, Math.Max(0, t.Slots - t.Width + 1)).Where(s => PathFree(state, path, s, t.Width)).DefaultIfEmpty(-1).First();
            var found = default(FirstFit).TryFit(state, path, occupancy, t.Width, out var start);
            Assert.Equal(expected >= 0, found);
            if (found)
            {
                Assert.Equal(expected, start);
            }

            var last = Enumerable.Range(0, Math.Max(0, t.Slots - t.Width + 1)).Where(s => PathFree(state, path, s, t.Width)).DefaultIfEmpty(-1).Last();
            if (default(LastFit).TryFit(state, path, occupancy, t.Width, out var lastStart))
            {
                Assert.Equal(last, lastStart);
            }
        }, iter: 500);
    }

    [Fact]
    public void BestFit_AnyState_PicksSmallestFittingGap()
    {
        States.Sample(t =>
        {
            var state = Build(t.Slots, t.Occupied);
            int[] path = [0, 1];
            var occupancy = new ulong[state.Words];
            state.PathOccupancy(path, occupancy);

            // Reference: every maximal free run of the path, by brute force over slots.
            var runs = new List<(int Start, int Length)>();
            for (var s = 0; s < t.Slots;)
            {
                if (!PathFree(state, path, s, 1))
                {
                    s++;
                    continue;
                }

                var e = s;
                while (e < t.Slots && PathFree(state, path, e, 1))
                {
                    e++;
                }

                runs.Add((s, e - s));
                s = e;
            }

            var fitting = runs.Where(r => r.Length >= t.Width).OrderBy(r => r.Length).ThenBy(r => r.Start).ToList();
            var found = default(BestFit).TryFit(state, path, occupancy, t.Width, out var start);
            Assert.Equal(fitting.Count > 0, found);
            if (found)
            {
                Assert.Equal(fitting[0].Start, start);
            }
        }, iter: 500);
    }

    [Fact]
    public void RandomFit_SameSeed_SameChoices()
    {
        var state = Build(768, [5, 50, 51, 300, 301, 302, 600]);
        int[] path = [0, 1, 2];
        var occupancy = new ulong[state.Words];
        state.PathOccupancy(path, occupancy);
        var a = new RandomFit(new SeededRandom(99));
        var b = new RandomFit(new SeededRandom(99));
        for (var i = 0; i < 20; i++)
        {
            Assert.True(a.TryFit(state, path, occupancy, 8, out var x));
            Assert.True(b.TryFit(state, path, occupancy, 8, out var y));
            Assert.Equal(x, y);
        }
    }

    [Fact]
    public void GuardBand_OneSlot_KeepsOneFreeSlotBetweenChannels()
    {
        var state = new SpectrumState(1, 100, [1]);
        state.SetRange(0, 0, 4, true);
        var occupancy = new ulong[state.Words];
        state.PathOccupancy([0], occupancy);
        Assert.True(default(FirstFit).TryFit(state, [0], occupancy, 4, out var start));
        Assert.Equal(5, start);

        // No guard needed at the band edge.
        var edge = new SpectrumState(1, 100, [1]);
        edge.SetRange(0, 0, 90, true);
        edge.PathOccupancy([0], occupancy);
        Assert.True(default(LastFit).TryFit(edge, [0], occupancy, 9, out var top));
        Assert.Equal(91, top);
    }

    [Fact]
    public void FragmentationAware_WideGapAndExactHole_FillsExactHoleWhereFirstFitSplitsTheGap()
    {
        // Both fibres: occupied [0,2), free [2,10), occupied [10,20), free [20,23), occupied [23,64).
        var state = new SpectrumState(2, 64);
        foreach (var f in new[] { 0, 1 })
        {
            state.SetRange(f, 0, 2, true);
            state.SetRange(f, 10, 10, true);
            state.SetRange(f, 23, 41, true);
        }

        var occupancy = new ulong[state.Words];
        state.PathOccupancy([0, 1], occupancy);
        Assert.True(default(FirstFit).TryFit(state, [0, 1], occupancy, 3, out var firstFit));
        Assert.Equal(2, firstFit);
        Assert.True(default(FragmentationAwareFit).TryFit(state, [0, 1], occupancy, 3, out var start));
        Assert.Equal(20, start); // the hole disappears on both fibres; the 8-slot gap stays whole
    }

    [Fact]
    public void OccupiedSlots_AfterReserve_CountsOnlyReservedSlots()
    {
        var state = new SpectrumState(2, 100);
        Assert.True(state.TryReserve([0, 1], 95, 5));
        Assert.Equal(5, state.OccupiedSlots(0));
        Assert.False(state.IsFree(1, 96, 1));
        Assert.False(state.IsFree(1, 99, 2));
    }
}
