using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Grains.Spectrum;
using Xunit;

namespace Continuum.Pce.Grains.Tests.Spectrum;

public sealed class SiloSpectrumViewTests
{
    [Fact]
    public void ChangesSince_ListsTheFibresUpdatedAfterAVersion()
    {
        var view = new SiloSpectrumView();
        view.Update(new FiberId("A-B"), [1UL], true);
        var seen = view.Version;
        view.Update(new FiberId("B-C"), [2UL], true);
        view.Update(new FiberId("A-B"), [3UL], true);

        var changed = new List<FiberId>();
        Assert.True(view.TryGetChangesSince(seen, changed));

        Assert.Equal([new FiberId("B-C"), new FiberId("A-B")], changed);
        Span<ulong> words = stackalloc ulong[1];
        view.CopyOccupancy(new FiberId("A-B"), words);
        Assert.Equal(3UL, words[0]);
    }

    [Fact]
    public void ChangesSince_TooFarBack_AsksForAFullRefresh()
    {
        var view = new SiloSpectrumView();
        for (var i = 0; i < 5000; i++)
        {
            view.Update(new FiberId($"F{i % 7}"), [(ulong)i], true);
        }

        Assert.False(view.TryGetChangesSince(0, []));
        Assert.True(view.TryGetChangesSince(view.Version - 10, []));
        Assert.False(view.TryGetChangesSince(view.Version + 1, []));
    }
}
