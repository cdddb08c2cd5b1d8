using System.Collections.Concurrent;

namespace Continuum.Pce.Chaos;

/// <summary>
/// What the server acknowledged: lightpaths it answered Active for, and deletes it answered for. An operation whose
/// answer was lost (a kill in flight, a timeout) is in doubt, and the audit does not hold the server to it.
/// </summary>
public sealed class Ledger
{
    private readonly ConcurrentDictionary<string, byte> _live = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _deleted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _doubt = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _claimed = new(StringComparer.Ordinal);

    public IEnumerable<string> AcknowledgedLive => _live.Keys.Where(id => !_doubt.ContainsKey(id));

    public IEnumerable<string> AcknowledgedDeleted => _deleted.Keys.Where(id => !_doubt.ContainsKey(id));

    public int InDoubt => _doubt.Count;

    public void Created(string id) => _live[id] = 0;

    public void Deleted(string id)
    {
        _live.TryRemove(id, out _);
        _deleted[id] = 0;
    }

    public void Doubt(string id) => _doubt[id] = 0;

    /// <summary>A live lightpath no other worker is operating on, or null.</summary>
    public string? Claim(Random random)
    {
        var candidates = AcknowledgedLive.Where(id => !_claimed.ContainsKey(id)).ToArray();
        for (var i = 0; i < 4 && candidates.Length > 0; i++)
        {
            var id = candidates[random.Next(candidates.Length)];
            if (_claimed.TryAdd(id, 0))
            {
                return id;
            }
        }

        return null;
    }

    public void Release(string id) => _claimed.TryRemove(id, out _);
}
