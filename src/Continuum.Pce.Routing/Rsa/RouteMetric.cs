namespace Continuum.Pce.Routing.Rsa;

/// <summary>The cost that orders candidate paths.</summary>
public enum RouteMetric
{
    Latency,
    Km,
    Hops,

    /// <summary>The engine's <see cref="Search.WeightedCost"/> (latency, km and hop weights).</summary>
    Weighted,
}

/// <summary>How spectrum assignment walks the K candidates.</summary>
public enum SpectrumOrder
{
    /// <summary>Candidates in cost order; the first with a fit wins ("KSP-FF").</summary>
    KThenFit,

    /// <summary>Lowest first-fit start slot over all K candidates, ties to the cheaper candidate ("FF-KSP").</summary>
    LowestStartOverAllK,
}
