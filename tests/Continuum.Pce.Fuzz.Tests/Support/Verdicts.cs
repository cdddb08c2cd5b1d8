using System.Collections.Concurrent;
using System.Text.Json;

namespace Continuum.Pce.Fuzz.Tests.Support;

/// <summary>Counts of what the fuzzer saw and every violation of the properties (kept, not thrown, so one run reports them all).</summary>
public sealed class Verdicts
{
    private readonly ConcurrentQueue<string> _violations = new();

    public ConcurrentDictionary<string, int> ByStatus { get; } = new();

    public int Requests;

    public int Problems;

    public int RejectedMutations;

    public IReadOnlyCollection<string> Violations => _violations;

    public void Violation(string what)
    {
        if (_violations.Count < 200)
        {
            _violations.Enqueue(what);
        }
    }

    /// <summary>REST: no 5xx; every error a problem (application/problem+json) with a detail, a 400 also with a field.</summary>
    public void CheckHttp(string request, int status, string? mediaType, string body, bool head)
    {
        Interlocked.Increment(ref Requests);
        ByStatus.AddOrUpdate(status.ToString(System.Globalization.CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
        if (status >= 500)
        {
            Violation($"{status} for {request}: {Cut(body)}");
            return;
        }

        if (status < 400 || head)
        {
            return;
        }

        if (mediaType != "application/problem+json")
        {
            Violation($"{status} without a problem body ({mediaType}) for {request}: {Cut(body)}");
            return;
        }

        try
        {
            using var problem = JsonDocument.Parse(body);
            var root = problem.RootElement;
            if (!root.TryGetProperty("detail", out var detail) || string.IsNullOrWhiteSpace(detail.GetString()))
            {
                Violation($"{status} problem without detail for {request}: {Cut(body)}");
            }
            else if (status == 400 && (!root.TryGetProperty("field", out var field) || string.IsNullOrWhiteSpace(field.GetString())))
            {
                Violation($"400 problem without field for {request}: {Cut(body)}");
            }
            else
            {
                Interlocked.Increment(ref Problems);
            }
        }
        catch (JsonException e)
        {
            Violation($"{status} problem that is not JSON ({e.Message}) for {request}: {Cut(body)}");
        }
    }

    public string Summary() =>
        $"{Requests} requests, {Problems} problems with detail, {RejectedMutations} rejected changes checked, statuses: " +
        string.Join(", ", ByStatus.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}×{p.Value}")) +
        (Violations.Count == 0 ? "" : $"\nVIOLATIONS ({Violations.Count}):\n" + string.Join('\n', Violations.Take(40)));

    private static string Cut(string s) => s.Length > 400 ? s[..400] + "…" : s;
}
