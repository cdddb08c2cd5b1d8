using System.Collections.Immutable;
using System.Text.Json;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Topology.IO.Validation;
using static Continuum.Pce.Topology.IO.Json.JsonReaderContext;

namespace Continuum.Pce.Topology.IO.Json;

/// <summary>
/// Reads ROADM output equalisation targets: <c>targetChannelPowerDbm</c> (one power for every channel) or
/// <c>targetPsdMwPerGhz</c> (a power spectral density each channel gets times its symbol rate), never both.
/// </summary>
internal static class EqualisationReader
{
    public const string PowerField = "targetChannelPowerDbm";
    public const string PsdField = "targetPsdMwPerGhz";

    private static readonly IReadOnlySet<string> EqualisationFields = Names(PowerField, PsdField, "degrees");
    private static readonly IReadOnlySet<string> DegreeFields = Names("fiber", PowerField, PsdField);

    /// <summary>A target from an object's fields; null when it gives none (an error when <paramref name="required"/>) or an invalid one.</summary>
    public static EqualisationTarget? ReadTarget(JsonElement e, string path, JsonReaderContext c, bool required)
    {
        var hasPower = Present(e, PowerField);
        var hasPsd = Present(e, PsdField);
        var power = c.Number(e, PowerField, path, required: false, min: -30, max: 10);
        var psd = c.Number(e, PsdField, path, required: false, min: 0, max: 1, exclusiveMin: true);
        if (hasPower && hasPsd)
        {
            c.Error(IssueCodes.ConflictingFields, Field(path, PsdField), $"give either '{PowerField}' or '{PsdField}', not both");
            return null;
        }

        if (!hasPower && !hasPsd)
        {
            if (required)
            {
                c.Error(IssueCodes.MissingField, Field(path, PowerField), $"an equalisation target needs '{PowerField}' or '{PsdField}'");
            }

            return null;
        }

        return power is { } p ? EqualisationTarget.Power(p) : psd is { } d ? EqualisationTarget.Psd(d) : null;
    }

    /// <summary>
    /// A ROADM node's <c>equalisation</c> object; the fibres its degrees name are returned in <paramref name="degreeFibers"/>
    /// (with their paths) to be checked once the fibres are read.
    /// </summary>
    public static RoadmEqualisation? ReadRoadm(JsonElement node, string path, JsonReaderContext c, List<(string Path, string Fiber)> degreeFibers)
    {
        if (!c.TryGetOptionalObject(node, "equalisation", path, out var e))
        {
            return null;
        }

        var at = Field(path, "equalisation");
        c.OnlyKnown(e, at, EqualisationFields);
        var target = ReadTarget(e, at, c, required: false);
        var degrees = ImmutableArray.CreateBuilder<DegreeTarget>();
        if (e.TryGetProperty("degrees", out var list) && list.ValueKind != JsonValueKind.Null
            && c.Array(e, "degrees", at, out var array, limit: ("MaxDegreeTargets", 64)))
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var i = 0;
            foreach (var d in array.EnumerateArray())
            {
                var dp = Item(Field(at, "degrees"), i++);
                if (!c.TryObject(d, dp))
                {
                    continue;
                }

                c.OnlyKnown(d, dp, DegreeFields);
                var fiber = c.String(d, "fiber", dp);
                var degreeTarget = ReadTarget(d, dp, c, required: true);
                if (fiber is not null && !seen.Add(fiber))
                {
                    c.Error(IssueCodes.DuplicateId, Field(dp, "fiber"), $"degree '{fiber}' is given twice");
                }
                else if (fiber is not null)
                {
                    degreeFibers.Add((Field(dp, "fiber"), fiber));
                }

                if (fiber is not null && degreeTarget is not null)
                {
                    degrees.Add(new DegreeTarget(new FiberId(fiber), degreeTarget));
                }
            }
        }

        return new RoadmEqualisation(target, degrees.ToImmutable());
    }

    private static bool Present(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;
}
