using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Continuum.Pce.Routing.Rsa;

namespace Continuum.Pce.Application.Simulation;

/// <summary>
/// Everything one <c>pce simulate</c> run does: the settings, the loads swept, the seeds and the policies, and the
/// preset it started from (whose topology check then applies). Read from a settings file
/// (docs/schemas/simulation-settings.schema.json) by <see cref="Parse"/>; CLI options override it field by field.
/// </summary>
public sealed record SimulationPlan(SimulationSettings Settings, ImmutableArray<double> Loads, ImmutableArray<int> Seeds, ImmutableArray<string> Policies, SimulationPreset? Preset)
{
    public static SimulationPlan Default { get; } = new(new SimulationSettings(), [250], [.. Enumerable.Range(1, 10)], ["ksp-ff"], null);

    /// <summary>The plan a preset gives: its settings and loads, 10 seeds, KSP-FF.</summary>
    public static SimulationPlan From(SimulationPreset preset)
    {
        ArgumentNullException.ThrowIfNull(preset);
        return new(preset.Settings, preset.Loads, [.. Enumerable.Range(1, 10)], ["ksp-ff"], preset);
    }

    /// <summary>
    /// Reads a settings file over <paramref name="basePlan"/> (default: <see cref="Default"/>). A "preset" member starts
    /// from that preset instead; every other member overrides. Unknown members are errors (a typo must not silently
    /// fall back to a default). Errors name the JSON path.
    /// </summary>
    public static bool TryParse(string json, SimulationPlan? basePlan, out SimulationPlan plan, out ImmutableArray<string> errors)
    {
        var list = new List<string>();
        plan = Default;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            errors = [$"$: not JSON ({e.Message})"];
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors = ["$: a settings file is a JSON object"];
                return false;
            }

            var reader = new Reader(list);
            plan = reader.Read(root, basePlan ?? Default);
        }

        if (list.Count == 0)
        {
            list.AddRange(plan.Validate());
        }

        errors = [.. list];
        return errors.Length == 0;
    }

    /// <summary>Problems with the plan as a whole; empty when it can run.</summary>
    public ImmutableArray<string> Validate()
    {
        var errors = ImmutableArray.CreateBuilder<string>();
        errors.AddRange(Settings.Validate());
        if (Loads.IsDefaultOrEmpty || Loads.Any(l => !double.IsFinite(l) || l <= 0))
        {
            errors.Add("loads: at least one load, each positive");
        }

        if (Seeds.IsDefaultOrEmpty)
        {
            errors.Add("seeds: at least one seed");
        }

        if (Policies.IsDefaultOrEmpty)
        {
            errors.Add("policies: at least one policy");
        }
        else
        {
            foreach (var p in Policies.Where(p => p != "all" && !SimulationPolicy.TryGet(p, out _)))
            {
                errors.Add($"policies: unknown policy '{p}' (known: {string.Join(", ", SimulationPolicy.All.Select(x => x.Name))}, all)");
            }
        }

        return errors.ToImmutable();
    }

    /// <summary>The policies to run, "all" expanded.</summary>
    public ImmutableArray<SimulationPolicy> ResolvePolicies() =>
        Policies.Length == 1 && Policies[0] == "all"
            ? SimulationPolicy.All
            : [.. Policies.Select(n => SimulationPolicy.TryGet(n, out var p) ? p : throw new InvalidOperationException($"unknown policy '{n}'"))];

    private sealed class Reader(List<string> errors)
    {
        public SimulationPlan Read(JsonElement root, SimulationPlan plan)
        {
            Known(root, "$", "$schema", "preset", "loads", "seeds", "policies", "arrivalRate", "holding", "requests", "bitRate", "grid", "guardSlots", "paths", "modulation", "traffic", "fibres", "defrag");
            if (root.TryGetProperty("preset", out var presetName))
            {
                if (presetName.ValueKind == JsonValueKind.String && SimulationPreset.TryGet(presetName.GetString()!, out var preset))
                {
                    plan = From(preset);
                }
                else
                {
                    errors.Add($"$.preset: unknown preset {presetName} (known: {string.Join(", ", SimulationPreset.All.Select(p => p.Name))})");
                }
            }

            var s = plan.Settings;
            if (root.TryGetProperty("loads", out var loads))
            {
                plan = plan with { Loads = [.. Array(loads, "$.loads").Select((e, i) => Number(e, $"$.loads[{i}]"))] };
            }

            if (root.TryGetProperty("seeds", out var seeds))
            {
                plan = plan with
                {
                    Seeds = seeds.ValueKind == JsonValueKind.Number
                        ? [.. Enumerable.Range(1, Math.Max(0, Int(seeds, "$.seeds")))]
                        : [.. Array(seeds, "$.seeds").Select((e, i) => Int(e, $"$.seeds[{i}]"))],
                };
            }

            if (root.TryGetProperty("policies", out var policies))
            {
                plan = plan with { Policies = [.. Array(policies, "$.policies").Select((e, i) => Text(e, $"$.policies[{i}]"))] };
            }

            if (root.TryGetProperty("arrivalRate", out var rate))
            {
                s = s with { ArrivalRate = Number(rate, "$.arrivalRate") };
            }

            if (Object(root, "holding", out var holding))
            {
                Known(holding, "$.holding", "distribution", "capMultiple");
                if (holding.TryGetProperty("distribution", out var d))
                {
                    s = s with { Holding = Enum(d, "$.holding.distribution", ("exponential", HoldingDistribution.Exponential), ("truncated-exponential", HoldingDistribution.TruncatedExponential), ("deterministic", HoldingDistribution.Deterministic)) };
                }

                if (holding.TryGetProperty("capMultiple", out var cap))
                {
                    s = s with { HoldingCapMultiple = Number(cap, "$.holding.capMultiple") };
                }
            }

            if (Object(root, "requests", out var requests))
            {
                Known(requests, "$.requests", "warmup", "measured");
                if (requests.TryGetProperty("warmup", out var w))
                {
                    s = s with { WarmupRequests = Int(w, "$.requests.warmup") };
                }

                if (requests.TryGetProperty("measured", out var m))
                {
                    s = s with { MeasuredRequests = Int(m, "$.requests.measured") };
                }
            }

            if (Object(root, "bitRate", out var bitRate))
            {
                Known(bitRate, "$.bitRate", "minGbps", "maxGbps", "setGbps");
                if (bitRate.TryGetProperty("setGbps", out var set))
                {
                    s = s with { BitRatesGbps = [.. Array(set, "$.bitRate.setGbps").Select((e, i) => Int(e, $"$.bitRate.setGbps[{i}]"))] };
                }

                if (bitRate.TryGetProperty("minGbps", out var min))
                {
                    s = s with { MinBitRateGbps = Int(min, "$.bitRate.minGbps"), BitRatesGbps = [] };
                }

                if (bitRate.TryGetProperty("maxGbps", out var max))
                {
                    s = s with { MaxBitRateGbps = Int(max, "$.bitRate.maxGbps"), BitRatesGbps = [] };
                }
            }

            if (Object(root, "grid", out var grid))
            {
                Known(grid, "$.grid", "slotCount", "slotWidthGhz");
                if (grid.TryGetProperty("slotCount", out var count))
                {
                    s = s with { SlotCount = Int(count, "$.grid.slotCount") };
                }

                if (grid.TryGetProperty("slotWidthGhz", out var width))
                {
                    s = s with { SlotWidthMhz = Mhz(Number(width, "$.grid.slotWidthGhz")) };
                }
            }

            if (root.TryGetProperty("guardSlots", out var guard))
            {
                s = s with { GuardSlots = Int(guard, "$.guardSlots") };
            }

            if (Object(root, "paths", out var paths))
            {
                Known(paths, "$.paths", "k", "ordering");
                if (paths.TryGetProperty("k", out var k))
                {
                    s = s with { K = Int(k, "$.paths.k") };
                }

                if (paths.TryGetProperty("ordering", out var ordering))
                {
                    s = s with { PathOrdering = Enum(ordering, "$.paths.ordering", ("km", RouteMetric.Km), ("hops", RouteMetric.Hops), ("latency", RouteMetric.Latency)) };
                }
            }

            if (Object(root, "modulation", out var modulation))
            {
                s = ReadModulation(modulation, s);
            }

            if (Object(root, "traffic", out var traffic))
            {
                Known(traffic, "$.traffic", "demands");
                if (traffic.TryGetProperty("demands", out var demands))
                {
                    s = s with
                    {
                        Traffic = [.. Array(demands, "$.traffic.demands").Select((e, i) =>
                        {
                            var path = $"$.traffic.demands[{i}]";
                            Known(e, path, "source", "destination", "weight");
                            return new TrafficDemand(Text(Get(e, "source", path), path + ".source"), Text(Get(e, "destination", path), path + ".destination"), e.TryGetProperty("weight", out var wt) ? Number(wt, path + ".weight") : 1);
                        })],
                    };
                }
            }

            if (root.TryGetProperty("fibres", out var fibres))
            {
                s = s with { Fibres = Enum(fibres, "$.fibres", ("per-direction", FibreModel.PerDirection), ("shared", FibreModel.SharedByBothDirections)) };
            }

            if (Object(root, "defrag", out var defrag))
            {
                Known(defrag, "$.defrag", "trigger", "method", "everyRequests");
                var d = s.Defrag;
                if (defrag.TryGetProperty("trigger", out var trigger))
                {
                    d = d with { Trigger = Enum(trigger, "$.defrag.trigger", ("none", DefragTrigger.None), ("periodic", DefragTrigger.Periodic), ("on-block", DefragTrigger.OnBlock)) };
                }

                if (defrag.TryGetProperty("method", out var method))
                {
                    d = d with { Method = Enum(method, "$.defrag.method", ("retune", DefragMethod.Retune), ("reroute", DefragMethod.Reroute)) };
                }

                if (defrag.TryGetProperty("everyRequests", out var every))
                {
                    d = d with { EveryRequests = Int(every, "$.defrag.everyRequests") };
                }

                s = s with { Defrag = d };
            }

            if (!plan.Loads.IsDefaultOrEmpty && plan.Loads[0] > 0)
            {
                s = s with { LoadErlang = plan.Loads[0] };
            }

            return plan with { Settings = s };
        }

        private SimulationSettings ReadModulation(JsonElement modulation, SimulationSettings s)
        {
            Known(modulation, "$.modulation", "model", "unitGhz", "formats");
            if (modulation.TryGetProperty("model", out var model))
            {
                s = s with { Modes = Enum(model, "$.modulation.model", ("table", ModeModel.DeepRmsa), ("equipment", ModeModel.ReachTable)) };
            }

            if (modulation.TryGetProperty("unitGhz", out var unit))
            {
                s = s with { ModulationUnitMhz = Mhz(Number(unit, "$.modulation.unitGhz")) };
            }

            if (modulation.TryGetProperty("formats", out var formats))
            {
                s = s with
                {
                    ModulationTable = [.. Array(formats, "$.modulation.formats").Select((e, i) =>
                    {
                        var path = $"$.modulation.formats[{i}]";
                        Known(e, path, "name", "bitsPerSymbol", "maxReachKm");
                        var reach = e.TryGetProperty("maxReachKm", out var r) && r.ValueKind != JsonValueKind.Null ? Number(r, path + ".maxReachKm") : double.PositiveInfinity;
                        return new ModulationFormat(Text(Get(e, "name", path), path + ".name"), Int(Get(e, "bitsPerSymbol", path), path + ".bitsPerSymbol"), reach);
                    })],
                };
            }

            return s;
        }

        private void Known(JsonElement e, string path, params string[] names)
        {
            if (e.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            foreach (var p in e.EnumerateObject().Where(p => !names.Contains(p.Name)))
            {
                errors.Add($"{path}.{p.Name}: unknown setting (known: {string.Join(", ", names)})");
            }
        }

        private bool Object(JsonElement root, string name, out JsonElement value)
        {
            if (!root.TryGetProperty(name, out value))
            {
                return false;
            }

            if (value.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"$.{name}: must be an object");
                return false;
            }

            return true;
        }

        private JsonElement Get(JsonElement e, string name, string path)
        {
            if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var value))
            {
                return value;
            }

            errors.Add($"{path}.{name}: required");
            return default;
        }

        private JsonElement[] Array(JsonElement e, string path)
        {
            if (e.ValueKind == JsonValueKind.Array)
            {
                return [.. e.EnumerateArray()];
            }

            errors.Add($"{path}: must be an array");
            return [];
        }

        private double Number(JsonElement e, string path)
        {
            if (e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var d) && double.IsFinite(d))
            {
                return d;
            }

            if (e.ValueKind != JsonValueKind.Undefined)
            {
                errors.Add($"{path}: must be a number");
            }

            return 0;
        }

        private int Int(JsonElement e, string path)
        {
            if (e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var i))
            {
                return i;
            }

            if (e.ValueKind != JsonValueKind.Undefined)
            {
                errors.Add($"{path}: must be an integer");
            }

            return 0;
        }

        private string Text(JsonElement e, string path)
        {
            if (e.ValueKind == JsonValueKind.String)
            {
                return e.GetString()!;
            }

            if (e.ValueKind != JsonValueKind.Undefined)
            {
                errors.Add($"{path}: must be a string");
            }

            return "";
        }

        private T Enum<T>(JsonElement e, string path, params (string Name, T Value)[] values)
        {
            var text = e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            foreach (var (name, value) in values)
            {
                if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
                {
                    return value;
                }
            }

            errors.Add($"{path}: one of {string.Join(", ", values.Select(v => v.Name))}");
            return values[0].Value;
        }

        private long Mhz(double ghz)
        {
            var mhz = Math.Round(ghz * 1000);
            if (mhz <= 0 || Math.Abs(mhz - (ghz * 1000)) > 1e-6)
            {
                errors.Add($"a width of {ghz.ToString(CultureInfo.InvariantCulture)} GHz is not a positive whole number of MHz");
            }

            return (long)mhz;
        }
    }
}
