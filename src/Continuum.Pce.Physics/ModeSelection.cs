using System.Collections.Immutable;
using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Units;

namespace Continuum.Pce.Physics;

/// <summary>Why a transceiver mode cannot carry a channel on a path (several may hold).</summary>
[Flags]
public enum ModeRejectionReason
{
    None = 0,

    /// <summary>OSNR at 0.1 nm (from GSNR) minus penalties is below required OSNR plus system margin.</summary>
    Osnr = 1,

    /// <summary>Accumulated chromatic dispersion exceeds the mode's tolerance.</summary>
    ChromaticDispersion = 2,

    /// <summary>Accumulated PMD exceeds the mode's tolerance.</summary>
    Pmd = 4,
}

/// <summary>A rejected mode and why.</summary>
/// <param name="OsnrShortfallDb">(required + system margin) − (OSNR_0.1nm − penalties); positive when short.</param>
public sealed record ModeRejection(
    TransceiverMode Mode,
    ModeRejectionReason Reason,
    double OsnrShortfallDb,
    double CdPsPerNm,
    double PmdPs)
{
    public override string ToString() => Reason switch
    {
        ModeRejectionReason.Osnr => FormattableString.Invariant($"{Mode.Id}: OSNR short by {OsnrShortfallDb:F2} dB"),
        _ => FormattableString.Invariant(
            $"{Mode.Id}: {Reason} (OSNR shortfall {OsnrShortfallDb:F2} dB, CD {CdPsPerNm:F0}/{Mode.CdTolerancePsPerNm:F0} ps/nm, PMD {PmdPs:F2}/{Mode.PmdTolerancePs:F2} ps)"),
    };
}

/// <summary>
/// The outcome of mode selection: the highest-rate feasible mode (or none), its QoT and margin, and every mode tried
/// before it with the reason it was rejected.
/// </summary>
/// <param name="MarginDb">OSNR_0.1nm − penalties − required OSNR of the chosen mode (≥ the system margin when feasible).</param>
public sealed record ModeSelection(
    TransceiverMode? Mode,
    ChannelQot? Qot,
    double MarginDb,
    ImmutableArray<ModeRejection> Rejections)
{
    public bool IsFeasible => Mode is not null;

    /// <summary>The rejection of the highest-rate mode that came closest, for a "blocked by QoT" report.</summary>
    public ModeRejection? BestRejection => Rejections.IsDefaultOrEmpty ? null : Rejections.MinBy(r => r.OsnrShortfallDb);
}

/// <summary>
/// Chooses a transceiver mode for a channel on a path (reference/physics.md, "Mode feasibility"): modes from the
/// highest line rate down; a mode is feasible when OSNR_0.1nm (from GSNR) − penalties ≥ required OSNR + system margin
/// and CD and PMD are within its tolerances.
/// </summary>
public static class ModeSelector
{
    /// <summary>The default system margin, dB.</summary>
    public const double DefaultSystemMarginDb = 2.0;

    public static ModeSelection Select(
        QotEngine engine,
        QotPath path,
        ChannelLoad load,
        Frequency centre,
        IEnumerable<TransceiverMode> modes,
        double systemMarginDb = DefaultSystemMarginDb,
        double penaltiesDb = 0)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(modes);
        var rejections = ImmutableArray.CreateBuilder<ModeRejection>();
        foreach (var mode in modes.OrderByDescending(m => m.LineRateGbps).ThenBy(m => m.RequiredOsnrDb))
        {
            var qot = engine.EvaluateCandidate(path, load, centre, mode);
            var margin = qot.Gsnr01nmDb - penaltiesDb - mode.RequiredOsnrDb;
            var reason = ModeRejectionReason.None;
            if (margin < systemMarginDb)
            {
                reason |= ModeRejectionReason.Osnr;
            }

            if (qot.CdPsPerNm > mode.CdTolerancePsPerNm)
            {
                reason |= ModeRejectionReason.ChromaticDispersion;
            }

            if (qot.PmdPs > mode.PmdTolerancePs)
            {
                reason |= ModeRejectionReason.Pmd;
            }

            if (reason == ModeRejectionReason.None)
            {
                return new ModeSelection(mode, qot, margin, rejections.ToImmutable());
            }

            rejections.Add(new ModeRejection(mode, reason, systemMarginDb - margin, qot.CdPsPerNm, qot.PmdPs));
        }

        return new ModeSelection(null, null, double.NaN, rejections.ToImmutable());
    }

    /// <summary>Selects among the modes of one transceiver type.</summary>
    public static ModeSelection Select(
        QotEngine engine,
        QotPath path,
        ChannelLoad load,
        Frequency centre,
        TransceiverType transceiver,
        double systemMarginDb = DefaultSystemMarginDb,
        double penaltiesDb = 0) =>
        Select(engine, path, load, centre, transceiver.Modes, systemMarginDb, penaltiesDb);
}
