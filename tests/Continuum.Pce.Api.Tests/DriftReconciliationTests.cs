using System.Net.Http.Json;
using System.Text.Json;
using Continuum.Pce.Api.Alarms;
using Continuum.Pce.Api.Hosting;
using Continuum.Pce.Api.Testing;
using Continuum.Pce.Api.Tests.Support;
using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Units;
using Continuum.Pce.Southbound.Gnmi.Rendering;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Continuum.Pce.Api.Tests;

/// <summary>
/// Issue 25, reconciliation through the running server and its emulator child process (real gNMI sockets): drift
/// injected on a device behind the controller's back (an entry deleted, a leaf changed, an orphan of a lightpath that
/// never lived here, an operator's own channel) is found by GET /nodes/{id}/drift and alarmed; a repair re-applies and
/// removes the orphan, clears the alarm and leaves the operator's channel alone; a device restart that loses its
/// configuration is reconciled on reconnection with no request at all.
/// </summary>
public sealed class DriftReconciliationTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Drift_injected_behind_the_controller_is_found_alarmed_then_repaired_with_foreign_configuration_untouched()
    {
        await using var server = await PceTestServer.StartAsync(null, "topologies/continuum-demo.json", emulatorLauncher: null,
            "--Pce:Southbound:Reconcile:Policy=report-only", "--Pce:Southbound:Reconcile:Interval=00:00:00", "--Pce:Southbound:Reconcile:OnConnect=false");
        using var http = server.Http();
        var (created, lp) = await http.PostAsync("/api/v1/lightpaths", new { id = "drift-1", source = "FRA", destination = "PAR", rateGbps = 400 });
        Assert.True(created == 201, lp.ToString());
        var roadm = lp.GetProperty("nodes")[0].GetString()!;
        var index = PathTopology.MediaChannelIndex(new LightpathId("default/drift-1"));
        using var control = Control(server);

        var (status, clean) = await http.GetJsonAsync($"/api/v1/nodes/{roadm}/drift");
        Assert.True(status == 200, clean.ToString());
        Assert.True(clean.GetProperty("inSync").GetBoolean(), clean.ToString());
        Assert.True(clean.GetProperty("compared").GetInt32() >= 2, clean.ToString());

        // Behind the controller's back: the A→Z media channel deleted, the Z→A one disabled, an orphan the controller's
        // naming rule recognises (a lightpath "default/gone" that does not exist) and an operator's own channel.
        var spectrum = new ChannelSpectrum(new Frequency(195_000_000), new Frequency(195_050_000));
        var gone = PathTopology.MediaChannelIndex(new LightpathId("default/gone"));
        await Inject(control, roadm, "delete", RenderPlanBuilder.MediaChannelPath(index));
        await Inject(control, roadm, "update", RenderPlanBuilder.MediaChannelPath(index + 1) + "/config/admin-status", "\"DISABLED\"");
        await Inject(control, roadm, "replace", RenderPlanBuilder.MediaChannelPath(gone), RenderPlanBuilder.MediaChannel(gone, "default/gone-az", spectrum, "SRG1-ADD", "DEG1-OUT", -2).ToJsonIetf());
        await Inject(control, roadm, "replace", RenderPlanBuilder.MediaChannelPath(7), RenderPlanBuilder.MediaChannel(7, "ops-manual", spectrum with { Lower = new Frequency(195_100_000), Upper = new Frequency(195_150_000) }, "SRG1-ADD", "DEG1-OUT", -2).ToJsonIetf());

        var book = server.Services.GetRequiredService<AlarmBook>();
        var (_, drift) = await http.GetJsonAsync($"/api/v1/nodes/{roadm}/drift");

        Assert.False(drift.GetProperty("inSync").GetBoolean());
        Assert.Equal(
            [("different", RenderPlanBuilder.MediaChannelPath(index + 1), "drift-1", true), ("foreign", RenderPlanBuilder.MediaChannelPath(7), null, false),
             ("missing", RenderPlanBuilder.MediaChannelPath(index), "drift-1", true), ("orphan", RenderPlanBuilder.MediaChannelPath(gone), "gone", true)],
            Findings(drift).OrderBy(f => f.Kind, StringComparer.Ordinal));
        Assert.Contains("admin-status", Detail(drift, "different"), StringComparison.Ordinal);
        var alarm = Assert.Single(book.All(null), a => a.Kind == AlarmKind.DeviceDrift);
        Assert.Equal((AlarmConditions.NodeResource(roadm), AlarmSeverity.Major), (alarm.Resource, alarm.Severity));

        // Report-only by configuration: a periodic or on-demand report changed nothing.
        var (_, still) = await http.GetJsonAsync($"/api/v1/nodes/{roadm}/drift");
        Assert.Equal(4, Findings(still).Count);

        var (repaired, after) = await http.PostAsync($"/api/v1/nodes/{roadm}/reconcile", new { repair = true });

        Assert.True(repaired == 200, after.ToString());
        Assert.True(after.GetProperty("inSync").GetBoolean(), after.ToString());
        Assert.Equal([("foreign", RenderPlanBuilder.MediaChannelPath(7), null, false)], Findings(after));
        var repairs = after.GetProperty("repairs").EnumerateArray().Select(r => r.GetString()!).ToList();
        Assert.Contains(repairs, r => r.StartsWith("re-applied lightpath default/drift-1", StringComparison.Ordinal));
        Assert.Contains(repairs, r => r.StartsWith($"removed orphan {RenderPlanBuilder.MediaChannelPath(gone)}", StringComparison.Ordinal));
        Assert.DoesNotContain(book.All(null), a => a.Kind == AlarmKind.DeviceDrift);
        Assert.Contains(book.All(null, AlarmStateFilter.Cleared), a => a.Id == alarm.Id);

        // The network summary keeps the last report of the device; the lightpath is still whole.
        var (_, summary) = await http.GetJsonAsync("/api/v1/drift");
        Assert.Equal("report-only", summary.Str("policy"));
        Assert.Contains(summary.GetProperty("devices").EnumerateArray(), d => d.Str("node") == roadm && d.GetProperty("inSync").GetBoolean());
        var (_, whole) = await http.GetJsonAsync($"/api/v1/lightpaths/drift-1");
        Assert.Equal("Active", whole.Str("state"));
    }

    [Fact]
    public async Task Device_restarted_without_its_configuration_is_reconciled_on_reconnection_and_the_lightpath_reapplied()
    {
        await using var server = await PceTestServer.StartAsync(null, "topologies/continuum-demo.json", emulatorLauncher: null,
            "--Pce:Southbound:Reconcile:Interval=00:00:00", "--Pce:Southbound:Reconcile:ConnectDelay=00:00:00.200");
        using var http = server.Http();
        var reconciler = server.Services.GetRequiredService<DeviceReconciler>();
        Assert.Equal(ReconcilePolicy.Reapply, reconciler.Policy);
        var (created, lp) = await http.PostAsync("/api/v1/lightpaths", new { id = "survives-restart", source = "FRA", destination = "PAR", rateGbps = 400 });
        Assert.True(created == 201, lp.ToString());
        var roadm = lp.GetProperty("nodes")[1].GetString()!;
        var index = PathTopology.MediaChannelIndex(new LightpathId("default/survives-restart"));

        var repaired = new TaskCompletionSource<DeviceDriftReport>(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = new System.Collections.Concurrent.ConcurrentQueue<string>();
        reconciler.Reconciled += report =>
        {
            if (report.Device == roadm)
            {
                seen.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {report.Trigger}: busy {report.Busy}, compared {report.Compared}, findings [{string.Join("; ", report.Findings.Select(f => $"{f.Kind} {f.Path} {f.Lightpath}"))}], repairs [{string.Join("; ", report.Repairs)}], error {report.Error}");
            }

            if (report.Device == roadm && report.Trigger == "connect" && report.Repairs.Count > 0)
            {
                repaired.TrySetResult(report);
            }
        };
        using var control = Control(server);
        var restart = await control.PostAsync($"/devices/{roadm}/restart", null);
        Assert.True(restart.IsSuccessStatusCode, await restart.Content.ReadAsStringAsync());
        seen.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} restarted");

        DeviceDriftReport report;
        try
        {
            report = await repaired.Task.WaitAsync(Bound);
        }
        catch (TimeoutException)
        {
            var (_, now) = await http.GetJsonAsync($"/api/v1/lightpaths/survives-restart");
            Assert.Fail($"no on-connect reconciliation of {roadm} re-applied the lightpath within {Bound}; reports of {roadm}:\n{string.Join("\n", seen)}\nlightpath: {now}");
            throw;
        }

        Assert.Contains("re-applied lightpath default/survives-restart", report.Repairs);
        Assert.DoesNotContain(report.Findings, f => f.IsDrift);
        var (_, drift) = await http.GetJsonAsync($"/api/v1/nodes/{roadm}/drift");
        Assert.True(drift.GetProperty("inSync").GetBoolean(), drift.ToString());
        Assert.True(drift.GetProperty("compared").GetInt32() >= 2);
        Assert.DoesNotContain(Findings(drift), f => f.Path == RenderPlanBuilder.MediaChannelPath(index));
    }

    [Fact]
    public async Task Drift_endpoints_refuse_unknown_nodes_amplifiers_and_a_repair_without_the_admin_role()
    {
        await using var server = await PceTestServer.StartAsync(null, "topologies/continuum-demo.json", emulatorLauncher: null, "--Pce:Southbound:Reconcile:Enabled=false");
        using var http = server.Http();

        var (missing, problem) = await http.GetJsonAsync("/api/v1/nodes/NOWHERE/drift");
        Assert.Equal(404, missing);
        Assert.Contains("NOWHERE", problem.Str("detail"), StringComparison.Ordinal);

        var amplifier = (await http.GetJsonAsync("/api/v1/nodes?kind=amplifier")).Body.EnumerateArray().First().Str("id");
        var (invalid, why) = await http.GetJsonAsync($"/api/v1/nodes/{amplifier}/drift");
        Assert.Equal(400, invalid);
        Assert.Equal("id", why.Str("field"));

        var (_, key) = await http.PostAsync("/api/v1/keys", new { name = "viewer", role = "operator", tenant = "default" });
        using var operatorClient = server.Http(key.Str("key"));
        var (forbidden, _) = await operatorClient.PostAsync("/api/v1/nodes/FRA-ROADM/reconcile", new { repair = true });
        Assert.Equal(403, forbidden);

        var (bad, badBody) = await http.SendAsync(HttpMethod.Post, "/api/v1/nodes/FRA-ROADM/reconcile", rawBody: "{\"repair\":\"yes\"}");
        Assert.Equal(400, bad);
        Assert.Equal("$.repair", badBody.Str("field"));
    }

    private static HttpClient Control(PceTestServer server)
    {
        var port = server.Services.GetRequiredService<DevicePlane>().Emulator!.ControlPort ?? throw new InvalidOperationException("the emulator has no control port");
        return new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    private static async Task Inject(HttpClient control, string device, string operation, string path, string? json = null)
    {
        using var body = json is null ? null : new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        var response = await control.PostAsync($"/devices/{device}/config/{operation}?path={Uri.EscapeDataString(path)}", body);
        Assert.True(response.IsSuccessStatusCode, $"{operation} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static List<(string Kind, string Path, string? Lightpath, bool Drift)> Findings(JsonElement report) =>
        [.. report.GetProperty("findings").EnumerateArray().Select(f => (f.Str("kind"), f.Str("path"), f.GetProperty("lightpath").GetString(), f.GetProperty("drift").GetBoolean()))];

    private static string Detail(JsonElement report, string kind) =>
        report.GetProperty("findings").EnumerateArray().First(f => f.Str("kind") == kind).Str("detail");
}
