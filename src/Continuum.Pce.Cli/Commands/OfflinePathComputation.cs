using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Lightpaths.Requests;
using Continuum.Pce.Application.Paths;
using Continuum.Pce.Application.Planning;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Requests;
using Continuum.Pce.Topology.IO;
using V1 = Continuum.Pce.Contracts.V1;

namespace Continuum.Pce.Cli.Commands;

/// <summary>
/// <c>pce path compute --topology FILE</c>: the server's path computation run in this process on a network file, with
/// every fibre empty and up. The steps are the server's (PathOperations and the path-computation grain): the
/// application's request validator, then <see cref="RoutingPathComputer.ComputeAlternatives"/> (one candidate per
/// distinct route; with <c>--protect</c>, a second call for a 1+1 pair), then each candidate's power from the
/// <see cref="EnergyModel"/>. The answer is the gRPC reply the server would send, so both forms print the same shapes.
/// </summary>
public static class OfflinePathComputation
{
    /// <summary>The server's default and limit for <c>--k</c> (Api PathOperations).</summary>
    public const int DefaultCandidates = 5;

    public const int MaxCandidatesLimit = 16;

    private const string Tenant = "default";

    public static V1.PathComputation Compute(NetworkBundle bundle, V1.PathRequest request)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(request);
        var max = request.MaxCandidates == 0 ? DefaultCandidates : request.MaxCandidates;
        if (max is < 1 or > MaxCandidatesLimit)
        {
            throw new UsageException($"--k: must be between 1 and {MaxCandidatesLimit}, got {max}");
        }

        if (request.Constraints is { DiverseFrom.Count: > 0 })
        {
            throw new UsageException("--diverse-from names lightpaths of a server; an offline computation (--topology) has none");
        }

        var network = bundle.Loaded.Network;
        var topology = new PathTopology(network, bundle.Equipment);
        var validation = LightpathRequestValidator.Validate(
            new LightpathRequestFields("compute", Tenant, request.Source, request.Destination, request.RateGbps, Fields(request.Constraints)),
            network,
            topology,
            bundle.Equipment);
        if (validation.Spec is not { } spec)
        {
            throw new UsageException(string.Join(Environment.NewLine, validation.Errors.Select(e => $"error: invalid {e.Field}: {e.Reason}")));
        }

        var catalog = new InMemoryNetworkCatalog();
        catalog.Publish(new NetworkSnapshot(network, bundle.Equipment, 1));
        var computer = new RoutingPathComputer(catalog);
        var spectrum = new EmptySpectrum();
        var reply = new V1.PathComputation();
        var result = computer.ComputeAlternatives(spec.Request, spectrum, max);
        if (!result.IsFound)
        {
            return Blocked(reply, result.Blocked?.Reason.ToString() ?? nameof(BlockReason.NoPath), result.Blocked?.Detail ?? "no candidate");
        }

        IReadOnlyList<PathCandidate>? pair = null;
        if (request.Protect)
        {
            var protectedResult = computer.ComputeAlternatives(spec.Request with { Protection = Protection.OnePlusOne }, spectrum, 2);
            if (!protectedResult.IsFound || protectedResult.Candidates.Length < 2)
            {
                return Blocked(reply, protectedResult.Blocked?.Reason.ToString() ?? "Diversity", protectedResult.Blocked?.Detail ?? "no disjoint working/protection pair");
            }

            pair = protectedResult.Candidates;
        }

        reply.Found = true;
        reply.Candidates.AddRange(result.Candidates.Select(c => Candidate(bundle, topology, c)));
        if (pair is not null)
        {
            reply.ProtectionPair.AddRange(pair.Select(c => Candidate(bundle, topology, c)));
        }

        return reply;
    }

    private static V1.PathComputation Blocked(V1.PathComputation reply, string reason, string detail)
    {
        reply.Found = false;
        reply.BlockReason = reason;
        reply.BlockDetail = detail;
        return reply;
    }

    private static ConstraintFields? Fields(V1.Constraints? c) => c is null ? null : new ConstraintFields
    {
        MaxLatencyUs = c.HasMaxLatencyUs ? c.MaxLatencyUs : null,
        MinOsnrMarginDb = c.HasMinOsnrMarginDb ? c.MinOsnrMarginDb : null,
        CentralFrequencyThz = c.HasCentralFrequencyThz ? c.CentralFrequencyThz : null,
        WidthGhz = c.HasWidthGhz ? c.WidthGhz : null,
        Mode = string.IsNullOrEmpty(c.Mode) ? null : c.Mode,
        MinOsnrDb = c.HasMinOsnrDb ? c.MinOsnrDb : null,
        Objective = c.Objective.Length == 0 ? null : c.Objective,
        Diversity = c.Diversity.Length == 0 ? null : c.Diversity,
        AllowedJurisdictions = List(c.AllowedJurisdictions),
        ForbiddenJurisdictions = List(c.ForbiddenJurisdictions),
        IncludeNodes = List(c.IncludeNodes),
        ExcludeNodes = List(c.ExcludeNodes),
        ExcludeFibers = List(c.ExcludeFibers),
        ExcludeSrlgs = List(c.ExcludeSrlgs),
        ExcludeSites = List(c.ExcludeSites),
    };

    private static string[]? List(IReadOnlyCollection<string> values) => values.Count == 0 ? null : [.. values];

    /// <summary>A candidate as the server's reply carries it (Api LightpathDtos.Candidate and the gRPC mapping).</summary>
    private static V1.PathCandidate Candidate(NetworkBundle bundle, PathTopology topology, PathCandidate c)
    {
        var candidate = new V1.PathCandidate
        {
            LatencyUs = c.LatencyUs,
            LengthKm = c.LengthKm,
            Hops = c.Fibers.Length,
            Mode = c.Mode.Value,
            LineRateGbps = c.LineRateGbps,
            SlotStart = c.Slots.Start,
            SlotCount = c.Slots.Count,
            PowerW = PowerW(bundle, topology, c) ?? 0,
        };
        candidate.Nodes.AddRange(c.Nodes.Select(n => n.Value));
        candidate.Fibers.AddRange(c.Fibers.Select(f => f.Value));
        if (c.GsnrDb is { } g)
        {
            candidate.GsnrDb = g;
        }

        if (c.MarginDb is { } m)
        {
            candidate.MarginDb = m;
        }

        return candidate;
    }

    /// <summary>Power of the candidate lit on its own: transponders at both ends in its mode, amplifiers and ROADM degrees of its fibres.</summary>
    private static double? PowerW(NetworkBundle bundle, PathTopology topology, PathCandidate c)
    {
        if (c.Nodes.IsDefaultOrEmpty || c.Fibers.IsDefaultOrEmpty || c.Mode.Value.Length == 0 ||
            !topology.TryGetTransponder(c.Nodes[0], out var a) || !topology.TryGetTransponder(c.Nodes[^1], out var b))
        {
            return null;
        }

        try
        {
            var planned = new PlannedLightpath("compute", a, b, c.Fibers, c.Mode, new Domain.Spectrum.SlotRange(c.Slots.Start, Math.Max(1, c.Slots.Count)));
            return Math.Round(EnergyModel.Evaluate(bundle.Loaded.Network, bundle.Equipment, [planned]).Lightpaths[0].TotalWatts, 1);
        }
        catch (ArgumentException)
        {
            return null; // the transponder type has no such mode: no figure rather than a wrong one
        }
    }

    /// <summary>A network with nothing lit: every fibre up, every slot free.</summary>
    private sealed class EmptySpectrum : ISpectrumView
    {
        public long Version => 0;

        public void CopyOccupancy(FiberId fiber, Span<ulong> words) => words.Clear();

        public bool IsUp(FiberId fiber) => true;
    }
}
