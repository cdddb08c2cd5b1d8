namespace Continuum.Pce.Api.Tests.Tenancy;

/// <summary>
/// The ids a request of a foreign tenant carries: tenant A's own (<see cref="Owner"/>), or a set of the same shape that
/// exists nowhere (<see cref="Ghost"/>). A foreign tenant's answers must not depend on which of the two it sent.
/// </summary>
public sealed record IdSet(string Name, string Lightpath, string SecondLightpath, string BundlePrefix, string IdempotencyKey, string Tenant)
{
    /// <summary>Tenant A's ids. The ghost ids sort like them against every other id ("vq-" and "vr-"), so pages list alike.</summary>
    public static readonly IdSet Owner = new("owner", "vq-lp-1", "vq-lp-2", "vq-bundle", "vq-key", TenancyFixture.OwnerTenant);

    public static readonly IdSet Ghost = new("ghost", "vr-lp-1", "vr-lp-2", "vr-bundle", "vr-key", "vr-tenant");

    public string BundleMember => BundlePrefix + "-1";

    /// <summary>The value of a slot of a request (a path parameter, a query or header parameter, a body field).</summary>
    public string Resolve(Slot slot, KnownValues known) => slot switch
    {
        Slot.Lightpath => Lightpath,
        Slot.BundleMember => BundleMember,
        Slot.BundlePrefix => BundlePrefix,
        Slot.IdempotencyKey => IdempotencyKey,
        Slot.Tenant => Tenant,
        Slot.Cursor => known.OwnerCursor ?? throw new InvalidOperationException("no cursor of tenant A yet"),
        _ => throw new ArgumentOutOfRangeException(nameof(slot)),
    };

    /// <summary>Each id of this set and the placeholder both sets share, longest first.</summary>
    public IEnumerable<(string Value, string Placeholder)> Placeholders =>
        new[] { (BundlePrefix, "<bundle>"), (Lightpath, "<lightpath>"), (SecondLightpath, "<lightpath2>"), (IdempotencyKey, "<key>"), (Tenant, "<owner>") }
            .OrderByDescending(p => p.Item1.Length);
}

/// <summary>Where a request carries an id that names a lightpath, a bundle, a tenant or a position in a list.</summary>
public enum Slot
{
    Lightpath,
    BundleMember,
    BundlePrefix,
    IdempotencyKey,
    Tenant,
    Cursor,
}

/// <summary>Which id fields of a body a probe fills: all, the ones that name the new resource (id, idPrefix), or the ones that refer to others (diverseFrom).</summary>
public enum IdFields
{
    All,
    Identity,
    References,
}

/// <summary>Values that reach real resources, so that operations answer with bodies rather than only 404s.</summary>
public sealed record KnownValues(string Fiber, string Node, string Site)
{
    /// <summary>A cursor from tenant A's list (null until A has lightpaths).</summary>
    public string? OwnerCursor { get; init; }
}

/// <summary>An answer: its status ("200", or the gRPC code) and its body (JSON, text, or the gRPC status detail).</summary>
public sealed record Answer(string Status, string Body)
{
    public override string ToString() => $"{Status} {(Body.Length > 300 ? Body[..300] + "…" : Body)}";
}

/// <summary>One call that an operation's generator produced: its operation, which of its slots it fills, and how to make it.</summary>
public sealed record Probe(string Operation, string Variant, bool Reads, IReadOnlySet<Slot> Slots, Func<Actor, IdSet, KnownValues, Task<Answer>> Call)
{
    public string Name => Variant.Length == 0 ? Operation : $"{Operation} [{Variant}]";

    public override string ToString() => Name;
}

/// <summary>A streaming operation: opened with its generated request, read until cancelled.</summary>
public sealed record StreamProbe(string Operation, Func<Actor, IdSet, KnownValues, CancellationToken, IAsyncEnumerable<string>> Open)
{
    public override string ToString() => Operation;
}
