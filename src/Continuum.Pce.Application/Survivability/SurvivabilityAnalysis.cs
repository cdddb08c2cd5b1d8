using System.Collections.Immutable;
using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Paths;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Requests;
using Continuum.Pce.Domain.Spectrum;

namespace Continuum.Pce.Application.Survivability;

/// <summary>How an analysis runs: which failures, which routing objective for restoration paths, how many threads.</summary>
public sealed record SurvivabilityOptions
{
    public FailureKinds Kinds { get; init; } = FailureKinds.All;

    public Objective Objective { get; init; } = Objective.Latency;

    /// <summary>
    /// Failures analysed at once, each worker on its own copy of the spectrum state and its own path computer. Default
    /// 1: every worker warms its own candidate caches and QoT memo, which on the 2-core development machine cost more
    /// than the second core gave back (docs/performance.md); the targets are met on one thread.
    /// </summary>
    public int MaxDegreeOfParallelism { get; init; } = 1;
}

/// <summary>Slots held on a fibre by something the analysis does not restore (another tenant's hold, a lightpath being set up).</summary>
public readonly record struct FiberClaim(FiberId Fiber, SlotRange Slots);

/// <summary>
/// What-if survivability: for every single failure (fibre pair, SRLG, ROADM), which lightpaths it hits, which of them
/// restoration can bring back and how (extra latency, QoT margin), and the capacity lost per tenant. Each failure is
/// independent and starts from the same spectrum state: the live (or planned) occupancy with the hit lightpaths' slots
/// released and the failed fibres down. The hit lightpaths are then re-routed one by one in priority order (0, the highest,
/// first, ties by id) with the engine's own path computation and QoT (<see cref="RoutingPathComputer"/>), avoiding what
/// failed; each restoration takes its slots before the next is computed, so they compete as they would in a real
/// restoration storm and never double-book. Failures may run in parallel, each worker with its own spectrum copy and path
/// computer (<see cref="SurvivabilityOptions.MaxDegreeOfParallelism"/>); failures whose failed fibres and exclusions are identical (an SRLG holding one duplex pair and that pair's
/// cut) are computed once. The outcome does not depend on the number of threads.
/// </summary>
public static class SurvivabilityAnalysis
{
    public static SurvivabilityResult Run(
        NetworkSnapshot snapshot,
        IReadOnlyList<SurvivabilityLightpath> lightpaths,
        SurvivabilityOptions? options = null,
        IReadOnlyList<FiberClaim>? otherClaims = null,
        IReadOnlyCollection<FiberId>? downFibers = null,
        IReadOnlyList<FailureScenario>? scenarios = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(lightpaths);
        options ??= new SurvivabilityOptions();
        var network = snapshot.Network;
        var failures = scenarios ?? FailureScenarios.Enumerate(network, options.Kinds);
        var baseView = new AnalysisSpectrumView(network);
        var bothWays = BothWaysIndex(snapshot, baseView);

        // Where each lightpath runs, in dense fibre indices (both directions), and which lightpaths use each fibre.
        var ordered = lightpaths.OrderBy(l => l.Priority).ThenBy(l => l.Id, StringComparer.Ordinal).ThenBy(l => l.Tenant, StringComparer.Ordinal).ToArray();
        var fibresOf = new int[ordered.Length][];
        var onFibre = new List<int>[bothWays.Length];
        for (var i = 0; i < ordered.Length; i++)
        {
            var lp = ordered[i];
            var set = new SortedSet<int>();
            foreach (var f in lp.IsProtected ? lp.Fibers.AddRange(lp.ProtectionFibers) : lp.Fibers)
            {
                if (!baseView.TryIndex(f, out var index))
                {
                    throw new ArgumentException($"lightpath '{lp.Id}' runs on fibre '{f}', which network '{network.Name}' does not have", nameof(lightpaths));
                }

                set.UnionWith(bothWays[index]);
            }

            fibresOf[i] = [.. set];
            foreach (var f in fibresOf[i])
            {
                (onFibre[f] ??= []).Add(i);
            }

            baseView.Occupy(fibresOf[i], lp.Slots);
        }

        foreach (var claim in otherClaims ?? [])
        {
            if (baseView.TryIndex(claim.Fiber, out var index))
            {
                baseView.Occupy(bothWays[index], claim.Slots);
            }
        }

        var baseDown = new bool[bothWays.Length];
        foreach (var f in downFibers ?? [])
        {
            if (baseView.TryIndex(f, out var index))
            {
                foreach (var i in bothWays[index])
                {
                    baseDown[i] = true;
                }
            }
        }

        baseView.SetDown(Enumerable.Range(0, baseDown.Length).Where(i => baseDown[i]), true);

        // Identical failures (same dark fibres, same exclusions) are computed once.
        var keys = failures.Select(Signature).ToArray();
        var unique = keys.Distinct(StringComparer.Ordinal).ToArray();
        var firstOf = unique.ToDictionary(k => k, k => Array.IndexOf(keys, k), StringComparer.Ordinal);
        var outcomes = new ImmutableArray<LightpathImpact>[unique.Length];
        var context = new Shared(snapshot, ordered, fibresOf, onFibre, bothWays, baseDown, options.Objective);
        Parallel.For(
            0,
            unique.Length,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxDegreeOfParallelism) },
            () => new Worker(context, baseView.Clone(network)),
            (u, _, worker) =>
            {
                outcomes[u] = worker.Analyse(failures[firstOf[unique[u]]]);
                return worker;
            },
            _ => { });

        var byKey = unique.Select((k, u) => (k, u)).ToDictionary(x => x.k, x => outcomes[x.u], StringComparer.Ordinal);
        return new SurvivabilityResult(network.Name, [.. ordered], [.. failures.Select((f, i) => new FailureImpact(f, byKey[keys[i]]))]);
    }

    private static string Signature(FailureScenario f) =>
        string.Join(',', f.FailedFibers.Select(x => x.Value)) + "|" + string.Join(',', f.Avoid.ExcludeSrlgs.Select(x => x.Value)) + "|" + f.FailedNode?.Value;

    /// <summary>Per fibre index: the fibre and its reverse (the slots a bidirectional lightpath holds).</summary>
    private static int[][] BothWaysIndex(NetworkSnapshot snapshot, AnalysisSpectrumView view)
    {
        var fibres = snapshot.Network.Fibers;
        var result = new int[fibres.Length][];
        for (var i = 0; i < fibres.Length; i++)
        {
            view.TryIndex(fibres[i].Id, out var self);
            result[self] = fibres[i].Reverse is { } r && view.TryIndex(r, out var reverse) && reverse != self ? [self, reverse] : [self];
        }

        return result;
    }

    private sealed record Shared(
        NetworkSnapshot Snapshot,
        SurvivabilityLightpath[] Lightpaths,
        int[][] FibresOf,
        List<int>?[] OnFibre,
        int[][] BothWays,
        bool[] BaseDown,
        Objective Objective);

    /// <summary>One thread's state: its spectrum copy and its own path computer (the engine's, not a copy of its logic).</summary>
    private sealed class Worker
    {
        private readonly Shared _shared;
        private readonly AnalysisSpectrumView _view;
        private readonly RoutingPathComputer _computer;
        private readonly List<int> _hit = [];
        private readonly HashSet<int> _seen = [];
        private readonly List<(int[] Fibres, SlotRange Slots)> _taken = [];
        private readonly List<int> _failed = [];
        private readonly Dictionary<int, PathCandidate> _switched = [];

        public Worker(Shared shared, AnalysisSpectrumView view)
        {
            _shared = shared;
            _view = view;
            var catalog = new InMemoryNetworkCatalog();
            catalog.Publish(shared.Snapshot);
            _computer = new RoutingPathComputer(catalog);
        }

        public ImmutableArray<LightpathImpact> Analyse(FailureScenario failure)
        {
            _hit.Clear();
            _seen.Clear();
            _failed.Clear();
            foreach (var id in failure.FailedFibers)
            {
                if (_view.TryIndex(id, out var f))
                {
                    _failed.Add(f);
                    foreach (var lp in _shared.OnFibre[f] ?? [])
                    {
                        if (_seen.Add(lp))
                        {
                            _hit.Add(lp);
                        }
                    }
                }
            }

            if (_hit.Count == 0)
            {
                return [];
            }

            // Lightpaths are held in priority order, so sorting their indices is restoration order.
            _hit.Sort();
            var lightpaths = _shared.Lightpaths;
            _switched.Clear();
            foreach (var lp in _hit)
            {
                // A 1+1 lightpath that keeps one leg is switched, not re-routed: it keeps its spectrum.
                if (SurvivingLeg(lightpaths[lp]) is { } leg)
                {
                    _switched[lp] = leg;
                    continue;
                }

                _view.Release(_shared.FibresOf[lp], lightpaths[lp].Slots);
            }

            _view.SetDown(_failed, true);
            var impacts = ImmutableArray.CreateBuilder<LightpathImpact>(_hit.Count);
            _taken.Clear();
            foreach (var index in _hit)
            {
                var lp = lightpaths[index];
                if (_switched.TryGetValue(index, out var surviving))
                {
                    impacts.Add(new LightpathImpact(lp, surviving, null) { Switched = true });
                    continue;
                }

                if (failure.FailedNode is { } node && (lp.Source == node || lp.Destination == node))
                {
                    impacts.Add(new LightpathImpact(lp, null, new Blocked(BlockReason.NoPath, $"its end ROADM {node} failed")));
                    continue;
                }

                var result = _computer.Compute(new PathRequest(lp.Source, lp.Destination, lp.RateGbps, failure.Avoid, _shared.Objective), _view, 1);
                if (!result.IsFound)
                {
                    impacts.Add(new LightpathImpact(lp, null, result.Blocked));
                    continue;
                }

                var path = result.Candidates[0];
                var fibres = Fibres(path.Fibers);
                _view.Occupy(fibres, path.Slots);
                _taken.Add((fibres, path.Slots));
                impacts.Add(new LightpathImpact(lp, path, null));
            }

            // Back to the base state for the next failure.
            foreach (var (fibres, slots) in _taken)
            {
                _view.Release(fibres, slots);
            }

            foreach (var lp in _hit)
            {
                if (!_switched.ContainsKey(lp))
                {
                    _view.Occupy(_shared.FibresOf[lp], lightpaths[lp].Slots);
                }
            }

            foreach (var f in _failed)
            {
                if (!_shared.BaseDown[f])
                {
                    _view.SetDown([f], false);
                }
            }

            return impacts.MoveToImmutable();
        }

        /// <summary>A 1+1 lightpath's leg that the failure leaves intact (as a path), when only one leg is hit.</summary>
        private PathCandidate? SurvivingLeg(SurvivabilityLightpath lp)
        {
            if (!lp.IsProtected)
            {
                return null;
            }

            var workingHit = Hit(lp.Fibers);
            var protectionHit = Hit(lp.ProtectionFibers);
            return (workingHit, protectionHit) switch
            {
                (true, false) => new PathCandidate(lp.ProtectionNodes, lp.ProtectionFibers, lp.Slots, new ModeId("1+1"), lp.RateGbps, lp.ProtectionLatencyUs, 0),
                (false, true) => new PathCandidate(lp.Nodes, lp.Fibers, lp.Slots, new ModeId("1+1"), lp.RateGbps, lp.LatencyUs, 0),
                _ => null,
            };
        }

        private bool Hit(ImmutableArray<FiberId> leg)
        {
            foreach (var id in leg)
            {
                if (_view.TryIndex(id, out var f))
                {
                    foreach (var both in _shared.BothWays[f])
                    {
                        if (_failed.Contains(both))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        private int[] Fibres(ImmutableArray<FiberId> forward)
        {
            var set = new SortedSet<int>();
            foreach (var id in forward)
            {
                if (_view.TryIndex(id, out var f))
                {
                    set.UnionWith(_shared.BothWays[f]);
                }
            }

            return [.. set];
        }
    }
}
