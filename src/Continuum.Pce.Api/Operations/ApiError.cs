namespace Continuum.Pce.Api.Operations;

/// <summary>
/// Why an operation did not succeed, in HTTP terms (the gRPC service maps the status): becomes an RFC 9457 problem
/// with the field and the reason, plus any extensions (the block reason, the lightpath, validation errors).
/// </summary>
public sealed record ApiError(int Status, string Title, string Detail, string? Field = null)
{
    public IReadOnlyDictionary<string, object?> Extensions { get; init; } = new Dictionary<string, object?>();

    public static ApiError Invalid(string field, string reason) => new(400, "Invalid request", reason, field);

    public static ApiError NotFound(string what, string id) => new(404, "Not found", $"{what} '{id}' does not exist");

    public static ApiError Conflict(string detail) => new(409, "Conflict", detail);

    public static ApiError Unprocessable(string title, string detail) => new(422, title, detail);

    /// <summary>The request was understood but no path (or no feasible one) serves it; <paramref name="reason"/> is the block reason.</summary>
    public static ApiError Blocked(string reason, string detail) => Unprocessable("Request blocked", detail).With("reason", reason);

    public static ApiError NoTopology() => new(503, "No topology", "no topology is loaded yet");

    public ApiError With(string key, object? value) =>
        this with { Extensions = new Dictionary<string, object?>(Extensions) { [key] = value } };
}

/// <summary>A value or an <see cref="ApiError"/>.</summary>
public readonly struct Outcome<T>
{
    private Outcome(T? value, ApiError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public ApiError? Error { get; }

    /// <summary>HTTP status of a success (200 by default; 201 for a resource created now).</summary>
    public int SuccessStatus { get; init; } = 200;

    public bool IsSuccess => Error is null;

    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(ApiError error) => new(default, error);

    /// <summary>Where a resource created now (201) can be read: the answer's Location header (RFC 9110 §10.2.2).</summary>
    public string? Location { get; init; }

    /// <summary>Created now (201), readable at <paramref name="location"/> (a path under the server, e.g. /api/v1/lightpaths/lp-1).</summary>
    public static Outcome<T> Created(T value, string location) => new(value, null) { SuccessStatus = 201, Location = location };

    /// <summary>Accepted, not finished (202): the operation goes on in the background.</summary>
    public static Outcome<T> Accepted(T value) => new(value, null) { SuccessStatus = 202 };
}
