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
    public static ReadResult<LoadedNetwork> ReadNetwork(string json, EquipmentLibrary equipment, string? sourceName = null) =>
        NetworkReader.Read(json, equipment).From(sourceName);

    /// <summary>Reads an equipment-library document (<c>continuum-pce/equipment@1</c>).</summary>
    public static ReadResult<EquipmentLibrary> ReadEquipment(string json, string? sourceName = null) =>
        EquipmentReader.Read(json).From(sourceName);
}
