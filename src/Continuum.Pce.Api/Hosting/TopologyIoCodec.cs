using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Topology.IO.Json;

namespace Continuum.Pce.Api.Hosting;

/// <summary>The topology codec port over Topology.IO: validates network and equipment documents for the topology grain.</summary>
public sealed class TopologyIoCodec : ITopologyCodec
{
    public bool TryRead(string networkJson, string equipmentJson, out OpticalNetwork? network, out EquipmentLibrary? equipment, out IReadOnlyList<string> errors)
    {
        network = null;
        equipment = null;
        var library = EquipmentReader.Read(equipmentJson);
        if (!library.IsSuccess)
        {
            errors = [.. library.Errors.Select(e => $"equipment {e.Path}: {e.Message}")];
            return false;
        }

        var result = NetworkReader.Read(networkJson, library.Value!);
        errors = [.. result.Errors.Select(e => $"{e.Path}: {e.Message}")];
        network = result.Value?.Network;
        equipment = library.Value;
        return result.IsSuccess;
    }
}
