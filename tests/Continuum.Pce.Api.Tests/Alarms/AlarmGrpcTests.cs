using Continuum.Pce.Api.Alarms;
using Continuum.Pce.Api.Events;
using Continuum.Pce.Api.Tests.Support;
using Continuum.Pce.Contracts.V1;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Grains.Abstractions;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using PceService = Continuum.Pce.Contracts.V1.Pce;

namespace Continuum.Pce.Api.Tests.Alarms;

/// <summary>Alarms over gRPC: list with filters, acknowledge, and a watch stream scoped to the caller's tenant.</summary>
[Collection(ServerCollection.Name)]
public sealed class AlarmGrpcTests(ServerFixture fixture)
{
    private AlarmBook Book => fixture.Server.Services.GetRequiredService<AlarmBook>();

    [Fact]
    public async Task ListAndAcknowledge_OverGrpc()
    {
        var client = new PceService.PceClient(fixture.Server.Grpc());
        var acme = new Metadata { { "x-api-key", fixture.AcmeKey } };
        var globex = new Metadata { { "x-api-key", fixture.GlobexKey } };
        var id = Raise("acme");
        var resource = Book.Find(id, null)!.Resource;

        var listed = await client.ListAlarmsAsync(new ListAlarmsRequest { Resource = resource, Severity = "major" }, acme);
        var acknowledged = await client.AcknowledgeAlarmAsync(new AlarmRef { Id = id }, acme);
        var foreign = await Assert.ThrowsAsync<RpcException>(async () => await client.AcknowledgeAlarmAsync(new AlarmRef { Id = id }, globex));
        var invalid = await Assert.ThrowsAsync<RpcException>(async () => await client.ListAlarmsAsync(new ListAlarmsRequest { State = "gone" }, acme));

        Assert.Equal(id, Assert.Single(listed.Alarms).Id);
        Assert.Equal("acme", listed.Alarms[0].Tenant);
        Assert.Equal("acme-ops", acknowledged.AcknowledgedBy);
        Assert.Equal("active", acknowledged.State);
        Assert.Equal(StatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
    }

    [Fact]
    public async Task WatchAlarms_NeverSendsAnotherTenantsAlarms()
    {
        var client = new PceService.PceClient(fixture.Server.Grpc());
        var feed = fixture.Server.Services.GetRequiredService<ChangeFeed>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var opened = feed.WatchesOpened;
        using var watch = client.WatchAlarms(new WatchAlarmsRequest(), new Metadata { { "x-api-key", fixture.GlobexKey } }, cancellationToken: cts.Token);
        await watch.ResponseHeadersAsync;
        while (feed.WatchesOpened <= opened)
        {
            await Task.Delay(10, cts.Token);
        }

        var acmeAlarm = Raise("acme");
        var globexAlarm = Raise("globex");
        var received = new List<AlarmEvent>();
        while (await watch.ResponseStream.MoveNext(cts.Token))
        {
            received.Add(watch.ResponseStream.Current);
            if (watch.ResponseStream.Current.Alarm.Id == globexAlarm && watch.ResponseStream.Current.Change == "raised")
            {
                break;
            }
        }

        Assert.DoesNotContain(received, e => e.Alarm.Id == acmeAlarm);
        Assert.DoesNotContain(received, e => e.Alarm.Tenant == "acme");
        Assert.Contains(received, e => e.Alarm.Id == globexAlarm);
    }

    private string Raise(string tenant)
    {
        var view = new LightpathView("grpc-" + Guid.NewGuid().ToString("N")[..8], tenant, LightpathState.Degraded, "FRA-TRX", "PAR-TRX", 400);
        Book.Apply(AlarmConditions.ForLightpath(view));
        return Book.Query(new AlarmQuery { Resource = AlarmConditions.LightpathResource(view.Id) }).Items.Single().Id;
    }
}
