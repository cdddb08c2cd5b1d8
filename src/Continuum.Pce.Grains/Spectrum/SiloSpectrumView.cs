using System.Collections.Concurrent;
using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Domain.Identity;

namespace Continuum.Pce.Grains.Spectrum;

/// <summary>
/// This silo's view of spectrum occupancy, fed by the fibre grains it hosts and by the occupancy every refused hold
/// returns. The view is advisory: the fibre grains are authoritative, so a stale view can only cost a retry on the
/// next candidate, never a double booking.
/// </summary>
public sealed class SiloSpectrumView : ISpectrumView
{
    private const int LogSize = 4096;
    private readonly ConcurrentDictionary<FiberId, (ulong[] Words, bool Up)> _fibers = new();
    private readonly FiberId[] _log = new FiberId[LogSize];
    private readonly Lock _gate = new();
    private long _version;

    public long Version => Interlocked.Read(ref _version);

    public void Update(FiberId fiber, ReadOnlySpan<ulong> occupancy, bool isUp)
    {
        _fibers[fiber] = (occupancy.ToArray(), isUp);
        lock (_gate)
        {
            // A ring of the last changes lets path computers refresh only what moved since they last looked.
            _log[_version % LogSize] = fiber;
            _version++;
        }
    }

    public bool TryGetChangesSince(long sinceVersion, List<FiberId> changed)
    {
        lock (_gate)
        {
            if (sinceVersion < 0 || sinceVersion > _version || _version - sinceVersion > LogSize)
            {
                return false;
            }

            for (var v = sinceVersion; v < _version; v++)
            {
                changed.Add(_log[v % LogSize]);
            }

            return true;
        }
    }

    public void CopyOccupancy(FiberId fiber, Span<ulong> words)
    {
        if (_fibers.TryGetValue(fiber, out var entry))
        {
            var n = Math.Min(words.Length, entry.Words.Length);
            entry.Words.AsSpan(0, n).CopyTo(words);
            words[n..].Clear();
        }
        else
        {
            words.Clear();
        }
    }

    public bool IsUp(FiberId fiber) => !_fibers.TryGetValue(fiber, out var entry) || entry.Up;
}
