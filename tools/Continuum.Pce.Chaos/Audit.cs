using System.Text.Json;
using System.Text.Json.Nodes;
using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Southbound.Gnmi;

namespace Continuum.Pce.Chaos;

/// <summary>Inconsistencies found by one audit, by kind.</summary>
public sealed record AuditResult(
    int Lightpaths,
    int Live,
    int LostAcknowledgedCreates,
    int ResurrectedAcknowledgedDeletes,
    int FailedAfterAcknowledgement,
    int Overlaps,
    int SpectrumMissing,
    int SpectrumOrphans,
    int DeviceMissing,
    int DeviceOrphans,
    int CleanupOwed,
    IReadOnlyList<string> Examples)
{
    /// <summary>Everything that breaks the guarantees (failures after acknowledgement and cleanups still owed are reported apart).</summary>
    public int Inconsistencies => LostAcknowledgedCreates + ResurrectedAcknowledgedDeletes + Overlaps + SpectrumMissing + SpectrumOrphans + DeviceMissing + DeviceOrphans;
}

/// <summary>
/// Compares three records of the same truth after recovery: the lightpaths the store holds (REST), the spectrum the
/// fibre grains hold (REST /fibers/{id}/spectrum) and the media channels the devices hold (gNMI Get on every ROADM of
/// the emulator), and all of them with what the server acknowledged (<see cref="Ledger"/>).
/// </summary>
public static class Audit
{
    private static readonly HashSet<string> LiveStates = ["Active", "Degraded"];

    public static async Task<AuditResult> RunAsync(HttpClient admin, string tenant, string emulatorAddress, Ledger ledger, CancellationToken ct)
    {
        var lightpaths = await ListAsync(admin, tenant, ct);
        var byId = lightpaths.ToDictionary(l => l.GetProperty("id").GetString()!, StringComparer.Ordinal);
        var live = byId.Where(l => LiveStates.Contains(l.Value.GetProperty("state").GetString()!)).ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
        var examples = new List<string>();
        void Example(string text)
        {
            if (examples.Count < 20)
            {
                examples.Add(text);
            }
        }

        int lost = 0, resurrected = 0, failed = 0;
        foreach (var id in ledger.AcknowledgedLive)
        {
            if (!byId.TryGetValue(id, out var lp) || lp.GetProperty("state").GetString() == "Deleted")
            {
                lost++;
                Example($"acknowledged {id} is {(byId.ContainsKey(id) ? "Deleted" : "missing")}");
            }
            else if (lp.GetProperty("state").GetString() == "Failed")
            {
                failed++;
                Example($"acknowledged {id} is Failed: {lp.GetProperty("failureReason")}");
            }
        }

        foreach (var id in ledger.AcknowledgedDeleted)
        {
            if (byId.TryGetValue(id, out var lp) && lp.GetProperty("state").GetString() is not ("Deleted" or "Failed"))
            {
                resurrected++;
                Example($"deleted {id} is {lp.GetProperty("state").GetString()}");
            }
        }

        // Spectrum: no two claims overlap; every live lightpath holds its slots on each fibre; no claim without a live owner.
        int overlaps = 0, spectrumMissing = 0, spectrumOrphans = 0;
        var fibers = await GetAsync(admin, "/api/v1/fibers", ct);
        var claimsByFiber = new Dictionary<string, List<(string? Lightpath, int Start, int Count, string? Status)>>(StringComparer.Ordinal);
        foreach (var fiber in fibers.EnumerateArray())
        {
            var id = fiber.GetProperty("id").GetString()!;
            var spectrum = await GetAsync(admin, $"/api/v1/fibers/{Uri.EscapeDataString(id)}/spectrum", ct);
            var claims = spectrum.GetProperty("claims").EnumerateArray()
                .Select(c => (Lightpath: c.TryGetProperty("lightpath", out var l) ? l.GetString() : null, Start: c.GetProperty("slotStart").GetInt32(), Count: c.GetProperty("slotCount").GetInt32(), Status: c.TryGetProperty("status", out var st) ? st.GetString() : null))
                .ToList();
            claimsByFiber[id] = claims;
            for (var i = 0; i < claims.Count; i++)
            {
                for (var j = i + 1; j < claims.Count; j++)
                {
                    if (claims[i].Lightpath != claims[j].Lightpath && claims[i].Start < claims[j].Start + claims[j].Count && claims[j].Start < claims[i].Start + claims[i].Count)
                    {
                        overlaps++;
                        Example($"overlap on {id}: {claims[i]} and {claims[j]}");
                    }
                }

                if (claims[i].Lightpath is { } owner && !live.ContainsKey(owner) && byId.ContainsKey(owner) && !Transient(byId[owner]))
                {
                    spectrumOrphans++;
                    Example($"{id} holds slots {claims[i].Start}+{claims[i].Count} ({claims[i].Status}) for {owner}, which is {byId[owner].GetProperty("state").GetString()}");
                }
            }
        }

        foreach (var (id, lp) in live)
        {
            var start = lp.GetProperty("slotStart").GetInt32();
            var count = lp.GetProperty("slotCount").GetInt32();
            foreach (var fiber in lp.GetProperty("fibers").EnumerateArray().Select(f => f.GetString()!))
            {
                if (!claimsByFiber.TryGetValue(fiber, out var claims) || !claims.Exists(c => c.Lightpath == id && c.Start == start && c.Count == count))
                {
                    spectrumMissing++;
                    var held = claims?.Where(c => c.Lightpath == id).Select(c => $"{c.Start}+{c.Count}") ?? [];
                    Example($"live {id} ({lp.GetProperty("state").GetString()}, restoration {lp.GetProperty("restoration")}) holds no slots {start}+{count} on {fiber} (holds there: [{string.Join(", ", held)}]; path {string.Join(" ", lp.GetProperty("fibers").EnumerateArray())})");
                }
            }
        }

        // Devices: every ROADM of a live lightpath carries its media channels, and no ROADM carries a channel of a lightpath that is not live.
        var roadms = (await GetAsync(admin, "/api/v1/nodes?kind=roadm", ct)).EnumerateArray().Select(n => n.GetProperty("id").GetString()!).ToArray();
        var owners = byId.Keys.ToDictionary(id => PathTopology.MediaChannelIndex(new LightpathId($"{tenant}/{id}")), id => id);
        int deviceMissing = 0, deviceOrphans = 0, cleanupOwed = 0;
        using var channel = GnmiClient.CreateChannel(new GnmiDeviceOptions { Address = emulatorAddress, UseTls = false });
        foreach (var roadm in roadms)
        {
            await using var client = new GnmiClient(new GnmiDeviceOptions { Address = emulatorAddress, Target = roadm, UseTls = false }, channel);
            JsonNode? tree;
            try
            {
                tree = await client.GetTreeAsync("/wavelength-router/media-channels", global::Gnmi.GetRequest.Types.DataType.Config, ct);
            }
            catch (global::Grpc.Core.RpcException e) when (e.StatusCode == global::Grpc.Core.StatusCode.NotFound)
            {
                tree = null; // No media channel on this ROADM.
            }

            var carried = Indices(tree).Select(i => i & ~1u).ToHashSet();
            foreach (var index in carried)
            {
                var owner = owners.GetValueOrDefault(index);
                if (owner is null || !live.ContainsKey(owner))
                {
                    if (owner is not null && byId[owner].TryGetProperty("cleanupFailure", out var cf) && cf.ValueKind == JsonValueKind.String)
                    {
                        cleanupOwed++;
                    }
                    else if (owner is null || !Transient(byId[owner]))
                    {
                        deviceOrphans++;
                        Example($"{roadm} carries channel {index} of {owner ?? "no known lightpath"}{(owner is null ? "" : $" ({byId[owner].GetProperty("state").GetString()})")}");
                    }
                }
            }

            foreach (var (id, lp) in live)
            {
                if (lp.GetProperty("nodes").EnumerateArray().Any(n => n.GetString() == roadm) &&
                    !carried.Contains(PathTopology.MediaChannelIndex(new LightpathId($"{tenant}/{id}"))))
                {
                    deviceMissing++;
                    Example($"{roadm} lacks the channel of live {id} ({lp.GetProperty("state").GetString()}, path {string.Join(" ", lp.GetProperty("fibers").EnumerateArray())}; carries {carried.Count} channels)");
                }
            }
        }

        return new AuditResult(byId.Count, live.Count, lost, resurrected, failed, overlaps, spectrumMissing, spectrumOrphans, deviceMissing, deviceOrphans, cleanupOwed, examples);
    }

    /// <summary>True while a lightpath is between two states (the audit waits for these to settle).</summary>
    public static bool Transient(JsonElement lp) =>
        lp.GetProperty("state").GetString() is "Requested" or "Computed" or "Reserved" or "Provisioning" or "Deleting" or "Restoring";

    public static async Task<List<JsonElement>> ListAsync(HttpClient admin, string tenant, CancellationToken ct)
    {
        var all = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await GetAsync(admin, $"/api/v1/lightpaths?tenant={tenant}&limit=500{(cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")}", ct);
            all.AddRange(page.GetProperty("items").EnumerateArray().Select(e => e.Clone()));
            cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null);

        return all;
    }

    private static async Task<JsonElement> GetAsync(HttpClient http, string path, CancellationToken ct)
    {
        using var response = await http.GetAsync(path, ct);
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        return doc.RootElement.Clone();
    }

    /// <summary>Every media-channel index in a gNMI tree (module-qualified names or not, numbers or strings).</summary>
    private static IEnumerable<uint> Indices(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    if ((key == "index" || key.EndsWith(":index", StringComparison.Ordinal)) && value is JsonValue v &&
                        (v.TryGetValue<uint>(out var n) || (v.TryGetValue<string>(out var s) && uint.TryParse(s, out n))))
                    {
                        yield return n;
                    }
                    else
                    {
                        foreach (var i in Indices(value))
                        {
                            yield return i;
                        }
                    }
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    foreach (var i in Indices(item))
                    {
                        yield return i;
                    }
                }

                break;
        }
    }
}
