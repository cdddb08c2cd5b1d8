using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Application.Reservation;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.Grains.Abstractions;
using Continuum.Pce.Grains.Hosting;
using Continuum.Pce.Grains.ProcessHost;
using Continuum.Pce.Grains.Spectrum;
using Continuum.Pce.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;
using Xunit;

namespace Continuum.Pce.Grains.Tests.Cluster;

/// <summary>Spectrum is kept per duplex pair: one hold, confirm or release covers a fibre and its reverse.</summary>
[Collection(ClusterCollection.Name)]
public sealed class FiberPairTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Cluster.GrainFactory;

    private static string NewId(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Hold_AddressedToEitherFibre_HoldsBothFibresOfThePair()
    {
        var owner = NewId("pair");

        Assert.True((await _grains.GetGrain<IFiberGrain>("R2-R1").Hold(new HoldRequest(owner, "1", 26, 2))).Granted);

        Assert.Contains((await _grains.GetGrain<IFiberGrain>("R1-R2").GetSpectrum()).Claims, c => c.Lightpath == owner && c.SlotStart == 26);
        var reverse = await _grains.GetGrain<IFiberGrain>("R2-R1").GetSpectrum();
        Assert.Equal("R2-R1", reverse.Fiber);
        Assert.Contains(reverse.Claims, c => c.Lightpath == owner && c.SlotStart == 26);

        await _grains.GetGrain<IFiberGrain>("R1-R2").Release(owner, null);
        Assert.DoesNotContain((await _grains.GetGrain<IFiberGrain>("R2-R1").GetSpectrum()).Claims, c => c.Lightpath == owner);
        Assert.DoesNotContain((await _grains.GetGrain<IFiberGrain>("R1-R2").GetSpectrum()).Claims, c => c.Lightpath == owner);
    }

    [Fact]
    public async Task Hold_RefusedByOneFibre_NamesThatFibre_AndHoldsNeither()
    {
        var owner = NewId("half");
        var down = _grains.GetGrain<IFiberGrain>("R3-R2");
        await down.SetUp(false);
        try
        {
            var reply = await _grains.GetGrain<IFiberGrain>("R2-R3").Hold(new HoldRequest(owner, "1", 25, 1));

            Assert.False(reply.Granted);
            Assert.Equal("FiberDown", reply.Refusal);
            Assert.Equal("R3-R2", reply.Fiber);
            Assert.True((await _grains.GetGrain<IFiberGrain>("R2-R3").GetSpectrum()).IsUp);
            Assert.DoesNotContain((await _grains.GetGrain<IFiberGrain>("R2-R3").GetSpectrum()).Claims, c => c.Lightpath == owner);
            Assert.DoesNotContain((await down.GetSpectrum()).Claims, c => c.Lightpath == owner);
        }
        finally
        {
            await down.SetUp(true);
        }
    }

    [Fact]
    public async Task Create_HoldsEachPairOnce_AndEveryFibreItLightsShowsTheClaim()
    {
        var id = NewId("lp");

        var view = await _grains.Lightpath("tenant-a", id).Create(RingNetwork.Order(id, "tenant-a", "S4", "S0"));

        Assert.Equal(LightpathState.Active, view.State);
        Assert.Equal(4, view.ReservedFibers.Length);
        foreach (var fiber in view.ReservedFibers)
        {
            var claim = Assert.Single((await _grains.GetGrain<IFiberGrain>(fiber).GetSpectrum()).Claims, c => c.Lightpath == LightpathGrains.KeyOf("tenant-a", id));
            Assert.Equal("Committed", claim.Status);
        }

        await _grains.Lightpath("tenant-a", id).Delete();
    }
}

/// <summary>
/// A store written before spectrum was kept per pair (state version 2: one record per fibre) is read into the pairs: the
/// reverse fibre's record is brought into its pair's state and deleted once the pair has written.
/// </summary>
[Collection(LegacyFiberStoreCollection.Name)]
public sealed class LegacyFiberRecordTests(LegacyFiberStoreFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Cluster.GrainFactory;

    [Fact]
    public async Task Version2Records_OfBothFibres_AreReadIntoThePair_AndTheReverseRecordIsDroppedAfterTheFirstWrite()
    {
        var forward = await _grains.GetGrain<IFiberGrain>("R1-R2").GetSpectrum();
        var reverse = await _grains.GetGrain<IFiberGrain>("R2-R1").GetSpectrum();

        Assert.Contains(forward.Claims, c => c.Lightpath == "old-a" && c.SlotStart == 3 && c.Status == "Committed");
        Assert.Contains(reverse.Claims, c => c.Lightpath == "old-a" && c.SlotStart == 3 && c.Status == "Committed");
        Assert.False(reverse.IsUp);
        Assert.True(forward.IsUp);

        // The first write of the pair carries both ledgers; the reverse fibre's own record goes.
        await _grains.GetGrain<IFiberGrain>("R2-R1").SetUp(true);

        await using var store = new SqliteGrainStateStore(LegacyFiberStoreFixture.DatabasePath);
        Assert.Null(await store.ReadAsync("fiber", "R2-R1", "fiber"));
        var pair = GrainStateSerializer.Deserialize<FiberGrainState>((await store.ReadAsync("fiber", "R1-R2", "fiber"))!.Payload)!;
        Assert.Equal(["R1-R2", "R2-R1"], pair.Ledgers.Keys.Order(StringComparer.Ordinal).ToArray());
        Assert.Null(pair.Ledger);
        Assert.True(pair.Ledgers["R2-R1"].IsUp);
        Assert.All(pair.Ledgers.Values, l => Assert.Contains(l.Claims, c => c.Owner.Value == "old-a"));
    }
}

/// <summary>A silo whose store holds version-2 fibre records (one per fibre) written before it starts.</summary>
public sealed class LegacyFiberStoreFixture : SiloFixture<LegacyFiberStoreFixture.SiloConfigurator>
{
    public sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            SeedVersion2Records().GetAwaiter().GetResult();
            var catalog = new InMemoryNetworkCatalog();
            catalog.Publish(new NetworkSnapshot(RingNetwork.Build(), RingNetwork.Equipment, 1));
            siloBuilder.Services.AddSingleton<INetworkCatalog>(catalog);
            siloBuilder.Services.AddSingleton<IPathComputer, SimplePathComputer>();
            siloBuilder.AddContinuumPce(new PceStorageOptions { SqlitePath = DatabasePath });
        }

        private static async Task SeedVersion2Records()
        {
            Directory.CreateDirectory(DataDirectory);
            var store = new SqliteGrainStateStore(DatabasePath);
            await store.EnsureSchemaAsync();
            var t0 = new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
            FiberLedger.Empty(32).TryHold(new LightpathId("old-a"), "1", new SlotRange(3, 2), t0, out var ledger);
            ledger.TryConfirm(new LightpathId("old-a"), "1", out ledger);

            // Exactly the version-2 shape: {"ledger": …, "sealed": …}, no "ledgers".
            await store.WriteAsync("fiber", "R1-R2", "fiber", $$"""{"ledger":{{GrainStateSerializer.Serialize(ledger)}},"sealed":true}""", 2, null);
            await store.WriteAsync("fiber", "R2-R1", "fiber", $$"""{"ledger":{{GrainStateSerializer.Serialize(ledger with { IsUp = false })}},"sealed":true}""", 2, null);
            await store.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class LegacyFiberStoreCollection : ICollectionFixture<LegacyFiberStoreFixture>
{
    public const string Name = "legacy-fiber-store";
}
