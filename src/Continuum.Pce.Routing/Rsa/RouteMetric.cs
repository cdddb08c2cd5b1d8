namespace Continuum.Pce.Routing.Rsa;

/// <summary>The cost that orders candidate paths.</summary>
public enum RouteMetric
{
    Latency,
    Km,
    Hops,

    /// <summary>The engine's <see cref="Search.WeightedCost"/> (latency, km and hop weights).</summary>
    Weighted,

    /// <summary>
    /// Energy-aware: the K candidates by latency, of which the one adding the least network power wins (see
    /// <see cref="RsaEngine"/>): its two transponder interfaces at the chosen mode's power, plus the amplifiers of every
    /// dark fibre it would light and the ROADM degrees it would wake. Already-lit fibres cost nothing; ties go to the
    /// lower latency.
    /// </summary>
    Energy,
}

/// <summary>How spectrum assignment walks the K candidates.</summary>
public enum SpectrumOrder
{
    /// <summary>Candidates in cost order; the first with a fit wins ("KSP-FF").</summary>
    KThenFit,

    /// <summary>Lowest first-fit start slot over all K candidates, ties to the cheaper candidate ("FF-KSP").</summary>
    LowestStartOverAllK,
}
