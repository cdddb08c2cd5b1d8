using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Topology.IO.Json;
using Continuum.Pce.Topology.IO.Validation;

namespace Continuum.Pce.Topology.IO;

/// <summary>A network file loaded with its equipment library.</summary>
public sealed record NetworkBundle(LoadedNetwork Loaded, EquipmentLibrary Equipment, string EquipmentPath);

/// <summary>
/// Loads a network file and the equipment library it names (resolved against the network file's folder, or given
/// explicitly). Problems in either document come back together; nothing is half-loaded.
/// </summary>
public static class NetworkFile
{
    public static ReadResult<NetworkBundle> Load(string networkPath, string? equipmentPath = null)
    {
        if (!File.Exists(networkPath))
        {
            return Fail(IssueCodes.FileNotFound, "$", $"network file '{networkPath}' does not exist");
        }

        var networkJson = File.ReadAllText(networkPath);
        if (equipmentPath is null)
        {
            var named = EquipmentPathIn(networkJson);
            if (named is null && NetworkReader.Read(networkJson, new EquipmentLibrary("none", "USD", [], [], [], [])).Issues
                    .FirstOrDefault(i => i.Code == IssueCodes.MalformedJson) is { } malformed)
            {
                return new ReadResult<NetworkBundle>(null, [malformed]);
            }

            if (named is null)
            {
                return Fail(IssueCodes.MissingField, "$.equipment", "the network does not name an equipment library: add \"equipment\" or pass one explicitly");
            }

            equipmentPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(networkPath))!, named);
        }

        if (!File.Exists(equipmentPath))
        {
            return Fail(IssueCodes.FileNotFound, "$.equipment", $"equipment library '{equipmentPath}' does not exist");
        }

        var equipment = EquipmentReader.Read(File.ReadAllText(equipmentPath));
        if (!equipment.IsSuccess)
        {
            var prefixed = equipment.Issues.Select(i => i with { Path = $"{Path.GetFileName(equipmentPath)}:{i.Path}" });
            return new ReadResult<NetworkBundle>(null, [.. prefixed]);
        }

        var network = NetworkReader.Read(networkJson, equipment.Value!);
        return new ReadResult<NetworkBundle>(
            network.IsSuccess ? new NetworkBundle(network.Value!, equipment.Value!, equipmentPath) : null,
            [.. equipment.Issues, .. network.Issues]);
    }

    private static string? EquipmentPathIn(string json)
    {
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(json);
            return doc.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object &&
                   doc.RootElement.TryGetProperty("equipment", out var e) && e.ValueKind == System.Text.Json.JsonValueKind.String
                ? e.GetString()
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static ReadResult<NetworkBundle> Fail(string code, string path, string message) =>
        new(null, [new TopologyIssue(IssueSeverity.Error, code, path, message)]);
}
