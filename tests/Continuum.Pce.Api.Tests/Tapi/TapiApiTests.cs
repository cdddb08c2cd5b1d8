using System.Text.Json.Nodes;
using Continuum.Pce.Api.Hosting;
using Continuum.Pce.Api.Tests.Support;
using Continuum.Pce.Southbound.Gnmi;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static Continuum.Pce.Api.Tests.Tapi.RestconfClient;
using static Continuum.Pce.Api.Tests.Tapi.TapiServices;
using GetRequest = Gnmi.GetRequest;

namespace Continuum.Pce.Api.Tests.Tapi;

/// <summary>
/// The TAPI 2.5 northbound over RESTCONF, through the real server on continuum-demo with its device emulator: every
/// answer that carries TAPI data is validated with yanglint against the unchanged ONF TAPI YANG.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class TapiApiTests(ServerFixture fixture)
{
    [Fact]
    public void Tapi_yang_as_shipped_fails_in_libyang_and_compiles_with_the_require_instance_deviations()
    {
        var (shipped, why) = TapiYang.LoadAsShipped();
        var (deviated, output) = TapiYang.LoadWithDeviations();

        Assert.NotEqual(0, shipped);
        Assert.Contains("target is supposed to represent configuration data", why);
        Assert.True(deviated == 0, output);
    }

    [Fact]
    public async Task Context_has_a_service_interface_point_per_transponder_interface_and_validates_against_tapi()
    {
        using var http = fixture.Http(fixture.AcmeKey);

        var context = await http.GetYangAsync(Context);
        var sips = await http.GetYangAsync(Context + "/service-interface-point");

        Assert.Equal(200, context.Status);
        Assert.Equal("application/yang-data+json", context.ContentType);
        // Every interface of every transponder of the network document (interfaces: 1 when absent).
        var network = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot(), "topologies", "continuum-demo.json")))!;
        var interfaces = network["nodes"]!.AsArray().Where(n => n!["kind"]!.GetValue<string>() == "transponder").ToDictionary(
            n => n!["id"]!.GetValue<string>(), n => n!["interfaces"]?.GetValue<int>() ?? 1);
        var list = sips.Body!["tapi-common:service-interface-point"]!.AsArray();
        Assert.Equal(interfaces.Values.Sum(), list.Count);
        Assert.All(interfaces, t => Assert.Equal(t.Value, SipsOf(list, t.Key).Count));
        Assert.All(list, s => Assert.Equal("PHOTONIC_MEDIA", s!["layer-protocol-name"]!.GetValue<string>()));
        Assert.Equal(list.Count, context.Body!["tapi-common:context"]!["service-interface-point"]!.AsArray().Count);
        Assert.Equal("", TapiYang.ValidateData(context.Text));
    }

    [Fact]
    public async Task Topology_shows_roadm_and_transponder_nodes_fibre_links_and_the_spectrum_a_service_occupies()
    {
        using var http = fixture.Http(fixture.AcmeKey);
        var sips = (await http.GetYangAsync(Context + "/service-interface-point")).Body!["tapi-common:service-interface-point"]!;
        var uuid = NewUuid();
        var created = await http.PostYangAsync(Connectivity, Service(uuid, SipsOf(sips, "BER-TRX")[0], SipsOf(sips, "HAM-TRX")[0]));
        Assert.True(created.Status == 201, created.Text);
        var service = (await http.GetYangAsync($"{Connectivity}/connectivity-service={uuid}")).Body!["tapi-connectivity:connectivity-service"]![0]!;

        var answer = await http.GetYangAsync(Context + "/tapi-topology:topology-context");
        await http.DeleteYangAsync($"{Connectivity}/connectivity-service={uuid}");

        var topology = answer.Body!["tapi-topology:topology-context"]!["topology"]![0]!;
        var nodes = topology["node"]!.AsArray();
        var links = topology["link"]!.AsArray();
        Assert.Equal(19 + 19, nodes.Count);
        Assert.Equal(32 + 19, links.Count);
        // The service's first fibre: its link's degree edge point lists the service's band as occupied, not as available.
        var route = Name(service, "route")!.Split(',');
        var pac = service["end-point"]![0]!["layer-protocol-constraint"]![0]!["tapi-photonic-media:otsi-mcg-connectivity-service-end-point-spec"]!["otsi-mc-frequency-config-pac"]![0]!;
        var centre = long.Parse(pac["central-frequency"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        var roadm = nodes.Single(n => Name(n, "node-name") == route[0])!;
        var degrees = roadm["owned-node-edge-point"]!.AsArray().Where(n => n!["tapi-photonic-media:photonic-media-node-edge-point-spec"] is not null).ToList();
        Assert.Contains(degrees, d => Bands(d!, "occupied-spectrum").Any(b => b.Lower < centre && centre < b.Upper));
        Assert.All(degrees, d => Assert.DoesNotContain(Bands(d!, "available-spectrum").Concat(Bands(d!, "occupied-spectrum")), b => b.Lower >= b.Upper));
        var fraTrx = nodes.Single(n => Name(n, "node-name") == "FRA-TRX")!;
        Assert.Equal(33, fraTrx["owned-node-edge-point"]!.AsArray().Count);
        Assert.Equal(32, fraTrx["owned-node-edge-point"]!.AsArray().Count(n => n!["mapped-service-interface-point"] is not null));
        var context = await http.GetYangAsync(Context);
        Assert.Equal("", TapiYang.ValidateData(context.Text));
    }

    [Fact]
    public async Task A_connectivity_service_with_constraints_is_created_in_service_on_the_devices_read_listed_and_deleted()
    {
        using var http = fixture.Http(fixture.AcmeKey);
        var sips = (await http.GetYangAsync(Context + "/service-interface-point")).Body!["tapi-common:service-interface-point"]!;
        var topology = (await http.GetYangAsync(Context + "/tapi-topology:topology-context")).Body!["tapi-topology:topology-context"]!["topology"]![0]!;
        var excluded = topology["link"]!.AsArray().Single(l => Name(l, "link-name") == "AMS-RTM")!["uuid"]!.GetValue<string>();
        var uuid = NewUuid();
        var body = Service(uuid, SipsOf(sips, "AMS-TRX")[0], SipsOf(sips, "RTM-TRX")[0], 400, new JsonObject
        {
            ["routing-constraint"] = new JsonObject
            {
                ["max-allowed-delay"] = new JsonObject { ["value"] = "20000" },
                ["route-objective-function"] = "MIN_WORK_ROUTE_LATENCY",
                ["diversity-policy"] = "SRLG",
            },
            ["topology-constraint"] = new JsonArray(new JsonObject
            {
                ["local-id"] = "1",
                ["exclude-link"] = new JsonArray(new JsonObject { ["topology-uuid"] = topology["uuid"]!.GetValue<string>(), ["link-uuid"] = excluded }),
            }),
        });

        var created = await http.PostYangAsync(Connectivity, body);
        var read = await http.GetYangAsync($"{Connectivity}/connectivity-service={uuid}");
        var listed = await http.GetYangAsync(Connectivity + "/connectivity-service");
        var lightpath = (await http.SendAsync(HttpMethod.Get, $"/api/v1/lightpaths/tapi-{uuid}")).Body;
        var emulator = fixture.Server.Services.GetRequiredService<DevicePlane>().Emulator!.Address;
        string channels;
        await using (var device = new GnmiClient(new GnmiDeviceOptions { Address = emulator, Target = "AMS-ROADM", UseTls = false }))
        {
            channels = string.Join("", await device.GetJsonAsync("/wavelength-router/media-channels", GetRequest.Types.DataType.Config));
        }

        var context = await http.GetYangAsync(Context);
        var deleted = await http.DeleteYangAsync($"{Connectivity}/connectivity-service={uuid}");
        var gone = await http.GetYangAsync($"{Connectivity}/connectivity-service={uuid}");
        var after = (await http.SendAsync(HttpMethod.Get, $"/api/v1/lightpaths/tapi-{uuid}")).Body;

        Assert.True(created.Status == 201, created.Text);
        Assert.EndsWith($"/restconf/data/tapi-common:context/tapi-connectivity:connectivity-context/connectivity-service={uuid}", created.Location);
        Assert.Equal("Active", lightpath.Str("state"));
        Assert.DoesNotContain("AMS-RTM", lightpath.GetProperty("fibers").EnumerateArray().Select(f => f.GetString()));
        Assert.Contains($"tapi-{uuid}-az", channels);
        var service = read.Body!["tapi-connectivity:connectivity-service"]![0]!;
        Assert.Equal("ENABLED", service["operational-state"]!.GetValue<string>());
        Assert.Equal("INSTALLED", service["lifecycle-state"]!.GetValue<string>());
        var endPoint = service["end-point"]![0]!;
        Assert.Equal(SipsOf(sips, "AMS-TRX")[lightpath.GetProperty("sourceInterface").GetInt32() - 1], endPoint["service-interface-point"]!["service-interface-point-uuid"]!.GetValue<string>());
        var constraint = endPoint["layer-protocol-constraint"]![0]!;
        var frequency = constraint["tapi-photonic-media:otsi-mcg-connectivity-service-end-point-spec"]!["otsi-mc-frequency-config-pac"]![0]!;
        Assert.Equal((long)Math.Round(lightpath.GetProperty("frequencyThz").GetDouble() * 1e6) * 1_000_000, long.Parse(frequency["central-frequency"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(lightpath.GetProperty("slotCount").GetInt32() * 6_250_000_000L, long.Parse(frequency["spectrum-bandwidth"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        var mode = constraint["tapi-photonic-media:otsia-connectivity-service-end-point-spec"]!["otsi-config"]![0]!["common-explicit"]!;
        Assert.Equal(lightpath.Str("mode").Split('-')[2], mode["standard-modulation-type"]!.GetValue<string>());
        Assert.NotNull(mode["min-osnr"]);
        Assert.Equal(lightpath.GetProperty("gsnrDb").GetDouble(), double.Parse(Name(service, "estimated-gsnr-db")!, System.Globalization.CultureInfo.InvariantCulture), 3);
        Assert.True(lightpath.GetProperty("latencyUs").GetDouble() <= 20000);
        Assert.Contains(listed.Body!["tapi-connectivity:connectivity-service"]!.AsArray(), s => s!["uuid"]!.GetValue<string>() == uuid);
        Assert.Equal("", TapiYang.ValidateData(context.Text));
        Assert.Equal(204, deleted.Status);
        Assert.Equal(404, gone.Status);
        Assert.Equal("invalid-value", gone.Error!["error-tag"]!.GetValue<string>());
        Assert.Equal("Deleted", after.Str("state"));
    }

    /// <summary>The layer-0 attributes of an end-point, in the leaves the answers carry (Hz as RFC 7951 strings).</summary>
    private static JsonArray Layer0(long centreHz, long? widthHz = null, string? modulation = null, string? minOsnr = null)
    {
        var pac = new JsonObject { ["local-id"] = "1", ["central-frequency"] = centreHz.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (widthHz is { } w)
        {
            pac["spectrum-bandwidth"] = w.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var constraint = new JsonObject
        {
            ["local-id"] = "otsi",
            ["layer-protocol-name"] = "PHOTONIC_MEDIA",
            ["tapi-photonic-media:otsi-mcg-connectivity-service-end-point-spec"] = new JsonObject { ["otsi-mc-frequency-config-pac"] = new JsonArray(pac) },
        };
        if (modulation is not null || minOsnr is not null)
        {
            var common = new JsonObject();
            if (modulation is not null)
            {
                common["standard-modulation-type"] = modulation;
            }

            if (minOsnr is not null)
            {
                common["min-osnr"] = minOsnr;
            }

            constraint["tapi-photonic-media:otsia-connectivity-service-end-point-spec"] = new JsonObject
            {
                ["otsi-config"] = new JsonArray(new JsonObject { ["local-id"] = "1", ["common-explicit"] = common }),
            };
        }

        return new JsonArray(constraint);
    }

    /// <summary>A request's service entry placed in a context read before it was sent, as YANG data (its SIP references resolve there).</summary>
    private static string AsContextData(JsonNode context, JsonObject request)
    {
        var data = context.DeepClone();
        var connectivity = data["tapi-common:context"]!["tapi-connectivity:connectivity-context"]!.AsObject();
        if (connectivity["connectivity-service"] is not JsonArray services)
        {
            connectivity["connectivity-service"] = services = [];
        }

        services.Add(request["tapi-connectivity:connectivity-service"]![0]!.DeepClone());
        return data.ToJsonString();
    }

    private static JsonObject WithLayer0(JsonObject body, JsonArray layer0)
    {
        body["tapi-connectivity:connectivity-service"]![0]!["end-point"]![0]!["layer-protocol-constraint"] = layer0;
        return body;
    }

    [Fact]
    public async Task A_service_requesting_central_frequency_width_modulation_and_osnr_sits_exactly_there_and_a_second_on_the_same_frequency_is_refused()
    {
        using var http = fixture.Http(fixture.AcmeKey);
        var sips = (await http.GetYangAsync(Context + "/service-interface-point")).Body!["tapi-common:service-interface-point"]!;
        var (a, z) = (SipsOf(sips, "AMS-TRX")[^1], SipsOf(sips, "RTM-TRX")[^1]);
        var (uuid, twin, bad) = (NewUuid(), NewUuid(), NewUuid());
        const long CentreHz = 195_000_000_000_000;
        const long WidthHz = 150_000_000_000;
        var body = WithLayer0(Service(uuid, a, z, 400), Layer0(CentreHz, WidthHz, "16QAM", "15"));
        var unknownModulation = WithLayer0(Service(bad, a, z, 400), Layer0(CentreHz, WidthHz, "1024QAM"));
        var before = (await http.GetYangAsync(Context)).Body!;

        var created = await http.PostYangAsync(Connectivity, body);
        var lightpath = (await http.SendAsync(HttpMethod.Get, $"/api/v1/lightpaths/tapi-{uuid}")).Body;
        var read = await http.GetYangAsync($"{Connectivity}/connectivity-service={uuid}");
        var emulator = fixture.Server.Services.GetRequiredService<DevicePlane>().Emulator!.Address;
        string channels;
        await using (var device = new GnmiClient(new GnmiDeviceOptions { Address = emulator, Target = "AMS-ROADM", UseTls = false }))
        {
            channels = string.Join("", await device.GetJsonAsync("/wavelength-router/media-channels", GetRequest.Types.DataType.Config));
        }

        // The same channel again, held to the first service's route by a latency bound just above it: taken there.
        var bound = Math.Ceiling(lightpath.GetProperty("latencyUs").GetDouble() + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var second = WithLayer0(Service(twin, SipsOf(sips, "AMS-TRX")[0], SipsOf(sips, "RTM-TRX")[0], 400, new JsonObject
        {
            ["routing-constraint"] = new JsonObject { ["max-allowed-delay"] = new JsonObject { ["value"] = bound } },
        }), Layer0(CentreHz, WidthHz));
        var taken = await http.PostYangAsync(Connectivity, second);
        var refused = await http.PostYangAsync(Connectivity, unknownModulation);
        await http.DeleteYangAsync($"{Connectivity}/connectivity-service={uuid}");
        await http.DeleteYangAsync($"{Connectivity}/connectivity-service={twin}");

        Assert.Equal("", TapiYang.ValidateData(AsContextData(before, body)));
        Assert.True(created.Status == 201, created.Text);
        Assert.Equal(195.0, lightpath.GetProperty("frequencyThz").GetDouble(), 6);
        Assert.Equal(24, lightpath.GetProperty("slotCount").GetInt32()); // 150 GHz of 6.25 GHz slots
        Assert.Contains("16QAM", lightpath.Str("mode"), StringComparison.Ordinal);
        Assert.True(lightpath.GetProperty("gsnrDb").GetDouble() >= 15);
        var pac = read.Body!["tapi-connectivity:connectivity-service"]![0]!["end-point"]![0]!["layer-protocol-constraint"]![0]!["tapi-photonic-media:otsi-mcg-connectivity-service-end-point-spec"]!["otsi-mc-frequency-config-pac"]![0]!;
        Assert.Equal("195000000000000", pac["central-frequency"]!.GetValue<string>());
        Assert.Equal("150000000000", pac["spectrum-bandwidth"]!.GetValue<string>());
        Assert.Contains($"tapi-{uuid}-az", channels);
        Assert.Contains("194925000", channels); // the media channel's lower edge, MHz: 195 THz − 75 GHz
        Assert.True(taken.Status == 422, taken.Text);
        Assert.Equal("operation-failed", taken.Error!["error-tag"]!.GetValue<string>());
        Assert.Contains("taken", taken.Error!["error-message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(refused.Status == 400, refused.Text);
        Assert.Equal("invalid-value", refused.Error!["error-tag"]!.GetValue<string>());
        Assert.EndsWith("standard-modulation-type", refused.Error!["error-path"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_lists_its_connection_whose_route_has_a_connection_end_point_on_every_edge_point_of_its_path()
    {
        using var http = fixture.Http(fixture.AcmeKey);
        var sips = (await http.GetYangAsync(Context + "/service-interface-point")).Body!["tapi-common:service-interface-point"]!;
        var uuid = NewUuid();

        var created = await http.PostYangAsync(Connectivity, Service(uuid, SipsOf(sips, "AMS-TRX")[0], SipsOf(sips, "RTM-TRX")[0], 100));
        var lightpath = (await http.SendAsync(HttpMethod.Get, $"/api/v1/lightpaths/tapi-{uuid}")).Body;
        var service = (await http.GetYangAsync($"{Connectivity}/connectivity-service={uuid}")).Body!["tapi-connectivity:connectivity-service"]![0]!;
        var context = await http.GetYangAsync(Context);
        var connectionUuid = service["connection"]![0]!["connection-uuid"]!.GetValue<string>();
        var one = await http.GetYangAsync($"{Connectivity}/connection={connectionUuid}");
        await http.DeleteYangAsync($"{Connectivity}/connectivity-service={uuid}");
        var afterDelete = await http.GetYangAsync($"{Connectivity}/connection={connectionUuid}");

        Assert.True(created.Status == 201, created.Text);
        var connection = context.Body!["tapi-common:context"]!["tapi-connectivity:connectivity-context"]!["connection"]!.AsArray().Single(c => c!["uuid"]!.GetValue<string>() == connectionUuid)!;
        var route = connection["route"]![0]!["connection-end-point"]!.AsArray();
        var hops = lightpath.GetProperty("fibers").GetArrayLength();
        // transponder interface, add/drop, both degrees of every fibre pair, add/drop, transponder interface
        Assert.Equal(2 + 2 + (2 * hops), route.Count);
        Assert.Equal(route[0]!.ToJsonString(), connection["connection-end-point"]![0]!.ToJsonString());
        Assert.Equal(route[^1]!.ToJsonString(), connection["connection-end-point"]![1]!.ToJsonString());
        Assert.Equal(TapiUuid(service["end-point"]![0]!), Nep(context.Body!, route[0]!)["mapped-service-interface-point"]![0]!["service-interface-point-uuid"]!.GetValue<string>());
        foreach (var cep in route)
        {
            var nep = Nep(context.Body!, cep!);
            Assert.Contains(nep["tapi-connectivity:cep-list"]!["connection-end-point"]!.AsArray(), c => c!["uuid"]!.GetValue<string>() == cep!["connection-end-point-uuid"]!.GetValue<string>());
        }

        Assert.Equal(200, one.Status);
        Assert.Equal(404, afterDelete.Status);
        Assert.Equal("", TapiYang.ValidateData(context.Text));

        static string TapiUuid(JsonNode endPoint) => endPoint["service-interface-point"]!["service-interface-point-uuid"]!.GetValue<string>();
        static JsonNode Nep(JsonNode context, JsonNode cep) => context["tapi-common:context"]!["tapi-topology:topology-context"]!["topology"]![0]!["node"]!.AsArray()
            .Single(n => n!["uuid"]!.GetValue<string>() == cep["node-uuid"]!.GetValue<string>())!["owned-node-edge-point"]!.AsArray()
            .Single(e => e!["uuid"]!.GetValue<string>() == cep["node-edge-point-uuid"]!.GetValue<string>())!;
    }

    [Fact]
    public async Task A_one_plus_one_service_has_a_working_and_a_protection_route_and_a_switch_per_end_that_follows_a_manual_switch()
    {
        using var http = fixture.Http(fixture.AcmeKey);
        var sips = (await http.GetYangAsync(Context + "/service-interface-point")).Body!["tapi-common:service-interface-point"]!;
        var uuid = NewUuid();
        var body = Service(uuid, SipsOf(sips, "FRA-TRX")[5], SipsOf(sips, "PAR-TRX")[5], 100, new JsonObject
        {
            ["resilience-constraint"] = new JsonObject
            {
                ["resilience-type"] = new JsonObject { ["protection-type"] = "ONE_PLUS_ONE_PROTECTION" },
            },
        });

        var created = await http.PostYangAsync(Connectivity, body);
        var lightpath = (await http.SendAsync(HttpMethod.Get, $"/api/v1/lightpaths/tapi-{uuid}")).Body;
        var before = await http.GetYangAsync(Context);
        var (switched, switchBody) = await http.SendAsync(HttpMethod.Post, $"/api/v1/lightpaths/tapi-{uuid}/protection/switch", new { to = "protection" });
        var after = await http.GetYangAsync(Context);
        await http.DeleteYangAsync($"{Connectivity}/connectivity-service={uuid}");

        Assert.True(created.Status == 201, created.Text);
        Assert.Equal("Active", lightpath.Str("state"));
        Assert.True(switched == 200, switchBody.ToString());
        var connectionUuid = ConnectionOf(before.Body!, uuid)["uuid"]!.GetValue<string>();
        var connection = ConnectionOf(before.Body!, uuid);
        var routes = connection["route"]!.AsArray();
        Assert.Equal(["working", "protection"], routes.Select(r => r!["local-id"]!.GetValue<string>()));
        var protectionFibers = lightpath.GetProperty("protection").GetProperty("fibers").GetArrayLength();
        Assert.Equal(2 + 2 + (2 * protectionFibers), routes[1]!["connection-end-point"]!.AsArray().Count);
        // The legs share the transponder ends and nothing else.
        var working = routes[0]!["connection-end-point"]!.AsArray().Select(c => c!["connection-end-point-uuid"]!.GetValue<string>()).ToList();
        var protection = routes[1]!["connection-end-point"]!.AsArray().Select(c => c!["connection-end-point-uuid"]!.GetValue<string>()).ToList();
        Assert.Equal([working[0], working[^1]], working.Intersect(protection));
        Assert.Equal(["1", "2"], routes.Select(r => r!["resilience-route"]!["priority"]!.GetValue<string>()));
        Assert.Equal(["NORMAL", "NORMAL"], Switches(before.Body!, uuid).Select(s => s["selection-reason"]!.GetValue<string>()));
        Assert.All(Switches(before.Body!, uuid), s => Assert.Equal("working", s["selected-route"]![0]!["route-local-id"]!.GetValue<string>()));
        Assert.All(Switches(before.Body!, uuid), s => Assert.Equal(connectionUuid, s["selected-route"]![0]!["connection-uuid"]!.GetValue<string>()));
        Assert.Equal(["FORCED", "FORCED"], Switches(after.Body!, uuid).Select(s => s["selection-reason"]!.GetValue<string>()));
        Assert.All(Switches(after.Body!, uuid), s => Assert.Equal("protection", s["selected-route"]![0]!["route-local-id"]!.GetValue<string>()));
        Assert.Equal("tapi-connectivity:ROUTE_STATE_CURRENT", ConnectionOf(after.Body!, uuid)["route"]![1]!["resilience-route"]!["route-state"]!.GetValue<string>());
        // Every connection-end-point of the protection route is in its node-edge-point's cep-list.
        var nodes = before.Body!["tapi-common:context"]!["tapi-topology:topology-context"]!["topology"]![0]!["node"]!.AsArray();
        var listed = nodes.SelectMany(n => n!["owned-node-edge-point"]!.AsArray())
            .SelectMany(e => e!["tapi-connectivity:cep-list"]?["connection-end-point"]?.AsArray() ?? [])
            .Select(c => c!["uuid"]!.GetValue<string>()).ToHashSet();
        Assert.All(protection, c => Assert.Contains(c, listed));
        Assert.Equal("", TapiYang.ValidateData(before.Text));
        Assert.Equal("", TapiYang.ValidateData(after.Text));

        static JsonNode ConnectionOf(JsonNode context, string service)
        {
            var connectivity = context["tapi-common:context"]!["tapi-connectivity:connectivity-context"]!;
            var reference = connectivity["connectivity-service"]!.AsArray().Single(s => s!["uuid"]!.GetValue<string>() == service)!["connection"]![0]!["connection-uuid"]!.GetValue<string>();
            return connectivity["connection"]!.AsArray().Single(c => c!["uuid"]!.GetValue<string>() == reference)!;
        }

        static List<JsonNode> Switches(JsonNode context, string service) =>
            [.. ConnectionOf(context, service)["switch-control"]![0]!["switch"]!.AsArray().Select(s => s!)];
    }

    [Fact]
    public async Task Diversity_exclusion_and_include_node_route_a_second_service_apart_from_the_first()
    {
        using var http = fixture.Http(fixture.AcmeKey);
        var sips = (await http.GetYangAsync(Context + "/service-interface-point")).Body!["tapi-common:service-interface-point"]!;
        var topology = (await http.GetYangAsync(Context + "/tapi-topology:topology-context")).Body!["tapi-topology:topology-context"]!["topology"]![0]!;
        var (first, second) = (NewUuid(), NewUuid());
        Assert.Equal(201, (await http.PostYangAsync(Connectivity, Service(first, SipsOf(sips, "FRA-TRX")[0], SipsOf(sips, "PAR-TRX")[0]))).Status);
        var firstPath = (await http.SendAsync(HttpMethod.Get, $"/api/v1/lightpaths/tapi-{first}")).Body;
        var via = topology["node"]!.AsArray().Single(n => Name(n, "node-name") == "SXB-ROADM")!;

        var created = await http.PostYangAsync(Connectivity, Service(second, SipsOf(sips, "FRA-TRX")[1], SipsOf(sips, "PAR-TRX")[1], 100, new JsonObject
        {
            ["connectivity-constraint"] = new JsonObject
            {
                ["service-type"] = "POINT_TO_POINT_CONNECTIVITY",
                ["requested-capacity"] = new JsonObject { ["total-size"] = new JsonObject { ["value"] = 100, ["unit"] = "tapi-common:CAPACITY_UNIT_GBPS" } },
                ["diversity-exclusion"] = new JsonArray(new JsonObject { ["connectivity-service-uuid"] = first }),
            },
            ["topology-constraint"] = new JsonArray(new JsonObject
            {
                ["local-id"] = "1",
                ["include-node"] = new JsonArray(new JsonObject { ["topology-uuid"] = topology["uuid"]!.GetValue<string>(), ["node-uuid"] = via["uuid"]!.GetValue<string>() }),
            }),
        }));
        var secondPath = (await http.SendAsync(HttpMethod.Get, $"/api/v1/lightpaths/tapi-{second}")).Body;
        await http.DeleteYangAsync($"{Connectivity}/connectivity-service={second}");
        await http.DeleteYangAsync($"{Connectivity}/connectivity-service={first}");

        Assert.True(created.Status == 201, created.Text);
        Assert.Empty(firstPath.GetProperty("fibers").EnumerateArray().Select(f => f.GetString()).Intersect(secondPath.GetProperty("fibers").EnumerateArray().Select(f => f.GetString())));
        Assert.Contains("SXB-ROADM", secondPath.GetProperty("nodes").EnumerateArray().Select(n => n.GetString()));
    }

    [Fact]
    public async Task A_path_comp_service_answers_candidate_paths_that_validate_and_reserves_nothing()
    {
        using var http = fixture.Http(fixture.ViewerKey);
        var sips = (await http.GetYangAsync(Context + "/service-interface-point")).Body!["tapi-common:service-interface-point"]!;
        var uuid = NewUuid();
        var body = PathService(uuid, SipsOf(sips, "FRA-TRX")[2], SipsOf(sips, "MUC-TRX")[2], 400, new JsonObject
        {
            ["routing-constraint"] = new JsonObject { ["max-allowed-delay"] = new JsonObject { ["value"] = 8000 } },
        });
        var before = (await http.SendAsync(HttpMethod.Get, "/api/v1/fibers")).Body;

        var created = await http.PostYangAsync(PathComputation, body);
        var service = await http.GetYangAsync($"{PathComputation}/path-comp-service={uuid}");
        var pathUuid = service.Body!["tapi-path-computation:path-comp-service"]![0]!["path"]![0]!["path-uuid"]!.GetValue<string>();
        var path = await http.GetYangAsync($"{PathComputation}/path={pathUuid}");
        var context = await http.GetYangAsync(Context);
        var rpc = await http.PostYangAsync("/restconf/operations/tapi-path-computation:compute-p2p-path", new JsonObject
        {
            ["tapi-path-computation:input"] = PathService(NewUuid(), SipsOf(sips, "FRA-TRX")[2], SipsOf(sips, "MUC-TRX")[2], 400)["tapi-path-computation:path-comp-service"]![0]!.DeepClone(),
        });
        var after = (await http.SendAsync(HttpMethod.Get, "/api/v1/fibers")).Body;
        var removed = await http.DeleteYangAsync($"{PathComputation}/path-comp-service={uuid}");

        Assert.True(created.Status == 201, created.Text);
        Assert.Equal(200, path.Status);
        var first = path.Body!["tapi-path-computation:path"]![0]!;
        Assert.NotEmpty(first["link"]!.AsArray());
        var latency = double.Parse(first["routing-constraint"]!["latency-characteristic"]![0]!["fixed-latency-characteristic"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(latency, 1, 8000);
        Assert.NotNull(Name(first, "central-frequency-hz"));
        Assert.Equal("", TapiYang.ValidateData(context.Text));
        Assert.Equal(200, rpc.Status);
        Assert.Equal(Name(first, "route"), Name(rpc.Body!["tapi-path-computation:output"]!["service"]!["path"]![0], "route"));
        Assert.Equal(before.GetRawText(), after.GetRawText());
        Assert.Equal(204, removed.Status);
    }

    [Fact]
    public async Task A_second_tenant_neither_sees_nor_deletes_the_first_tenants_service()
    {
        using var acme = fixture.Http(fixture.AcmeKey);
        using var globex = fixture.Http(fixture.GlobexKey);
        var sips = (await acme.GetYangAsync(Context + "/service-interface-point")).Body!["tapi-common:service-interface-point"]!;
        var uuid = NewUuid();
        Assert.Equal(201, (await acme.PostYangAsync(Connectivity, Service(uuid, SipsOf(sips, "BRU-TRX")[0], SipsOf(sips, "AMS-TRX")[1]))).Status);

        var read = await globex.GetYangAsync($"{Connectivity}/connectivity-service={uuid}");
        var list = await globex.GetYangAsync(Connectivity + "/connectivity-service");
        var context = await globex.GetYangAsync(Context);
        var delete = await globex.DeleteYangAsync($"{Connectivity}/connectivity-service={uuid}");
        var diverse = await globex.PostYangAsync(Connectivity, Service(NewUuid(), SipsOf(sips, "BRU-TRX")[1], SipsOf(sips, "AMS-TRX")[2], 100, new JsonObject
        {
            ["connectivity-constraint"] = new JsonObject { ["diversity-exclusion"] = new JsonArray(new JsonObject { ["connectivity-service-uuid"] = uuid }) },
        }));
        var stillThere = await acme.GetYangAsync($"{Connectivity}/connectivity-service={uuid}");
        await acme.DeleteYangAsync($"{Connectivity}/connectivity-service={uuid}");

        Assert.Equal(404, read.Status);
        Assert.DoesNotContain(list.Body!["tapi-connectivity:connectivity-service"]!.AsArray(), s => s!["uuid"]!.GetValue<string>() == uuid);
        Assert.DoesNotContain(uuid, context.Text);
        Assert.Equal(404, delete.Status);
        Assert.Equal(400, diverse.Status);
        Assert.Equal(200, stillThere.Status);
    }

    public static TheoryData<string, string, int, string> BadRequests() => new()
    {
        { "malformed JSON", "{\"tapi-connectivity:connectivity-service\": [", 400, "malformed-message" },
        { "unknown SIP", Service(NewUuid(), NewUuid(), NewUuid()).ToJsonString(), 400, "invalid-value" },
        { "no capacity", NoCapacity(), 400, "missing-element" },
        { "an unknown member", Service(NewUuid(), "SIP_A", "SIP_Z", 100, new JsonObject { ["colour"] = "blue" }).ToJsonString(), 400, "unknown-element" },
        { "a central frequency off the grid", Service(NewUuid(), "SIP_A", "SIP_Z", 100, new JsonObject()).ToJsonString().Replace("\"local-id\":\"a\"",
            "\"local-id\":\"a\",\"layer-protocol-constraint\":[{\"local-id\":\"1\",\"tapi-photonic-media:otsi-mcg-connectivity-service-end-point-spec\":{\"otsi-mc-frequency-config-pac\":[{\"local-id\":\"1\",\"central-frequency\":\"193101000000000\"}]}}]", StringComparison.Ordinal), 400, "invalid-value" },
        { "a requested baud rate", Service(NewUuid(), "SIP_A", "SIP_Z", 100, new JsonObject()).ToJsonString().Replace("\"local-id\":\"a\"",
            "\"local-id\":\"a\",\"layer-protocol-constraint\":[{\"local-id\":\"1\",\"tapi-photonic-media:otsia-connectivity-service-end-point-spec\":{\"otsi-config\":[{\"local-id\":\"1\",\"common-explicit\":{\"baud-rate\":\"63100000000\"}}]}}]", StringComparison.Ordinal), 501, "operation-not-supported" },
        { "an impossible latency", Service(NewUuid(), "SIP_A", "SIP_Z", 100, new JsonObject { ["routing-constraint"] = new JsonObject { ["max-allowed-delay"] = new JsonObject { ["value"] = "1" } } }).ToJsonString(), 422, "operation-failed" },
        { "one end-point", "{\"tapi-connectivity:connectivity-service\":[{\"end-point\":[{\"local-id\":\"a\"}]}]}", 400, "invalid-value" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_is_refused_with_a_restconf_error_naming_the_tag(string what, string body, int status, string tag)
    {
        using var http = fixture.Http(fixture.AcmeKey);
        var sips = (await http.GetYangAsync(Context + "/service-interface-point")).Body!["tapi-common:service-interface-point"]!;
        body = body.Replace("SIP_A", SipsOf(sips, "DUS-TRX")[0], StringComparison.Ordinal).Replace("SIP_Z", SipsOf(sips, "HAM-TRX")[0], StringComparison.Ordinal);

        var answer = await http.PostRawAsync(Connectivity, body);

        Assert.True(answer.Status == status, $"{what}: {answer.Status} {answer.Text}");
        Assert.Equal(tag, answer.Error!["error-tag"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(answer.Error!["error-message"]!.GetValue<string>()));
        Assert.Equal("application/yang-data+json", answer.ContentType);
    }

    [Fact]
    public async Task Refusals_of_authentication_roles_and_unknown_resources_are_restconf_errors()
    {
        using var anonymous = fixture.Http("");
        using var viewer = fixture.Http(fixture.ViewerKey);

        var noKey = await anonymous.GetYangAsync(Context);
        var badKey = await fixture.Http("pce_not-a-key").GetYangAsync(Context);
        var viewerCreate = await viewer.PostYangAsync(Connectivity, Service(NewUuid(), NewUuid(), NewUuid()));
        var unknown = await viewer.GetYangAsync("/restconf/data/tapi-common:context/no-such-thing");
        var blocked = await viewer.PostYangAsync(Connectivity + "/connectivity-service=x", new JsonObject());

        Assert.Equal(401, noKey.Status);
        Assert.Equal("access-denied", noKey.Error!["error-tag"]!.GetValue<string>());
        Assert.Contains("X-API-Key", noKey.Challenge);
        Assert.Equal(401, badKey.Status);
        Assert.Equal(403, viewerCreate.Status);
        Assert.Equal("access-denied", viewerCreate.Error!["error-tag"]!.GetValue<string>());
        Assert.Equal(404, unknown.Status);
        Assert.NotNull(unknown.Error);
        Assert.NotNull(blocked.Error);
    }

    [Fact]
    public async Task Restconf_root_discovery_answers_host_meta_and_the_yang_library_version()
    {
        using var http = fixture.Http(fixture.ViewerKey);
        using var anonymous = fixture.Http("");

        var hostMeta = await anonymous.GetStringAsync("/.well-known/host-meta");
        var version = await http.GetYangAsync("/restconf/yang-library-version");

        Assert.Contains("rel='restconf' href='/restconf'", hostMeta);
        Assert.Equal("2019-01-04", version.Body!["ietf-restconf:yang-library-version"]!.GetValue<string>());
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Continuum.Pce.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Continuum.Pce.sln not found");
    }

    private static string NoCapacity()
    {
        var body = Service(NewUuid(), "SIP_A", "SIP_Z");
        body["tapi-connectivity:connectivity-service"]![0]!.AsObject().Remove("connectivity-constraint");
        return body.ToJsonString();
    }

    private static IEnumerable<(long Lower, long Upper)> Bands(JsonNode nep, string list) =>
        nep["tapi-photonic-media:photonic-media-node-edge-point-spec"]!["spectrum-capability-pac"]![list]?.AsArray().Select(b =>
            (long.Parse(b!["lower-frequency"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
             long.Parse(b["upper-frequency"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture))) ?? [];
}
