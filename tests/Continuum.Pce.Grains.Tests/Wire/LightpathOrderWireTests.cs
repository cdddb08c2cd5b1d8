using Continuum.Pce.Application.Lightpaths.Requests;
using Continuum.Pce.Domain.Requests;
using Continuum.Pce.Grains.Abstractions;
using Continuum.Pce.Grains.ProcessHost;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Xunit;

namespace Continuum.Pce.Grains.Tests.Wire;

/// <summary>
/// The checked order crosses silos as Orleans binary through the surrogates of the domain's values: what arrives must
/// be the same typed request, every constraint included (a field the surrogate forgot would silently drop a
/// customer's constraint on a remote silo, which an in-process call never shows).
/// </summary>
public sealed class LightpathOrderWireTests
{
    private static readonly Serializer Serializer = new ServiceCollection()
        .AddSerializer(b => b.AddAssembly(typeof(LightpathOrder).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();

    [Fact]
    public void Order_WithEveryConstraint_RoundTripsTyped()
    {
        var order = RingNetwork.Order("lp-1", "tenant-a", "S0", "T3", 200, new ConstraintFields
        {
            MaxLatencyUs = 1234.5,
            AllowedJurisdictions = ["DE", "FR-IDF"],
            ForbiddenJurisdictions = ["DE-BY"],
            IncludeNodes = ["R1"],
            ExcludeNodes = ["R5", "T4"],
            ExcludeFibers = ["R4-R5"],
            ExcludeSites = ["S4"],
            DiverseFrom = ["lp-0"],
            MinOsnrMarginDb = 1.5,
            Objective = "energy",
        });
        order = order with
        {
            Request = order.Request with
            {
                Protection = Protection.OnePlusOne,
                Constraints = order.Request.Constraints with
                {
                    IncludeFibers = [new("R0-R1")],
                    DiversityLevel = Disjointness.Srlg,
                    CentralFrequency = new Domain.Units.Frequency(193_100_000),
                    ChannelWidthMhz = 75_000,
                    Mode = "DP-16QAM",
                    MinOsnrDb = 18.5,
                },
            },
        };

        var copy = Serializer.Deserialize<LightpathOrder>(Serializer.SerializeToArray(order))!;

        Assert.Equal(order.Id, copy.Id);
        Assert.Equal(order.Tenant, copy.Tenant);
        Assert.Equal(("S0", "T3"), (copy.Source, copy.Destination));
        var (sent, got) = (order.Request, copy.Request);
        Assert.Equal((sent.Source, sent.Destination, sent.BitRateGbps, sent.Objective, sent.Protection), (got.Source, got.Destination, got.BitRateGbps, got.Objective, got.Protection));
        Assert.Equal(Objective.Energy, got.Objective);
        var (a, b) = (sent.Constraints, got.Constraints);
        Assert.Equal(a.MaxLatencyUs, b.MaxLatencyUs);
        Assert.Equal(a.MinOsnrMarginDb, b.MinOsnrMarginDb);
        Assert.Equal(a.DiversityLevel, b.DiversityLevel);
        Assert.Equal((a.CentralFrequency, a.ChannelWidthMhz, a.Mode, a.MinOsnrDb), (b.CentralFrequency, b.ChannelWidthMhz, b.Mode, b.MinOsnrDb));
        Assert.Equal(193_100_000, b.CentralFrequency!.Value.Mhz);
        Assert.Equal(a.AllowedJurisdictions.ToArray(), b.AllowedJurisdictions.ToArray());
        Assert.Equal(a.ForbiddenJurisdictions.ToArray(), b.ForbiddenJurisdictions.ToArray());
        Assert.Equal(a.IncludeNodes.ToArray(), b.IncludeNodes.ToArray());
        Assert.Equal(a.ExcludeNodes.ToArray(), b.ExcludeNodes.ToArray());
        Assert.Equal(a.IncludeFibers.ToArray(), b.IncludeFibers.ToArray());
        Assert.Equal(a.ExcludeFibers.ToArray(), b.ExcludeFibers.ToArray());
        Assert.Equal(a.ExcludeSrlgs.ToArray(), b.ExcludeSrlgs.ToArray());
        Assert.Equal(a.ExcludeSites.ToArray(), b.ExcludeSites.ToArray());
        Assert.Equal(a.DiverseFrom.ToArray(), b.DiverseFrom.ToArray());
        Assert.Equal(2, b.AllowedJurisdictions.Length);
        Assert.Equal("FR-IDF", b.AllowedJurisdictions[1].ToString());
    }

    [Fact]
    public void Order_WithoutConstraints_RoundTripsToEmptyNotDefaultLists()
    {
        var order = RingNetwork.Order("lp-2", "tenant-a", "S0", "S2");

        var copy = Serializer.Deserialize<LightpathOrder>(Serializer.SerializeToArray(order))!;

        Assert.False(copy.Request.Constraints.ExcludeNodes.IsDefault);
        Assert.Empty(copy.Request.Constraints.AllowedJurisdictions);
        Assert.Null(copy.Request.Constraints.MaxLatencyUs);
        Assert.False(copy.Request.Constraints.RequestsChannel);
        Assert.Equal(Objective.Latency, copy.Request.Objective);
    }
}
