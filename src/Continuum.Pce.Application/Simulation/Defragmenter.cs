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
/// One defragmentation pass over the alive lightpaths (see <see cref="DefragSettings"/>): in order of start slot,
/// each is taken out and put back at the best place it may have: with <see cref="DefragMethod.Retune"/> the lowest free
/// start on its own path; with <see cref="DefragMethod.Reroute"/> the candidate of its pair using the fewest slot·links
/// (slots × hops, with the modulation that candidate's length allows), ties to the lowest start, then the earlier
/// candidate. Its old place is always free again, so it never ends worse off; a changed path or start is a move.
/// No allocation once warm.
/// </summary>
internal sealed class Defragmenter<TModes>(RsaEngine engine, CandidateCache cache, ConnectionTable connections, TModes modes, DefragMethod method)
    where TModes : IModeFeasibility
{
    private readonly ulong[] _occupancy = new ulong[engine.Spectrum.Words];
    private long[] _order = new long[256];

    /// <summary>Runs one pass; returns the change in occupied slot·links (one direction) and the moves made.</summary>
    public long Run(out int moves)
    {
        var spectrum = engine.Spectrum;
        var alive = connections.Alive;
        if (_order.Length < alive.Length)
        {
            _order = new long[alive.Length * 2];
        }

        var order = _order.AsSpan(0, alive.Length);
        for (var i = 0; i < alive.Length; i++)
        {
            order[i] = ((long)connections.Start[alive[i]] << 32) | (uint)alive[i];
        }

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
            }
        }

        return delta;
    }
}
