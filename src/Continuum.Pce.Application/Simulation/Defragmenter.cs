using Continuum.Pce.Routing.Rsa;
using Continuum.Pce.Routing.Spectrum;

namespace Continuum.Pce.Application.Simulation;

/// <summary>
/// The lightpaths alive in one simulation run, by id (ids are reused after departure): candidate (path), start slot,
/// slot count, endpoints and bit rate, plus the list of ids alive. Arrays only; grows while warming up.
/// </summary>
internal sealed class ConnectionTable(int capacity)
{
    private int[] _alive = new int[capacity];
    private int[] _position = new int[capacity];
    private int[] _free = new int[capacity];
    private int _freeCount;
    private int _next;

    public int[] Candidate { get; private set; } = new int[capacity];

    public int[] Start { get; private set; } = new int[capacity];

    public int[] Slots { get; private set; } = new int[capacity];

    public int[] Source { get; private set; } = new int[capacity];

    public int[] Destination { get; private set; } = new int[capacity];

    public int[] Rate { get; private set; } = new int[capacity];

    public int Count { get; private set; }

    public ReadOnlySpan<int> Alive => _alive.AsSpan(0, Count);

    public int Add(int candidate, int start, int slots, int source, int destination, int rate)
    {
        int id;
        if (_freeCount > 0)
        {
            id = _free[--_freeCount];
        }
        else
        {
            if (_next == Candidate.Length)
            {
                Grow(_next * 2);
            }

            id = _next++;
        }

        Candidate[id] = candidate;
        Start[id] = start;
        Slots[id] = slots;
        Source[id] = source;
        Destination[id] = destination;
        Rate[id] = rate;
        _position[id] = Count;
        _alive[Count++] = id;
        return id;
    }

    public void Remove(int id)
    {
        var at = _position[id];
        var last = _alive[--Count];
        _alive[at] = last;
        _position[last] = at;
        _free[_freeCount++] = id;
    }

    private void Grow(int size)
    {
        Candidate = Resized(Candidate, size);
        Start = Resized(Start, size);
        Slots = Resized(Slots, size);
        Source = Resized(Source, size);
        Destination = Resized(Destination, size);
        Rate = Resized(Rate, size);
        Array.Resize(ref _alive, size);
        Array.Resize(ref _position, size);
        Array.Resize(ref _free, size);
    }

    private static int[] Resized(int[] array, int size)
    {
        Array.Resize(ref array, size);
        return array;
    }
}

/// <summary>
/// One defragmentation pass over the alive lightpaths (see <see cref="DefragSettings"/>): a full pass takes them in
/// order of start slot, lowest first (packing the spectrum towards slot 0); a pass that makes room for a blocked request
/// takes only those sharing a fibre with the request's candidates, highest start first (freeing the top of the band
/// first, which lets the request fit after about half as many moves as bottom-up on NSFNET), and stops as soon as the
/// request fits. Each is taken out and put back at the best place it may have: with <see cref="DefragMethod.Retune"/> the lowest free
/// start on its own path; with <see cref="DefragMethod.Reroute"/> the candidate of its pair using the fewest slot·links
/// (slots × hops, with the modulation that candidate's length allows), ties to the lowest start, then the earlier
/// candidate. Its old place is always free again, so it never ends worse off; a changed path or start is a move.
/// No allocation once warm.
/// </summary>
internal sealed class Defragmenter<TModes>(RsaEngine engine, CandidateCache cache, ConnectionTable connections, TModes modes, DefragMethod method)
    where TModes : IModeFeasibility
{
    private readonly ulong[] _occupancy = new ulong[engine.Spectrum.Words];
    private readonly int[] _focus = new int[engine.Graph.EdgeCount];
    private int _focusGen;
    private long[] _order = new long[256];

    /// <summary>Runs one pass over every lightpath; returns the change in occupied slot·links (one direction) and the moves made.</summary>
    public long Run(out int moves)
    {
        var none = default(NoRequest);
        return Run(-1, -1, 0, ref none, out moves);
    }

    /// <summary>
    /// Makes room for a blocked request: a pass over the lightpaths that share a fibre (or its reverse) with a
    /// candidate of the pair <paramref name="source"/> → <paramref name="destination"/>, stopping as soon as
    /// <paramref name="router"/> finds the request a place (so no more lightpaths move than needed). Negative endpoints
    /// mean every lightpath and no early stop.
    /// </summary>
    public long Run<TRouter>(int source, int destination, int rate, ref TRouter router, out int moves)
        where TRouter : struct, IRouter
    {
        var spectrum = engine.Spectrum;
        var graph = engine.Graph;
        var focused = source >= 0;
        if (focused)
        {
            _focusGen++;
            var set = cache.Get(source, destination, null);
            for (var i = 0; i < set.Count; i++)
            {
                foreach (var e in cache.Edges(set.First + i))
                {
                    _focus[e] = _focusGen;
                    if (graph.TryGetReverse(e, out var r))
                    {
                        _focus[r] = _focusGen;
                    }
                }
            }
        }

        var alive = connections.Alive;
        if (_order.Length < alive.Length)
        {
            _order = new long[alive.Length * 2];
        }

        var count = 0;
        foreach (var id in alive)
        {
            if (!focused || Touches(cache.Edges(connections.Candidate[id])))
            {
                _order[count++] = ((long)(focused ? spectrum.SlotCount - connections.Start[id] : connections.Start[id]) << 32) | (uint)id;
            }
        }

        var order = _order.AsSpan(0, count);
        order.Sort();
        moves = 0;
        var delta = 0L;
        foreach (var key in order)
        {
            var id = (int)(key & 0xFFFF_FFFF);
            var candidate = connections.Candidate[id];
            var start = connections.Start[id];
            var slots = connections.Slots[id];
            spectrum.Release(cache.Edges(candidate), start, slots);
            var best = candidate;
            var bestStart = start;
            var bestSlots = slots;
            if (method == DefragMethod.Retune)
            {
                spectrum.PathOccupancy(cache.Edges(candidate), _occupancy);
                if (FreeRuns.TryFirst(_occupancy, spectrum.SlotCount, slots, out var lower) && lower < start)
                {
                    bestStart = lower;
                }
            }
            else
            {
                var bestCost = (long)slots * cache.Hops(candidate);
                var set = cache.Get(connections.Source[id], connections.Destination[id], null);
                for (var i = 0; i < set.Count; i++)
                {
                    var c = set.First + i;
                    var path = cache.Edges(c);
                    if (!modes.TrySelect(engine.Graph, path, cache.Km(c), connections.Rate[id], out var choice))
                    {
                        continue;
                    }

                    var cost = (long)choice.Slots * path.Length;
                    if (cost > bestCost)
                    {
                        continue;
                    }

                    spectrum.PathOccupancy(path, _occupancy);
                    if (FreeRuns.TryFirst(_occupancy, spectrum.SlotCount, choice.Slots, out var s) && (cost < bestCost || s < bestStart))
                    {
                        best = c;
                        bestStart = s;
                        bestSlots = choice.Slots;
                        bestCost = cost;
                    }
                }
            }

            if (!spectrum.TryReserve(cache.Edges(best), bestStart, bestSlots))
            {
                throw new InvalidOperationException("defragmentation lost a lightpath's place (a bug)");
            }

            if (best != candidate || bestStart != start)
            {
                moves++;
                delta += ((long)bestSlots * cache.Hops(best)) - ((long)slots * cache.Hops(candidate));
                connections.Candidate[id] = best;
                connections.Start[id] = bestStart;
                connections.Slots[id] = bestSlots;
                if (focused && router.TryRoute(source, destination, rate, out _, out _, out _, out _))
                {
                    break;
                }
            }
        }

        return delta;
    }

    /// <summary>A pass with no request to make room for.</summary>
    private struct NoRequest : IRouter
    {
        public readonly bool TryRoute(int source, int destination, int rate, out int candidate, out int start, out int slots, out Domain.Requests.BlockReason reason)
        {
            candidate = start = slots = 0;
            reason = Domain.Requests.BlockReason.Spectrum;
            return false;
        }
    }

    private bool Touches(ReadOnlySpan<int> path)
    {
        foreach (var e in path)
        {
            if (_focus[e] == _focusGen)
            {
                return true;
            }
        }

        return false;
    }
}
