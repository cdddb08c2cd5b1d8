using Continuum.Pce.Application.Lightpaths.Service;
using Continuum.Pce.Domain.Identity;
using Xunit;

namespace Continuum.Pce.Application.Tests.Lightpaths;

/// <summary>The bundle use case over a fake port: all or none, and a rollback deletes only what the bundle made.</summary>
public sealed class CreateBundleTests
{
    [Fact]
    public async Task Execute_AllMembersWithinSkew_CreatesEveryMemberAndBoundsLaterOnes()
    {
        var port = new FakeMembers { Latencies = { ["b-1"] = 100, ["b-2"] = 103, ["b-3"] = 101 } };

        var outcome = await CreateBundle.ExecuteAsync(new CreateBundleRequest("b", 3, 5, MaxLatencyUs: 104), port);

        var created = Assert.IsType<CreateBundleOutcome.Created>(outcome);
        Assert.Equal(["b-1", "b-2", "b-3"], created.Members.Select(m => m.Value));
        Assert.Equal(3, created.SkewUs, 9);
        Assert.Empty(port.Deleted);

        // The first member gets the order's bound; later ones the tighter of it and first + skew.
        Assert.Equal([("b-1", (double?)104), ("b-2", 104), ("b-3", 104)], port.Created);
    }

    [Fact]
    public async Task Execute_LaterMembers_AreBoundedByTheFirstPlusTheSkew()
    {
        var port = new FakeMembers { Latencies = { ["b-1"] = 100, ["b-2"] = 102 } };

        await CreateBundle.ExecuteAsync(new CreateBundleRequest("b", 2, 5), port);

        Assert.Equal([("b-1", (double?)null), ("b-2", 105)], port.Created);
    }

    [Fact]
    public async Task Execute_MemberBlocked_DeletesTheEarlierMembersOnly()
    {
        var port = new FakeMembers { Latencies = { ["b-1"] = 100, ["b-2"] = 101 }, Refuse = { ["b-3"] = ("Latency", "no path within 105 µs") } };

        var outcome = await CreateBundle.ExecuteAsync(new CreateBundleRequest("b", 4, 5), port);

        var refused = Assert.IsType<CreateBundleOutcome.MemberRefused>(outcome);
        Assert.Equal(3, refused.Index);
        Assert.Equal("Latency", refused.Reason);
        Assert.Equal("no path within 105 µs", refused.Detail);
        Assert.Equal(["b-1", "b-2"], port.Deleted.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(port.Created, c => c.Id == "b-4");
    }

    [Fact]
    public async Task Execute_MemberFailedWithoutBlockReason_ReportsFailed()
    {
        var port = new FakeMembers { Refuse = { ["b-1"] = (null, "device refused") } };

        var outcome = await CreateBundle.ExecuteAsync(new CreateBundleRequest("b", 2, 5), port);

        Assert.Equal("Failed", Assert.IsType<CreateBundleOutcome.MemberRefused>(outcome).Reason);
        Assert.Empty(port.Deleted);
    }

    [Fact]
    public async Task Execute_SkewExceeded_DeletesEveryMember()
    {
        // The first member is not the fastest: the second passes its bound (first + skew) but the spread is too wide.
        var port = new FakeMembers { Latencies = { ["b-1"] = 100, ["b-2"] = 90 } };

        var outcome = await CreateBundle.ExecuteAsync(new CreateBundleRequest("b", 2, 5), port);

        Assert.Equal(10, Assert.IsType<CreateBundleOutcome.SkewExceeded>(outcome).SkewUs, 9);
        Assert.Equal(["b-1", "b-2"], port.Deleted.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Execute_SkewEqualToTheBound_IsAccepted()
    {
        var port = new FakeMembers { Latencies = { ["b-1"] = 100, ["b-2"] = 105 } };

        var outcome = await CreateBundle.ExecuteAsync(new CreateBundleRequest("b", 2, 5), port);

        Assert.IsType<CreateBundleOutcome.Created>(outcome);
    }

    [Fact]
    public async Task Execute_MemberIdTakenInTheTenantsSpace_ConflictsAndCreatesNothing()
    {
        var port = new FakeMembers { Existing = { "b-2" } };

        var outcome = await CreateBundle.ExecuteAsync(new CreateBundleRequest("b", 3, 5), port);

        Assert.Equal(new LightpathId("b-2"), Assert.IsType<CreateBundleOutcome.IdTaken>(outcome).Id);
        Assert.Empty(port.Created);
        Assert.Empty(port.Deleted);
    }

    private sealed class FakeMembers : IBundleMembers
    {
        public HashSet<string> Existing { get; } = [];

        public Dictionary<string, double> Latencies { get; } = [];

        public Dictionary<string, (string? Reason, string Detail)> Refuse { get; } = [];

        public List<(string Id, double? MaxLatencyUs)> Created { get; } = [];

        public List<string> Deleted { get; } = [];

        public Task<bool> ExistsAsync(LightpathId id) => Task.FromResult(Existing.Contains(id.Value));

        public Task<BundleMemberResult> CreateAsync(LightpathId id, double? maxLatencyUs)
        {
            lock (Created)
            {
                Created.Add((id.Value, maxLatencyUs));
            }

            return Task.FromResult(Refuse.TryGetValue(id.Value, out var refusal)
                ? new BundleMemberResult(id, false, null, refusal.Reason, refusal.Detail)
                : new BundleMemberResult(id, true, Latencies.GetValueOrDefault(id.Value, 100)));
        }

        public Task DeleteAsync(LightpathId id)
        {
            lock (Deleted)
            {
                Deleted.Add(id.Value);
            }

            return Task.CompletedTask;
        }
    }
}
