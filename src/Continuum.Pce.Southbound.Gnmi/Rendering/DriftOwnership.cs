using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Domain.Identity;

namespace Continuum.Pce.Southbound.Gnmi.Rendering;

/// <summary>
/// Which device entries the controller owns, decided from what it wrote and nothing else (issue 25, reconciliation):
/// <list type="bullet">
/// <item>a media channel is the controller's when its name is "{lightpath}-az" or "{lightpath}-za" (a 1+1 protection leg:
/// "{lightpath}-p-az|za") <em>and</em> its index is the one the controller derives from that lightpath
/// (<see cref="PathTopology.MediaChannelIndex"/>, the next index for Z→A; <see cref="PathTopology.ProtectionMediaChannelIndex"/>
/// for a protection leg). The index is a 31-bit hash of the name, so a hand-made channel that merely looks like ours
/// almost never sits at the index that name hashes to;</item>
/// <item>a logical channel is the controller's when its description is "{lightpath} client" or "{lightpath} line" and
/// its index is a client or line index of the device's naming profile (<see cref="PortMap.ClientLogicalChannel"/>,
/// <see cref="PortMap.LineLogicalChannel"/>);</item>
/// <item>an optical channel's settings and an APS module carry no name of ours: they are the controller's only through a
/// logical channel of its own (the optical channel the line channel is assigned to, the protection switch of that
/// interface).</item>
/// </list>
/// Everything else on a device is foreign: reported, never changed.
/// </summary>
public static class DriftOwnership
{
    /// <summary>The most line interfaces a transponder is searched for when a logical channel index is mapped back.</summary>
    public const int MaxInterfaces = 256;

    /// <summary>The lightpath (its key, "tenant/id") owning media channel <paramref name="index"/> named <paramref name="name"/>; null when foreign.</summary>
    public static string? MediaChannelOwner(uint index, string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        var reverse = name.EndsWith("-za", StringComparison.Ordinal);
        if (!reverse && !name.EndsWith("-az", StringComparison.Ordinal))
        {
            return null;
        }

        var stem = name[..^3];
        if (stem.Length == 0)
        {
            return null;
        }

        var offset = reverse ? 1u : 0u;
        if (PathTopology.MediaChannelIndex(new LightpathId(stem)) + offset == index)
        {
            return stem;
        }

        if (stem.EndsWith("-p", StringComparison.Ordinal) && stem.Length > 2)
        {
            var owner = stem[..^2];
            if (PathTopology.ProtectionMediaChannelIndex(new LightpathId(owner)) + offset == index)
            {
                return owner;
            }
        }

        return null;
    }

    /// <summary>
    /// The lightpath owning logical channel <paramref name="index"/> of <paramref name="device"/> described
    /// <paramref name="description"/>, with the line interface and whether it is the line channel; null when foreign.
    /// </summary>
    public static (string Owner, int Interface, bool Line)? LogicalChannelOwner(NodeId device, uint index, string? description, PortMap ports)
    {
        ArgumentNullException.ThrowIfNull(ports);
        if (string.IsNullOrEmpty(description))
        {
            return null;
        }

        var line = description.EndsWith(" line", StringComparison.Ordinal);
        if (!line && !description.EndsWith(" client", StringComparison.Ordinal))
        {
            return null;
        }

        var owner = description[..description.LastIndexOf(' ')];
        if (owner.Length == 0)
        {
            return null;
        }

        for (var i = 1; i <= MaxInterfaces; i++)
        {
            if ((line ? ports.LineLogicalChannel(device, i) : ports.ClientLogicalChannel(device, i)) == index)
            {
                return (owner, i, line);
            }
        }

        return null;
    }
}
