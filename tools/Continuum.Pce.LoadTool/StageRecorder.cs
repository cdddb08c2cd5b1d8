using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Continuum.Pce.Application.Restoration;

namespace Continuum.Pce.LoadTool;

/// <summary>
/// Listens to the product's restoration histogram (<see cref="RestorationTrace.StageInstrument"/>) and keeps every
/// value per stage, so the storm can print the breakdown of its wait hop by hop (all measured from the devices'
/// loss-of-light stamps).
/// </summary>
internal sealed class StageRecorder : IDisposable
{
    private static readonly string[] Order =
    [
        RestorationStages.TelemetryReceived, RestorationStages.FiberDown, RestorationStages.TelemetryProcessed,
        RestorationStages.LightpathNotified, RestorationStages.HoldOffFired, RestorationStages.Planned,
        RestorationStages.Unrestorable, RestorationStages.Turn, RestorationStages.Restoring, RestorationStages.Reserved,
        RestorationStages.Configured, RestorationStages.Active,
    ];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, ConcurrentBag<double>> _values = new(StringComparer.Ordinal);

    public StageRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RestorationTrace.MeterName && instrument.Name == RestorationTrace.StageInstrument)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "stage" && tag.Value is string stage)
                {
                    _values.GetOrAdd(stage, _ => []).Add(value);
                }
            }
        });
        _listener.Start();
    }

    /// <summary>Forgets what was recorded so far (the build-up's own measures).</summary>
    public void Clear() => _values.Clear();

    public IEnumerable<string> Report()
    {
        foreach (var stage in Order.Concat(_values.Keys.Except(Order)))
        {
            if (!_values.TryGetValue(stage, out var bag) || bag.IsEmpty)
            {
                continue;
            }

            var xs = bag.ToArray();
            Array.Sort(xs);
            double Q(double q) => xs[Math.Min(xs.Length - 1, (int)Math.Ceiling(q * xs.Length) - 1)];
            yield return $"{stage,-20} n {xs.Length,6}  p50 {Q(0.50),7:F3}  p90 {Q(0.90),7:F3}  p99 {Q(0.99),7:F3}  max {xs[^1],7:F3} s";
        }
    }

    public void Dispose() => _listener.Dispose();
}
