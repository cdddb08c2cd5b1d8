using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Continuum.Pce.Api.Tests.Support;
using Continuum.Pce.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Xunit;
using Xunit.Abstractions;
using PceService = Continuum.Pce.Contracts.V1.Pce;

namespace Continuum.Pce.Api.Tests.Tenancy;

/// <summary>
/// Tenancy proved over every operation the server describes (its OpenAPI document and its gRPC descriptors, read at run
/// time), every role of a foreign tenant, and tenant A's ids in every place a request takes one: what a foreign tenant
/// is told does not change when A creates its lightpaths, is the same whether it names A's ids or ids nobody has, never
/// holds A's resources, and A's lightpaths are untouched at the end. An operation added later is probed the same way.
/// </summary>
[Collection(TenancyCollection.Name)]
public sealed class TenancyTests(TenancyFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task ForeignTenant_EveryOperationRoleAndIdSlot_NeitherSeesNorChangesNorLearnsOfAnotherTenantsResources()
    {
        using var admin = fixture.Http(fixture.Admin);
        var document = JsonNode.Parse(await admin.GetStringAsync("/openapi/v1.json"))!;
        using var channel = fixture.Server.Grpc();
        var probes = RestProbes.From(document, fixture.Http).Concat(GrpcProbes.From(channel)).ToList();
        var violations = new List<string>();
        var known = await KnownValuesAsync(admin);

        // 1. Reads before and after tenant A exists: a foreign tenant's answers must not change.
        var reads = probes.Where(p => p.Reads && !p.Slots.Contains(Slot.Cursor)).ToList();
        var before = await RunAsync(reads, fixture.Foreign, IdSet.Owner, known);
        var ownerIds = await CreateOwnerResourcesAsync();
        known = known with { OwnerCursor = await OwnerCursorAsync() };
        var ownerState = await OwnerStateAsync(ownerIds);
        var after = await RunAsync(reads, fixture.Foreign, IdSet.Owner, known);
        foreach (var (key, answer) in after)
        {
            if (Answers.Normalise(before[key]) != Answers.Normalise(answer))
            {
                violations.Add($"{key}: the answer changed when tenant A created its lightpaths:\n    before {before[key]}\n    after  {answer}\n    {Difference(Answers.Normalise(before[key]), Answers.Normalise(answer))}");
            }

            violations.AddRange(Answers.Leaks(answer, key.Actor, ownerIds, key.Probe.Slots.Contains(Slot.Tenant)).Select(l => $"{key}: {l}"));
        }

        // The scan finds A's resources where they may be seen: an admin's reads (else the checks above prove nothing).
        var adminAnswers = await RunAsync(reads, [fixture.Admin], IdSet.Owner, known);
        var asIfForeign = fixture.Foreign[0];
        Assert.All(ownerIds, id => Assert.Contains(adminAnswers.Values, a => a.Body.Contains(id, StringComparison.Ordinal)));
        Assert.Contains(adminAnswers, a => Answers.Leaks(a.Value, asIfForeign, ownerIds, false).Any());

        // 2. Streams: what A does while they are open reaches the admin's and none of the foreign tenant's.
        violations.AddRange(await StreamsAsync(channel, known, ownerIds));

        // 3. Every operation, the foreign tenant B1 with A's ids next to B2 with ids nobody has: the same answers.
        var ordered = probes.OrderBy(Rank).ToList();
        for (var i = 0; i < fixture.Foreign.Count; i++)
        {
            var (b1, b2) = (fixture.Foreign[i], fixture.GhostForeign[i]);
            foreach (var probe in ordered)
            {
                var withOwnerIds = await probe.Call(b1, IdSet.Owner, known);
                var withGhostIds = await probe.Call(b2, IdSet.Ghost, known);
                var (x, y) = (Answers.Normalise(withOwnerIds, IdSet.Owner, b1.Tenant), Answers.Normalise(withGhostIds, IdSet.Ghost, b2.Tenant));
                if (x != y)
                {
                    violations.Add($"{probe} as {b1.Role}: the answer tells A's ids from ids nobody has:\n    A's ids     {withOwnerIds}\n    ghost ids   {withGhostIds}\n    {Difference(x, y)}");
                }

                output.WriteLine($"{probe} as {b1.Role}: {withOwnerIds.Status} (A's ids), {withGhostIds.Status} (ghost ids)");

                // B1 now has lightpaths of its own under A's ids (a history names its id without a tenant): from here,
                // resources that name their tenant and the comparison with B2 tell.
                violations.AddRange(Answers.Leaks(withOwnerIds, b1, ownerIds, probe.Slots.Contains(Slot.Tenant), callerHasOwnIds: true).Select(l => $"{probe} as {b1}: {l}"));
            }
        }

        // 4. A's lightpaths and bundle are as they were.
        var now = await OwnerStateAsync(ownerIds);
        foreach (var (id, state) in ownerState)
        {
            if (now[id] != state)
            {
                violations.Add($"tenant A's {id} changed:\n    was {state}\n    is  {now[id]}");
            }
        }

        output.WriteLine($"{probes.Count} probes ({probes.Count(p => p.Reads)} reads) over {probes.Select(p => p.Operation).Distinct().Count()} operations");
        foreach (var violation in violations)
        {
            output.WriteLine(violation);
        }

        Assert.True(violations.Count == 0, $"{violations.Count} tenancy violation(s):\n{string.Join("\n", violations)}");
    }

    [Fact]
    public async Task Generator_EveryOperationOfTheDocumentAndTheDescriptors_IsGeneratedOrTabled()
    {
        using var admin = fixture.Http(fixture.Admin);
        var document = JsonNode.Parse(await admin.GetStringAsync("/openapi/v1.json"))!;
        using var channel = fixture.Server.Grpc();

        var unprobed = RestProbes.Coverage(document).Where(c => c.Problem is not null).Select(c => $"{c.Operation}: {c.Problem}").Concat(GrpcProbes.Unprobed()).ToList();
        var rest = RestProbes.From(document, fixture.Http);
        var grpc = GrpcProbes.From(channel);
        var streams = GrpcProbes.Streams(channel);

        Assert.True(unprobed.Count == 0, string.Join("\n", unprobed));
        Assert.Equal(RestProbes.Coverage(document).Count(), rest.Select(p => p.Operation).Distinct().Count());
        Assert.Equal(GrpcProbes.Services.Sum(s => s.Methods.Count), grpc.Select(p => p.Operation).Distinct().Count() + streams.Count);
        Assert.Contains(rest, p => p.Operation == "POST /api/v1/bundles" && p.Slots.Contains(Slot.BundlePrefix));
        Assert.Contains(grpc, p => p.Operation.EndsWith("/CreateBundle", StringComparison.Ordinal) && p.Slots.Contains(Slot.BundlePrefix));
        Assert.Contains(rest, p => p.Operation == "GET /api/v1/lightpaths" && p.Slots.Contains(Slot.Cursor) && p.Slots.Contains(Slot.Tenant));
    }

    [Fact]
    public async Task Spectrum_ClaimsOfAnotherTenant_AreOccupiedSlotsWithoutIdOrTenant()
    {
        using var owner = fixture.Http(fixture.Owner);
        using var foreign = fixture.Http(fixture.Foreign[1]);
        using var admin = fixture.Http(fixture.Admin);
        var (created, lp) = await owner.PostAsync("/api/v1/lightpaths", new { id = "spectrum-own", source = "AMS", destination = "UTC", rateGbps = 100 });
        Assert.True(created == 201, lp.ToString());
        var fiber = lp.GetProperty("fibers")[0].GetString()!;
        var slot = lp.GetProperty("slotStart").GetInt32();
        var client = new PceService.PceClient(fixture.Server.Grpc());

        var (_, mine) = await owner.GetJsonAsync($"/api/v1/fibers/{fiber}/spectrum");
        var (_, theirs) = await foreign.GetJsonAsync($"/api/v1/fibers/{fiber}/spectrum");
        var (_, all) = await admin.GetJsonAsync($"/api/v1/fibers/{fiber}/spectrum");
        var overGrpc = await client.GetSpectrumAsync(new GetSpectrumRequest { Fiber = fiber }, new Metadata { { "x-api-key", fixture.Foreign[0].Key } });

        var own = Assert.Single(mine.GetProperty("claims").EnumerateArray(), c => c.GetProperty("slotStart").GetInt32() == slot);
        Assert.Equal("spectrum-own", own.Str("lightpath"));
        Assert.Equal(TenancyFixture.OwnerTenant, own.Str("tenant"));
        var hidden = Assert.Single(theirs.GetProperty("claims").EnumerateArray(), c => c.GetProperty("slotStart").GetInt32() == slot);
        Assert.Equal(JsonValueKind.Null, hidden.GetProperty("lightpath").ValueKind);
        Assert.Equal(JsonValueKind.Null, hidden.GetProperty("tenant").ValueKind);
        Assert.Equal(own.GetProperty("slotCount").GetInt32(), hidden.GetProperty("slotCount").GetInt32());
        Assert.Equal(mine.GetProperty("occupiedSlots").GetInt32(), theirs.GetProperty("occupiedSlots").GetInt32());
        Assert.DoesNotContain("spectrum-own", theirs.ToString());
        Assert.Contains(all.GetProperty("claims").EnumerateArray(), c => c.Str("lightpath") == "spectrum-own" && c.Str("tenant") == TenancyFixture.OwnerTenant);
        var grpcClaim = Assert.Single(overGrpc.Claims, c => c.SlotStart == slot);
        Assert.Equal("", grpcClaim.Lightpath);
        Assert.Equal("", grpcClaim.Tenant);
    }

    [Fact]
    public async Task Reports_OfATenant_CountOnlyItsOwnLightpaths_AndAnAdminsCountAll()
    {
        using var owner = fixture.Http(fixture.Owner);
        using var other = fixture.Http(new Actor("report-other", "operator", await IssueAsync("operator", "report-other")));
        using var fresh = fixture.Http(new Actor("report-fresh", "viewer", await IssueAsync("viewer", "report-fresh")));
        using var admin = fixture.Http(fixture.Admin);
        var (mine, lp) = await owner.PostAsync("/api/v1/lightpaths", new { source = "AMS", destination = "RTM", rateGbps = 100 });
        var (theirs, otherLp) = await other.PostAsync("/api/v1/lightpaths", new { source = "AMS", destination = "RTM", rateGbps = 100 });
        Assert.True(mine == 201, lp.ToString());
        Assert.True(theirs == 201, otherLp.ToString());

        foreach (var kind in new[] { "energy", "cost" })
        {
            var (_, ownReport) = await owner.GetJsonAsync($"/api/v1/reports/{kind}");
            var (_, otherReport) = await other.GetJsonAsync($"/api/v1/reports/{kind}");
            var (_, freshReport) = await fresh.GetJsonAsync($"/api/v1/reports/{kind}");
            var (_, adminReport) = await admin.GetJsonAsync($"/api/v1/reports/{kind}");
            var (_, ownList) = await owner.GetJsonAsync("/api/v1/lightpaths?limit=1000");

            Assert.Equal(0, freshReport.GetProperty("lightpaths").GetInt32());
            Assert.Equal(0, freshReport.GetProperty("carriedGbps").GetDouble());
            Assert.Equal(1, otherReport.GetProperty("lightpaths").GetInt32());
            Assert.InRange(ownReport.GetProperty("lightpaths").GetInt32(), 1, ownList.GetProperty("items").GetArrayLength());
            Assert.True(adminReport.GetProperty("lightpaths").GetInt32() >= ownReport.GetProperty("lightpaths").GetInt32() + 1, $"admin {adminReport}, own {ownReport}");
        }
    }

    /// <summary>Where two normalised answers first differ, with some context.</summary>
    private static string Difference(string x, string y)
    {
        var at = 0;
        while (at < x.Length && at < y.Length && x[at] == y[at])
        {
            at++;
        }

        var from = Math.Max(0, at - 60);
        return $"first difference at {at}: …{x[from..Math.Min(x.Length, at + 80)]}… vs …{y[from..Math.Min(y.Length, at + 80)]}…";
    }

    private static int Rank(Probe probe)
    {
        // What removes or moves runs first, while the foreign tenant has nothing of its own under A's ids; reads last,
        // to read back what the changes left.
        var name = probe.Operation.ToLowerInvariant();
        return probe.Reads ? 3 : name.Contains("delete", StringComparison.Ordinal) ? 0 : name.Contains("reroute", StringComparison.Ordinal) ? 1 : 2;
    }

    private static async Task<Dictionary<Run, Answer>> RunAsync(IEnumerable<Probe> probes, IReadOnlyList<Actor> actors, IdSet ids, KnownValues known)
    {
        var answers = new Dictionary<Run, Answer>();
        foreach (var probe in probes)
        {
            foreach (var actor in actors)
            {
                answers[new Run(probe, actor)] = await probe.Call(actor, ids, known);
            }
        }

        return answers;
    }

    private async Task<KnownValues> KnownValuesAsync(HttpClient admin)
    {
        var (status, paths) = await admin.PostAsync("/api/v1/paths/compute", new { source = "FRA", destination = "PAR", rateGbps = 100, maxCandidates = 1 });
        Assert.True(status == 200, paths.ToString());
        var candidate = paths.GetProperty("candidates")[0];
        return new KnownValues(candidate.GetProperty("fibers")[0].GetString()!, candidate.GetProperty("nodes")[0].GetString()!, "FRA");
    }

    /// <summary>Tenant A's lightpaths: two with ids (over REST and gRPC), one by idempotency key, a bundle of two. Returns their ids.</summary>
    private async Task<IReadOnlyList<string>> CreateOwnerResourcesAsync()
    {
        using var owner = fixture.Http(fixture.Owner);
        var ids = new List<string>();
        var (first, lp) = await owner.PostAsync("/api/v1/lightpaths", new { id = IdSet.Owner.Lightpath, source = "FRA", destination = "PAR", rateGbps = 100 });
        Assert.True(first == 201, lp.ToString());
        ids.Add(lp.Str("id"));

        var client = new PceService.PceClient(fixture.Server.Grpc());
        var second = await client.CreateLightpathAsync(new CreateLightpathRequest { Id = IdSet.Owner.SecondLightpath, Source = "FRA", Destination = "PAR", RateGbps = 100 },
            new Metadata { { "x-api-key", fixture.Owner.Key } });
        Assert.Equal("Active", second.State);
        ids.Add(second.Id);

        var (keyed, byKey) = await owner.PostAsync("/api/v1/lightpaths", new { source = "FRA", destination = "PAR", rateGbps = 100 },
            new Dictionary<string, string> { ["Idempotency-Key"] = IdSet.Owner.IdempotencyKey });
        Assert.True(keyed == 201, byKey.ToString());
        ids.Add(byKey.Str("id"));

        var (bundled, bundle) = await owner.PostAsync("/api/v1/bundles", new { idPrefix = IdSet.Owner.BundlePrefix, source = "FRA", destination = "PAR", count = 2, rateGbps = 100, maxSkewUs = 1000 });
        Assert.True(bundled == 201, bundle.ToString());
        ids.AddRange(bundle.GetProperty("lightpaths").EnumerateArray().Select(m => m.Str("id")));
        return ids;
    }

    private async Task<string> OwnerCursorAsync()
    {
        using var owner = fixture.Http(fixture.Owner);
        var (_, page) = await owner.GetJsonAsync("/api/v1/lightpaths?limit=1");
        return page.Str("nextCursor");
    }

    /// <summary>What must not change of A's lightpaths: that they are there and live, their route and slots, and A's list of them.</summary>
    private async Task<Dictionary<string, string>> OwnerStateAsync(IReadOnlyList<string> ids)
    {
        using var owner = fixture.Http(fixture.Owner);
        var state = new Dictionary<string, string>();
        foreach (var id in ids)
        {
            var (status, lp) = await owner.GetJsonAsync($"/api/v1/lightpaths/{id}");
            state[id] = status != 200
                ? $"{status} {lp}"
                : $"{lp.Str("tenant")} {(lp.Str("state") is "Active" or "Degraded" ? "live" : lp.Str("state"))} {lp.GetProperty("fibers")} {lp.GetProperty("slotStart")}+{lp.GetProperty("slotCount")}";
        }

        var (_, list) = await owner.GetJsonAsync("/api/v1/lightpaths?limit=1000");
        state["list"] = string.Join(",", list.GetProperty("items").EnumerateArray().Select(i => i.Str("id")).Where(ids.Contains).Order(StringComparer.Ordinal));
        return state;
    }

    private async Task<IEnumerable<string>> StreamsAsync(GrpcChannel channel, KnownValues known, IReadOnlyList<string> ownerIds)
    {
        var streams = GrpcProbes.Streams(channel);
        var watchers = fixture.Foreign.Append(fixture.Admin).ToList();
        using var ghost = fixture.Http(fixture.GhostForeign[1]);
        var (ghostMarker, ghostBody) = await ghost.PostAsync("/api/v1/lightpaths", new { id = MarkerOf(fixture.GhostForeign[1]), source = "FRA", destination = "PAR", rateGbps = 100 });
        Assert.True(ghostMarker == 201, ghostBody.ToString());

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var messages = new ConcurrentDictionary<string, ConcurrentQueue<string>>();
        var subscribed = new List<Task>();
        var sawMarker = watchers.ToDictionary(a => a, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        var readers = new List<Task>();
        foreach (var stream in streams)
        {
            foreach (var watcher in watchers)
            {
                var queue = messages.GetOrAdd($"{stream} as {watcher}", _ => new ConcurrentQueue<string>());
                var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                subscribed.Add(ready.Task);
                readers.Add(Task.Run(async () =>
                {
                    await foreach (var message in stream.Open(watcher, IdSet.Owner, known, stop.Token))
                    {
                        if (message == GrpcProbes.Subscribed)
                        {
                            ready.TrySetResult();
                            continue;
                        }

                        queue.Enqueue(message);
                        if (message.Contains(MarkerOf(fixture.Foreign[1]), StringComparison.Ordinal))
                        {
                            sawMarker[watcher].TrySetResult();
                        }
                    }

                    ready.TrySetResult();
                }));
            }
        }

        await Task.WhenAll(subscribed).WaitAsync(stop.Token);

        // A changes something; then B1 does: every stream that shows B1's change has already shown A's if it leaks.
        using var owner = fixture.Http(fixture.Owner);
        var (made, _) = await owner.PostAsync("/api/v1/lightpaths", new { id = "vq-lp-3", source = "FRA", destination = "PAR", rateGbps = 100 });
        var (removed, _) = await owner.SendAsync(HttpMethod.Delete, "/api/v1/lightpaths/vq-lp-3");
        Assert.Equal((201, 200), (made, removed));
        using var foreign = fixture.Http(fixture.Foreign[1]);
        var (marked, markerBody) = await foreign.PostAsync("/api/v1/lightpaths", new { id = MarkerOf(fixture.Foreign[1]), source = "FRA", destination = "PAR", rateGbps = 100 });
        Assert.True(marked == 201, markerBody.ToString());
        await Task.WhenAll(sawMarker.Values.Select(t => t.Task)).WaitAsync(stop.Token);
        await stop.CancelAsync();
        await Task.WhenAll(readers);

        var violations = new List<string>();
        var watched = ownerIds.Append("vq-lp-3").ToList();
        foreach (var (name, queue) in messages)
        {
            var isAdmin = name.EndsWith($"as {fixture.Admin}", StringComparison.Ordinal);
            if (isAdmin)
            {
                continue;
            }

            foreach (var message in queue)
            {
                if (message.Contains(TenancyFixture.OwnerTenant, StringComparison.Ordinal) || watched.Any(id => message.Contains(id, StringComparison.Ordinal)))
                {
                    violations.Add($"{name}: a message about tenant A: {message}");
                }
            }
        }

        Assert.Contains(messages, m => m.Key.EndsWith($"as {fixture.Admin}", StringComparison.Ordinal) && m.Value.Any(x => x.Contains("vq-lp-3", StringComparison.Ordinal)));
        return violations;
    }

    /// <summary>A lightpath of the tenant's own whose id holds the tenant's name (so B1's and B2's compare alike).</summary>
    private static string MarkerOf(Actor actor) => $"{actor.Tenant}-marker";

    private async Task<string> IssueAsync(string role, string tenant)
    {
        using var admin = fixture.Http(fixture.Admin);
        var (status, key) = await admin.PostAsync("/api/v1/keys", new { name = tenant, role, tenant });
        Assert.Equal(201, status);
        return key.Str("key");
    }

    private sealed record Run(Probe Probe, Actor Actor)
    {
        public override string ToString() => $"{Probe} as {Actor}";
    }
}
