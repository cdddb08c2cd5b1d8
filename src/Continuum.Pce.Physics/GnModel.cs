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
    /// Adds to every traced channel the NLI generated in one fibre by all channels of the state (the state holds the
    /// powers at the fibre input, after the input connector).
    /// </summary>
    /// <param name="effectiveLength">L_eff = (1 − e^(−αL)) / α, m (α the power attenuation, 1/m).</param>
    /// <param name="asymptoticLength">L_a = 1/α, m.</param>
    /// <param name="coreRadiusM">Core radius for the effective-area scaling; 0 keeps A_eff constant.</param>
    public static void AddNli(
        SpectralState state,
        double effectiveLength,
        double asymptoticLength,
        double dispersionSPerM2,
        double referenceFrequencyHz,
        double n2,
        double effectiveAreaM2,
        double coreRadiusM)
    {
        var f = state.FrequencyHz;
        var r = state.BaudRate;
        var p = state.Signal;
        var nli = state.Nli;
        var n = state.Count;
        var leff2 = effectiveLength * effectiveLength;
        var piSquaredLa = Math.PI * Math.PI * asymptoticLength;
        var twoPiLa = 2 * Math.PI * asymptoticLength;
        for (var i = 0; i < state.TracedCount; i++)
        {
            var fi = f[i];
            var ri = r[i];
            var beta2I = Beta2(fi, dispersionSPerM2, referenceFrequencyHz);
            var sum = 0.0;
            for (var j = 0; j < n; j++)
            {
                var beta2 = Math.Abs(0.5 * (beta2I + Beta2(f[j], dispersionSPerM2, referenceFrequencyHz)));
                var rj = r[j];
                var k = piSquaredLa * beta2 * ri;
                var df = f[j] - fi;
                var diff = AsinhDifference(k * (df + 0.5 * rj), k * (df - 0.5 * rj));
                var w = j == i ? SelfWeight : CrossWeight;
                var pj = p[j] / rj;
                sum += w * pj * pj * 0.5 * diff / (twoPiLa * beta2);
            }

            var gamma = Gamma(fi, n2, EffectiveArea(fi, effectiveAreaM2, referenceFrequencyHz, coreRadiusM));
            nli[i] += p[i] * gamma * gamma * leff2 * sum;
        }
    }
}
