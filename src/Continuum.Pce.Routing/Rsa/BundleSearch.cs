using Continuum.Pce.Domain.Requests;
using Continuum.Pce.Routing.Search;

namespace Continuum.Pce.Routing.Rsa;

/// <summary>
/// Bounded backtracking for skew-bounded bundles: candidates in latency order, picks in non-decreasing candidate order
/// (repeats allowed unless link-disjoint), the window from the first pick bounded by the skew, spectrum reserved
/// tentatively on each pick and released on backtrack (and at the end: the bundle is computed, not reserved).
/// </summary>
internal sealed class BundleSearch<TModes>
    where TModes : IModeFeasibility
{
    private const int StepBudget = 20_000;
    private readonly PathComputer _owner;
    private readonly PathSet _candidates;
    private readonly List<int> _valid;
    private readonly int _count;
    private readonly int _bitRate;
    private readonly double _skew;
    private readonly bool _disjoint;
    private readonly TModes _modes;
    private readonly double[] _latency;
    private readonly int[] _chosen;
    private readonly int[] _starts;
    private readonly ModeChoice[] _choices;
    private int _steps;
    private bool _sawSpectrumFailure;
    private bool _sawQotFailure;

    public BundleSearch(PathComputer owner, PathSet candidates, List<int> valid, int count, int bitRate, double skew, bool disjoint, TModes modes)
    {
        _owner = owner;
        _candidates = candidates;
        _valid = valid;
        _count = count;
        _bitRate = bitRate;
        _skew = skew;
        _disjoint = disjoint;
        _modes = modes;
        _latency = new double[valid.Count];
        for (var i = 0; i < valid.Count; i++)
        {
            _latency[i] = owner.Graph.PathLatencyUs(candidates.Edges(valid[i]));
        }

        _chosen = new int[count];
        _starts = new int[count];
        _choices = new ModeChoice[count];
    }

    public RsaBlocked Failure { get; private set; } = RsaBlocked.Of(BlockReason.NoPath, "no bundle");

    public bool Run(out int[] chosen, out int[] starts, out ModeChoice[] choices)
    {
        var ok = false;
        for (var first = 0; first < _valid.Count && !ok && _steps < StepBudget; first++)
        {
            ok = Extend(0, first, first);
        }

        chosen = new int[_count];
        for (var i = 0; i < _count; i++)
        {
            chosen[i] = _valid[_chosen[i]];
        }

        starts = _starts;
        choices = _choices;
        if (!ok)
        {
            // Is there any window of `count` candidates within the skew, disjointness aside?
            var windowExists = false;
            for (var i = 0; i < _valid.Count && !windowExists; i++)
            {
                var inWindow = 0;
                for (var j = i; j < _valid.Count && _latency[j] - _latency[i] <= _skew; j++)
                {
                    inWindow++;
                }

                windowExists = _disjoint ? inWindow >= _count : inWindow >= 1;
            }

            var tooFewPaths = _disjoint && _valid.Count < _count;
            Failure = !windowExists && !tooFewPaths
                ? RsaBlocked.Of(BlockReason.Latency, $"no {_count} paths with latencies within {_skew} µs of each other")
                : _sawSpectrumFailure
                    ? RsaBlocked.Of(BlockReason.Spectrum, $"{_count} lightpaths within {_skew} µs skew exist but spectrum ran out")
                    : _sawQotFailure
                        ? RsaBlocked.Of(BlockReason.Qot, "no mode reaches on the bundle candidates")
                        : RsaBlocked.Of(BlockReason.Diversity, $"no {_count} mutually link-disjoint paths within {_skew} µs of each other");
        }

        return ok;
    }

    private bool Extend(int depth, int index, int firstIndex)
    {
        if (++_steps > StepBudget)
        {
            return false;
        }

        if (_latency[index] - _latency[firstIndex] > _skew)
        {
            return false;
        }

        var edges = _candidates.Edges(_valid[index]);
        if (_disjoint)
        {
            for (var d = 0; d < depth; d++)
            {
                if (Shares(edges, _candidates.Edges(_valid[_chosen[d]])))
                {
                    return false;
                }
            }
        }

        if (!_modes.TrySelect(_owner.Graph, edges, _owner.Graph.PathKm(edges), _bitRate, out var mode))
        {
            _sawQotFailure = true;
            return false;
        }

        if (!_owner.TryFirstFit(edges, mode.Slots, out var start))
        {
            _sawSpectrumFailure = true;
            return false;
        }

        _owner.Spectrum.TryReserve(edges, start, mode.Slots);
        _chosen[depth] = index;
        _starts[depth] = start;
        _choices[depth] = mode;
        var done = depth + 1 == _count;
        if (!done)
        {
            var next = _disjoint ? index + 1 : index;
            for (var i = next; i < _valid.Count && !done; i++)
            {
                if (_latency[i] - _latency[firstIndex] > _skew)
                {
                    break;
                }

                done = Extend(depth + 1, i, firstIndex);
            }
        }

        _owner.Spectrum.Release(edges, start, mode.Slots);
        return done;
    }

    private bool Shares(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        var g = _owner.Graph;
        foreach (var x in a)
        {
            foreach (var y in b)
            {
                if (x == y || (g.TryGetReverse(x, out var r) && r == y))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
