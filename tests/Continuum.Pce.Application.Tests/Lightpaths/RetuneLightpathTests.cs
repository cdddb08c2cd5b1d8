using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Lightpaths.Service;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Domain.Spectrum;
using Xunit;

namespace Continuum.Pce.Application.Tests.Lightpaths;

/// <summary>The retune use case (a defragmentation step) in the in-memory world: spectrum, devices, history, crash.</summary>
public sealed class RetuneLightpathTests
{
    private readonly LightpathWorld _world = new();

    /// <summary>Two lightpaths A → B on the same fibres, the lower one deleted: the other sits above a hole of its width.</summary>
    private async Task<(Lightpath Lp, SlotRange Hole, SlotRange Slots)> AboveAHoleAsync()
    {
        var first = _world.Lightpath("acme", "lp-1");
        var low = await CreateLightpath.ExecuteAsync(first.Context, _world.Create("acme", "lp-1", "A", "B"));
        var lp = _world.Lightpath("acme", "lp-2");
        var high = await CreateLightpath.ExecuteAsync(lp.Context, _world.Create("acme", "lp-2", "A", "B"));
        await DeleteLightpath.ExecuteAsync(first.Context, new DeleteLightpathRequest());
        Assert.True(high!.Path!.Fibers.SequenceEqual(low!.Path!.Fibers));
        return (lp, low.Path.Slots, high.Path.Slots);
    }

    private List<Claim> ClaimsOf(Lightpath lp) => [.. _world.Ledgers.Values.SelectMany(l => l).Where(c => c.Owner == lp.Context.Owner)];

    [Fact]
    public async Task Retune_MakeBeforeBreak_MovesClaimsAndDevicesToTheNewSlots_AndNotesTheCauseWithoutAStateChange()
    {
        var (lp, hole, slots) = await AboveAHoleAsync();
        var oldAttempt = lp.Data.Record!.CommittedAttempt!;

        var outcome = await RetuneLightpath.ExecuteAsync(lp.Context, new RetuneLightpathRequest(slots, hole, Hitless: false, "plan p step 1"));

        Assert.True(outcome.Moved, outcome.Detail);
        Assert.Equal(LightpathState.Active, outcome.Record!.State);
        Assert.Equal(hole, outcome.Record.Path!.Slots);
        Assert.All(ClaimsOf(lp), c => Assert.Equal((hole, true), (c.Slots, c.Committed)));
        Assert.Equal(_world.Topology.BothWays(outcome.Record.Path.Fibers).Length, ClaimsOf(lp).Count);
        Assert.All(_world.Devices.Values.Where(d => d.ContainsKey(lp.Context.Owner)), d => Assert.Equal(hole, d[lp.Context.Owner]));
        var note = outcome.Record.History[^1];
        Assert.Equal((LightpathState.Active, LightpathState.Active), (note.From, note.To));
        Assert.Equal($"defragmentation retune (make-before-break): slots {slots} → {hole}; plan p step 1", note.Reason);
        Assert.False(lp.Data.Retuning);
        Assert.Equal(AttemptStatus.Aborted, lp.Context.StatusOf(oldAttempt));
    }

    [Fact]
    public async Task Retune_WhenADeviceRefuses_KeepsTheOldSlotsClaimsAndDevices_AndSaysWhy()
    {
        var (lp, hole, slots) = await AboveAHoleAsync();
        var roadm = lp.Data.Record!.Path!.Nodes[^1];
        _world.Faults.Enqueue(new DeviceFault(roadm, FaultKind.RefuseProvisioning));

        var outcome = await RetuneLightpath.ExecuteAsync(lp.Context, new RetuneLightpathRequest(slots, hole, Hitless: false, "plan p step 1"));

        Assert.Equal("Render", outcome.Refusal);
        Assert.Equal(slots, outcome.Record!.Path!.Slots);
        Assert.All(ClaimsOf(lp), c => Assert.Equal(slots, c.Slots));
        Assert.StartsWith($"defragmentation retune failed, old slots {slots} kept", outcome.Record.History[^1].Reason, StringComparison.Ordinal);
        Assert.False(lp.Data.Retuning);
    }

    [Fact]
    public async Task Retune_ToSlotsTakenOrFromSlotsItNoLongerHas_IsRefusedAndChangesNothing()
    {
        var (lp, hole, slots) = await AboveAHoleAsync();
        var intruder = _world.Lightpath("globex", "lp-3");
        await CreateLightpath.ExecuteAsync(intruder.Context, _world.Create("globex", "lp-3", "A", "B"));
        var writes = lp.Writes;

        var taken = await RetuneLightpath.ExecuteAsync(lp.Context, new RetuneLightpathRequest(slots, hole, Hitless: false));
        var moved = await RetuneLightpath.ExecuteAsync(lp.Context, new RetuneLightpathRequest(hole, new SlotRange(slots.End, slots.Count), Hitless: false));
        var hitless = await RetuneLightpath.ExecuteAsync(lp.Context, new RetuneLightpathRequest(slots, new SlotRange(slots.End, slots.Count), Hitless: true));

        Assert.Equal(("Spectrum", "Moved", "NotHitless"), (taken.Refusal, moved.Refusal, hitless.Refusal));
        Assert.Equal(slots, lp.Data.Record!.Path!.Slots);
        Assert.All(ClaimsOf(lp), c => Assert.Equal((slots, true), (c.Slots, c.Committed)));
        Assert.False(lp.Data.Retuning);
        Assert.True(lp.Writes - writes <= 1, "a refused hold writes at most the cleared retune bookkeeping");
    }

    [Fact]
    public async Task Retune_InterruptedAfterItsNewSlotsCommitted_IsFinishedByTheLightpathsReconcile()
    {
        var (lp, hole, slots) = await AboveAHoleAsync();
        _world.CrashOnProvision = _ => true;

        await Assert.ThrowsAsync<InvalidOperationException>(() => RetuneLightpath.ExecuteAsync(lp.Context, new RetuneLightpathRequest(slots, hole, Hitless: false, "plan p step 1")));

        Assert.True(lp.Data.Retuning);
        Assert.True(ReconcileLightpath.IsPending(lp.Data));
        Assert.Equal(AttemptStatus.Committed, lp.Context.StatusOf(lp.Data.RetuneFromAttempt!)); // both claims are kept meanwhile
        var finished = await ReconcileLightpath.ExecuteAsync(lp.Context);

        Assert.Equal(hole, finished!.Path!.Slots);
        Assert.Equal(LightpathState.Active, finished.State);
        Assert.All(ClaimsOf(lp), c => Assert.Equal(hole, c.Slots));
        Assert.All(_world.Devices.Values.Where(d => d.ContainsKey(lp.Context.Owner)), d => Assert.Equal(hole, d[lp.Context.Owner]));
        Assert.False(lp.Data.Retuning);
        Assert.StartsWith("defragmentation retune (make-before-break)", finished.History[^1].Reason, StringComparison.Ordinal);
    }
}
