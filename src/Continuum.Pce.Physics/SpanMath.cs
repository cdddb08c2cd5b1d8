using System.Runtime.Intrinsics;

namespace Continuum.Pce.Physics;

/// <summary>The few vector loops the candidate query spends its time in (interferers carry a signal power only).</summary>
internal static class SpanMath
{
    /// <summary>x[i] *= factor.</summary>
    public static void Scale(Span<double> x, double factor)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var v = Vector256.Create(factor);
            for (; i <= x.Length - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                (Vector256.Create<double>(x[i..]) * v).CopyTo(x[i..]);
            }
        }

        for (; i < x.Length; i++)
        {
            x[i] *= factor;
        }
    }

    /// <summary>x[i] *= factor; returns Σ x[i] after scaling.</summary>
    public static double ScaleAndSum(Span<double> x, double factor)
    {
        var i = 0;
        var sum = 0.0;
        if (Vector256.IsHardwareAccelerated)
        {
            var v = Vector256.Create(factor);
            var acc = Vector256<double>.Zero;
            for (; i <= x.Length - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                var scaled = Vector256.Create<double>(x[i..]) * v;
                scaled.CopyTo(x[i..]);
                acc += scaled;
            }

            sum = Vector256.Sum(acc);
        }

        for (; i < x.Length; i++)
        {
            x[i] *= factor;
            sum += x[i];
        }

        return sum;
    }

    /// <summary>Σ x[i].</summary>
    public static double Sum(ReadOnlySpan<double> x)
    {
        var i = 0;
        var sum = 0.0;
        if (Vector256.IsHardwareAccelerated)
        {
            var acc = Vector256<double>.Zero;
            for (; i <= x.Length - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                acc += Vector256.Create(x[i..]);
            }

            sum = Vector256.Sum(acc);
        }

        for (; i < x.Length; i++)
        {
            sum += x[i];
        }

        return sum;
    }

    /// <summary>x[i] = factor · y[i].</summary>
    public static void Multiply(ReadOnlySpan<double> y, double factor, Span<double> x)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var v = Vector256.Create(factor);
            for (; i <= x.Length - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                (Vector256.Create(y[i..]) * v).CopyTo(x[i..]);
            }
        }

        for (; i < x.Length; i++)
        {
            x[i] = factor * y[i];
        }
    }

    /// <summary>Whether |x[i] − y[i]| ≤ tolerance · y[i] for every i.</summary>
    public static bool WithinRelative(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double tolerance)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var t = Vector256.Create(tolerance);
            var outside = Vector256<double>.Zero;
            for (; i <= x.Length - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                var b = Vector256.Create(y[i..]);
                outside |= Vector256.GreaterThan(Vector256.Abs(Vector256.Create(x[i..]) - b), t * b).AsDouble();
            }

            if (Vector256.ExtractMostSignificantBits(outside) != 0)
            {
                return false;
            }
        }

        for (; i < x.Length; i++)
        {
            if (Math.Abs(x[i] - y[i]) > tolerance * y[i])
            {
                return false;
            }
        }

        return true;
    }
}
