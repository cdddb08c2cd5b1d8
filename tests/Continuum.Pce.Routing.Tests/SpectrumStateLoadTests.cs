using Continuum.Pce.Routing.Spectrum;
using Xunit;

namespace Continuum.Pce.Routing.Tests;

public sealed class SpectrumStateLoadTests
{
    [Fact]
    public void SetOccupancy_ReplacesTheFibresSlots_AndKeepsTheTailPastTheGridOccupied()
    {
        var state = new SpectrumState(fibreCount: 2, slotCount: 100);
        state.SetRange(0, 0, 10, occupied: true);

        state.SetOccupancy(0, [0b1010UL]);

        Assert.False(state.IsOccupied(0, 0));
        Assert.True(state.IsOccupied(0, 1));
        Assert.True(state.IsOccupied(0, 3));
        Assert.False(state.IsOccupied(0, 5));
        Assert.True(state.IsFree(0, 64, 36));
        Assert.Equal(~0UL << 36, state.Fibre(0)[1]);
        Assert.True(state.IsFree(1, 0, 100));
    }

    [Fact]
    public void SetOccupancy_DownFibre_HasNoFreeSlot()
    {
        var state = new SpectrumState(fibreCount: 1, slotCount: 100);

        state.SetOccupancy(0, [], down: true);

        Assert.Equal(100, state.OccupiedSlots(0));
    }
}
