namespace Continuum.Pce.Domain.Requests;

/// <summary>The resource or constraint that blocked a request.</summary>
public enum BlockReason
{
    /// <summary>The endpoints are not connected once exclusions are applied.</summary>
    NoPath,

    /// <summary>Every route crosses a jurisdiction the request does not allow.</summary>
    Jurisdiction,

    /// <summary>Every route exceeds the latency bound.</summary>
    Latency,

    /// <summary>No mode reaches the receiver with the required OSNR and margin.</summary>
    Qot,

    /// <summary>No contiguous, continuous slot range is free on any candidate.</summary>
    Spectrum,

    /// <summary>No route is diverse enough from the paths it must avoid.</summary>
    Diversity,

    /// <summary>No transponder interface or mode is available at an endpoint.</summary>
    Equipment,

    /// <summary>The request itself is malformed (unknown endpoint, non-positive rate).</summary>
    InvalidRequest,
}

/// <summary>Why a request was refused, with a human-readable detail naming the constraint or resource.</summary>
public sealed record Blocked(BlockReason Reason, string Detail)
{
    public override string ToString() => $"{Reason}: {Detail}";
}
