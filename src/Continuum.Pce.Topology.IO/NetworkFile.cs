using System.Text.Json;
using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Topology.IO.Json;
using Continuum.Pce.Topology.IO.Validation;

namespace Continuum.Pce.Topology.IO;

/// <summary>A network file loaded with its equipment library.</summary>
/// <param name="EquipmentPath">The full path the library was read from.</param>
public sealed record NetworkBundle(LoadedNetwork Loaded, EquipmentLibrary Equipment, string EquipmentPath);

/// <summary>
/// Loads a network file and the equipment library it names in <c>$.equipment</c> (a path relative to the network
/// file's folder), or the library given explicitly. Problems in either document come back together, each attributed
/// to its file (<see cref="TopologyIssue.Source"/>); nothing is half-loaded.
/// </summary>
public static class NetworkFile
{
    public static ReadResult<NetworkBundle> Load(string networkPath, string? equipmentPath = null, TopologyLimits? limits = null)
    {
        limits ??= TopologyLimits.Default;
        var networkName = Path.GetFileName(networkPath);
        if (!TryRead(networkPath, "network file", networkName, "$", limits, out var networkJson, out var problem))
        {
            return Fail(problem);
        }

        if (equipmentPath is null)
        {
            if (!TryFindEquipmentReference(networkJson, limits, out var named, out problem))
            {
                return Fail(problem with { Source = networkName });
            }

            equipmentPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(networkPath))!, named);
        }

        equipmentPath = Path.GetFullPath(equipmentPath);
        if (!TryRead(equipmentPath, "equipment library", networkName, "$.equipment", limits, out var equipmentJson, out problem))
        {
            return Fail(problem);
        }

        var read = TopologyReader.ReadNetworkWithEquipment(networkJson, equipmentJson, networkName, Path.GetFileName(equipmentPath), limits);
        return new ReadResult<NetworkBundle>(read.Value is { } both ? new NetworkBundle(both.Loaded, both.Equipment, equipmentPath) : null, read.Issues);
    }

    /// <summary>Loads an equipment library file on its own.</summary>
    public static ReadResult<EquipmentLibrary> LoadEquipment(string path, TopologyLimits? limits = null)
    {
        limits ??= TopologyLimits.Default;
        var name = Path.GetFileName(path);
        return TryRead(path, "equipment library", name, "$", limits, out var json, out var problem)
            ? TopologyReader.ReadEquipment(json, name, limits)
            : new ReadResult<EquipmentLibrary>(null, [problem]);
    }

    private static bool TryFindEquipmentReference(string json, TopologyLimits limits, out string path, out TopologyIssue problem)
    {
        path = "";
        problem = null!;
        var context = new JsonReaderContext(limits);
        using var document = JsonReaderContext.Parse(json, context);
        if (document is null)
        {
            problem = context.Issues[0];
            return false;
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("equipment", out var e))
        {
            problem = new TopologyIssue(IssueSeverity.Error, IssueCodes.MissingField, "$.equipment",
                "the network does not name an equipment library: add \"equipment\" (a path relative to the file) or pass one explicitly (--equipment)");
            return false;
        }

        if (e.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(e.GetString()))
        {
            problem = new TopologyIssue(IssueSeverity.Error, IssueCodes.WrongType, "$.equipment", "expected the path of an equipment library as a non-empty string");
            return false;
        }

        path = e.GetString()!;
        return true;
    }

    private static bool TryRead(string path, string what, string referrer, string jsonPath, TopologyLimits limits, out string text, out TopologyIssue problem)
    {
        problem = null!;
        if (TopologyInput.TryReadFile(path, limits.MaxDocumentBytes, out text, out var error))
        {
            return true;
        }

        var code = error.Kind switch
        {
            FileReadFailure.NotFound => IssueCodes.FileNotFound,
            FileReadFailure.TooLarge => IssueCodes.LimitExceeded,
            _ => IssueCodes.UnreadableFile,
        };
        problem = new TopologyIssue(IssueSeverity.Error, code, jsonPath, $"{what} {error.Message}", referrer);
        return false;
    }

    private static ReadResult<NetworkBundle> Fail(TopologyIssue issue) => new(null, [issue]);
}
