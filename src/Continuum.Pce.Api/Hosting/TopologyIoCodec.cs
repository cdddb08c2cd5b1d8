using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Topology.IO;

namespace Continuum.Pce.Api.Hosting;

/// <summary>The topology codec port over Topology.IO: validates network and equipment documents for the topology grain.</summary>
public sealed class TopologyIoCodec(Microsoft.Extensions.Configuration.IConfiguration configuration) : ITopologyCodec
{
    // The same bounds as TopologyOperations (Operations.TopologyLimitsConfiguration), read here without it: this file is
    // also compiled into the grain tests.
    private readonly TopologyLimits _limits = Microsoft.Extensions.Configuration.ConfigurationBinder.Get<TopologyLimits>(configuration.GetSection("Topology:Limits")) ?? TopologyLimits.Default;

    public bool TryRead(string networkJson, string equipmentJson, out OpticalNetwork? network, out EquipmentLibrary? equipment, out IReadOnlyList<string> errors)
    {
        var read = TopologyReader.ReadNetworkWithEquipment(networkJson, equipmentJson, equipmentSource: "equipment", limits: _limits);
        errors = [.. read.Errors.Select(e => e.Source is { } source ? $"{source} {e.Path}: {e.Message}" : $"{e.Path}: {e.Message}")];
        network = read.Value?.Loaded.Network;
        equipment = read.Value?.Equipment;
        return read.IsSuccess;
    }
}
