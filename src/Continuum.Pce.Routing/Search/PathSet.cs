namespace Continuum.Pce.Routing.Search;

/// <summary>
/// A growable arena of paths (each a sequence of edge indices) with their costs. Cleared and refilled per request;
/// its arrays grow only while warming up, so steady-state requests do not allocate.
/// </summary>
public sealed class PathSet
{
    private int[] _edges;
    private int[] _start;
    private int[] _length;
    private double[] _cost;
    private int[] _deviation;
    private ulong[] _hash;
    private int _used;

    public PathSet(int pathCapacity = 16, int edgeCapacity = 256)
    {
        _edges = new int[Math.Max(edgeCapacity, 16)];
        pathCapacity = Math.Max(pathCapacity, 4);
        _start = new int[pathCapacity];
        _length = new int[pathCapacity];
        _cost = new double[pathCapacity];
        _deviation = new int[pathCapacity];
        _hash = new ulong[pathCapacity];
    }

    public int Count { get; private set; }

    public ReadOnlySpan<int> Edges(int path) => _edges.AsSpan(_start[path], _length[path]);

    public int Length(int path) => _length[path];

    public double Cost(int path) => _cost[path];

    internal int Deviation(int path) => _deviation[path];

    internal ulong Hash(int path) => _hash[path];

    public void Clear()
    {
        Count = 0;
        _used = 0;
    }

    /// <summary>Appends a path made of a prefix of another path's edges followed by a suffix.</summary>
    internal int Add(ReadOnlySpan<int> prefix, ReadOnlySpan<int> suffix, double cost, int deviation)
    {
        var length = prefix.Length + suffix.Length;
        EnsureEdges(_used + length);
        if (Count == _start.Length)
        {
            var size = Count * 2;
            Array.Resize(ref _start, size);
            Array.Resize(ref _length, size);
            Array.Resize(ref _cost, size);
            Array.Resize(ref _deviation, size);
            Array.Resize(ref _hash, size);
        }

        prefix.CopyTo(_edges.AsSpan(_used));
        suffix.CopyTo(_edges.AsSpan(_used + prefix.Length));
        var index = Count++;
        _start[index] = _used;
        _length[index] = length;
        _cost[index] = cost;
        _deviation[index] = deviation;
        _hash[index] = HashOf(_edges.AsSpan(_used, length));
        _used += length;
        return index;
    }

    public int Add(ReadOnlySpan<int> edges, double cost) => Add(edges, [], cost, 0);

    /// <summary>Index of a path with the same edges, if present (hash first, then a full comparison).</summary>
    internal bool Contains(ReadOnlySpan<int> prefix, ReadOnlySpan<int> suffix, ReadOnlySpan<int> liveIndices)
    {
        var hash = HashOf(prefix, suffix);
        var length = prefix.Length + suffix.Length;
        foreach (var i in liveIndices)
        {
            if (_hash[i] != hash || _length[i] != length)
            {
                continue;
            }

            var edges = Edges(i);
            if (edges[..prefix.Length].SequenceEqual(prefix) && edges[prefix.Length..].SequenceEqual(suffix))
            {
                return true;
            }
        }

        return false;
    }

    private void EnsureEdges(int needed)
    {
        if (needed > _edges.Length)
        {
            Array.Resize(ref _edges, Math.Max(needed, _edges.Length * 2));
        }
    }

    private static ulong HashOf(ReadOnlySpan<int> edges) => HashOf(edges, []);

    // FNV-1a over the edge indices: cheap duplicate screening for Yen's candidate pool.
    private static ulong HashOf(ReadOnlySpan<int> prefix, ReadOnlySpan<int> suffix)
    {
        var h = 14695981039346656037UL;
        foreach (var e in prefix)
        {
            h = (h ^ (uint)e) * 1099511628211UL;
        }

        foreach (var e in suffix)
        {
            h = (h ^ (uint)e) * 1099511628211UL;
        }

        return h;
    }
}
