using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using Continuum.Pce.Application.Simulation;
using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.Routing.Rsa;
using Continuum.Pce.Topology.IO;
using Continuum.Pce.Topology.IO.Import;

namespace Continuum.Pce.Cli.Commands;

/// <summary>
/// The simulation options shared by <c>pce simulate</c> and <c>pce report blocking</c>: a topology (the project's
/// network format or a node-link JSON of the RSA literature), a preset and/or a settings file, and one option per
/// setting, which override the file, which overrides the preset.
/// </summary>
internal sealed class SimulationOptions
{
    public Option<FileInfo> Topology { get; } = new("--topology") { Description = "Network file: the project's format, or a node-link JSON (XLRON/TopologyBench, e.g. shared/reference/topologies/xlron/*.json)", Required = true };

    public Option<FileInfo?> Equipment { get; } = new("--equipment") { Description = "Equipment library for a node-link topology (default: none; needed only by --modulation equipment and latency ordering)" };

    public Option<FileInfo?> Settings { get; } = new("--settings") { Description = "Simulation settings file (JSON, docs/schemas/simulation-settings.schema.json)" };

    public Option<string?> Preset { get; } = new("--preset") { Description = "Published setting: " + string.Join(", ", SimulationPreset.All.Select(p => p.Name)) + " (each applies its own grid; see `pce simulate presets`)" };

    public Option<double[]?> Load { get; } = new("--load") { Description = "Offered load(s) in Erlang (nominal: λ × mean holding); several make a sweep", AllowMultipleArgumentsPerToken = true };

    public Option<string[]?> Policy { get; } = new("--policy") { Description = $"Policy or policies: {string.Join(", ", SimulationPolicy.All.Select(p => p.Name))}, or all", AllowMultipleArgumentsPerToken = true };

    public Option<int?> Seeds { get; } = new("--seeds") { Description = "Number of seeds (1..N); default 10" };

    public Option<int?> Measured { get; } = new("--requests") { Description = "Measured requests per seed" };

    public Option<int?> Warmup { get; } = new("--warmup") { Description = "Warm-up requests per seed" };

    public Option<double?> ArrivalRate { get; } = new("--arrival-rate") { Description = "Arrival rate λ (mean holding = load / λ)" };

    public Option<string?> Holding { get; } = new("--holding") { Description = "Holding-time distribution: exponential, truncated-exponential (redrawn below cap × mean), deterministic" };

    public Option<double?> HoldingCap { get; } = new("--holding-cap") { Description = "Truncation multiple of the mean for truncated-exponential (default 2)" };

    public Option<string?> BitRate { get; } = new("--bit-rate") { Description = "Bit rates in Gb/s: a range MIN-MAX (uniform integer) or a set A,B,C (uniform choice)" };

    public Option<int?> Slots { get; } = new("--slots") { Description = "Slots per fibre (overrides the topology's grid)" };

    public Option<double?> SlotWidth { get; } = new("--slot-width") { Description = "Slot width in GHz (overrides the topology's grid)" };

    public Option<int?> GuardSlots { get; } = new("--guard-slots") { Description = "Guard units added to every channel (DeepRMSA 1, MaskRSA 0)" };

    public Option<int?> K { get; } = new("--k") { Description = "Candidate paths per pair (overrides each policy's K)" };

    public Option<string?> KOrder { get; } = new("--k-order") { Description = "Order of the K candidates: km, hops or latency (overrides each policy's)" };

    public Option<string?> Modulation { get; } = new("--modulation") { Description = "table (a modulation-by-reach table, DeepRMSA's by default), equipment (the equipment library's modes), or a table NAME:BITS:REACH_KM,... (REACH inf = unbounded)" };

    public Option<FileInfo?> TrafficMatrix { get; } = new("--traffic-matrix") { Description = "CSV of source,destination,weight (node or site ids); default uniform over ordered pairs" };

    public Option<string?> Fibres { get; } = new("--fibres") { Description = "per-direction (one fibre each way) or shared (one fibre used by both directions)" };

    public Option<string?> Defrag { get; } = new("--defrag") { Description = "Defragmentation: none, periodic (every --defrag-every arrivals) or on-block (when a request would block)" };

    public Option<string?> DefragMethod { get; } = new("--defrag-method") { Description = "retune (same path, lower slots) or reroute (any of the K candidates)" };

    public Option<int?> DefragEvery { get; } = new("--defrag-every") { Description = "Arrivals between periodic defragmentations" };

    public Option<bool> AnyTopology { get; } = new("--any-topology") { Description = "Run a preset on a topology other than the one it was published on" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Topology, Equipment, Settings, Preset, Load, Policy, Seeds, Measured, Warmup, ArrivalRate, Holding, HoldingCap, BitRate, Slots, SlotWidth, GuardSlots, K, KOrder, Modulation, TrafficMatrix, Fibres, Defrag, DefragMethod, DefragEvery, AnyTopology })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Preset, then settings file, then options; throws <see cref="UsageException"/> on a bad value.</summary>
    public SimulationPlan BuildPlan(ParseResult p)
    {
        var plan = SimulationPlan.Default;
        if (p.GetValue(Preset) is { } presetName)
        {
            plan = SimulationPreset.TryGet(presetName, out var preset)
                ? SimulationPlan.From(preset)
                : throw new UsageException($"--preset: unknown preset '{presetName}' (known: {string.Join(", ", SimulationPreset.All.Select(x => x.Name))})");
        }

        if (p.GetValue(Settings) is { } file)
        {
            if (!SimulationPlan.TryParse(TopologyInput.ReadFile(file.FullName), plan, out plan, out var errors))
            {
                throw new UsageException($"--settings {file.Name}: " + string.Join("; ", errors));
            }
        }

        var s = plan.Settings;
        if (p.GetValue(Load) is { Length: > 0 } loads)
        {
            plan = plan with { Loads = [.. loads] };
        }

        if (p.GetValue(Policy) is { Length: > 0 } policies)
        {
            plan = plan with { Policies = [.. policies] };
        }

        if (p.GetValue(Seeds) is { } seeds)
        {
            plan = plan with { Seeds = [.. Enumerable.Range(1, Math.Max(0, seeds))] };
        }

        s = s with
        {
            MeasuredRequests = p.GetValue(Measured) ?? s.MeasuredRequests,
            WarmupRequests = p.GetValue(Warmup) ?? s.WarmupRequests,
            ArrivalRate = p.GetValue(ArrivalRate) ?? s.ArrivalRate,
            HoldingCapMultiple = p.GetValue(HoldingCap) ?? s.HoldingCapMultiple,
            SlotCount = p.GetValue(Slots) ?? s.SlotCount,
            SlotWidthMhz = p.GetValue(SlotWidth) is { } ghz ? (long)Math.Round(ghz * 1000) : s.SlotWidthMhz,
            GuardSlots = p.GetValue(GuardSlots) ?? s.GuardSlots,
            K = p.GetValue(K) ?? s.K,
        };
        if (p.GetValue(Holding) is { } holding)
        {
            s = s with { Holding = Pick("--holding", holding, ("exponential", HoldingDistribution.Exponential), ("truncated-exponential", HoldingDistribution.TruncatedExponential), ("deterministic", HoldingDistribution.Deterministic)) };
        }

        if (p.GetValue(BitRate) is { } rate)
        {
            s = ParseBitRate(s, rate);
        }

        if (p.GetValue(KOrder) is { } order)
        {
            s = s with { PathOrdering = Pick("--k-order", order, ("km", RouteMetric.Km), ("hops", RouteMetric.Hops), ("latency", RouteMetric.Latency)) };
        }

        if (p.GetValue(Modulation) is { } modulation)
        {
            s = ParseModulation(s, modulation);
        }

        if (p.GetValue(TrafficMatrix) is { } matrix)
        {
            s = s with { Traffic = ParseMatrix(TopologyInput.ReadFile(matrix.FullName).ReplaceLineEndings("\n").TrimEnd('\n').Split('\n')) };
        }

        if (p.GetValue(Fibres) is { } fibres)
        {
            s = s with { Fibres = Pick("--fibres", fibres, ("per-direction", FibreModel.PerDirection), ("shared", FibreModel.SharedByBothDirections)) };
        }

        var d = s.Defrag;
        if (p.GetValue(Defrag) is { } trigger)
        {
            d = d with { Trigger = Pick("--defrag", trigger, ("none", DefragTrigger.None), ("periodic", DefragTrigger.Periodic), ("on-block", DefragTrigger.OnBlock)) };
            if (d.Trigger == DefragTrigger.Periodic && d.EveryRequests <= 0)
            {
                d = d with { EveryRequests = 1_000 };
            }
        }

        if (p.GetValue(DefragMethod) is { } method)
        {
            d = d with { Method = Pick("--defrag-method", method, ("retune", Application.Simulation.DefragMethod.Retune), ("reroute", Application.Simulation.DefragMethod.Reroute)) };
        }

        d = d with { EveryRequests = p.GetValue(DefragEvery) ?? d.EveryRequests };
        plan = plan with { Settings = s with { Defrag = d, LoadErlang = plan.Loads.IsDefaultOrEmpty ? s.LoadErlang : plan.Loads[0] } };
        var problems = plan.Validate();
        return problems.Length == 0 ? plan : throw new UsageException(string.Join("; ", problems));
    }

    /// <summary>The network and its equipment, or the reasons it could not be read (printed by the caller).</summary>
    public (OpticalNetwork? Network, EquipmentLibrary? Equipment, IReadOnlyList<string> Errors) LoadTopology(ParseResult p)
    {
        var path = p.GetValue(Topology)!.FullName;
        var text = TopologyInput.ReadFile(path);
        if (!IsNodeLink(text))
        {
            var bundle = NetworkFile.Load(path);
            return bundle.IsSuccess
                ? (bundle.Value!.Loaded.Network, bundle.Value.Equipment, [])
                : (null, null, [.. bundle.Errors.Select(e => e.ToString())]);
        }

        var imported = XlronImporter.Import(text, Path.GetFileNameWithoutExtension(path), new ImportOptions { Grid = SpectrumGrid.Benchmark100x12_5 });
        if (imported.Value is null)
        {
            return (null, null, [.. imported.Issues.Select(e => e.ToString())]);
        }

        EquipmentLibrary equipment;
        if (p.GetValue(Equipment) is { } file)
        {
            var library = NetworkFile.LoadEquipment(file.FullName);
            if (library.Value is null)
            {
                return (null, null, [.. library.Issues.Select(e => e.ToString())]);
            }

            equipment = library.Value;
        }
        else
        {
            equipment = new EquipmentLibrary("none", "EUR", [], [], [], []);
        }

        return (imported.Value, equipment, []);
    }

    private static bool IsNodeLink(string json)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(json);
            var root = document.RootElement;
            return root.ValueKind == System.Text.Json.JsonValueKind.Object && !root.TryGetProperty("format", out _) && root.TryGetProperty("nodes", out _)
                && (root.TryGetProperty("links", out _) || root.TryGetProperty("edges", out _));
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    private static T Pick<T>(string option, string text, params (string Name, T Value)[] values)
    {
        foreach (var (name, value) in values)
        {
            if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        throw new UsageException($"{option}: '{text}' is not one of {string.Join(", ", values.Select(v => v.Name))}");
    }

    internal static SimulationSettings ParseBitRate(SimulationSettings s, string text)
    {
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0 && int.TryParse(text[..dash], CultureInfo.InvariantCulture, out var min) && int.TryParse(text[(dash + 1)..], CultureInfo.InvariantCulture, out var max))
        {
            return s with { MinBitRateGbps = min, MaxBitRateGbps = max, BitRatesGbps = [] };
        }

        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var rates = new List<int>();
        foreach (var part in parts)
        {
            rates.Add(int.TryParse(part, CultureInfo.InvariantCulture, out var r) ? r : throw new UsageException($"--bit-rate: '{text}' is neither MIN-MAX nor A,B,C in whole Gb/s"));
        }

        return rates.Count > 0 ? s with { BitRatesGbps = [.. rates] } : throw new UsageException("--bit-rate: empty");
    }

    internal static SimulationSettings ParseModulation(SimulationSettings s, string text)
    {
        if (string.Equals(text, "table", StringComparison.OrdinalIgnoreCase) || string.Equals(text, "deeprmsa", StringComparison.OrdinalIgnoreCase))
        {
            return s with { Modes = ModeModel.DeepRmsa };
        }

        if (string.Equals(text, "equipment", StringComparison.OrdinalIgnoreCase))
        {
            return s with { Modes = ModeModel.ReachTable };
        }

        var formats = new List<ModulationFormat>();
        foreach (var entry in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var f = entry.Split(':');
            if (f.Length != 3 || !int.TryParse(f[1], CultureInfo.InvariantCulture, out var bits)
                || !(string.Equals(f[2], "inf", StringComparison.OrdinalIgnoreCase) || double.TryParse(f[2], CultureInfo.InvariantCulture, out _)))
            {
                throw new UsageException($"--modulation: '{entry}' is not NAME:BITS:REACH_KM");
            }

            var reach = string.Equals(f[2], "inf", StringComparison.OrdinalIgnoreCase) ? double.PositiveInfinity : double.Parse(f[2], CultureInfo.InvariantCulture);
            formats.Add(new ModulationFormat(f[0], bits, reach));
        }

        return s with { Modes = ModeModel.DeepRmsa, ModulationTable = [.. formats] };
    }

    internal static ImmutableArray<TrafficDemand> ParseMatrix(IEnumerable<string> lines)
    {
        var demands = ImmutableArray.CreateBuilder<TrafficDemand>();
        var number = 0;
        foreach (var raw in lines)
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#') || (number == 1 && line.StartsWith("source", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var f = line.Split(',', StringSplitOptions.TrimEntries);
            if (f.Length is < 2 or > 3 || (f.Length == 3 && !double.TryParse(f[2], CultureInfo.InvariantCulture, out _)))
            {
                throw new UsageException($"--traffic-matrix line {number}: expected source,destination[,weight]");
            }

            demands.Add(new TrafficDemand(f[0], f[1], f.Length == 3 ? double.Parse(f[2], CultureInfo.InvariantCulture) : 1));
        }

        return demands.ToImmutable();
    }
}
