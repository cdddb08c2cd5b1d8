using System.Collections.Immutable;
using Continuum.Pce.Domain.Network;

namespace Continuum.Pce.Application.Simulation;

/// <summary>
/// The topology a preset was published on: its reference file (shared/reference/topologies/xlron) and what identifies
/// it (ROADMs, duplex links, route km = the sum of link lengths counted once).
/// </summary>
public sealed record PresetTopology(string ReferenceFile, int Nodes, int Links, double RouteKm)
{
    /// <summary>Null when the network is this topology (same counts, route km within 0.5 %), else why not.</summary>
    public string? Mismatch(OpticalNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var nodes = network.Nodes.Count(n => n is Roadm);
        var links = network.Fibers.Length / 2.0;
        var km = network.Fibers.Sum(f => f.LengthKm) / 2;
        return nodes == Nodes && links == Links && Math.Abs(km - RouteKm) <= RouteKm * 0.005
            ? null
            : $"the preset was published on {ReferenceFile} ({Nodes} nodes, {Links} links, {RouteKm:0} route km); this network has {nodes} nodes, {links:0.#} links, {km:0} route km";
    }
}

/// <summary>A published blocking figure: policy, load, service blocking (fraction) and its 95 % half-width if known.</summary>
public sealed record PublishedFigure(string Policy, double LoadErlang, double ServiceBlocking, double? Ci95, string Source);

/// <summary>
/// A named published setting: the settings (always with their own grid), the loads studied, the topology and, where
/// one is known, the published KSP-FF figure to reproduce.
/// </summary>
public sealed record SimulationPreset(string Name, string Description, SimulationSettings Settings, ImmutableArray<double> Loads, PresetTopology Topology, PublishedFigure? Published)
{
    private const string Recreation = "settings as recreated by M. Doherty and A. Beghelli, \"Reinforcement learning for dynamic resource allocation in optical networks: hype or hope?\", arXiv:2502.12804 (2025), and their XLRON scripts";

    /// <summary>The presets: deeprmsa-nsfnet, deeprmsa-cost239, reward-rmsa-nsfnet, gcn-rmsa-usnet, maskrsa-jpn48.</summary>
    public static ImmutableArray<SimulationPreset> All { get; } =
    [
        new(
            "deeprmsa-nsfnet",
            "DeepRMSA on NSFNET: X. Chen et al., \"DeepRMSA: a deep reinforcement learning framework for routing, modulation and spectrum assignment in elastic optical networks\", J. Lightw. Technol. 37(16), 2019. 100 × 12.5 GHz, 25–100 Gb/s, DeepRMSA table + 1 guard slot, K = 5 by km, λ = 10, holding exp. mean 25 truncated below 2 × mean, 250 Erlang; " + Recreation + ".",
            Deep(250, 10),
            [250],
            new("nsfnet_deeprmsa_undirected.json", 14, 22, 21_300),
            new("ksp-ff", 250, 0.0510, null, "DeepRMSA (JLT 2019), KSP-FF; independent re-runs 5.13 ± 0.32 % and 5.03 % (shared/reference/rsa-benchmarks.md)")),
        new(
            "deeprmsa-cost239",
            "DeepRMSA on COST239 (the DeepRMSA link table, 420–2620 km): X. Chen et al., J. Lightw. Technol. 37(16), 2019. 100 × 12.5 GHz, 25–100 Gb/s, DeepRMSA table + 1 guard slot, K = 5 by km, holding exp. mean 30 truncated below 2 × mean, 600 Erlang (λ = 20); " + Recreation + ".",
            Deep(600, 20),
            [600],
            new("cost239_deeprmsa_undirected.json", 11, 26, 30_090),
            new("ksp-ff", 600, 0.0675, null, "DeepRMSA (JLT 2019), KSP-FF on COST239 (issue 28)")),
        new(
            "reward-rmsa-nsfnet",
            "Reward-RMSA on NSFNET (DeepRMSA's NSFNET, 100 × 12.5 GHz, 25–100 Gb/s, DeepRMSA table + 1 guard slot, K = 5 by km), holding exp. mean 14 truncated below 2 × mean, 168–210 Erlang; " + Recreation + ".",
            Deep(168, 12),
            [168, 182, 196, 210],
            new("nsfnet_deeprmsa_undirected.json", 14, 22, 21_300),
            new("ksp-ff", 168, 0.0109, null, "KSP-FF at 168 Erlang nominal, λ = 12, mean holding 14 (shared/reference/rsa-benchmarks.md)")),
        new(
            "gcn-rmsa-usnet",
            "GCN-RMSA on USNET (24 nodes, 43 links, 164–648 km, the GCN-RNN variant): 100 × 12.5 GHz, 25–100 Gb/s, DeepRMSA table + 1 guard slot, K = 5 by km, holding exp. mean 20 truncated below 2 × mean, 320–400 Erlang; " + Recreation + ".",
            Deep(320, 16),
            [320, 340, 360, 380, 400],
            new("usnet_gcnrnn_undirected.json", 24, 43, 13_216),
            null),
        new(
            "maskrsa-jpn48",
            "MaskRSA on JPN48 (48 nodes, 82 links): NTT's Mask RSA (NTT Technical Review 19(9), 2021). 80 × 12.5 GHz, 25–50 Gb/s, DeepRMSA table with no guard band, each link one fibre shared by both directions, K = 5 by km, holding exponential mean 12 (not truncated), 120–160 Erlang; " + Recreation + ".",
            new SimulationSettings
            {
                LoadErlang = 120,
                ArrivalRate = 10,
                Holding = HoldingDistribution.Exponential,
                SlotCount = 80,
                SlotWidthMhz = 12_500,
                MinBitRateGbps = 25,
                MaxBitRateGbps = 50,
                GuardSlots = 0,
                Fibres = FibreModel.SharedByBothDirections,
            },
            [120, 130, 140, 150, 160],
            new("jpn48_undirected.json", 48, 82, 12_576),
            null),
    ];

    /// <summary>A preset by name; "deeprmsa" (the name before issue 28) is deeprmsa-nsfnet.</summary>
    public static bool TryGet(string name, out SimulationPreset preset)
    {
        var wanted = string.Equals(name, "deeprmsa", StringComparison.OrdinalIgnoreCase) ? "deeprmsa-nsfnet" : name;
        preset = All.FirstOrDefault(p => string.Equals(p.Name, wanted, StringComparison.OrdinalIgnoreCase))!;
        return preset is not null;
    }

    private static SimulationSettings Deep(double load, double arrivalRate) => new()
    {
        LoadErlang = load,
        ArrivalRate = arrivalRate,
        Holding = HoldingDistribution.TruncatedExponential,
        HoldingCapMultiple = 2,
        SlotCount = 100,
        SlotWidthMhz = 12_500,
        MinBitRateGbps = 25,
        MaxBitRateGbps = 100,
        GuardSlots = 1,
    };
}
