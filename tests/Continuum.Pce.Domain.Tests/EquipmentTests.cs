using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Units;
using Xunit;

namespace Continuum.Pce.Domain.Tests;

public sealed class EquipmentTests
{
    [Fact]
    public void DualCoilNoiseFigure_Gain8To16NF6_5To11_At15Db_Is6_62Db()
    {
        // Calibration figure from shared/reference/physics.md.
        var model = new DualCoilNoiseFigure(NfMinDb: 6.5, NfMaxDb: 11, GainMinDb: 8, GainFlatMaxDb: 16);

        Assert.Equal(6.62, model.NoiseFigureDb(15), 2);
    }

    [Fact]
    public void DualCoilNoiseFigure_ReproducesItsCornerPoints()
    {
        var model = new DualCoilNoiseFigure(NfMinDb: 5.5, NfMaxDb: 7, GainMinDb: 15, GainFlatMaxDb: 25);

        Assert.Equal(5.5, model.NoiseFigureDb(25), 6);
        Assert.Equal(7.0, model.NoiseFigureDb(15), 6);
    }

    [Theory]
    [InlineData(32, 0.15, 50, 50_000)]
    [InlineData(59.84, 0.2, 75, 75_000)]
    [InlineData(63.1, 0.2, 87.5, 87_500)]
    [InlineData(118, 0.1, 150, 150_000)]
    [InlineData(64, 0.2, 0, 87_500)]
    public void ChannelWidth_IsTheLargerOfSignalBandwidthAndMinSpacing_RoundedTo12_5Ghz(double baud, double rollOff, double spacing, long expectedMhz)
    {
        var mode = new TransceiverMode(new ModeId("m"), "16QAM", 400, baud, rollOff, 20, spacing, 1000, 20, 1, 40, 50_000, 30, 10, 4);

        Assert.Equal(expectedMhz, mode.ChannelWidthMhz);
    }

    [Fact]
    public void FiberLatency_Is4_897UsPerKm()
    {
        Assert.Equal(4.897, PhysicalConstants.FiberLatencyUsPerKm, 3);
        Assert.Equal(489.67, PhysicalConstants.FiberLatencyUs(100), 2);
    }

    [Fact]
    public void EquipmentLibrary_DuplicateIds_AreRefused()
    {
        var fiber = new FiberType(new FiberTypeId("SSMF"), "SSMF", 0.2, 16.7, 83, 2.6e-20, 0.04, Frequency.FromThz(193.5));

        Assert.Throws<ArgumentException>(() => new EquipmentLibrary("lib", "USD", [], [], [fiber, fiber], []));
    }
}
