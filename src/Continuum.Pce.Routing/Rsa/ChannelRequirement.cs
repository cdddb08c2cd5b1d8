namespace Continuum.Pce.Routing.Rsa;

/// <summary>
/// A requested channel in grid units (the hot-path form of the layer-0 constraints): the modes it may use (bit i =
/// mode i of the policy; at most the first 64 modes can be named), the slot boundary it is centred on, its width in slots
/// and the minimum OSNR (dB, 0.1 nm) the path must deliver. Every part is optional; a request without one carries none
/// of this (<see cref="RsaRequest.Channel"/> is null) and takes the engine's usual path.
/// </summary>
/// <param name="AllowedModes">Modes the channel may use, one bit per mode index; <see cref="AnyMode"/> for all.</param>
/// <param name="CentreBoundary">The slot boundary (0 = the band's lower edge) the channel is centred on, or null.</param>
/// <param name="Slots">The channel's width in slots (a mode needing more is not eligible), or null for the mode's own.</param>
/// <param name="MinOsnrDb">The minimum OSNR at the receiver, dB in 0.1 nm, or null.</param>
public readonly record struct ChannelRequirement(ulong AllowedModes, int? CentreBoundary = null, int? Slots = null, double? MinOsnrDb = null)
{
    public const ulong AnyMode = ulong.MaxValue;

    /// <summary>True when a mode of the policy (its index, and the slots it needs) may serve this channel.</summary>
    public bool Admits(int mode, int slots) =>
        (AllowedModes == AnyMode || ((uint)mode < 64 && ((AllowedModes >> mode) & 1) != 0)) && (Slots is not { } width || slots <= width);

    /// <summary>The slots a chosen mode's channel occupies: the requested width, else the mode's own.</summary>
    public int SlotsOf(int modeSlots) => Slots ?? modeSlots;

    /// <summary>
    /// The one slot range the channel may occupy when its centre is requested (start = centre − slots / 2; an odd width
    /// cannot be centred on a boundary); true and the start when it lies in the band.
    /// </summary>
    public bool TryPlace(int slots, int slotCount, out int start)
    {
        start = 0;
        if (CentreBoundary is not { } centre || slots % 2 != 0)
        {
            return false;
        }

        start = centre - (slots / 2);
        return start >= 0 && start + slots <= slotCount;
    }
}
