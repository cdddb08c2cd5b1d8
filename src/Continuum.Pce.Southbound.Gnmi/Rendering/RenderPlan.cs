using System.Collections.Immutable;
using Continuum.Pce.Domain.Identity;
using Gnmi;

namespace Continuum.Pce.Southbound.Gnmi.Rendering;

/// <summary>
/// The intended content at one path of a device after a step: the JSON_IETF value the step writes there and how to
/// canonicalise what a device returns for that path (decode leniently with the generated class, re-encode strictly) so
/// that intent and device state compare equal when they mean the same.
/// </summary>
/// <param name="OwnerOf">Reads who owns the content at the path (the lightpath name or description), so that a step never
/// overwrites another lightpath's media channel or logical channel that happens to sit at the same index.</param>
public sealed record PathIntent(string Path, string Json, Func<string, string> Canonicalise, Func<string, string?>? OwnerOf = null);

/// <summary>
/// One transaction on one device (the unit of a render plan, DESIGN.md §7): the SetRequest that applies it, the
/// SetRequest that undoes it, and the intent a Get can check to skip it when it is already in place.
/// </summary>
public sealed record RenderStep(NodeId Device, string Description, SetRequest Apply, SetRequest Undo, ImmutableArray<PathIntent> Intent)
{
    /// <summary>The path named in failures: the first path the step writes.</summary>
    public string PrimaryPath => Intent.Length > 0 ? Intent[0].Path : "/";
}

/// <summary>An ordered list of steps; delete runs the undo of each step in reverse order.</summary>
public sealed record RenderPlan(string Lightpath, ImmutableArray<RenderStep> Steps);
