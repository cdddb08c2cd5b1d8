namespace Continuum.Pce.Domain.Lightpaths;

/// <summary>
/// A leg of a 1+1 protected lightpath: which line path a protection switch connects to its common port.
/// </summary>
public enum ProtectionLeg
{
    // The numbers are part of the wire format: never renumber.

    /// <summary>The working leg (the switch's primary line port).</summary>
    Working = 0,

    /// <summary>The protection leg (the switch's secondary line port).</summary>
    Protection = 1,
}

/// <summary>A manual switch of a 1+1 lightpath: automatic (no switch held), or held on one leg whatever its condition.</summary>
public enum ProtectionForce
{
    // The numbers are part of the wire format: never renumber.
    Auto = 0,
    Working = 1,
    Protection = 2,
}
