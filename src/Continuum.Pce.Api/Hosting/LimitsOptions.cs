namespace Continuum.Pce.Api.Hosting;

/// <summary>
/// Request limits (section "Pce:Limits", docs/api.md "Limits"): body sizes per endpoint, the rate per API key (per
/// client address when anonymous), and how many large bodies are read at once. Health probes are exempt from all of them.
/// </summary>
public sealed class LimitsOptions
{
    public const string Section = "Pce:Limits";

    /// <summary>The largest body any endpoint reads (lightpath creates, reroutes, bundles, keys, paths): 1 MiB.</summary>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The largest body of the topology endpoints (PUT /topology, POST /topology/validate, /topology/import): 16 MiB.</summary>
    public long MaxTopologyBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Large-body requests (the topology endpoints) served at once; more wait in a queue.</summary>
    public int LargeBodyConcurrency { get; set; } = 2;

    /// <summary>Large-body requests that may wait for a turn; beyond it the answer is 429 at once.</summary>
    public int LargeBodyQueue { get; set; } = 8;

    /// <summary>Requests per second each API key (or anonymous client address) may make on average (token bucket refill). 0: no rate limit.</summary>
    public int RequestsPerSecond { get; set; } = 500;

    /// <summary>The burst a key may make at once (token bucket size).</summary>
    public int Burst { get; set; } = 1000;

    /// <summary>Longest time Kestrel waits for the request headers (then 408).</summary>
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The slowest a body may arrive, after a 5 s grace period (then 408): a stalled or truncated body does not hold a request open.</summary>
    public double MinBodyBytesPerSecond { get; set; } = 240;
}
