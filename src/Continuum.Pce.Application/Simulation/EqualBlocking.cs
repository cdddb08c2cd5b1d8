namespace Continuum.Pce.Application.Simulation;

/// <summary>
/// Load at equal blocking: where a blocking-against-load curve reaches a given blocking, interpolated between the two
/// sweep points around it (linearly in log blocking, as blocking grows roughly exponentially with load; linearly when
/// the lower point blocks nothing). Used to say how much more offered load one policy carries than another at the same
/// blocking.
/// </summary>
public static class EqualBlocking
{
    /// <summary>The load at which <paramref name="curve"/> (sorted by load, blocking non-decreasing) blocks <paramref name="blocking"/>; null outside the sweep.</summary>
    public static double? LoadAt(IReadOnlyList<(double Load, double Blocking)> curve, double blocking)
    {
        ArgumentNullException.ThrowIfNull(curve);
        for (var i = 1; i < curve.Count; i++)
        {
            var (l1, b1) = curve[i - 1];
            var (l2, b2) = curve[i];
            if (blocking < b1 || blocking > b2 || b2 <= b1)
            {
                continue;
            }

            var t = b1 > 0 ? Math.Log(blocking / b1) / Math.Log(b2 / b1) : (blocking - b1) / (b2 - b1);
            return l1 + (t * (l2 - l1));
        }

        return curve.Count > 0 && curve[0].Blocking == blocking ? curve[0].Load : null;
    }

    /// <summary>
    /// For each point of <paramref name="baseline"/> that blocks something, the relative extra load
    /// <paramref name="improved"/> carries at that blocking (0.2 = 20 % more); null where the improved curve does not
    /// reach that blocking within its sweep.
    /// </summary>
    public static IReadOnlyList<(double Load, double Blocking, double? ImprovedLoad, double? Gain)> Gains(
        IReadOnlyList<(double Load, double Blocking)> baseline, IReadOnlyList<(double Load, double Blocking)> improved)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        var result = new List<(double, double, double?, double?)>();
        foreach (var (load, blocking) in baseline)
        {
            if (blocking <= 0)
            {
                continue;
            }

            var at = LoadAt(improved, blocking);
            result.Add((load, blocking, at, at / load - 1));
        }

        return result;
    }
}
