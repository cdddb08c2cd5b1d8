using System.CommandLine;
using Continuum.Pce.Contracts.V1;

namespace Continuum.Pce.Cli.Commands.Server;

/// <summary>Options with operator units: <c>--rate 400G</c>, <c>--max-latency 3ms</c>, <c>--max-skew 5us</c>.</summary>
public static class UnitOptions
{
    public static Option<int> Rate(string name = "--rate") => new(name)
    {
        Description = "Bit rate: 400G, 100G, 1.2T (a bare number is Gb/s)",
        Required = true,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (Units.TryParseRateGbps(text, out var gbps, out var error))
            {
                return gbps;
            }

            result.AddError($"{name}: {error}");
            return 0;
        },
    };

    public static Option<double?> Duration(string name, string description) => new(name)
    {
        Description = description + " (3ms, 250us, 0.5s; a bare number is µs)",
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (Units.TryParseMicroseconds(text, out var microseconds, out var error))
            {
                return microseconds;
            }

            result.AddError($"{name}: {error}");
            return null;
        },
    };
}

/// <summary>The path constraints shared by <c>path compute</c>, <c>lightpath create|reroute</c> and <c>bundle create</c>.</summary>
public sealed class ConstraintOptions
{
    private static readonly string[] Objectives = ["latency", "distance", "hops", "spectrum", "energy", "cost"];

    private ConstraintOptions()
    {
        Objective.AcceptOnlyFromAmong(Objectives);
        Diversity.AcceptOnlyFromAmong("link", "srlg", "node");
    }

    public Option<double?> MaxLatency { get; } = UnitOptions.Duration("--max-latency", "Maximum end-to-end latency");

    public Option<string[]> AllowJurisdictions { get; } = List("--allow-jurisdiction", "Only cross these jurisdictions (ISO 3166: DE, FR, NL-NH)");

    public Option<string[]> ForbidJurisdictions { get; } = List("--forbid-jurisdiction", "Never cross these jurisdictions");

    public Option<string[]> IncludeNodes { get; } = List("--include-node", "Pass through these nodes");

    public Option<string[]> ExcludeNodes { get; } = List("--exclude-node", "Avoid these nodes");

    public Option<string[]> ExcludeFibers { get; } = List("--exclude-fiber", "Avoid these fibres");

    public Option<string[]> ExcludeSrlgs { get; } = List("--exclude-srlg", "Avoid fibres in these shared-risk groups");

    public Option<string[]> ExcludeSites { get; } = List("--exclude-site", "Avoid these sites");

    public Option<string[]> DiverseFrom { get; } = List("--diverse-from", "Stay disjoint from these lightpaths");

    public Option<double?> MinMargin { get; } = new("--min-margin") { Description = "Minimum OSNR margin in dB" };

    public Option<double?> FrequencyThz { get; } = new("--frequency-thz") { Description = "Requested central frequency of the channel in THz, on the grid (193.1 + n × 0.00625)" };

    public Option<double?> WidthGhz { get; } = new("--width-ghz") { Description = "Requested channel width in GHz, a whole number of grid slots (default: the mode's width)" };

    public Option<string?> Mode { get; } = new("--mode") { Description = "Requested mode: a mode id of the transceiver or a modulation format (DP-16QAM)" };

    public Option<double?> MinOsnr { get; } = new("--min-osnr-db") { Description = "Minimum OSNR at the receiver in dB (0.1 nm)" };

    public Option<string?> Objective { get; } = new("--objective") { Description = "What to minimise: latency (default), distance, hops, spectrum, energy or cost" };

    public Option<string?> Diversity { get; } = new("--diversity")
    {
        Description = "How disjoint the legs of a 1+1 lightpath (and --diverse-from) are: link, srlg or node (default srlg for 1+1, else link)",
    };

    public static ConstraintOptions AddTo(Command command)
    {
        var options = new ConstraintOptions();
        foreach (var option in new Option[]
                 {
                     options.MaxLatency, options.AllowJurisdictions, options.ForbidJurisdictions, options.IncludeNodes, options.ExcludeNodes,
                     options.ExcludeFibers, options.ExcludeSrlgs, options.ExcludeSites, options.DiverseFrom, options.MinMargin, options.Objective, options.Diversity,
                     options.FrequencyThz, options.WidthGhz, options.Mode, options.MinOsnr,
                 })
        {
            command.Options.Add(option);
        }

        return options;
    }

    /// <summary>The constraints given on the command line, or null when none were.</summary>
    public Constraints? Read(ParseResult parse)
    {
        var c = new Constraints();
        var any = false;
        if (parse.GetValue(MaxLatency) is { } latency)
        {
            c.MaxLatencyUs = latency;
            any = true;
        }

        if (parse.GetValue(MinMargin) is { } margin)
        {
            c.MinOsnrMarginDb = margin;
            any = true;
        }

        if (parse.GetValue(FrequencyThz) is { } thz)
        {
            c.CentralFrequencyThz = thz;
            any = true;
        }

        if (parse.GetValue(WidthGhz) is { } ghz)
        {
            c.WidthGhz = ghz;
            any = true;
        }

        if (parse.GetValue(Mode) is { } mode)
        {
            c.Mode = mode;
            any = true;
        }

        if (parse.GetValue(MinOsnr) is { } osnr)
        {
            c.MinOsnrDb = osnr;
            any = true;
        }

        if (parse.GetValue(Objective) is { } objective)
        {
            c.Objective = objective;
            any = true;
        }

        if (parse.GetValue(Diversity) is { } diversity)
        {
            c.Diversity = diversity;
            any = true;
        }

        any |= Add(c.AllowedJurisdictions, parse.GetValue(AllowJurisdictions));
        any |= Add(c.ForbiddenJurisdictions, parse.GetValue(ForbidJurisdictions));
        any |= Add(c.IncludeNodes, parse.GetValue(IncludeNodes));
        any |= Add(c.ExcludeNodes, parse.GetValue(ExcludeNodes));
        any |= Add(c.ExcludeFibers, parse.GetValue(ExcludeFibers));
        any |= Add(c.ExcludeSrlgs, parse.GetValue(ExcludeSrlgs));
        any |= Add(c.ExcludeSites, parse.GetValue(ExcludeSites));
        any |= Add(c.DiverseFrom, parse.GetValue(DiverseFrom));
        return any ? c : null;
    }

    private static Option<string[]> List(string name, string description) => new(name)
    {
        Description = description + " (repeatable; DE FR or DE,FR)",
        AllowMultipleArgumentsPerToken = true,
    };

    private static bool Add(Google.Protobuf.Collections.RepeatedField<string> field, string[]? values)
    {
        if (values is null)
        {
            return false;
        }

        var before = field.Count;
        field.AddRange(values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
        return field.Count > before;
    }
}
