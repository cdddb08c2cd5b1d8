namespace Continuum.Pce.Routing.Rsa;

/// <summary>
/// A modulation-by-reach table of the dynamic RSA literature, generalised: formats (bits per symbol, maximum reach)
/// tried from the most to the least efficient, the first whose reach covers the path chosen; the channel needs
/// ceil(B / (bits · u)) spectrum units of width u (in GHz, carrying u GBd, so bits · u Gb/s) plus the guard units, and
/// that width is rounded up to the grid's slots. With the DeepRMSA table (<see cref="DeepRmsa"/>), u = 12.5 GHz and one
/// guard unit this is exactly <see cref="DeepRmsaModes"/>; MaskRSA uses the same table with no guard. Blocked (no
/// mode) when no format reaches.
/// </summary>
public readonly struct ModulationTableModes : IModeFeasibility
{
    private readonly ModeDescriptor[] _descriptors;
    private readonly int[] _bits;
    private readonly double[] _reach;
    private readonly long _unitMhz;
    private readonly int _guardUnits;
    private readonly long _slotWidthMhz;

    /// <param name="formats">Name, bits per symbol and maximum reach in km (use +∞ for unbounded) of each format.</param>
    /// <param name="unitMhz">Width of one spectrum unit, MHz (its symbol rate in MBd).</param>
    /// <param name="guardUnits">Guard units added to every channel.</param>
    /// <param name="slotWidthMhz">The grid's slot width, MHz.</param>
    public ModulationTableModes(IReadOnlyList<(string Name, int BitsPerSymbol, double ReachKm)> formats, long unitMhz, int guardUnits, long slotWidthMhz)
    {
        ArgumentNullException.ThrowIfNull(formats);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(unitMhz);
        ArgumentOutOfRangeException.ThrowIfNegative(guardUnits);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(slotWidthMhz);
        if (formats.Count == 0)
        {
            throw new ArgumentException("a modulation table needs at least one format", nameof(formats));
        }

        var ordered = formats.OrderByDescending(f => f.BitsPerSymbol).ThenBy(f => f.ReachKm).ToArray();
        _descriptors = new ModeDescriptor[ordered.Length];
        _bits = new int[ordered.Length];
        _reach = new double[ordered.Length];
        for (var i = 0; i < ordered.Length; i++)
        {
            var (name, bits, reach) = ordered[i];
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bits);
            _descriptors[i] = new ModeDescriptor(name, name, bits, reach);
            _bits[i] = bits;
            _reach[i] = reach;
        }

        _unitMhz = unitMhz;
        _guardUnits = guardUnits;
        _slotWidthMhz = slotWidthMhz;
    }

    /// <summary>The DeepRMSA table (Chen et al., JLT 2019): 16QAM ≤ 625 km, 8QAM ≤ 1250, QPSK ≤ 2500, BPSK beyond.</summary>
    public static IReadOnlyList<(string Name, int BitsPerSymbol, double ReachKm)> DeepRmsa { get; } =
    [
        ("16QAM", 4, 625),
        ("8QAM", 3, 1250),
        ("QPSK", 2, 2500),
        ("BPSK", 1, double.PositiveInfinity),
    ];

    public bool TrySelect(Graph.CompactGraph graph, ReadOnlySpan<int> path, double km, int bitRateGbps, out ModeChoice choice) =>
        TrySelect(graph, path, km, bitRateGbps, new ChannelRequirement(ChannelRequirement.AnyMode), out choice);

    /// <summary>The first admitted format that reaches; a table estimates no OSNR, so a minimum OSNR finds none.</summary>
    public bool TrySelect(Graph.CompactGraph graph, ReadOnlySpan<int> path, double km, int bitRateGbps, in ChannelRequirement requirement, out ModeChoice choice)
    {
        var length = km - ReachTolerance.Km;
        for (var i = 0; requirement.MinOsnrDb is null && i < _bits.Length; i++)
        {
            if (length <= _reach[i])
            {
                // ceil(B / (bits · u)) exactly in MHz·bits: B Gb/s = B·1000 Mb/s, one unit carries bits · u Mb/s.
                var perUnit = _bits[i] * _unitMhz;
                var units = ((bitRateGbps * 1000L) + perUnit - 1) / perUnit + _guardUnits;
                var slots = (int)(((units * _unitMhz) + _slotWidthMhz - 1) / _slotWidthMhz);
                if (requirement.Admits(i, slots))
                {
                    choice = new ModeChoice(i, requirement.SlotsOf(slots));
                    return true;
                }
            }
        }

        choice = default;
        return false;
    }

    public ulong ModesNamed(string nameOrFormat) => ModeNames.Match(_descriptors, nameOrFormat);

    public ModeDescriptor Describe(int mode) => _descriptors[mode];
}
