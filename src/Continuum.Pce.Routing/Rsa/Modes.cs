using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.Routing.Graph;

namespace Continuum.Pce.Routing.Rsa;

/// <summary>
/// Path lengths are sums of span lengths in floating point, so a path of exactly 1250 km can add up to
/// 1250.0000000000002 km and lose its modulation format at the threshold. A millimetre of tolerance absorbs that.
/// </summary>
public static class ReachTolerance
{
    public const double Km = 1e-6;
}

/// <summary>A mode picked for a path: an index into the policy's mode table and the slots it needs on the grid.</summary>
public readonly record struct ModeChoice(int Mode, int Slots);

/// <summary>What a mode index means, for reports and the typed results.</summary>
public sealed record ModeDescriptor(string Name, string Format, int BitsPerSymbol, double ReachKm, TransceiverMode? Mode = null);

/// <summary>
/// Chooses a transmission mode for a candidate path. Implemented as a struct (or a struct wrapping tables) and passed
/// as a generic argument. The reach tables below need only the path length; a quality-of-transmission check from the
/// physics engine plugs in here through the Application layer (it receives the graph and the path's edges, from which
/// it can look up fibres by id), so Routing never references Physics.
/// </summary>
public interface IModeFeasibility
{
    bool TrySelect(CompactGraph graph, ReadOnlySpan<int> path, double km, int bitRateGbps, out ModeChoice choice);

    /// <summary>
    /// The mode <see cref="TrySelect(CompactGraph, ReadOnlySpan{int}, double, int, out ModeChoice)"/> would pick, among
    /// the modes the requested channel admits (see <see cref="ChannelRequirement.Admits"/>) and, with a minimum OSNR,
    /// only one the policy estimates to deliver it (a policy with no OSNR estimate admits none then). The choice's
    /// slots are the requested width when one is given.
    /// </summary>
    bool TrySelect(CompactGraph graph, ReadOnlySpan<int> path, double km, int bitRateGbps, in ChannelRequirement requirement, out ModeChoice choice);

    /// <summary>The modes a name selects, one bit per mode index: a mode's name, or a modulation format (any mode of it), ignoring case; 0 for none.</summary>
    ulong ModesNamed(string nameOrFormat);

    ModeDescriptor Describe(int mode);
}

/// <summary>Name lookups shared by the mode policies.</summary>
public static class ModeNames
{
    /// <summary>The modes of a descriptor table whose name or format is <paramref name="nameOrFormat"/> (ignoring case), as bits.</summary>
    public static ulong Match(ReadOnlySpan<ModeDescriptor> descriptors, string nameOrFormat)
    {
        ArgumentNullException.ThrowIfNull(nameOrFormat);
        var bits = 0UL;
        for (var i = 0; i < descriptors.Length && i < 64; i++)
        {
            if (string.Equals(descriptors[i].Name, nameOrFormat, StringComparison.OrdinalIgnoreCase) ||
                string.Equals(descriptors[i].Format, nameOrFormat, StringComparison.OrdinalIgnoreCase))
            {
                bits |= 1UL << i;
            }
        }

        return bits;
    }
}

/// <summary>
/// Reach-table modes from an equipment library: modes ordered by spectral efficiency (line rate per channel width),
/// highest first, then by reach; the first mode whose line rate covers the request and whose nominal reach covers
/// the path is chosen. Slots are the mode's channel width on the grid (12.5 GHz multiples per ITU-T G.694.1).
/// </summary>
public readonly struct ReachTableModes : IModeFeasibility
{
    private readonly ModeDescriptor[] _descriptors;
    private readonly double[] _reach;
    private readonly int[] _rate;
    private readonly int[] _slots;

    public ReachTableModes(IEnumerable<TransceiverMode> modes, SpectrumGrid grid)
    {
        ArgumentNullException.ThrowIfNull(modes);
        ArgumentNullException.ThrowIfNull(grid);
        var ordered = modes
            .OrderByDescending(m => m.LineRateGbps / (double)m.ChannelWidthMhz)
            .ThenByDescending(m => m.ReachKm)
            .ThenBy(m => m.Id.Value, StringComparer.Ordinal)
            .ToArray();
        _descriptors = new ModeDescriptor[ordered.Length];
        _reach = new double[ordered.Length];
        _rate = new int[ordered.Length];
        _slots = new int[ordered.Length];
        for (var i = 0; i < ordered.Length; i++)
        {
            var m = ordered[i];
            _descriptors[i] = new ModeDescriptor(m.Id.Value, m.Format, m.BitsPerSymbol, m.ReachKm, m);
            _reach[i] = m.ReachKm;
            _rate[i] = m.LineRateGbps;
            _slots[i] = grid.SlotsFor(m.ChannelWidthMhz);
        }
    }

    public bool TrySelect(CompactGraph graph, ReadOnlySpan<int> path, double km, int bitRateGbps, out ModeChoice choice)
    {
        for (var i = 0; i < _reach.Length; i++)
        {
            if (_rate[i] >= bitRateGbps && km <= _reach[i] + ReachTolerance.Km)
            {
                choice = new ModeChoice(i, _slots[i]);
                return true;
            }
        }

        choice = default;
        return false;
    }

    /// <summary>Reach tables estimate no OSNR: a request with a minimum OSNR finds no mode.</summary>
    public bool TrySelect(CompactGraph graph, ReadOnlySpan<int> path, double km, int bitRateGbps, in ChannelRequirement requirement, out ModeChoice choice)
    {
        for (var i = 0; requirement.MinOsnrDb is null && i < _reach.Length; i++)
        {
            if (_rate[i] >= bitRateGbps && km <= _reach[i] + ReachTolerance.Km && requirement.Admits(i, _slots[i]))
            {
                choice = new ModeChoice(i, requirement.SlotsOf(_slots[i]));
                return true;
            }
        }

        choice = default;
        return false;
    }

    public ulong ModesNamed(string nameOrFormat) => ModeNames.Match(_descriptors, nameOrFormat);

    public ModeDescriptor Describe(int mode) => _descriptors[mode];
}

/// <summary>
/// The DeepRMSA modulation-by-length table (Chen et al., "DeepRMSA", JLT 2019): ≤ 625 km 16QAM (4 b/sym, 50 Gb/s per
/// 12.5 GHz slot), ≤ 1250 km 8QAM, ≤ 2500 km QPSK, else BPSK; slots = ceil(B / (bits · 12.5)) + 1 guard slot, in
/// 12.5 GHz units converted to the grid's slot width. Always feasible (BPSK has unbounded reach).
/// </summary>
public readonly struct DeepRmsaModes : IModeFeasibility
{
    private static readonly ModeDescriptor[] Descriptors =
    [
        new("BPSK", "BPSK", 1, double.PositiveInfinity),
        new("QPSK", "QPSK", 2, 2500),
        new("8QAM", "8QAM", 3, 1250),
        new("16QAM", "16QAM", 4, 625),
    ];

    private readonly long _slotWidthMhz;

    public DeepRmsaModes(SpectrumGrid grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        _slotWidthMhz = grid.SlotWidthMhz;
    }

    public bool TrySelect(CompactGraph graph, ReadOnlySpan<int> path, double km, int bitRateGbps, out ModeChoice choice)
    {
        var reach = km - ReachTolerance.Km;
        var bits = reach <= 625 ? 4 : reach <= 1250 ? 3 : reach <= 2500 ? 2 : 1;
        // ceil(B / (bits · 12.5)) computed exactly in tenths of Gb/s: B·10 / (bits·125).
        var units = ((bitRateGbps * 10) + (bits * 125) - 1) / (bits * 125) + 1;
        var widthMhz = units * 12_500L;
        var slots = (int)((widthMhz + _slotWidthMhz - 1) / _slotWidthMhz);
        choice = new ModeChoice(bits - 1, slots);
        return true;
    }

    /// <summary>The table gives one format per length: the request admits it or finds none (no OSNR estimate either).</summary>
    public bool TrySelect(CompactGraph graph, ReadOnlySpan<int> path, double km, int bitRateGbps, in ChannelRequirement requirement, out ModeChoice choice)
    {
        if (requirement.MinOsnrDb is null && TrySelect(graph, path, km, bitRateGbps, out var mode) && requirement.Admits(mode.Mode, mode.Slots))
        {
            choice = mode with { Slots = requirement.SlotsOf(mode.Slots) };
            return true;
        }

        choice = default;
        return false;
    }

    public ulong ModesNamed(string nameOrFormat) => ModeNames.Match(Descriptors, nameOrFormat);

    public ModeDescriptor Describe(int mode) => Descriptors[mode];
}
