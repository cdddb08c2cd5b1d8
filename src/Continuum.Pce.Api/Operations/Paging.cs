namespace Continuum.Pce.Api.Operations;

/// <summary>The page-size rule shared by every paginated list (lightpaths, alarms).</summary>
public static class Paging
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    /// <summary>The page size a request asks for (default when absent), or the 400 problem naming <c>limit</c>.</summary>
    public static bool TryLimit(int? limit, out int size, out ApiError? error)
    {
        size = limit ?? DefaultPageSize;
        error = size is < 1 or > MaxPageSize ? ApiError.Invalid("limit", $"must be between 1 and {MaxPageSize}, got {size}") : null;
        return error is null;
    }
}
