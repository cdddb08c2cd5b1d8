using System.Collections.Immutable;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Spectrum;

namespace Continuum.Pce.Application.Reservation;

/// <summary>Whether a claim on a fibre's spectrum is a tentative hold or a committed reservation.</summary>
public enum ClaimStatus
{
    Held,
    Committed,
}

/// <summary>
/// One lightpath's claim on a slot range of one fibre. <paramref name="Attempt"/> names the reservation attempt (a
/// lightpath that retries on another candidate makes a new attempt), so that recovery can ask the owner whether that
/// attempt committed. <paramref name="HeldAt"/> is when the hold was taken, for expiry.
/// </summary>
public sealed record SpectrumClaim(LightpathId Owner, string Attempt, SlotRange Slots, ClaimStatus Status, DateTimeOffset HeldAt);

/// <summary>Why a hold was refused.</summary>
public enum HoldRefusal
{
    None,

    /// <summary>Another lightpath holds or owns an overlapping range (guard band included).</summary>
    Occupied,

    /// <summary>The range does not fit the fibre's grid.</summary>
    OutsideGrid,

    /// <summary>The fibre is down.</summary>
    FiberDown,
}

/// <summary>
/// The spectrum of one fibre as an immutable value: every claim (holds and commitments), the grid and the guard band.
/// The laws: no two claims of different lightpaths overlap or sit closer than the guard band; hold, confirm and
/// release are idempotent; releasing a claim restores the ledger it was taken from. The fibre grain stores this value
/// and applies these transitions; it decides nothing itself.
/// </summary>
public sealed record FiberLedger(int SlotCount, int GuardBandSlots, ImmutableArray<SpectrumClaim> Claims, bool IsUp = true)
{
    public static FiberLedger Empty(int slotCount, int guardBandSlots = 0) => new(slotCount, guardBandSlots, []);

    /// <summary>Takes a hold for <paramref name="owner"/>'s <paramref name="attempt"/> on <paramref name="slots"/>.</summary>
    public HoldRefusal TryHold(LightpathId owner, string attempt, SlotRange slots, DateTimeOffset now, out FiberLedger next)
    {
        next = this;
        if (!IsUp)
        {
            return HoldRefusal.FiberDown;
        }

        if (slots.End > SlotCount)
        {
            return HoldRefusal.OutsideGrid;
        }

        foreach (var claim in Claims)
        {
            if (claim.Owner == owner && claim.Attempt == attempt)
            {
                // Idempotent retry of the same hold (for example after a lost reply).
                return claim.Slots == slots ? HoldRefusal.None : HoldRefusal.Occupied;
            }

            if (claim.Owner != owner && Conflicts(claim.Slots, slots))
            {
                return HoldRefusal.Occupied;
            }
        }

        next = this with { Claims = Claims.Add(new SpectrumClaim(owner, attempt, slots, ClaimStatus.Held, now)) };
        return HoldRefusal.None;
    }

    /// <summary>Turns the owner's hold for that attempt into a commitment; false when no such hold exists.</summary>
    public bool TryConfirm(LightpathId owner, string attempt, out FiberLedger next)
    {
        next = this;
        for (var i = 0; i < Claims.Length; i++)
        {
            var claim = Claims[i];
            if (claim.Owner == owner && claim.Attempt == attempt)
            {
                if (claim.Status == ClaimStatus.Held)
                {
                    next = this with { Claims = Claims.SetItem(i, claim with { Status = ClaimStatus.Committed }) };
                }

                return true;
            }
        }

        return false;
    }

    /// <summary>Drops the owner's claims (of one attempt, or all of them when <paramref name="attempt"/> is null).</summary>
    public FiberLedger Release(LightpathId owner, string? attempt = null)
    {
        var kept = Claims.RemoveAll(c => c.Owner == owner && (attempt is null || c.Attempt == attempt));
        return kept.Length == Claims.Length ? this : this with { Claims = kept };
    }

    /// <summary>Holds taken before <paramref name="cutoff"/> that were never confirmed (candidates for presumed abort).</summary>
    public IEnumerable<SpectrumClaim> StaleHolds(DateTimeOffset cutoff) =>
        Claims.Where(c => c.Status == ClaimStatus.Held && c.HeldAt < cutoff);

    /// <summary>True when a new channel on <paramref name="slots"/> would conflict with nothing.</summary>
    public bool IsFree(SlotRange slots)
    {
        if (slots.End > SlotCount)
        {
            return false;
        }

        foreach (var claim in Claims)
        {
            if (Conflicts(claim.Slots, slots))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The occupancy as one bit per slot (claims and their guard bands), for the routing core's masks.</summary>
    public ulong[] OccupancyMask()
    {
        var words = new ulong[(SlotCount + 63) / 64];
        foreach (var claim in Claims)
        {
            for (var s = claim.Slots.Start; s < claim.Slots.End; s++)
            {
                words[s >> 6] |= 1UL << (s & 63);
            }
        }

        return words;
    }

    public int OccupiedSlots => Claims.Sum(c => c.Slots.Count);

    /// <summary>Two channels conflict when they overlap or leave fewer than the guard band's slots between them.</summary>
    private bool Conflicts(SlotRange a, SlotRange b) =>
        a.Start < b.End + GuardBandSlots && b.Start < a.End + GuardBandSlots;
}
