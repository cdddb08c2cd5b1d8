using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Topology.IO.Json;
using Continuum.Pce.Topology.IO.Validation;

namespace Continuum.Pce.Topology.IO;

/// <summary>
/// The entry point for reading the project's formats from text. Every problem comes back at once, each with its JSON
/// path, a stable code and the document it was found in (<paramref name="sourceName"/>); a document with any error
/// yields no value at all. For files on disk (a network and the library it names) use <see cref="NetworkFile.Load"/>.
/// </summary>
public static class TopologyReader
{
    /// <summary>Reads a network document (<c>continuum-pce/network@1</c>) against an equipment library.</summary>
    public static ReadResult<LoadedNetwork> ReadNetwork(string json, EquipmentLibrary equipment, string? sourceName = null, TopologyLimits? limits = null) =>
        NetworkReader.Read(json, equipment, limits).From(sourceName);

    /// <summary>Reads an equipment-library document (<c>continuum-pce/equipment@1</c>).</summary>
    public static ReadResult<EquipmentLibrary> ReadEquipment(string json, string? sourceName = null, TopologyLimits? limits = null) =>
        EquipmentReader.Read(json, limits).From(sourceName);

    /// <summary>
    /// Reads a network document together with the equipment library it is checked against. Problems in either come back
    /// together, each attributed to its document; when the library does not load, only its problems (the network's type
    /// references cannot be checked without it).
    /// </summary>
    public static ReadResult<NetworkWithEquipment> ReadNetworkWithEquipment(string networkJson, string equipmentJson, string? networkSource = null, string? equipmentSource = null, TopologyLimits? limits = null)
    {
        var equipment = ReadEquipment(equipmentJson, equipmentSource, limits);
        if (!equipment.IsSuccess)
        {
            return new ReadResult<NetworkWithEquipment>(null, equipment.Issues);
        }

        var network = ReadNetwork(networkJson, equipment.Value!, networkSource, limits);
        return new ReadResult<NetworkWithEquipment>(
            network.IsSuccess ? new NetworkWithEquipment(network.Value!, equipment.Value!) : null,
            [.. equipment.Issues, .. network.Issues]);
    }
}

/// <summary>A network document read with its equipment library.</summary>
public sealed record NetworkWithEquipment(LoadedNetwork Loaded, EquipmentLibrary Equipment);
