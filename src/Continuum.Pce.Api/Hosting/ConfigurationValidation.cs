using System.Collections;
using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Continuum.Pce.Api.Alarms;
using Continuum.Pce.Application.Lightpaths.Service;
using Continuum.Pce.Application.Telemetry;
using Continuum.Pce.Grains;
using Continuum.Pce.Grains.Hosting;
using Continuum.Pce.Grains.Storage;
using Continuum.Pce.Grains.Topology;
using Continuum.Pce.Southbound.Gnmi;
using Continuum.Pce.Topology.IO;
using Orleans.Configuration;

namespace Continuum.Pce.Api.Hosting;

/// <summary>
/// Settings the server cannot start with: every one found, each naming its key, the value given and what is allowed.
/// The program prints the message and ends with <see cref="ConfigurationValidation.ExitCode"/>, without a stack trace.
/// </summary>
public sealed class PceConfigurationException(IReadOnlyList<string> problems)
    : Exception(Describe(problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;

    private static string Describe(IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return problems.Count == 1
            ? "configuration error: " + problems[0]
            : $"{problems.Count} configuration errors:" + string.Concat(problems.Select(p => Environment.NewLine + "  " + p));
    }
}

/// <summary>
/// Checks every setting the server reads before anything starts (docs/api.md, "Configuration"): first that each value
/// binds to its option's type (a whole number, a duration, one of an enum's names, ...), then the ranges and the
/// combinations the server needs. All problems are collected, so one start names every bad key. An absent key is never
/// a problem: its default applies.
/// </summary>
public static class ConfigurationValidation
{
    /// <summary>The exit code of a start refused for its configuration: EX_CONFIG of BSD's sysexits.h.</summary>
    public const int ExitCode = 78;

    /// <summary>The options types bound from configuration, by section: each value present must bind to its property's type.</summary>
    private static readonly (string Section, Type Type)[] Bound =
    [
        (PceServerOptions.Section, typeof(PceServerOptions)),
        (AuthOptions.Section, typeof(AuthOptions)),
        (ClusteringOptions.Section, typeof(ClusteringOptions)),
        ("Clustering:Membership", typeof(ClusterMembershipOptions)),
        ("Storage", typeof(PceStorageOptions)),
        (LimitsOptions.Section, typeof(LimitsOptions)),
        (AlarmOptions.Section, typeof(AlarmOptions)),
        (RestorationOptions.Section, typeof(RestorationOptions)),
        (LightpathHealthOptions.Section, typeof(LightpathHealthOptions)),
        (HealthOptions.Section, typeof(HealthOptions)),
        ("Pce:Reservation", typeof(ReservationOptions)),
        (TopologyFollowOptions.Section, typeof(TopologyFollowOptions)),
        (LightpathRetentionOptions.Section, typeof(LightpathRetentionOptions)),
        (ReconcileOptions.Section, typeof(ReconcileOptions)),
        (GrainCollectionSettings.Section, typeof(GrainCollectionSettings)),
        (GnmiSouthboundOptions.SectionName, typeof(GnmiSouthboundOptions)),
        ("Topology:Limits", typeof(TopologyLimits)),
    ];

    /// <summary>Throws <see cref="PceConfigurationException"/> naming every problem of <paramref name="configuration"/>.</summary>
    public static void ThrowIfInvalid(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var problems = Check(configuration, environment.IsDevelopment());
        if (problems.Count > 0)
        {
            throw new PceConfigurationException(problems);
        }
    }

    /// <summary>Every problem of <paramref name="configuration"/>, in the order the keys are checked; empty when the server can start.</summary>
    public static IReadOnlyList<string> Check(IConfiguration configuration, bool development)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var check = new Checker(configuration);
        foreach (var (section, type) in Bound)
        {
            check.Binds(configuration.GetSection(section), type, depth: 0);
        }

        check.Binds(configuration.GetSection("Pce:Routing:MemoryBudgetMb"), typeof(long?), depth: 0);
        check.Binds(configuration.GetSection("Pce:Tracing:Enabled"), typeof(bool?), depth: 0);
        check.LogLevels();

        // The server's own section.
        check.Url("Pce:RestUrl");
        check.Url("Pce:GrpcUrl");
        check.Whole("Pce:Routing:MemoryBudgetMb", 1, 1 << 20, "a whole number of MiB from 1 to 1048576");
        check.Whole("Pce:Emulator:Port", 0, 65535, "a port from 0 to 65535 (0: a free one)");
        check.Whole("Pce:Probes:Port", 0, 65535, "a port from 0 to 65535 (0: a free one), or absent for no probe listener");
        check.IpAddress("Pce:Probes:Address");
        check.Whole("Pce:Emulator:ControlPort", 0, 65535, "a port from 0 to 65535 (0: a free one), or empty for none");
        check.Duration("Pce:Emulator:RestartInitialDelay", positive: true);
        check.Duration("Pce:Emulator:RestartMaxDelay", positive: true);
        check.NotBelow("Pce:Emulator:RestartMaxDelay", "Pce:Emulator:RestartInitialDelay", new EmulatorOptions().RestartMaxDelay, new EmulatorOptions().RestartInitialDelay);

        // Limits.
        check.Whole("Pce:Limits:MaxBodyBytes", 1, long.MaxValue, "a positive number of bytes");
        check.Whole("Pce:Limits:MaxTopologyBodyBytes", 1, long.MaxValue, "a positive number of bytes");
        check.Whole("Pce:Limits:LargeBodyConcurrency", 1, int.MaxValue, "a whole number of at least 1");
        check.Whole("Pce:Limits:LargeBodyQueue", 0, int.MaxValue, "a whole number of at least 0");
        check.Whole("Pce:Limits:RequestsPerSecond", 0, int.MaxValue, "a whole number of at least 0 (0: no rate limit)");
        check.Whole("Pce:Limits:Burst", 1, int.MaxValue, "a whole number of at least 1");
        check.Duration("Pce:Limits:RequestHeadersTimeout", positive: true);
        check.Number("Pce:Limits:MinBodyBytesPerSecond", 0, double.MaxValue, "a number of bytes per second of at least 0");

        // Lightpaths: reservation, restoration, health, retention.
        check.Duration("Pce:Reservation:HoldTimeout", positive: true);
        check.Whole("Pce:Reservation:MaxCandidates", 1, 1000, "a whole number from 1 to 1000");
        check.Number("Pce:Reservation:TargetOutputPowerDbm", -40, 30, "a launch power from -40 to 30 dBm");
        check.Duration("Pce:Reservation:CleanupRetryInitial", positive: true);
        check.Duration("Pce:Reservation:CleanupRetryMax", positive: true);
        check.NotBelow("Pce:Reservation:CleanupRetryMax", "Pce:Reservation:CleanupRetryInitial", new ReservationOptions().CleanupRetryMax, new ReservationOptions().CleanupRetryInitial);
        check.Duration("Pce:Reservation:PushRetryInitial", positive: true);
        check.Duration("Pce:Reservation:PushRetryMax", positive: true);
        check.NotBelow("Pce:Reservation:PushRetryMax", "Pce:Reservation:PushRetryInitial", new ReservationOptions().PushRetryMax, new ReservationOptions().PushRetryInitial);
        foreach (var key in new[] { "HoldOff", "Guard", "WaitToRestore", "ProtectionHoldOff", "ProtectionWaitToRestore", "GatherWindow" })
        {
            check.Duration($"{RestorationOptions.Section}:{key}", positive: false);
        }

        check.Duration($"{RestorationOptions.Section}:RevertCheckInterval", positive: true);
        check.Duration($"{RestorationOptions.Section}:RetryInitial", positive: true);
        check.Duration($"{RestorationOptions.Section}:RetryMax", positive: true);
        check.NotBelow($"{RestorationOptions.Section}:RetryMax", $"{RestorationOptions.Section}:RetryInitial", new RestorationOptions().RetryMax, new RestorationOptions().RetryInitial);
        check.Whole($"{RestorationOptions.Section}:Concurrency", 1, 100_000, "a whole number from 1 to 100000");
        foreach (var key in new[] { "SettleTime", "StartupSettleTime", "DegradeAfter", "RecoveryHold" })
        {
            check.Duration($"{LightpathHealthOptions.Section}:{key}", positive: false);
        }

        check.Whole($"{LightpathHealthOptions.Section}:DegradeAfterReadings", 1, int.MaxValue, "a whole number of at least 1");
        check.Number($"{LightpathHealthOptions.Section}:RecoveryMarginDb", 0, 100, "a margin from 0 to 100 dB");
        check.Duration($"{LightpathRetentionOptions.Section}:TerminalLightpaths", positive: false, emptyAllowed: "empty: kept forever");
        check.Duration($"{LightpathRetentionOptions.Section}:SweepInterval", positive: true);
        check.Whole($"{LightpathRetentionOptions.Section}:BatchSize", 1, 1_000_000, "a whole number from 1 to 1000000");
        check.Whole($"{LightpathRetentionOptions.Section}:HistoryEntries", 1, 100_000, "a whole number of events from 1 to 100000");
        check.Duration($"{GrainCollectionSettings.Section}:LightpathCollectionAge", positive: true, minimum: TimeSpan.FromMinutes(2));
        check.Duration($"{GrainCollectionSettings.Section}:CollectionAge", positive: true, minimum: TimeSpan.FromMinutes(2));

        // Topology, alarms, devices, reconciliation.
        check.Duration($"{TopologyFollowOptions.Section}:FollowInterval", positive: true);
        check.Duration($"{AlarmOptions.Section}:ClearedRetention", positive: false);
        check.Whole($"{AlarmOptions.Section}:MaxCleared", 0, int.MaxValue, "a whole number of at least 0");
        check.Duration($"{AlarmOptions.Section}:PruneInterval", positive: true);
        check.OneOf("Devices:Renderer", "gnmi", "none");
        check.Duration("Devices:Timeout", positive: true);
        // Naming profiles: each template must carry the number it names, or every port of that kind would get one name.
        foreach (var profile in configuration.GetSection($"{GnmiSouthboundOptions.SectionName}:NamingProfiles").GetChildren())
        {
            foreach (var (key, placeholder) in new[] { ("DegreeInput", "{n}"), ("DegreeOutput", "{n}"), ("AddPort", "{n}"), ("DropPort", "{n}"), ("OpticalChannel", "{i}"), ("ProtectionSwitch", "{i}") })
            {
                if (profile[key] is { } template && !template.Contains(placeholder, StringComparison.Ordinal))
                {
                    check.Problem($"{profile.Path}:{key}", template, $"a name template containing {placeholder} (the {(placeholder == "{n}" ? "degree or add/drop-group" : "line interface")} number)");
                }
            }
        }

        check.Duration($"{ReconcileOptions.Section}:Interval", positive: false);
        check.Duration($"{ReconcileOptions.Section}:ConnectDelay", positive: false);
        check.Whole($"{ReconcileOptions.Section}:Parallelism", 1, 1024, "a whole number from 1 to 1024");
        if (configuration[$"{ReconcileOptions.Section}:Policy"] is { } policy && ReconcileOptions.ParsePolicy(policy) is null)
        {
            check.Problem($"{ReconcileOptions.Section}:Policy", policy, "report-only, reapply or repair");
        }

        // Storage and clustering.
        check.OneOf("Storage:Provider", "sqlite", "postgres", "postgresql");
        if (configuration["Storage:Provider"] is { } storage && storage.StartsWith("postgres", StringComparison.OrdinalIgnoreCase) &&
            string.IsNullOrWhiteSpace(configuration["Storage:PostgresConnectionString"]))
        {
            check.Problem("Storage:PostgresConnectionString", "", "an Npgsql connection string when Storage:Provider is postgres");
        }

        check.OneOf("Clustering:Provider", "localhost", "redis");
        if (configuration["Clustering:Provider"] is { } provider && provider.Equals("redis", StringComparison.OrdinalIgnoreCase))
        {
            var redis = configuration["Clustering:Redis"];
            if (string.IsNullOrWhiteSpace(redis))
            {
                check.Problem("Clustering:Redis", "", "a StackExchange.Redis configuration (e.g. 127.0.0.1:6379) when Clustering:Provider is redis");
            }
            else
            {
                try
                {
                    _ = StackExchange.Redis.ConfigurationOptions.Parse(redis);
                }
                catch (ArgumentException e)
                {
                    check.Problem("Clustering:Redis", redis, "a StackExchange.Redis configuration (e.g. 127.0.0.1:6379): " + e.Message);
                }
            }
        }

        check.Whole("Clustering:SiloPort", 1, 65535, "a port from 1 to 65535");
        check.Whole("Clustering:GatewayPort", 1, 65535, "a port from 1 to 65535");
        check.NotBlank("Clustering:ClusterId");
        check.NotBlank("Clustering:ServiceId");
        foreach (var key in new[] { "ProbeTimeout", "TableRefreshTimeout", "DeathVoteExpirationTimeout", "IAmAliveTablePublishTimeout", "MaxJoinAttemptTime" })
        {
            check.Duration($"Clustering:Membership:{key}", positive: true);
        }

        check.Whole("Clustering:Membership:NumMissedProbesLimit", 1, 100, "a whole number from 1 to 100");
        check.Whole("Clustering:Membership:NumVotesForDeathDeclaration", 1, 100, "a whole number from 1 to 100");
        check.Whole("Clustering:Membership:NumProbedSilos", 1, 100, "a whole number from 1 to 100");

        // Authentication.
        if (configuration.GetSection("Auth:Enabled").Value is { } auth && bool.TryParse(auth, out var enabled) && !enabled && !development)
        {
            check.Problem("Auth:Enabled", auth, "true outside the Development environment (false is honoured only with ASPNETCORE_ENVIRONMENT=Development)");
        }

        return check.Problems;
    }

    /// <summary>Collects the problems; one per key at most (the first found).</summary>
    private sealed class Checker(IConfiguration configuration)
    {
        private readonly HashSet<string> _reported = new(StringComparer.OrdinalIgnoreCase);

        public List<string> Problems { get; } = [];

        public void Problem(string key, string value, string allowed)
        {
            if (_reported.Add(key))
            {
                Problems.Add($"{key} = '{value}': must be {allowed}");
            }
        }

        /// <summary>Every value under <paramref name="section"/> that binds to a property of <paramref name="type"/> must convert to its type, as the binder converts it.</summary>
        public void Binds(IConfigurationSection section, Type type, int depth)
        {
            if (depth > 6)
            {
                return;
            }

            var underlying = Nullable.GetUnderlyingType(type);
            var scalar = underlying ?? type;
            if (IsScalar(scalar))
            {
                if (section.Value is not { } value || scalar == typeof(string) || (underlying is not null && value.Length == 0))
                {
                    return;
                }

                if (!Converts(scalar, value))
                {
                    Problem(section.Path, value, Describe(scalar) + (underlying is not null ? ", or empty" : ""));
                }

                return;
            }

            if (DictionaryValueType(type) is { } valueType)
            {
                foreach (var child in section.GetChildren())
                {
                    Binds(child, valueType, depth + 1);
                }

                return;
            }

            if (ElementType(type) is { } elementType)
            {
                foreach (var child in section.GetChildren())
                {
                    Binds(child, elementType, depth + 1);
                }

                return;
            }

            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.SetMethod is { IsPublic: true } && property.GetIndexParameters().Length == 0)
                {
                    var child = section.GetSection(property.Name);
                    if (child.Value is not null || child.GetChildren().Any())
                    {
                        Binds(child, property.PropertyType, depth + 1);
                    }
                }
            }
        }

        /// <summary>Logging:LogLevel:* and Logging:{provider}:LogLevel:* name a level (the host throws on any other).</summary>
        public void LogLevels()
        {
            var logging = configuration.GetSection("Logging");
            foreach (var levels in new[] { logging.GetSection("LogLevel") }.Concat(logging.GetChildren().Select(c => c.GetSection("LogLevel"))))
            {
                foreach (var level in levels.GetChildren())
                {
                    if (level.Value is { Length: > 0 } value && !Enum.TryParse<LogLevel>(value, ignoreCase: true, out _))
                    {
                        Problem(level.Path, value, "a log level: " + string.Join(", ", Enum.GetNames<LogLevel>()));
                    }
                }
            }
        }

        public void Whole(string key, long min, long max, string allowed)
        {
            if (Value(key) is { Length: > 0 } value)
            {
                if (!long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
                {
                    Problem(key, value, allowed);
                }
            }
        }

        public void Number(string key, double min, double max, string allowed)
        {
            if (Value(key) is { Length: > 0 } value)
            {
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || !double.IsFinite(n) || n < min || n > max)
                {
                    Problem(key, value, allowed);
                }
            }
        }

        public void Duration(string key, bool positive, string? emptyAllowed = null, TimeSpan? minimum = null)
        {
            if (Value(key) is not { } value || (emptyAllowed is not null && value.Length == 0))
            {
                return;
            }

            var least = minimum ?? TimeSpan.Zero;
            var allowed = (minimum is { } m ? $"a duration of at least {m:c}"
                : positive ? "a positive duration"
                : "a duration of at least 0") + " ([d.]hh:mm:ss[.fffffff], e.g. 00:00:05)" + (emptyAllowed is null ? "" : $", or empty ({emptyAllowed})");
            if (!TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var span) || span < least || (positive && span <= TimeSpan.Zero))
            {
                Problem(key, value, allowed);
            }
        }

        /// <summary>A cap (<paramref name="upper"/>) is not below the start it grows from (<paramref name="lower"/>), either of them set or default.</summary>
        public void NotBelow(string upper, string lower, TimeSpan upperDefault, TimeSpan lowerDefault)
        {
            if (_reported.Contains(upper) || _reported.Contains(lower) || (Value(upper) is null && Value(lower) is null))
            {
                return;
            }

            var high = Value(upper) is { } u && TimeSpan.TryParse(u, CultureInfo.InvariantCulture, out var h) ? h : upperDefault;
            var low = Value(lower) is { } l && TimeSpan.TryParse(l, CultureInfo.InvariantCulture, out var w) ? w : lowerDefault;
            if (high < low)
            {
                Problem(upper, Value(upper) ?? upperDefault.ToString("c", CultureInfo.InvariantCulture), $"at least {lower} ({low:c})");
            }
        }

        public void OneOf(string key, params string[] allowed)
        {
            if (Value(key) is { } value && !allowed.Contains(value.Trim(), StringComparer.OrdinalIgnoreCase))
            {
                Problem(key, value, "one of " + string.Join(", ", allowed));
            }
        }

        public void NotBlank(string key)
        {
            if (Value(key) is { } value && string.IsNullOrWhiteSpace(value))
            {
                Problem(key, value, "a non-empty name");
            }
        }

        /// <summary>An IP address to bind (v4 or v6).</summary>
        public void IpAddress(string key)
        {
            if (Value(key) is { } value && !System.Net.IPAddress.TryParse(value, out _))
            {
                Problem(key, value, "an IP address, e.g. 127.0.0.1 or 0.0.0.0");
            }
        }

        /// <summary>An http:// URL with an IP address (or localhost) and a port, as Kestrel is told to listen on it.</summary>
        public void Url(string key)
        {
            if (Value(key) is not { } value)
            {
                return;
            }

            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != "http" ||
                (uri.Host != "localhost" && !System.Net.IPAddress.TryParse(uri.Host, out _)) || uri.AbsolutePath != "/")
            {
                Problem(key, value, "an http:// URL with an IP address (or localhost) and a port, e.g. http://127.0.0.1:5080 (port 0: a free one)");
            }
        }

        private string? Value(string key) => _reported.Contains(key) ? null : configuration[key];

        private static bool IsScalar(Type type) =>
            type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan) ||
            type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(Guid) || type == typeof(Uri);

        private static bool Converts(Type type, string value)
        {
            try
            {
                // What ConfigurationBinder does with a value: the type's converter, invariant culture.
                _ = TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value);
                return true;
            }
            catch (Exception e) when (e is FormatException or ArgumentException or NotSupportedException or OverflowException or InvalidOperationException)
            {
                return false;
            }
            catch (Exception e) when (e.InnerException is FormatException or OverflowException or ArgumentException)
            {
                return false;
            }
        }

        private static string Describe(Type type) =>
            type.IsEnum ? "one of " + string.Join(", ", Enum.GetNames(type))
            : type == typeof(bool) ? "true or false"
            : type == typeof(TimeSpan) ? "a duration ([d.]hh:mm:ss[.fffffff], e.g. 00:00:05)"
            : type == typeof(int) ? $"a whole number from {int.MinValue} to {int.MaxValue}"
            : type == typeof(long) ? "a whole number"
            : type == typeof(double) || type == typeof(float) || type == typeof(decimal) ? "a number (invariant culture: a dot before decimals)"
            : type == typeof(byte) || type == typeof(ushort) || type == typeof(uint) || type == typeof(ulong) ? "a whole number of at least 0"
            : "a " + type.Name;

        private static Type? DictionaryValueType(Type type) =>
            type.IsGenericType && type.GetGenericArguments() is [var key, var value] && key == typeof(string) &&
            typeof(IDictionary).IsAssignableFrom(type) ? value : null;

        private static Type? ElementType(Type type) =>
            type.IsArray ? type.GetElementType()
            : type.IsGenericType && type.GetGenericArguments() is [var element] && typeof(IEnumerable).IsAssignableFrom(type) ? element
            : null;
    }
}
