using System.Text.Json.Nodes;
using Continuum.Pce.Api.Hosting;
using Continuum.Pce.Api.Testing;
using Continuum.Pce.Api.Tests.Support;
using Continuum.Pce.Southbound.Gnmi;
using Gnmi;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Continuum.Pce.Api.Tests;

/// <summary>The emulated devices follow a replaced topology (own server: the shared one must keep continuum-demo as it is).</summary>
public sealed class TopologyFollowTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_site_added_by_replacing_the_topology_gets_emulated_devices_and_lightpaths_to_it_go_active(bool inProcess)
    {
        var server = await PceTestServer.StartAsync(null, "topologies/continuum-demo.json", inProcess ? new InProcessEmulatorLauncher() : null);
        try
        {
            using var http = server.Http();
            var (_, doc) = await http.GetJsonAsync("/api/v1/topology");
            var network = JsonNode.Parse(doc.GetProperty("network").GetRawText())!;
            network["sites"]!.AsArray().Add(JsonNode.Parse("""
                {"id":"WIE","name":"Wiesbaden edge","tier":"telco-edge","jurisdiction":"DE-HE","latitude":50.08,"longitude":8.24,"electricityPricePerKwh":0.21,"carbonIntensityGramsPerKwh":380}
                """));
            network["nodes"]!.AsArray().Add(JsonNode.Parse("""{"id":"WIE-ROADM","name":"WIE ROADM","kind":"roadm","site":"WIE","type":"roadm-cdc","degrees":1,"addDropGroups":1}"""));
            network["nodes"]!.AsArray().Add(JsonNode.Parse("""{"id":"WIE-TRX","name":"WIE transponders","kind":"transponder","site":"WIE","type":"coherent-800g","attachedRoadm":"WIE-ROADM","interfaces":4}"""));
            foreach (var (from, to) in new[] { ("WIE", "FRA"), ("FRA", "WIE") })
            {
                network["fibers"]!.AsArray().Add(JsonNode.Parse($$"""
                    {"id":"{{from}}-{{to}}","name":"{{from}} to {{to}}","source":"{{from}}-ROADM","destination":"{{to}}-ROADM","reverse":"{{to}}-{{from}}","srlgs":[],"jurisdictions":["DE-HE"],
                     "spans":[{"lengthKm":38,"fiberType":"SSMF","connectorInDb":0.5,"connectorOutDb":0.5}]}
                    """));
            }

            var (replaced, summary) = await http.SendAsync(HttpMethod.Put, "/api/v1/topology", rawBody: network.ToJsonString());
            Assert.True(replaced == 200, summary.ToString());
            Assert.Equal(115, summary.GetProperty("sites").GetInt32());

            var (created, lightpath) = await http.PostAsync("/api/v1/lightpaths", new { source = "WIE", destination = "PAR", rateGbps = 100 });

            Assert.Equal(201, created);
            Assert.Equal("Active", lightpath.Str("state"));
            var emulator = server.Services.GetRequiredService<DevicePlane>().Emulator!;
            Assert.IsType(inProcess ? typeof(InProcessEmulator) : typeof(ChildProcessEmulator), emulator);
            await using var roadm = new GnmiClient(new GnmiDeviceOptions { Address = emulator.Address, Target = "WIE-ROADM", UseTls = false });
            var channels = await roadm.GetJsonAsync("/wavelength-router/media-channels", GetRequest.Types.DataType.Config);
            Assert.Contains(lightpath.Str("id"), string.Join('\n', channels), StringComparison.Ordinal);

            // FRA-ROADM kept its configuration and gained the degree towards WIE.
            await using var fra = new GnmiClient(new GnmiDeviceOptions { Address = emulator.Address, Target = "FRA-ROADM", UseTls = false });
            var fraChannels = string.Join('\n', await fra.GetJsonAsync("/wavelength-router/media-channels", GetRequest.Types.DataType.Config));
            Assert.Contains(lightpath.Str("id"), fraChannels, StringComparison.Ordinal);
        }
        finally
        {
            await server.DisposeAndDeleteAsync();
        }
    }
}
