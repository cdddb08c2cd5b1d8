using Continuum.Pce.Api.Tests.Support;
using Continuum.Pce.Contracts.V1;
using Grpc.Core;
using Xunit;
using PceService = Continuum.Pce.Contracts.V1.Pce;

namespace Continuum.Pce.Api.Tests;

[Collection(ServerCollection.Name)]
public sealed class GrpcApiTests(ServerFixture fixture)
{
    private PceService.PceClient Client(out Metadata headers, string? key = null)
    {
        headers = new Metadata { { "x-api-key", key ?? fixture.AcmeKey } };
        return new PceService.PceClient(fixture.Server.Grpc());
    }

    [Fact]
    public async Task Create_get_list_and_delete_over_grpc()
    {
        var client = Client(out var auth);

        var created = await client.CreateLightpathAsync(new CreateLightpathRequest { Source = "AMS", Destination = "UTC", RateGbps = 100 }, auth);
        var fetched = await client.GetLightpathAsync(new LightpathRef { Id = created.Id }, auth);
        var list = await client.ListLightpathsAsync(new ListLightpathsRequest { State = "Active", Limit = 1000 }, auth);
        var deleted = await client.DeleteLightpathAsync(new LightpathRef { Id = created.Id }, auth);
        var history = await client.GetLightpathHistoryAsync(new LightpathRef { Id = created.Id }, auth);

        Assert.Equal("Active", created.State);
        Assert.Equal(created.SlotStart, fetched.SlotStart);
        Assert.Contains(list.Lightpaths, l => l.Id == created.Id);
        Assert.Equal("Deleted", deleted.State);
        Assert.Equal("Deleted", history.Events[^1].To);
    }

    [Fact]
    public async Task Create_with_a_restoration_policy_over_grpc_carries_it_back()
    {
        var client = Client(out var auth);

        var created = await client.CreateLightpathAsync(new CreateLightpathRequest
        {
            Source = "AMS",
            Destination = "UTC",
            RateGbps = 100,
            Restoration = new Contracts.V1.Restoration { Policy = "restore", Priority = 0 },
        }, auth);
        await client.DeleteLightpathAsync(new LightpathRef { Id = created.Id }, auth);

        Assert.Equal("restore", created.Restoration.Policy);
        Assert.Equal(0, created.Restoration.Priority);
    }

    [Fact]
    public async Task A_1plus1_lightpath_over_grpc_reports_its_protection_leg_and_switches_on_command()
    {
        var client = Client(out var auth);

        var created = await client.CreateLightpathAsync(new CreateLightpathRequest { Source = "FRA", Destination = "PAR", RateGbps = 100, Protection = "1+1" }, auth);
        var switched = await client.SwitchProtectionAsync(new SwitchProtectionRequest { Id = created.Id, To = "protection" }, auth);
        var read = await client.ReadProtectionAsync(new LightpathRef { Id = created.Id }, auth);
        var plain = await client.CreateLightpathAsync(new CreateLightpathRequest { Source = "FRA", Destination = "PAR", RateGbps = 100 }, auth);
        var refused = await Assert.ThrowsAsync<global::Grpc.Core.RpcException>(async () => await client.SwitchProtectionAsync(new SwitchProtectionRequest { Id = plain.Id, To = "working" }, auth));
        await client.DeleteLightpathAsync(new LightpathRef { Id = created.Id }, auth);
        await client.DeleteLightpathAsync(new LightpathRef { Id = plain.Id }, auth);

        Assert.Equal("Active", created.State);
        Assert.Equal("1+1", created.Protection.Type);
        Assert.Equal("srlg", created.Protection.Diversity);
        Assert.Empty(created.Fibers.Intersect(created.Protection.Fibers));
        Assert.Equal("protection", switched.Protection.Force);
        Assert.Equal("protection", read.Protection.ActiveAtDestination);
        Assert.Null(plain.Protection);
        Assert.Equal(global::Grpc.Core.StatusCode.FailedPrecondition, refused.StatusCode);
    }

    [Fact]
    public async Task Inventory_and_compute_over_grpc()
    {
        var client = Client(out var auth, fixture.ViewerKey);

        var sites = await client.ListSitesAsync(new ListSitesRequest(), auth);
        var fibers = await client.ListFibersAsync(new ListFibersRequest(), auth);
        var spectrum = await client.GetSpectrumAsync(new GetSpectrumRequest { Fiber = "FRA-PAR" }, auth);
        var paths = await client.ComputePathsAsync(new PathRequest { Source = "FRA", Destination = "MUC", RateGbps = 400, MaxCandidates = 2 }, auth);
        var blocked = await client.ComputePathsAsync(new PathRequest { Source = "FRA", Destination = "MUC", RateGbps = 400, Constraints = new Constraints { MaxLatencyUs = 1 } }, auth);

        Assert.Equal(114, sites.Sites.Count);
        Assert.Equal(64, fibers.Fibers.Count);
        Assert.Equal("FRA-PAR", spectrum.Fiber);
        Assert.True(paths.Found);
        Assert.InRange(paths.Candidates.Count, 1, 2);
        Assert.True(paths.Candidates[0].PowerW > 0);
        Assert.False(blocked.Found);
        Assert.Equal("Latency", blocked.BlockReason);
    }

    [Fact]
    public async Task Errors_map_to_status_codes_with_the_field_in_the_trailers()
    {
        var client = Client(out var auth);

        var invalid = await Assert.ThrowsAsync<RpcException>(() => client.CreateLightpathAsync(new CreateLightpathRequest { Source = "FRA", Destination = "PAR", RateGbps = -1 }, auth).ResponseAsync);
        var missing = await Assert.ThrowsAsync<RpcException>(() => client.GetLightpathAsync(new LightpathRef { Id = "nope" }, auth).ResponseAsync);
        var blocked = await Assert.ThrowsAsync<RpcException>(() => client.CreateLightpathAsync(
            new CreateLightpathRequest { Source = "FRA", Destination = "PAR", RateGbps = 100, Constraints = new Constraints { AllowedJurisdictions = { "JP" } } }, auth).ResponseAsync);
        var unauthenticated = await Assert.ThrowsAsync<RpcException>(() => client.ListSitesAsync(new ListSitesRequest(), new Metadata { { "x-api-key", "pce_000000000000_x" } }).ResponseAsync);
        var forbidden = await Assert.ThrowsAsync<RpcException>(() => client.CreateLightpathAsync(new CreateLightpathRequest { Source = "FRA", Destination = "PAR", RateGbps = 100 },
            new Metadata { { "x-api-key", fixture.ViewerKey } }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.Equal("rateGbps", invalid.Trailers.GetValue("pce-field"));
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, blocked.StatusCode);
        Assert.Equal("Jurisdiction", blocked.Trailers.GetValue("pce-reason"));
        Assert.Equal(StatusCode.Unauthenticated, unauthenticated.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, forbidden.StatusCode);
    }

    [Fact]
    public async Task WatchLightpaths_streams_the_lifecycle_of_a_new_lightpath_to_its_tenant_only()
    {
        var client = Client(out var auth);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var opened = Feed.WatchesOpened;
        using var acmeWatch = client.WatchLightpaths(new WatchLightpathsRequest(), auth, cancellationToken: cts.Token);
        using var globexWatch = client.WatchLightpaths(new WatchLightpathsRequest(), new Metadata { { "x-api-key", fixture.GlobexKey } }, cancellationToken: cts.Token);
        await acmeWatch.ResponseHeadersAsync;
        await globexWatch.ResponseHeadersAsync;
        await WaitForWatchers(opened + 2, cts.Token);

        var created = await client.CreateLightpathAsync(new CreateLightpathRequest { Source = "RTM", Destination = "UTC", RateGbps = 100 }, auth);
        var seen = new List<string>();
        while (await acmeWatch.ResponseStream.MoveNext(cts.Token))
        {
            var e = acmeWatch.ResponseStream.Current;
            if (e.Lightpath.Id == created.Id)
            {
                seen.Add(e.To);
                if (e.To == "Active")
                {
                    break;
                }
            }
        }

        Assert.Contains("Active", seen);
        await client.DeleteLightpathAsync(new LightpathRef { Id = created.Id }, auth);

        // The other tenant's stream carries none of it: a lightpath of its own arrives first.
        var mine = await client.CreateLightpathAsync(new CreateLightpathRequest { Source = "RTM", Destination = "ANR", RateGbps = 100 }, new Metadata { { "x-api-key", fixture.GlobexKey } });
        Assert.True(await globexWatch.ResponseStream.MoveNext(cts.Token));
        Assert.Equal("globex", globexWatch.ResponseStream.Current.Lightpath.Tenant);
        Assert.NotEqual(created.Id, globexWatch.ResponseStream.Current.Lightpath.Id);
        Assert.Equal(mine.Tenant, globexWatch.ResponseStream.Current.Lightpath.Tenant);
    }

    [Fact]
    public async Task WatchAlarms_sends_the_active_alarms_then_new_ones()
    {
        var client = Client(out var auth);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var opened = Feed.WatchesOpened;
        using var watch = client.WatchAlarms(new WatchAlarmsRequest(), auth, cancellationToken: cts.Token);
        await watch.ResponseHeadersAsync;
        await WaitForWatchers(opened + 1, cts.Token);

        // A fibre's loss of signal raises a fiber-down alarm; repairing it clears it.
        var fiber = fixture.Server.Services.GetService(typeof(IGrainFactory)) as IGrainFactory;
        await fiber!.GetGrain<Continuum.Pce.Grains.Abstractions.IFiberGrain>("LIL-PAR").SetUp(false);
        AlarmEvent? raised = null;
        while (await watch.ResponseStream.MoveNext(cts.Token))
        {
            if (watch.ResponseStream.Current.Alarm.Resource == "fiber:LIL-PAR")
            {
                raised = watch.ResponseStream.Current;
                break;
            }
        }

        await fiber.GetGrain<Continuum.Pce.Grains.Abstractions.IFiberGrain>("LIL-PAR").SetUp(true);
        AlarmEvent? cleared = null;
        while (await watch.ResponseStream.MoveNext(cts.Token))
        {
            if (watch.ResponseStream.Current.Alarm.Resource == "fiber:LIL-PAR" && watch.ResponseStream.Current.Cleared)
            {
                cleared = watch.ResponseStream.Current;
                break;
            }
        }

        Assert.NotNull(raised);
        Assert.Equal("fiber-down", raised!.Alarm.Kind);
        Assert.False(raised.Cleared);
        Assert.NotNull(cleared);
    }

    private Continuum.Pce.Api.Events.ChangeFeed Feed => (Continuum.Pce.Api.Events.ChangeFeed)fixture.Server.Services.GetService(typeof(Continuum.Pce.Api.Events.ChangeFeed))!;

    /// <summary>Waits until the server has opened <paramref name="atLeast"/> watch streams in all (a monotonic count).</summary>
    private async Task WaitForWatchers(long atLeast, CancellationToken cancellationToken)
    {
        var feed = Feed;
        while (feed.WatchesOpened < atLeast)
        {
            await Task.Delay(10, cancellationToken);
        }
    }
}
