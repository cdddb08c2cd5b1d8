using System.Collections.Immutable;

namespace Continuum.Pce.Topology.IO.Validation;

public enum IssueSeverity
{
    Error,
    Warning,
}

/// <summary>
/// One problem found in a topology or equipment document: where (a JSONPath such as
/// <c>$.fibers[3].spans[0].lengthKm</c>), a stable code for scripts and tests, and a reason for people.
/// </summary>
public sealed record TopologyIssue(IssueSeverity Severity, string Code, string Path, string Message)
{
    public override string ToString() => $"{(Severity == IssueSeverity.Error ? "error" : "warning")} {Code} at {Path}: {Message}";
}

/// <summary>Stable issue codes.</summary>
public static class IssueCodes
{
    public const string MalformedJson = "malformed-json";
    public const string MissingField = "missing-field";
    public const string WrongType = "wrong-type";
    public const string UnsupportedFormat = "unsupported-format";
    public const string DuplicateId = "duplicate-id";
    public const string UnknownSite = "unknown-site";
    public const string UnknownNode = "unknown-node";
    public const string UnknownFiber = "unknown-fiber";
    public const string UnknownNodeKind = "unknown-node-kind";
    public const string UnknownTier = "unknown-tier";
    public const string UnknownJurisdiction = "unknown-jurisdiction";
    public const string UnknownFiberType = "unknown-fiber-type";
    public const string UnknownAmplifierType = "unknown-amplifier-type";
    public const string UnknownRoadmType = "unknown-roadm-type";
    public const string UnknownTransceiverType = "unknown-transceiver-type";
    public const string OutOfRange = "out-of-range";
    public const string NotARoadm = "not-a-roadm";
    public const string NotAnAmplifier = "not-an-amplifier";
    public const string ReverseMismatch = "reverse-mismatch";
    public const string SelfLoop = "self-loop";
    public const string InvalidGrid = "invalid-grid";
    public const string InvalidNoiseFigure = "invalid-noise-figure";
    public const string EmptyCollection = "empty-collection";
    public const string FileNotFound = "file-not-found";
    public const string Disconnected = "disconnected";
    public const string Bridge = "bridge";
    public const string ArticulationPoint = "articulation-point";
    public const string SiteWithoutNodes = "site-without-nodes";
    public const string FiberWithoutReverse = "fiber-without-reverse";
}

/// <summary>The outcome of reading a document: the value when there is no error, and every issue found either way.</summary>
public sealed record ReadResult<T>(T? Value, ImmutableArray<TopologyIssue> Issues)
    where T : class
{
    public bool IsSuccess => Value is not null && !Issues.Any(i => i.Severity == IssueSeverity.Error);

    public IEnumerable<TopologyIssue> Errors => Issues.Where(i => i.Severity == IssueSeverity.Error);

    public IEnumerable<TopologyIssue> Warnings => Issues.Where(i => i.Severity == IssueSeverity.Warning);
}
