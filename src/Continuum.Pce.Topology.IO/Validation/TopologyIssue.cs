using System.Collections.Immutable;

namespace Continuum.Pce.Topology.IO.Validation;

public enum IssueSeverity
{
    Error,
    Warning,
}

/// <summary>
/// One problem found in a topology or equipment document: where (a JSONPath such as
/// <c>$.fibers[3].spans[0].lengthKm</c>, inside the document named by <see cref="Source"/> when known), a stable code
/// for scripts and tests, and a reason for people.
/// </summary>
/// <param name="Source">The document the path points into (a file name), or null when the caller gave none.</param>
public sealed record TopologyIssue(IssueSeverity Severity, string Code, string Path, string Message, string? Source = null)
{
    public bool IsError => Severity == IssueSeverity.Error;

    /// <summary>The path prefixed with the source document, e.g. <c>default.json:$.amplifiers[0].gainMinDb</c>.</summary>
    public string Location => Source is null ? Path : $"{Source}:{Path}";

    public override string ToString() => $"{(Severity == IssueSeverity.Error ? "error" : "warning")} {Code} at {Location}: {Message}";
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
    public const string UnknownField = "unknown-field";
    public const string CurrencyMismatch = "currency-mismatch";
    public const string MalformedSource = "malformed-source";
    public const string InvalidOption = "invalid-option";
    public const string InvalidCurrency = "invalid-currency";
    public const string UnreadableFile = "unreadable-file";
    public const string TransponderSiteMismatch = "transponder-site-mismatch";
    public const string DegreeMismatch = "degree-mismatch";
    public const string JurisdictionOmitsSite = "jurisdiction-omits-site";
    public const string LimitExceeded = "limit-exceeded";
    public const string ConflictingFields = "conflicting-fields";
    public const string NotADegree = "not-a-degree";
}

/// <summary>The outcome of reading a document: the value when there is no error, and every issue found either way.</summary>
public sealed record ReadResult<T>(T? Value, ImmutableArray<TopologyIssue> Issues)
    where T : class
{
    public bool IsSuccess => Value is not null && !Issues.Any(i => i.Severity == IssueSeverity.Error);

    public IEnumerable<TopologyIssue> Errors => Issues.Where(i => i.Severity == IssueSeverity.Error);

    public IEnumerable<TopologyIssue> Warnings => Issues.Where(i => i.Severity == IssueSeverity.Warning);

    /// <summary>A result of another type with no value and these issues: passes a failure on.</summary>
    public ReadResult<TOther> AsFailure<TOther>()
        where TOther : class => new(null, Issues);

    /// <summary>The same result with every issue attributed to <paramref name="source"/> (issues that already name one keep it).</summary>
    public ReadResult<T> From(string? source) =>
        source is null ? this : this with { Issues = [.. Issues.Select(i => i.Source is null ? i with { Source = source } : i)] };
}
