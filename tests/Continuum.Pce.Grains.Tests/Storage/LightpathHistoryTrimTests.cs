using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Domain.Requests;
using Continuum.Pce.Grains.Lightpaths;
using Continuum.Pce.Grains.Storage;
using Xunit;

namespace Continuum.Pce.Grains.Tests.Storage;

/// <summary>A live lightpath's history stays bounded: the request and the newest events, and a count of the rest.</summary>
public sealed class LightpathHistoryTrimTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TrimHistory_ManyFlaps_KeepsTheRequestAndTheNewestEvents_AndCountsTheRest()
    {
        var state = new LightpathGrainState { Record = Flapping(Requested(), 200) };
        var total = state.Record!.History.Length;

        state.TrimHistory(written: [], keep: 8);

        var history = state.Record.History;
        Assert.Equal(9, history.Length);
        Assert.Equal("requested", history[0].Reason);
        Assert.Equal($"flap {199}", history[^1].Reason);
        Assert.Equal($"flap {192}", history[1].Reason);
        Assert.Equal(total - 9, state.HistoryTrimmed);
    }

    [Fact]
    public void TrimHistory_AtOrUnderTheLimit_ChangesNothing()
    {
        var record = Flapping(Requested(), 7);
        var state = new LightpathGrainState { Record = record };

        state.TrimHistory(written: [], keep: 8);

        Assert.Same(record, state.Record);
        Assert.Equal(0, state.HistoryTrimmed);
    }

    [Fact]
    public void TrimHistory_WriteAfterWrite_CountsEveryEventOnce_EvenWhenTheNextRecordWasBuiltFromAnUntrimmedCopy()
    {
        // An operation moves its own copy of the record several times and saves after each move: every save trims, and
        // the next record still carries the events the previous save dropped.
        var state = new LightpathGrainState();
        var copy = Requested();
        var written = state.Record?.History ?? [];
        var events = copy.History.Length;
        for (var i = 0; i < 50; i++)
        {
            copy = copy.Note(T0.AddSeconds(i + 1), $"step {i}");
            events++;
            state.Record = copy;
            state.TrimHistory(written, keep: 4);
            written = state.Record.History;

            Assert.True(state.Record.History.Length <= 5);
            Assert.Equal(events, state.HistoryTrimmed + state.Record.History.Length);
        }

        // Stored and read back (a new activation): the count carries on.
        var back = GrainStateSerializer.Deserialize<LightpathGrainState>(GrainStateSerializer.Serialize(state))!;
        var read = back.Record!.History;
        back.Record = back.Record.Note(T0.AddHours(1), "after restart");
        back.TrimHistory(read, keep: 4);

        Assert.Equal(events + 1, back.HistoryTrimmed + back.Record.History.Length);
        Assert.Equal("after restart", back.Record.History[^1].Reason);
        Assert.Equal("requested", back.Record.History[0].Reason);
    }

    private static LightpathRecord Requested() =>
        LightpathRecord.Requested(new LightpathSpec(new LightpathId("lp1"), new TenantId("t1"), new PathRequest(new NodeId("A"), new NodeId("B"), 100, new PathConstraints())), T0);

    private static LightpathRecord Flapping(LightpathRecord record, int events)
    {
        for (var i = 0; i < events; i++)
        {
            record = record.Note(T0.AddSeconds(i + 1), $"flap {i}");
        }

        return record;
    }
}
