using Continuum.Pce.Api.Alarms;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Grains.Abstractions;
using Xunit;

namespace Continuum.Pce.Api.Tests.Alarms;

/// <summary>The pure alarm rules: conditions of a lightpath, fibre and node; the book's raise, clear, acknowledge, start-up and retention; queries.</summary>
public sealed class AlarmRulesTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ForLightpath_BlockedRequest_RaisesNoAlarm()
    {
        var blocked = View("lp-1", "acme", "Failed") with { BlockReason = "Latency", FailureReason = "no candidate within 10 µs" };

        Assert.All(AlarmConditions.ForLightpath(blocked), c => Assert.Null(c.Condition));
    }

    [Fact]
    public void ForLightpath_DeviceFailure_RaisesCriticalFailedInItsTenant()
    {
        var failed = View("lp-1", "acme", "Failed") with { FailureReason = "FRA-ROADM refused the Set" };

        var condition = Assert.Single(AlarmConditions.ForLightpath(failed), c => c.Condition is not null).Condition!;

        Assert.Equal(AlarmKind.LightpathFailed, condition.Key.Kind);
        Assert.Equal(AlarmSeverity.Critical, condition.Severity);
        Assert.Equal("lightpath:lp-1", condition.Key.Resource);
        Assert.Equal("acme", condition.Key.Tenant);
        Assert.Contains("refused", condition.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ForLightpath_Deleted_HoldsNoCondition()
    {
        var deleted = View("lp-1", "acme", "Deleted") with { FailureReason = "FRA-ROADM refused the Set" };
        var missing = View("lp-1", "acme", "Failed") with { FailureReason = "x", Exists = false };

        Assert.All(AlarmConditions.ForLightpath(deleted), c => Assert.Null(c.Condition));
        Assert.All(AlarmConditions.ForLightpath(missing), c => Assert.Null(c.Condition));
    }

    [Fact]
    public void ForLightpath_CleanupFailure_RaisesMajorCleanupFailedWhileSet()
    {
        var stuck = View("lp-1", "acme", "Deleting") with { CleanupFailure = "FRA-TRX: UNAVAILABLE" };

        var raised = Assert.Single(AlarmConditions.ForLightpath(stuck), c => c.Condition is not null).Condition!;
        var cleaned = AlarmConditions.ForLightpath(stuck with { CleanupFailure = null });

        Assert.Equal(AlarmKind.LightpathCleanupFailed, raised.Key.Kind);
        Assert.Equal(AlarmSeverity.Major, raised.Severity);
        Assert.All(cleaned, c => Assert.Null(c.Condition));
    }

    [Fact]
    public void ForLightpath_Degraded_RaisesMajorWithTheLastReason()
    {
        var degraded = View("lp-1", "acme", "Degraded") with { History = [new LightpathEventView(Continuum.Pce.Domain.Lightpaths.LightpathState.Active, Continuum.Pce.Domain.Lightpaths.LightpathState.Degraded, T0, "OSNR 11.2 dB below 12.5 dB")] };

        var raised = Assert.Single(AlarmConditions.ForLightpath(degraded), c => c.Condition is not null).Condition!;

        Assert.Equal(AlarmKind.LightpathDegraded, raised.Key.Kind);
        Assert.Contains("OSNR 11.2 dB", raised.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ForFiberAndNode_AreNetworkWide()
    {
        var fiber = AlarmConditions.ForFiber("LIL-PAR", isUp: false).Condition!;
        var node = AlarmConditions.ForNode("FRA-ROADM", "unreachable").Condition!;

        Assert.Null(fiber.Key.Tenant);
        Assert.Equal(AlarmSeverity.Critical, fiber.Severity);
        Assert.Null(node.Key.Tenant);
        Assert.Null(AlarmConditions.ForFiber("LIL-PAR", isUp: true).Condition);
        Assert.Null(AlarmConditions.ForNode("FRA-ROADM", "reachable").Condition);
    }

    [Fact]
    public void Book_DegradedThenActive_ClearsTheAlarm()
    {
        var (book, clock, changes) = Book();
        var degraded = View("lp-1", "acme", "Degraded");

        book.Apply(AlarmConditions.ForLightpath(degraded));
        clock.Advance(TimeSpan.FromMinutes(3));
        book.Apply(AlarmConditions.ForLightpath(degraded with { State = LightpathState.Active }));

        Assert.Equal([AlarmChangeKind.Raised, AlarmChangeKind.Cleared], changes.Select(c => c.Kind));
        Assert.Equal(T0 + TimeSpan.FromMinutes(3), changes[1].Alarm.ClearedAt);
        Assert.Equal(0, book.ActiveCount);
        Assert.Equal(changes[0].Alarm.Id, Assert.Single(book.All(null, AlarmStateFilter.Cleared)).Id);
    }

    [Fact]
    public void Book_ConditionHeldAgain_RaisesOnceAndANewAlarmAfterClearing()
    {
        var (book, _, changes) = Book();
        var down = AlarmConditions.ForFiber("F1", isUp: false);

        book.Apply(down);
        book.Apply(down);
        book.Apply(AlarmConditions.ForFiber("F1", isUp: true));
        book.Apply(down);

        Assert.Equal([AlarmChangeKind.Raised, AlarmChangeKind.Cleared, AlarmChangeKind.Raised], changes.Select(c => c.Kind));
        Assert.NotEqual(changes[0].Alarm.Id, changes[2].Alarm.Id);
        Assert.Equal(1, book.ActiveCount);
    }

    [Fact]
    public void Acknowledge_KeepsTheAlarmActive_AndTheFirstAcknowledgement()
    {
        var (book, clock, changes) = Book();
        book.Apply(AlarmConditions.ForLightpath(View("lp-1", "acme", "Degraded")));
        var id = changes[0].Alarm.Id;

        var first = book.Acknowledge(id, "alice", "acme")!;
        clock.Advance(TimeSpan.FromMinutes(1));
        var second = book.Acknowledge(id, "bob", null)!;

        Assert.True(first.IsActive);
        Assert.Equal("alice", second.AcknowledgedBy);
        Assert.Equal(T0, second.AcknowledgedAt);
        Assert.Equal(1, book.ActiveCount);
        Assert.Equal([AlarmChangeKind.Raised, AlarmChangeKind.Acknowledged], changes.Select(c => c.Kind));
    }

    [Fact]
    public void Acknowledge_AnotherTenantsAlarm_IsNotFound()
    {
        var (book, _, changes) = Book();
        book.Apply(AlarmConditions.ForLightpath(View("lp-1", "acme", "Degraded")));

        Assert.Null(book.Acknowledge(changes[0].Alarm.Id, "mallory", "globex"));
        Assert.Null(book.Acknowledge("al-nope", "alice", null));
        Assert.False(book.Find(changes[0].Alarm.Id, null)!.IsAcknowledged);
    }

    [Fact]
    public void Startup_AlarmWhoseConditionIsNotSeenAgain_IsCleared_OthersKeepIdAndAcknowledgement()
    {
        var (book, clock, changes) = Book();
        var stillDown = new Alarm("al-1", AlarmSeverity.Critical, "fiber:F1", AlarmKind.FiberDown, "down", null, T0 - TimeSpan.FromHours(1))
        {
            AcknowledgedAt = T0 - TimeSpan.FromMinutes(30),
            AcknowledgedBy = "alice",
        };
        var repaired = new Alarm("al-2", AlarmSeverity.Critical, "fiber:F2", AlarmKind.FiberDown, "down", null, T0 - TimeSpan.FromHours(1));
        var gone = new Alarm("al-3", AlarmSeverity.Major, "lightpath:lp-9", AlarmKind.LightpathDegraded, "degraded", "acme", T0 - TimeSpan.FromHours(1));

        book.Load([stillDown, repaired, gone]);
        book.Apply(AlarmConditions.ForFiber("F1", isUp: false));
        book.Apply(AlarmConditions.ForFiber("F2", isUp: true));
        clock.Advance(TimeSpan.FromSeconds(5));
        book.CompleteStartup();

        var active = Assert.Single(book.All(null));
        Assert.Equal("al-1", active.Id);
        Assert.Equal("alice", active.AcknowledgedBy);
        Assert.Equal(["al-2", "al-3"], changes.Where(c => c.Kind == AlarmChangeKind.Cleared).Select(c => c.Alarm.Id).Order());
        Assert.DoesNotContain(changes, c => c.Kind == AlarmChangeKind.Raised);
    }

    [Fact]
    public void Retention_RemovesClearedAlarmsPastTheirAge_AndBeyondTheCount()
    {
        var (book, clock, changes) = Book(new AlarmOptions { ClearedRetention = TimeSpan.FromDays(7), MaxCleared = 3 });
        for (var i = 0; i < 5; i++)
        {
            book.Apply(AlarmConditions.ForFiber($"F{i}", isUp: false));
            book.Apply(AlarmConditions.ForFiber($"F{i}", isUp: true));
            clock.Advance(TimeSpan.FromDays(1));
        }

        Assert.Equal(["fiber:F2", "fiber:F3", "fiber:F4"], book.All(null, AlarmStateFilter.Cleared).Select(a => a.Resource).Order());

        clock.Advance(TimeSpan.FromDays(5.5));
        book.Prune();

        Assert.Equal(["fiber:F4"], book.All(null, AlarmStateFilter.Cleared).Select(a => a.Resource));
        Assert.Equal(4, changes.Count(c => c.Kind == AlarmChangeKind.Removed));
    }

    [Fact]
    public void Query_TenantScoping_NeverShowsAnotherTenantsAlarms()
    {
        var (book, _, _) = Book();
        book.Apply(AlarmConditions.ForLightpath(View("lp-a", "acme", "Degraded")));
        book.Apply(AlarmConditions.ForLightpath(View("lp-b", "globex", "Degraded")));
        book.Apply(AlarmConditions.ForFiber("F1", isUp: false));

        Assert.Equal(["fiber:F1", "lightpath:lp-b"], book.All("globex").Select(a => a.Resource).Order());
        Assert.Equal(["fiber:F1", "lightpath:lp-a"], book.All("acme").Select(a => a.Resource).Order());
        Assert.Equal(3, book.All(null).Count);
        Assert.Equal(["lightpath:lp-a"], book.Query(new AlarmQuery { Tenant = "acme" }).Items.Select(a => a.Resource));
    }

    [Fact]
    public void Query_Pages_CoverEveryMatchOnce_NewestFirst()
    {
        var (book, clock, _) = Book();
        for (var i = 0; i < 7; i++)
        {
            book.Apply(AlarmConditions.ForFiber($"F{i}", isUp: false));
            clock.Advance(i % 2 == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(1)); // ties on time are ordered by id
        }

        book.Apply(AlarmConditions.ForNode("N1", "down"));
        var seen = new List<Alarm>();
        AlarmCursor? after = null;
        do
        {
            var page = book.Query(new AlarmQuery { Kind = AlarmKind.FiberDown, After = after, Limit = 3 });
            Assert.True(page.Items.Count <= 3);
            seen.AddRange(page.Items);
            after = page.Next;
        }
        while (after is not null);

        Assert.Equal(7, seen.Select(a => a.Id).Distinct().Count());
        Assert.Equal(seen, seen.Order(Comparer<Alarm>.Create(AlarmQuery.NewestFirst.Compare)));
        Assert.Equal("fiber:F6", seen[0].Resource);
    }

    [Fact]
    public void Query_Filters_BySeverityResourceAndState()
    {
        var (book, _, _) = Book();
        book.Apply(AlarmConditions.ForFiber("F1", isUp: false));
        book.Apply(AlarmConditions.ForNode("N1", "down"));
        book.Apply(AlarmConditions.ForNode("N2", "down"));
        book.Apply(AlarmConditions.ForNode("N2", "reachable"));

        Assert.Equal(["fiber:F1"], book.Query(new AlarmQuery { Severity = AlarmSeverity.Critical }).Items.Select(a => a.Resource));
        Assert.Equal(["node:N1"], book.Query(new AlarmQuery { Resource = "node:N1", State = AlarmStateFilter.All }).Items.Select(a => a.Resource));
        Assert.Equal(["node:N2"], book.Query(new AlarmQuery { State = AlarmStateFilter.Cleared }).Items.Select(a => a.Resource));
        Assert.Equal(3, book.Query(new AlarmQuery { State = AlarmStateFilter.All }).Items.Count);
    }

    [Fact]
    public void Cursor_RoundTrips_AndForeignCursorsAreRefused()
    {
        var cursor = new AlarmCursor(T0, "al-0123456789abcdef");

        Assert.True(AlarmOperations.TryDecodeCursor(AlarmOperations.EncodeCursor(cursor), out var decoded));
        Assert.Equal(cursor, decoded);
        Assert.False(AlarmOperations.TryDecodeCursor("bHA6bHAtMQ", out _)); // a lightpath cursor ("lp:lp-1")
        Assert.False(AlarmOperations.TryDecodeCursor("!!", out _));
        Assert.False(AlarmOperations.TryDecodeCursor(Convert.ToBase64String("al:x:y"u8.ToArray()), out _));
    }

    [Fact]
    public void StoredForm_RoundTrips()
    {
        var alarm = new Alarm("al-1", AlarmSeverity.Major, "lightpath:lp-1", AlarmKind.LightpathDegraded, "degraded", "acme", T0)
        {
            AcknowledgedAt = T0.AddMinutes(1),
            AcknowledgedBy = "alice",
            ClearedAt = T0.AddMinutes(2),
        };

        var payload = AlarmJournal.Serialize(alarm);

        Assert.Equal(alarm, AlarmJournal.Deserialize(payload));
        Assert.DoesNotContain("$type", payload, StringComparison.Ordinal);
    }

    private static LightpathView View(string id, string tenant, string state) => new(id, tenant, Enum.Parse<Continuum.Pce.Domain.Lightpaths.LightpathState>(state), "FRA-TRX", "PAR-TRX", 400);

    private static (AlarmBook Book, ManualClock Clock, List<AlarmChange> Changes) Book(AlarmOptions? options = null)
    {
        var clock = new ManualClock(T0);
        var next = 0;
        var book = new AlarmBook(options, clock, () => $"al-{next++:D4}");
        var changes = new List<AlarmChange>();
        book.Changed += changes.Add;
        return (book, clock, changes);
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset _now = now;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
