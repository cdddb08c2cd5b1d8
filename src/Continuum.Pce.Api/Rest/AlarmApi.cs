using Continuum.Pce.Api.Alarms;
using Continuum.Pce.Api.Auth;
using Continuum.Pce.Api.Operations;

namespace Continuum.Pce.Api.Rest;

/// <summary>Alarms: list and acknowledge.</summary>
public static class AlarmApi
{
    public static IEndpointRouteBuilder MapAlarmApi(this IEndpointRouteBuilder app)
    {
        var api = RestEndpoints.V1(app);
        api.MapGet("/alarms", (HttpContext http, AlarmOperations alarms, string? severity, string? kind, string? resource, string? tenant, string? state, string? cursor, int? limit) =>
                RestEndpoints.Answer(alarms.List(Caller.From(http.User), new AlarmListRequest(severity, kind, resource, tenant, state, cursor, limit))))
            .Produces<AlarmPageDto>()
            .WithSummary("Alarms the caller sees (its tenant's and network-wide ones; admins: all), newest first, with a cursor; state=active (default), cleared or all");
        api.MapPost("/alarms/{id}/acknowledge", (string id, HttpContext http, AlarmOperations alarms) => RestEndpoints.Answer(alarms.Acknowledge(id, Caller.From(http.User))))
            .RequireAuthorization(Policies.Operator).Produces<AlarmDto>()
            .WithSummary("Acknowledges an alarm (it stays active until its condition clears); network-wide alarms: admins only");
        return app;
    }
}
