using Continuum.Pce.Domain.Identity;

namespace Continuum.Pce.DeviceEmulator;

/// <summary>
/// The emulated transponders' catalogue of operational modes (openconfig-terminal-device: a vendor's uint16 mode id): the
/// id of an equipment-library mode is 1 + (h mod 60000), h the 32-bit unsigned hash h = h·31 + c over the UTF-16 code
/// units c of the mode's name, from h = 0 (the convention written down in this project's README). The emulator's own
/// implementation; the controller's port map computes the ids it sends by the same convention in code of its own.
/// </summary>
internal static class OperationalModes
{
    public static ushort IdOf(ModeId mode)
    {
        uint hash = 0;
        foreach (var unit in mode.Value)
        {
            hash = unchecked((hash * 31) + unit);
        }

        return (ushort)(1 + (hash % 60000));
    }
}
