using Continuum.Pce.Application.Lightpaths.Service;
using Continuum.Pce.Grains.Lightpaths;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Continuum.Pce.Grains.Tests.Restoration;

public sealed class RestorationSchedulerTests
{
    private static (RestorationScheduler Scheduler, FakeTimeProvider Time) Build(int concurrency, TimeSpan gather)
    {
        var time = new FakeTimeProvider();
        var options = Options.Create(new RestorationOptions { Concurrency = concurrency, GatherWindow = gather });
        return (new RestorationScheduler(options, time), time);
    }

    [Fact]
    public async Task Storm_GatheredThenAdmitted_InPriorityOrderThenArrivalOrder()
    {
        var (scheduler, time) = Build(concurrency: 1, TimeSpan.FromMilliseconds(50));
        var priorities = new[] { 7, 3, 0, 3, 5, 0 };
        var turns = priorities.Select((p, i) => (Index: i, Turn: scheduler.EnterAsync(p))).ToList();
        Assert.All(turns, t => Assert.False(t.Turn.IsCompleted));

        time.Advance(TimeSpan.FromMilliseconds(50));
        var order = new List<int>();
        while (order.Count < turns.Count)
        {
            var next = turns.Where(t => !order.Contains(t.Index)).Single(t => t.Turn.IsCompleted);
            order.Add(next.Index);
            Assert.Equal(1, scheduler.Running);
            (await next.Turn).Dispose();
        }

        Assert.Equal([2, 5, 1, 3, 4, 0], order);
        Assert.Equal(0, scheduler.Running);
    }

    [Fact]
    public async Task Enter_BeyondTheConcurrency_WaitsForATurnToBeReturned()
    {
        var (scheduler, _) = Build(concurrency: 2, TimeSpan.Zero);
        var first = await scheduler.EnterAsync(4);
        var second = await scheduler.EnterAsync(4);
        var third = scheduler.EnterAsync(0);
        Assert.False(third.IsCompleted);

        first.Dispose();
        first.Dispose(); // a turn returned twice frees one place only
        (await third).Dispose();
        var fourth = scheduler.EnterAsync(4);
        Assert.True(fourth.IsCompleted);
        Assert.Equal(2, scheduler.Running);
        second.Dispose();
        (await fourth).Dispose();
        Assert.Equal(0, scheduler.Running);
    }

    [Fact]
    public void RetryDelay_DoublesFromTheFirstUpToTheMaximum()
    {
        var options = new RestorationOptions { RetryInitial = TimeSpan.FromSeconds(5), RetryMax = TimeSpan.FromSeconds(30) };

        Assert.Equal([5, 10, 20, 30, 30], Enumerable.Range(1, 5).Select(n => options.RetryDelay(n).TotalSeconds).ToArray());
    }
}
