namespace Continuum.Pce.Topology.IO;

/// <summary>
/// Bounds on the size of topology documents, so that no input (a huge file, <c>/dev/zero</c>, a fibre of a million
/// spans, JSON nested a thousand deep) can exhaust memory or time. A document over a bound is refused with the code
/// <c>limit-exceeded</c> and a message that names the bound (e.g. <c>MaxSpansPerFiber</c>). The defaults are far above
/// any real network (the largest shipped topology, synthetic-1000, is 2.6 MB with 1,000 sites) and are documented in
/// docs/topology-format.md; the server reads overrides from the configuration section <c>Topology:Limits</c>.
/// </summary>
public sealed record TopologyLimits
{
    /// <summary>The defaults.</summary>
    public static TopologyLimits Default { get; } = new();

    /// <summary>Largest document (network or equipment library), in bytes of UTF-8. Files are never read past it.</summary>
    public long MaxDocumentBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>Deepest JSON nesting (the formats need 5: <c>$.fibers[i].spans[j].amplifier</c>).</summary>
    public int MaxDepth { get; init; } = 16;

    /// <summary>Longest string value (ids, names, descriptions, provenance notes), in characters.</summary>
    public int MaxStringLength { get; init; } = 4096;

    public int MaxSites { get; init; } = 20_000;

    public int MaxNodes { get; init; } = 100_000;

    public int MaxFibers { get; init; } = 200_000;

    /// <summary>Spans of one fibre. A 10,000 km submarine OMS of 50 km spans has 200.</summary>
    public int MaxSpansPerFiber { get; init; } = 1_000;

    public int MaxSrlgsPerFiber { get; init; } = 256;

    public int MaxJurisdictionsPerFiber { get; init; } = 64;

    /// <summary>Entries of each equipment-library list (transceivers, amplifiers, fibre types, ROADM types).</summary>
    public int MaxLibraryEntries { get; init; } = 10_000;

    public int MaxModesPerTransceiver { get; init; } = 256;

    /// <summary>The bounds as (name, value) pairs, in the order the documentation lists them.</summary>
    public IEnumerable<(string Name, long Value)> All() =>
    [
        (nameof(MaxDocumentBytes), MaxDocumentBytes), (nameof(MaxDepth), MaxDepth), (nameof(MaxStringLength), MaxStringLength),
        (nameof(MaxSites), MaxSites), (nameof(MaxNodes), MaxNodes), (nameof(MaxFibers), MaxFibers),
        (nameof(MaxSpansPerFiber), MaxSpansPerFiber), (nameof(MaxSrlgsPerFiber), MaxSrlgsPerFiber),
        (nameof(MaxJurisdictionsPerFiber), MaxJurisdictionsPerFiber), (nameof(MaxLibraryEntries), MaxLibraryEntries),
        (nameof(MaxModesPerTransceiver), MaxModesPerTransceiver),
    ];
}
