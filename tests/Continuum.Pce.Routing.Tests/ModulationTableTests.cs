using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.Routing.Graph;
using Continuum.Pce.Routing.Rsa;
using Continuum.Pce.Routing.Spectrum;
using Xunit;

namespace Continuum.Pce.Routing.Tests;

public sealed class ModulationTableTests
{
    private static readonly CompactGraph Pair = Build();

    private static CompactGraph Build()
    {
        var builder = new CompactGraphBuilder();
        builder.AddNode("a");
        builder.AddNode("b");
        builder.AddDuplex("ab", 0, 1, 100);
        return builder.Freeze(1);
    }

    [Fact]
    public void DeepRmsaTable_WithOneGuardUnit_ChoosesExactlyAsDeepRmsaModes()
    {
        foreach (var grid in new[] { SpectrumGrid.Benchmark100x12_5, SpectrumGrid.CBandFlex })
        {
            var table = new ModulationTableModes(ModulationTableModes.DeepRmsa, 12_500, 1, grid.SlotWidthMhz);
            var deep = new DeepRmsaModes(grid);
            foreach (var km in new[] { 1.0, 625, 625.0000001, 1000, 1250, 1250.5, 2500, 2501, 9000 })
            {
                for (var rate = 1; rate <= 400; rate++)
                {
                    Assert.True(table.TrySelect(Pair, [0], km, rate, out var a));
                    Assert.True(deep.TrySelect(Pair, [0], km, rate, out var b));
                    Assert.Equal(b.Slots, a.Slots);
                    Assert.Equal(deep.Describe(b.Mode).BitsPerSymbol, table.Describe(a.Mode).BitsPerSymbol);
                }
            }
        }
    }

    [Fact]
    public void Table_WithoutGuard_AndBeyondEveryReach_SizesOrRefuses()
    {
        var table = new ModulationTableModes([("16QAM", 4, 500), ("QPSK", 2, 2000)], 12_500, 0, 12_500);

        Assert.True(table.TrySelect(Pair, [0], 400, 50, out var dense));
        Assert.Equal(1, dense.Slots); // 50 Gb/s fits one 16QAM unit exactly
        Assert.True(table.TrySelect(Pair, [0], 1500, 50, out var qpsk));
        Assert.Equal(2, qpsk.Slots);
        Assert.False(table.TrySelect(Pair, [0], 2500, 50, out _));
    }

    [Fact]
    public void SharedDirections_ReserveAndReleaseMirrorOnTheReverseFibre()
    {
        var spectrum = new SpectrumState(Pair, SpectrumGrid.Benchmark100x12_5, directionsShareFibre: true);
        Assert.True(Pair.TryFindEdge(0, 1, out var ab));
        Assert.True(Pair.TryFindEdge(1, 0, out var ba));

        Assert.True(spectrum.TryReserve([ab], 10, 4));
        Assert.False(spectrum.IsFree(ba, 12, 1));
        Assert.False(spectrum.TryReserve([ba], 13, 2));
        spectrum.Release([ab], 10, 4);
        Assert.True(spectrum.IsFree(ba, 10, 4));

        var separate = new SpectrumState(Pair, SpectrumGrid.Benchmark100x12_5);
        Assert.True(separate.TryReserve([ab], 10, 4));
        Assert.True(separate.IsFree(ba, 10, 4));
    }
}
