namespace Continuum.Pce.Physics.Line;

/// <summary>
/// A directed graph of line elements. Successors keep the order links were added in (GNPy follows the first successor
/// of a line element). Edge weights are those GNPy routes on: a fibre's length in metres for a link leaving a fibre,
/// 0.01 otherwise.
/// </summary>
public sealed class LineNetwork
{
    private readonly Dictionary<string, LineElement> _byUid = new(StringComparer.Ordinal);
    private readonly Dictionary<LineElement, List<LineElement>> _next = [];
    private readonly Dictionary<LineElement, List<LineElement>> _previous = [];
    private readonly List<LineElement> _elements = [];

    public IReadOnlyList<LineElement> Elements => _elements;

    public void Add(LineElement element)
    {
        if (!_byUid.TryAdd(element.Uid, element))
        {
            throw new ArgumentException($"duplicate uid '{element.Uid}'", nameof(element));
        }

        _elements.Add(element);
        _next[element] = [];
        _previous[element] = [];
    }

    public bool TryGet(string uid, out LineElement element) => _byUid.TryGetValue(uid, out element!);

    public LineElement this[string uid] => _byUid[uid];

    public void Connect(LineElement from, LineElement to)
    {
        if (!_next[from].Contains(to))
        {
            _next[from].Add(to);
            _previous[to].Add(from);
        }
    }

    public void Disconnect(LineElement from, LineElement to)
    {
        _next[from].Remove(to);
        _previous[to].Remove(from);
    }

    public void Remove(LineElement element)
    {
        foreach (var n in _next[element].ToList())
        {
            Disconnect(element, n);
        }

        foreach (var p in _previous[element].ToList())
        {
            Disconnect(p, element);
        }

        _next.Remove(element);
        _previous.Remove(element);
        _elements.Remove(element);
        _byUid.Remove(element.Uid);
    }

    public IReadOnlyList<LineElement> Successors(LineElement element) => _next[element];

    public IReadOnlyList<LineElement> Predecessors(LineElement element) => _previous[element];

    /// <summary>The first successor, or null at a dead end.</summary>
    public LineElement? Next(LineElement element) => _next[element] is [var first, ..] ? first : null;

    /// <summary>The first predecessor, or null.</summary>
    public LineElement? Previous(LineElement element) => _previous[element] is [var first, ..] ? first : null;

    private static double Weight(LineElement from) => from is LineFiber f ? f.Settings.LengthM : 0.01;

    /// <summary>
    /// Shortest path (Dijkstra on GNPy's weights) from one element to another, both included, through no element of
    /// <paramref name="excluded"/> (disjoint routing); null if none.
    /// </summary>
    public IReadOnlyList<LineElement>? ShortestPath(LineElement source, LineElement destination, IReadOnlySet<LineElement>? excluded = null) =>
        ShortestPath(source, destination, excluded, null);

    /// <summary>
    /// Up to <paramref name="k"/> shortest simple paths from one element to another (Yen's algorithm on GNPy's weights),
    /// shortest first: the order of networkx's <c>shortest_simple_paths</c>, which GNPy walks for its constrained and
    /// disjoint routing, ties in the order found.
    /// </summary>
    public List<IReadOnlyList<LineElement>> ShortestSimplePaths(LineElement source, LineElement destination, int k)
    {
        var accepted = new List<IReadOnlyList<LineElement>>();
        if (k <= 0 || ShortestPath(source, destination) is not { } first)
        {
            return accepted;
        }

        accepted.Add(first);
        var pending = new PriorityQueue<IReadOnlyList<LineElement>, (double Cost, long Order)>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { Key(first) };
        long order = 0;
        while (accepted.Count < k)
        {
            var last = accepted[^1];
            for (var i = 0; i + 1 < last.Count; i++)
            {
                var spur = last[i];
                var removedNodes = new HashSet<LineElement>();
                for (var r = 0; r < i; r++)
                {
                    removedNodes.Add(last[r]);
                }

                var removedEdges = new HashSet<(LineElement, LineElement)>();
                foreach (var path in accepted)
                {
                    if (path.Count > i + 1 && SamePrefix(path, last, i))
                    {
                        removedEdges.Add((path[i], path[i + 1]));
                    }
                }

                if (ShortestPath(spur, destination, removedNodes, removedEdges) is not { } tail)
                {
                    continue;
                }

                var candidate = new List<LineElement>(i + tail.Count);
                candidate.AddRange(last.Take(i));
                candidate.AddRange(tail);
                if (seen.Add(Key(candidate)))
                {
                    pending.Enqueue(candidate, (Cost(candidate), order++));
                }
            }

            if (!pending.TryDequeue(out var next, out _))
            {
                break;
            }

            accepted.Add(next);
        }

        return accepted;
    }

    /// <summary>A path's length on GNPy's weights (a fibre's length, 0.01 for every other element left).</summary>
    public static double Cost(IReadOnlyList<LineElement> path)
    {
        var cost = 0.0;
        for (var i = 0; i + 1 < path.Count; i++)
        {
            cost += Weight(path[i]);
        }

        return cost;
    }

    private static bool SamePrefix(IReadOnlyList<LineElement> a, IReadOnlyList<LineElement> b, int through)
    {
        for (var r = 0; r <= through; r++)
        {
            if (a[r] != b[r])
            {
                return false;
            }
        }

        return true;
    }

    private static string Key(IReadOnlyList<LineElement> path) => string.Join('\u0001', path.Select(e => e.Uid));

    private IReadOnlyList<LineElement>? ShortestPath(
        LineElement source, LineElement destination, IReadOnlySet<LineElement>? excluded, HashSet<(LineElement, LineElement)>? excludedEdges)
    {
        var distance = new Dictionary<LineElement, double> { [source] = 0 };
        var previous = new Dictionary<LineElement, LineElement>();
        var queue = new PriorityQueue<LineElement, double>();
        var done = new HashSet<LineElement>();
        queue.Enqueue(source, 0);
        while (queue.TryDequeue(out var node, out var d))
        {
            if (!done.Add(node))
            {
                continue;
            }

            if (node == destination)
            {
                break;
            }

            // A path only crosses a transceiver at its ends.
            if (node is LineTransceiver && node != source)
            {
                continue;
            }

            foreach (var next in _next[node])
            {
                if ((excluded is not null && excluded.Contains(next) && next != destination)
                    || (excludedEdges is not null && excludedEdges.Contains((node, next))))
                {
                    continue;
                }

                var candidate = d + Weight(node);
                if (!distance.TryGetValue(next, out var known) || candidate < known)
                {
                    distance[next] = candidate;
                    previous[next] = node;
                    queue.Enqueue(next, candidate);
                }
            }
        }

        if (!done.Contains(destination))
        {
            return null;
        }

        var path = new List<LineElement>();
        for (var n = destination; ; n = previous[n])
        {
            path.Add(n);
            if (n == source)
            {
                break;
            }
        }

        path.Reverse();
        return path;
    }
}
