using System.Text;
using Continuum.Pce.Api.Auth;
using Continuum.Pce.Api.Operations;

namespace Continuum.Pce.Api.Alarms;

/// <summary>An alarm as REST answers it.</summary>
public sealed record AlarmDto(
    string Id,
    string Severity,
    string Kind,
    string Resource,
    string Message,
    string? Tenant,
    string State,
    DateTimeOffset RaisedAt,
    DateTimeOffset? AcknowledgedAt,
    string? AcknowledgedBy,
    DateTimeOffset? ClearedAt);

/// <summary>One page of alarms, newest first; <see cref="NextCursor"/> fetches the next (null on the last page).</summary>
public sealed record AlarmPageDto(IReadOnlyList<AlarmDto> Items, string? NextCursor);

/// <summary>The filters of an alarm list, as the caller sent them (checked by <see cref="AlarmOperations.List"/>).</summary>
public sealed record AlarmListRequest(string? Severity = null, string? Kind = null, string? Resource = null, string? Tenant = null, string? State = null, string? Cursor = null, int? Limit = null);

/// <summary>
/// The alarm operations shared by REST and gRPC: list (filtered, paginated, tenant-scoped) and acknowledge. A caller
/// sees the network-wide alarms and those of its own tenant (an admin: all); an alarm it does not see does not exist for it.
/// </summary>
public sealed class AlarmOperations(AlarmBook book)
{
    private const string CursorPrefix = "al:";

    public Outcome<AlarmPageDto> List(Caller caller, AlarmListRequest request)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        if (!Paging.TryLimit(request.Limit, out var size, out var badLimit))
        {
            return badLimit!;
        }

        if (request.Severity is { } severity && !AlarmSeverity.IsKnown(severity))
        {
            return ApiError.Invalid("severity", $"unknown severity '{severity}' (expected one of {string.Join(", ", AlarmSeverity.All)})");
        }

        var state = AlarmStateFilter.Active;
        if (request.State is { } s && !TryParseState(s, out state))
        {
            return ApiError.Invalid("state", $"unknown state '{s}' (expected active, cleared or all)");
        }

        AlarmCursor? after = null;
        if (request.Cursor is { } cursor)
        {
            if (!TryDecodeCursor(cursor, out var decoded))
            {
                return ApiError.Invalid("cursor", "not a cursor this server issued");
            }

            after = decoded;
        }

        if (request.Tenant is { } tenant && !caller.SeesAllTenants && tenant != caller.Tenant)
        {
            // Another tenant's alarms: there are none for this caller (not a 403, which would confirm the tenant exists).
            return new AlarmPageDto([], null);
        }

        var page = book.Query(new AlarmQuery
        {
            Viewer = Viewer(caller),
            Tenant = request.Tenant,
            Severity = request.Severity,
            Kind = request.Kind,
            Resource = request.Resource,
            State = state,
            After = after,
            Limit = size,
        });
        return new AlarmPageDto([.. page.Items.Select(Dto)], page.Next is { } next ? EncodeCursor(next) : null);
    }

    /// <summary>
    /// Acknowledges an alarm the caller sees (404 otherwise); acknowledging does not clear it, and a second acknowledgement
    /// changes nothing. A network-wide alarm (a fibre, a node) is everyone's: only an admin acknowledges it (403), so that
    /// one tenant neither silences it for the others nor shows them its key's name.
    /// </summary>
    public Outcome<AlarmDto> Acknowledge(string id, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (book.Find(id, Viewer(caller)) is not { } found)
        {
            return ApiError.NotFound("alarm", id);
        }

        if (found.Tenant is null && !caller.SeesAllTenants)
        {
            return new ApiError(403, "Forbidden", $"alarm '{id}' is network-wide: an admin acknowledges it");
        }

        return book.Acknowledge(id, caller.Name, Viewer(caller)) is { } alarm ? Dto(alarm) : ApiError.NotFound("alarm", id);
    }

    /// <summary>The active alarms the caller sees, newest first (the start of a watch stream).</summary>
    public IReadOnlyList<AlarmDto> Active(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return [.. book.All(Viewer(caller)).Select(Dto)];
    }

    public static bool Sees(Caller caller, Alarm alarm)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        return alarm.VisibleTo(Viewer(caller));
    }

    public static AlarmDto Dto(Alarm a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new(a.Id, a.Severity, a.Kind, a.Resource, a.Message, a.Tenant, a.State, a.RaisedAt, a.AcknowledgedAt, a.AcknowledgedBy, a.ClearedAt);
    }

    public static bool TryParseState(string state, out AlarmStateFilter filter)
    {
        filter = state switch
        {
            "active" => AlarmStateFilter.Active,
            "cleared" => AlarmStateFilter.Cleared,
            "all" => AlarmStateFilter.All,
            _ => (AlarmStateFilter)(-1),
        };
        return Enum.IsDefined(filter);
    }

    public static string EncodeCursor(AlarmCursor cursor) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{CursorPrefix}{cursor.RaisedAt.UtcTicks}:{cursor.Id}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryDecodeCursor(string cursor, out AlarmCursor decoded)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        decoded = default;
        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(padded));
            if (!text.StartsWith(CursorPrefix, StringComparison.Ordinal))
            {
                return false;
            }

            var parts = text[CursorPrefix.Length..].Split(':', 2);
            if (parts.Length != 2 || parts[1].Length == 0 ||
                !long.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ticks) ||
                ticks > DateTimeOffset.MaxValue.UtcTicks)
            {
                return false;
            }

            decoded = new AlarmCursor(new DateTimeOffset(ticks, TimeSpan.Zero), parts[1]);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The tenant whose view the caller has: null for an admin (every tenant).</summary>
    private static string? Viewer(Caller caller) => caller.SeesAllTenants ? null : caller.Tenant;
}
