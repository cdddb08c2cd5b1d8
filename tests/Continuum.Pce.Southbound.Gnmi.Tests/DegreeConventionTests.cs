using System.Text.Json.Nodes;
using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.DeviceEmulator;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Southbound.Gnmi.Rendering;
using Continuum.Pce.TopologyGenerator;
using Gnmi;

namespace Continuum.Pce.Southbound.Gnmi.Tests;

/// <summary>
/// The controller (PathTopology) and the emulator number ROADM degrees by one documented convention, each in code of its
/// own: observed through gNMI only, a cut fibre darkens exactly the line input the controller expects it to feed.
/// </summary>
public sealed class DegreeConventionTests
{
    [Fact]
    public async Task CutFibre_OnTheDemoNetwork_DarkensTheLineInputThatPathTopologyNumbersForIt()
    {
        var network = ContinuumDemoNetwork.Build();
        var topology = new PathTopology(network);
        await using var host = await DeviceEmulatorHost.StartAsync(network, new DeviceEmulatorOptions { ControlPort = null });
        await using var directory = new GnmiDeviceDirectory(id => new GnmiDeviceOptions { Address = host.Address, Target = id.Value, UseTls = false });

        // Per ROADM, the fibres arriving on it with the degree the controller says each one arrives on (a fibre from
        // neighbour X arrives on the degree that faces X).
        var arrivals = network.Roadms.ToDictionary(
            r => r.Id,
            r => network.Fibers.Where(f => f.Destination == r.Id && topology.TryGetFiberInto(r.Id, topology.DegreeToward(r.Id, f.Source), out var into) && into == f.Id)
                .Select(f => (Fiber: f, Degree: topology.DegreeToward(r.Id, f.Source)))
                .ToArray());
        Assert.Contains(arrivals.Values, a => a.Length >= 3); // degrees beyond the first two are numbered too

        // Line inputs dark before any cut (degrees a ROADM declares beyond its fibres receive nothing).
        var unlit = new Dictionary<NodeId, HashSet<string>>();
        foreach (var roadm in arrivals.Keys)
        {
            unlit[roadm] = await DarkLineInputs(directory, roadm);
        }

        // Round k cuts the k-th arriving fibre of every ROADM at once (a cut darkens only the input the fibre feeds).
        var checkedFibres = 0;
        for (var k = 0; k < arrivals.Values.Max(a => a.Length); k++)
        {
            var cut = arrivals.Where(a => a.Value.Length > k).Select(a => (Roadm: a.Key, a.Value[k].Fiber, a.Value[k].Degree)).ToList();
            foreach (var (_, fiber, _) in cut)
            {
                host.Emulator.CutFiber(fiber.Id);
            }

            foreach (var (roadm, fiber, degree) in cut)
            {
                var dark = await DarkLineInputs(directory, roadm);
                dark.ExceptWith(unlit[roadm]);
                Assert.True(dark.SetEquals([$"DEG{degree}-IN"]), $"{fiber.Id} cut: {roadm} reports {string.Join(", ", dark)} dark, the controller expects DEG{degree}-IN");
                checkedFibres++;
            }

            foreach (var (_, fiber, _) in cut)
            {
                host.Emulator.RepairFiber(fiber.Id);
            }
        }

        Assert.Equal(arrivals.Values.Sum(a => a.Length), checkedFibres);
        Assert.True(checkedFibres >= network.Fibers.Count(f => network.TryGetNode(f.Source, out var n) && n is Roadm) / 2, $"only {checkedFibres} fibres checked");
    }

    /// <summary>The line inputs (DEGn-IN) of a ROADM whose oper-status is not ACTIVE, read with a gNMI Get of /components.</summary>
    private static async Task<HashSet<string>> DarkLineInputs(GnmiDeviceDirectory directory, NodeId roadm)
    {
        var json = (await directory.ClientFor(roadm).GetJsonAsync("/components", GetRequest.Types.DataType.State)).Single();
        var dark = new HashSet<string>(StringComparer.Ordinal);
        foreach (var component in JsonNode.Parse(json)!.AsObject().Single(m => m.Key.EndsWith("component", StringComparison.Ordinal)).Value!.AsArray())
        {
            var state = component!["state"]!;
            var name = (string)state["name"]!;
            var status = (string?)state["oper-status"];
            if (name.StartsWith("DEG", StringComparison.Ordinal) && name.EndsWith("-IN", StringComparison.Ordinal) && status?.EndsWith(":ACTIVE", StringComparison.Ordinal) != true)
            {
                dark.Add(name);
            }
        }

        return dark;
    }
}
