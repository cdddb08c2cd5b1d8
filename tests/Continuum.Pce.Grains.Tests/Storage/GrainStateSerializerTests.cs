using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Reservation;
using Continuum.Pce.Domain.Geography;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Domain.Requests;
using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.Grains.Lightpaths;
using Continuum.Pce.Grains.Spectrum;
using Continuum.Pce.Grains.Storage;
using Xunit;

namespace Continuum.Pce.Grains.Tests.Storage;

public sealed class GrainStateSerializerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void FiberLedger_RoundTrips_WithEveryClaimsSlotsStatusAndTime()
    {
        FiberLedger.Empty(768, 1).TryHold(new LightpathId("lp1"), "a1", new SlotRange(12, 6), T0, out var ledger);
        ledger.TryHold(new LightpathId("lp2"), "b1", new SlotRange(40, 8), T0.AddSeconds(1), out ledger);
        ledger.TryConfirm(new LightpathId("lp2"), "b1", out ledger);

        var back = GrainStateSerializer.Deserialize<FiberGrainState>(GrainStateSerializer.Serialize(new FiberGrainState { Ledger = ledger }))!.Ledger!;

        Assert.Equal(ledger.SlotCount, back.SlotCount);
        Assert.Equal(ledger.GuardBandSlots, back.GuardBandSlots);
        Assert.Equal(ledger.Claims.ToArray(), back.Claims.ToArray());
        Assert.Equal(new SlotRange(40, 8), back.Claims[1].Slots);
    }

    [Fact]
    public void LightpathRecord_RoundTrips_WithRequestConstraintsPathAndHistory()
    {
        var request = new PathRequest(new NodeId("FRA-ROADM"), new NodeId("PAR-ROADM"), 400,
            new PathConstraints { MaxLatencyUs = 3000, AllowedJurisdictions = [Jurisdiction.Parse("DE"), Jurisdiction.Parse("FR-IDF")], ExcludeFibers = [new FiberId("X")] });
        var path = new PathCandidate([new NodeId("FRA-ROADM"), new NodeId("PAR-ROADM")], [new FiberId("FRA-PAR")], new SlotRange(100, 12), new ModeId("400G"), 400, 2900.5, 592.3, 18.2, 3.1);
        var record = LightpathRecord.Requested(new LightpathSpec(new LightpathId("lp1"), new TenantId("t1"), request), T0);
        Assert.True(record.TryCommit("1-x", path, T0.AddSeconds(1), out record));

        var state = new LightpathGrainState { Record = record, Source = "FRA", Destination = "PAR", SourceInterface = 3 };
        var json = GrainStateSerializer.Serialize(state);
        var back = GrainStateSerializer.Deserialize<LightpathGrainState>(json)!;

        Assert.Equal(LightpathState.Reserved, back.Record!.State);
        Assert.Equal(new SlotRange(100, 12), back.Record.Path!.Slots);
        Assert.Equal(path.Fibers.ToArray(), back.Record.Path.Fibers.ToArray());
        Assert.Equal(["DE", "FR-IDF"], back.Record.Spec.Request.Constraints.AllowedJurisdictions.Select(j => j.ToString()).ToArray());
        Assert.Equal(3000, back.Record.Spec.Request.Constraints.MaxLatencyUs);
        Assert.Equal(record.History.ToArray(), back.Record.History.ToArray());
        Assert.Equal("1-x", back.Record.CommittedAttempt);
        Assert.DoesNotContain("Continuum.", json, StringComparison.Ordinal);
    }
}

public sealed class TelemetryStateSerializerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void LightpathState_Version1Payload_ReadsWithoutTelemetryOrCleanup()
    {
        var v1 = """{"source":"FRA","destination":"PAR","sourceInterface":3}""";

        var state = GrainStateSerializer.Deserialize<LightpathGrainState>(v1)!;

        Assert.Equal(3, state.SourceInterface);
        Assert.Null(state.Telemetry);
        Assert.Null(state.CleanupFailure);
        Assert.False(state.OwesCleanup);
        Assert.Null(state.HomePath);
        Assert.Null(state.RestorationFailure);
        Assert.False(state.Retuning);
        Assert.Null(state.ProtectionHoldOffMs);
        Assert.Null(state.ProtectionWaitToRestoreMs);
        Assert.Equal(0, state.HistoryTrimmed);
        Assert.Equal(7, GrainStateSerializer.SchemaVersionOf(typeof(LightpathGrainState)));
        Assert.Equal(7, GrainStateSerializer.SchemaVersionOf<LightpathGrainState>());
    }

    [Fact]
    public void LightpathState_RetuneInFlight_RoundTripsSoARestartCanFinishIt()
    {
        var json = GrainStateSerializer.Serialize(new LightpathGrainState
        {
            Source = "S1",
            RetuneFromAttempt = "c1-old",
            RetuneSweepAttempt = "g1-sweep",
            RetuneHitless = true,
            RetuneCause = "plan dfp-1 step 3",
        });

        var back = GrainStateSerializer.Deserialize<LightpathGrainState>(json)!;

        Assert.True(back.Retuning);
        Assert.Equal(("c1-old", "g1-sweep", true, "plan dfp-1 step 3"), (back.RetuneFromAttempt, back.RetuneSweepAttempt, back.RetuneHitless, back.RetuneCause));
        Assert.DoesNotContain("retuning", json, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void LightpathState_CleanupOwed_RoundTripsWithoutTheDerivedFlag()
    {
        var json = GrainStateSerializer.Serialize(new LightpathGrainState { Source = "S1", CleanupFailure = "R2 refused", CleanupFailures = 2, CleanupRetryAt = T0 });

        var back = GrainStateSerializer.Deserialize<LightpathGrainState>(json)!;

        Assert.DoesNotContain("owesCleanup", json, StringComparison.Ordinal);
        Assert.Equal("R2 refused", back.CleanupFailure);
        Assert.Equal(2, back.CleanupFailures);
        Assert.Equal(T0, back.CleanupRetryAt);
        Assert.True(back.OwesCleanup);
    }

    [Fact]
    public void LightpathTelemetry_RoundTrips_WithoutTypeNames()
    {
        var telemetry = Continuum.Pce.Application.Telemetry.LightpathTelemetry.Empty
            .With(new Continuum.Pce.Application.Telemetry.ReceiverReading(new NodeId("T4"), 2, true, 27.31, -10.5, 1e-5, T0))
            .WithFiber(new FiberId("R2-R3"), false, "DEG1-IN INACTIVE at R3", T0);
        var json = GrainStateSerializer.Serialize(new LightpathGrainState { Source = "S1", Telemetry = telemetry });

        var back = GrainStateSerializer.Deserialize<LightpathGrainState>(json)!.Telemetry!;

        Assert.Equal(telemetry.Receivers.ToArray(), back.Receivers.ToArray());
        Assert.Equal(telemetry.FibersDown.ToArray(), back.FibersDown.ToArray());
        Assert.Contains("\"transponder\":\"T4\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Continuum.", json, StringComparison.Ordinal);
    }

    [Fact]
    public void NodeState_Version1Payload_ReadsWithEmptyTelemetry()
    {
        var v1 = """{"health":"ok","interfaces":{"1":"lp1"}}""";

        var state = GrainStateSerializer.Deserialize<Continuum.Pce.Grains.Nodes.OpticalNodeState>(v1)!;

        Assert.Equal("lp1", state.Interfaces[1]);
        Assert.Empty(state.Components);
        Assert.Empty(state.MediaChannels);
    }
}
