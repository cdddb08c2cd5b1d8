using System.Globalization;
using System.Text.Json.Nodes;
using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Network;
using Gnmi;

namespace Continuum.Pce.DeviceEmulator;

/// <summary>
/// The operational modes a transponder advertises (openconfig-terminal-device <c>/terminal-device/operational-modes</c>,
/// state only): every mode of the equipment library, under the emulator's id of the mode
/// (<see cref="OperationalModes.IdOf"/>), described by the mode's name, vendor "continuum-emulator". Every mode, not only
/// its own transceiver type's: the emulated line cards are interoperable, and the planner may pick a mode of the far
/// end's type (a finding of issue 25, reported). A device of another naming profile shows other ids
/// (<see cref="DeviceNaming"/>).
/// </summary>
internal static class OperationalModeCatalog
{
    public static void Advertise(DataNode root, Transponder transponder, EquipmentLibrary equipment)
    {
        _ = transponder;
        foreach (var mode in equipment.Transceivers.SelectMany(t => t.Modes).DistinctBy(m => m.Id))
        {
            var id = OperationalModes.IdOf(mode.Id).ToString(CultureInfo.InvariantCulture);
            var at = $"/terminal-device/operational-modes/mode[mode-id={id}]";
            Put(root, at + "/state/mode-id", JsonValue.Create(OperationalModes.IdOf(mode.Id)));
            Put(root, at + "/state/description", JsonValue.Create(mode.Id.Value));
            Put(root, at + "/state/vendor-id", JsonValue.Create("continuum-emulator"));
        }
    }

    private static void Put(DataNode root, string path, JsonNode value) =>
        DataTree.Resolve(root, PathText.Parse(path), create: true).Value = value;
}
