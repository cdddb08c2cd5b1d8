using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Continuum.Pce.Api.Observability;

/// <summary>
/// Which spans the server exports: whole traces of the work someone asked for, nothing of the background.
/// <list type="bullet">
/// <item>A trace starts (a root span is sampled) only at a request (ASP.NET Core's request span: REST, gRPC; the health
/// probes and /metrics are filtered out by the instrumentation) or at one of the server's own operations (source
/// <see cref="PceMetrics.Name"/>). Roots of Orleans' runtime (timers, membership, directory), of gNMI (telemetry
/// subscriptions and polls) and of outgoing HTTP calls are dropped: at idle the server exports nothing.</item>
/// <item>A child span is sampled when its parent was (W3C sampled flag; a remote parent as its traceparent says).</item>
/// </list>
/// </summary>
public sealed class WholeTraceSampler : Sampler
{
    /// <summary>The activity name of ASP.NET Core's request span.</summary>
    public const string RequestSpan = "Microsoft.AspNetCore.Hosting.HttpRequestIn";

    private static readonly SamplingResult Sample = new(SamplingDecision.RecordAndSample);
    private static readonly SamplingResult Drop = new(SamplingDecision.Drop);

    public WholeTraceSampler() => Description = nameof(WholeTraceSampler);

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        var parent = samplingParameters.ParentContext;
        if (parent.TraceId != default && parent.SpanId != default)
        {
            return (parent.TraceFlags & ActivityTraceFlags.Recorded) != 0 ? Sample : Drop;
        }

        return samplingParameters.Name == RequestSpan || samplingParameters.Name.StartsWith("pce.", StringComparison.Ordinal) ? Sample : Drop;
    }
}

/// <summary>
/// Keeps every exported trace whole: a span whose parent in this process was not exported (created by a source this
/// server does not export, by another listener, or filtered out after it started) is not exported either, nor are its
/// descendants (its sampled flag is cleared before anything is propagated from it). Every exported span's parent is then
/// exported too, or absent, or remote (a caller's traceparent).
/// </summary>
public sealed class WholeTraceProcessor : BaseProcessor<Activity>
{
    private const string Exported = "pce.exported";

    public override void OnStart(Activity data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!data.Recorded)
        {
            return;
        }

        if (data.Parent is { } parent && (!parent.Recorded || parent.GetCustomProperty(Exported) is null))
        {
            data.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            data.IsAllDataRequested = false;
            return;
        }

        data.SetCustomProperty(Exported, Exported);
    }

    public override void OnEnd(Activity data)
    {
        ArgumentNullException.ThrowIfNull(data);

        // Filtered after it started (the request instrumentation's filter): not exported, so not a parent either.
        if (!data.Recorded)
        {
            data.SetCustomProperty(Exported, null);
        }
    }
}
