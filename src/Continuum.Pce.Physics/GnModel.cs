using System.Runtime.Intrinsics;

namespace Continuum.Pce.Physics;

/// <summary>
/// Nonlinear interference by the closed-form (incoherent) Gaussian-noise model of Poggiolini et al.
/// ("The GN-model of fiber non-linear propagation and its applications", J. Lightwave Technol. 32(4), 2014), in the
/// form GNPy uses (<c>gnpy.core.science_utils</c>, "gn_analytic"): for channel i and every interferer j (i included),
/// P_NLI,i = Σ_j P_i · P_j² · γ(f_i)² · w_ij · ψ_ij / R_j², w_ii = 16/27 (SPM), w_ij = 32/27 (XPM), with
/// ψ_ij = L_eff² / (2π·|β̄2|·L_a) · ½·[asinh(π²·L_a·|β̄2|·R_i·(Δf_ij + R_j/2)) − asinh(π²·L_a·|β̄2|·R_i·(Δf_ij − R_j/2))],
/// β̄2 = (β2(f_i) + β2(f_j)) / 2 and Δf_ij = f_j − f_i.
/// </summary>
public static class GnModel
{
    /// <summary>SPM weight of the GN model.</summary>
    public const double SelfWeight = 16.0 / 27.0;

    /// <summary>XPM weight of the GN model.</summary>
    public const double CrossWeight = 32.0 / 27.0;

    /// <summary>Nonlinear coefficient γ(f) = 2π·n2·f / (c·A_eff), 1/(W·m).</summary>
    public static double Gamma(double frequencyHz, double n2, double effectiveAreaM2) =>
        2 * Math.PI * n2 * frequencyHz / (Domain.Units.PhysicalConstants.SpeedOfLight * effectiveAreaM2);

    /// <summary>
    /// Effective area at a frequency from the Gaussian-mode approximation of a step-index core (GNPy's
    /// <c>effective_area_scaling</c>): with core radius a, A(f) = π·a² / (ln(f / f_ref) + π·a² / A_eff(f_ref)).
    /// The mode spreads at lower frequencies, so γ falls faster than f there. A radius of 0 keeps A_eff constant.
    /// </summary>
    public static double EffectiveArea(double frequencyHz, double effectiveAreaM2, double referenceFrequencyHz, double coreRadiusM)
    {
        if (coreRadiusM <= 0)
        {
            return effectiveAreaM2;
        }

        var core = Math.PI * coreRadiusM * coreRadiusM;
        return core / (Math.Log(frequencyHz / referenceFrequencyHz) + core / effectiveAreaM2);
    }

    /// <summary>
    /// Group-velocity dispersion β2(f) = −(c/f)²·D(f) / (2πc) with D(f) = D_ref·(f/f_ref)², s²/m.
    /// </summary>
    public static double Beta2(double frequencyHz, double dispersionSPerM2, double referenceFrequencyHz)
    {
        const double c = Domain.Units.PhysicalConstants.SpeedOfLight;
        var ratio = frequencyHz / referenceFrequencyHz;
        var d = dispersionSPerM2 * ratio * ratio;
        var lambda = c / frequencyHz;
        return -lambda * lambda * d / (2 * Math.PI * c);
    }

    /// <summary>
    /// asinh(a) − asinh(b) for a ≥ b. When both have the same sign (every XPM term) it is one logarithm,
    /// ln((a + √(a²+1)) / (b + √(b²+1))), about half the cost of two asinh calls.
    /// </summary>
    public static double AsinhDifference(double a, double b)
    {
        if (b >= 0)
        {
            return Math.Log((a + Math.Sqrt(a * a + 1)) / (b + Math.Sqrt(b * b + 1)));
        }

        if (a <= 0)
        {
            // asinh is odd: asinh(a) − asinh(b) = asinh(−b) − asinh(−a), with −b ≥ −a ≥ 0.
            return Math.Log((-b + Math.Sqrt(b * b + 1)) / (-a + Math.Sqrt(a * a + 1)));
        }

        return Math.Asinh(a) - Math.Asinh(b);
    }

    /// <summary>
    /// Computes, for every traced channel, the NLI generated in one fibre by all channels of the state (the state holds
    /// the powers at the fibre input, after the input connector), into <paramref name="increments"/>.
    /// </summary>
    /// <param name="effectiveLength">L_eff = (1 − e^(−αL)) / α, m (α the power attenuation, 1/m).</param>
    /// <param name="asymptoticLength">L_a = 1/α, m.</param>
    /// <param name="coreRadiusM">Core radius for the effective-area scaling; 0 keeps A_eff constant.</param>
    /// <param name="includeNoise">
    /// Take each channel's total power (signal, ASE and NLI) as its power in the GN model rather than its signal power
    /// alone: what GNPy does at the reference commit of the shared golden cases (its multi-span cases need it to agree
    /// within 0.02 dB; with signal power only they come out 0.07–0.11 dB more optimistic).
    /// </param>
    /// <param name="inputTransmission">
    /// Linear transmission between the state's powers and the fibre input (an input connector); the NLI, ∝ P³, is
    /// scaled by its cube instead of scaling every power.
    /// </param>
    public static void ComputeNli(
        SpectralState state,
        Span<double> increments,
        double effectiveLength,
        double asymptoticLength,
        double dispersionSPerM2,
        double referenceFrequencyHz,
        double n2,
        double effectiveAreaM2,
        double coreRadiusM,
        double inputTransmission = 1,
        bool includeNoise = false)
    {
        var f = state.FrequencyHz;
        var r = state.BaudRate;
        var p = state.Signal;
        var ase = state.Ase;
        var nli = state.Nli;
        var n = state.Count;
        var connectorCubed = inputTransmission * inputTransmission * inputTransmission;

        // Per-channel terms computed once per fibre, not once per pair: β2(f_j) and the squared PSD (P_j / R_j)².
        // With D(f) = D·(f/f_ref)², β2(f) = −(c/f)²·D·(f/f_ref)² / (2πc) = −c·D / (2π·f_ref²) for every f (the f²
        // cancels), so the fill is a constant; β̄2 keeps the pair average so that a D(f) with a slope drops in here.
        var beta2 = state.ScratchA;
        var psd2 = state.ScratchB;
        var beta2Flat = -Domain.Units.PhysicalConstants.SpeedOfLight * dispersionSPerM2 / (2 * Math.PI * referenceFrequencyHz * referenceFrequencyHz);
        for (var j = 0; j < n; j++)
        {
            beta2[j] = beta2Flat;
            var g = (includeNoise ? p[j] + ase[j] + nli[j] : p[j]) / r[j];
            psd2[j] = g * g;
        }

        var piSquaredLa = Math.PI * Math.PI * asymptoticLength;
        for (var i = 0; i < state.TracedCount; i++)
        {
            var fi = f[i];
            var ri = r[i];
            var beta2I = beta2[i];
            var k = piSquaredLa * ri;

            // Σ_j w_ij · (P_j/R_j)² · [asinh(x⁺) − asinh(x⁻)] / |β̄2|; the constant L_eff² / (4π·L_a) is applied below.
            var sum = SelfWeight * psd2[i] * AsinhDifference(k * Math.Abs(beta2I) * 0.5 * ri, -k * Math.Abs(beta2I) * 0.5 * ri) / Math.Abs(beta2I);
            sum += CrossWeight * (CrossSum(f[..i], r[..i], beta2[..i], psd2[..i], fi, beta2I, k)
                + CrossSum(f[(i + 1)..], r[(i + 1)..], beta2[(i + 1)..], psd2[(i + 1)..], fi, beta2I, k));

            var gamma = Gamma(fi, n2, EffectiveArea(fi, effectiveAreaM2, referenceFrequencyHz, coreRadiusM));
            var power = includeNoise ? p[i] + ase[i] + nli[i] : p[i];
            increments[i] = connectorCubed * power * gamma * gamma * effectiveLength * effectiveLength / (4 * Math.PI * asymptoticLength) * sum;
        }
    }

    /// <summary>
    /// Σ_j (P_j/R_j)² · [asinh(k·|β̄2|·(Δf + R_j/2)) − asinh(k·|β̄2|·(Δf − R_j/2))] / |β̄2| over interferers that do not
    /// overlap the channel under test, so both arguments have the sign of Δf and the difference is one logarithm of
    /// |x|-ordered terms. Vectorised (four lanes) where the hardware allows.
    /// </summary>
    private static double CrossSum(
        ReadOnlySpan<double> f,
        ReadOnlySpan<double> r,
        ReadOnlySpan<double> beta2,
        ReadOnlySpan<double> psd2,
        double fi,
        double beta2I,
        double k)
    {
        var sum = 0.0;
        var j = 0;
        if (Vector256.IsHardwareAccelerated && f.Length >= Vector256<double>.Count)
        {
            var acc = Vector256<double>.Zero;
            var vfi = Vector256.Create(fi);
            var vb = Vector256.Create(0.5 * beta2I);
            var vk = Vector256.Create(k);
            var half = Vector256.Create(0.5);
            var one = Vector256<double>.One;

            // Interferers of one weight (P_j/R_j)² / |β̄2| — every channel of a uniform load, the usual case — share one
            // logarithm: Σ w·ln(q_j) = w·ln(Π q_j). Blocks of that weight multiply their ratios q_j ≥ 1 (a lane past 1e75
            // is folded into a logarithm, so the four lanes multiply below 1e300); other blocks take their own logarithms.
            var weight = psd2[0] / Math.Abs(0.5 * (beta2I + beta2[0]));
            var vWeight = Vector256.Create(weight);
            var product = one;
            var fold = Vector256.Create(1e75);
            for (; j <= f.Length - Vector256<double>.Count; j += Vector256<double>.Count)
            {
                var absBeta = Vector256.Abs(vb + half * Vector256.Create(beta2[j..]));
                var scale = vk * absBeta;
                var df = Vector256.Abs(Vector256.Create(f[j..]) - vfi);
                var hr = half * Vector256.Create(r[j..]);
                var x = scale * (df + hr);
                var y = scale * (df - hr);
                var ratio = (x + Vector256.Sqrt(x * x + one)) / (y + Vector256.Sqrt(y * y + one));
                var w = Vector256.Create(psd2[j..]) / absBeta;
                if (Vector256.EqualsAll(w, vWeight))
                {
                    product *= ratio;
                    if (Vector256.GreaterThanAny(product, fold))
                    {
                        acc += vWeight * Vector256.Log(product);
                        product = one;
                    }
                }
                else
                {
                    acc += w * Vector256.Log(ratio);
                }
            }

            sum = Vector256.Sum(acc) + (weight * Math.Log(product[0] * product[1] * product[2] * product[3]));
        }

        for (; j < f.Length; j++)
        {
            var absBeta = Math.Abs(0.5 * (beta2I + beta2[j]));
            var scale = k * absBeta;
            var df = Math.Abs(f[j] - fi);
            var hr = 0.5 * r[j];
            sum += psd2[j] * AsinhDifference(scale * (df + hr), scale * (df - hr)) / absBeta;
        }

        return sum;
    }
}
