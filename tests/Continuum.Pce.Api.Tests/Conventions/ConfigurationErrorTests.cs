using Continuum.Pce.Api.Hosting;
using Continuum.Pce.TestKit.Processes;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace Continuum.Pce.Api.Tests.Conventions;

/// <summary>A setting the server cannot use ends the start at once: one message naming key, value and what is allowed.</summary>
public sealed class ConfigurationErrorTests
{
    [Theory]
    [InlineData("Pce:Routing:MemoryBudgetMb", "-5", "a whole number of MiB from 1 to 1048576")]
    [InlineData("Pce:Limits:Burst", "lots", "a whole number")]
    [InlineData("Pce:Restoration:RetryInitial", "5 seconds", "a duration ([d.]hh:mm:ss[.fffffff], e.g. 00:00:05)")]
    [InlineData("Storage:Provider", "mongodb", "one of sqlite, postgres, postgresql")]
    public async Task A_bad_setting_ends_the_start_with_exit_code_78_and_one_message_naming_key_value_and_what_is_allowed(string key, string value, string allowed)
    {
        await using var server = ServerChild.Launch(new ServerChildOptions { Name = "config", Settings = [$"--{key}={value}"] });

        var exit = await server.WaitForExitAsync(TimeSpan.FromMinutes(2));

        var output = server.Output;
        Assert.True(exit == ConfigurationValidation.ExitCode, $"exit code {exit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none within 2 min"}; output:\n{output}");
        Assert.Contains($"configuration error: {key} = '{value}': must be {allowed}", output, StringComparison.Ordinal);
        AssertNoStackTrace(output);
        Assert.DoesNotContain("Continuum PCE is running", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_naming_profile_template_without_its_number_is_refused_naming_the_placeholder()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Devices:NamingProfiles:vendor-b:ProtectionSwitch"] = "OLP-1",
            ["Devices:NamingProfiles:vendor-b:OpticalChannel"] = "OCH-1-{i}",
            ["Devices:NamingProfiles:vendor-b:DegreeInput"] = "DEG-IN",
        }).Build();

        var problems = ConfigurationValidation.Check(configuration, development: false);

        Assert.Equal(
            [
                "Devices:NamingProfiles:vendor-b:DegreeInput = 'DEG-IN': must be a name template containing {n} (the degree or add/drop-group number)",
                "Devices:NamingProfiles:vendor-b:ProtectionSwitch = 'OLP-1': must be a name template containing {i} (the line interface number)",
            ],
            problems);
    }

    [Fact]
    public async Task Several_bad_settings_are_all_named_in_the_one_message()
    {
        await using var server = ServerChild.Launch(new ServerChildOptions
        {
            Name = "config",
            Settings =
            [
                "--Pce:Retention:HistoryEntries=0", "--Clustering:SiloPort=70000", "--Devices:Renderer=fancy", "--Pce:Reservation:CleanupRetryMax=00:00:01",
                "--Pce:Reservation:CleanupRetryInitial=00:00:05", "--Logging:LogLevel:Polly=Loud", "--Pce:RestUrl=https://example.org:5080",
            ],
        });

        var exit = await server.WaitForExitAsync(TimeSpan.FromMinutes(2));

        var output = server.Output;
        Assert.True(exit == ConfigurationValidation.ExitCode, $"exit code {exit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none within 2 min"}; output:\n{output}");
        Assert.Contains("6 configuration errors:", output, StringComparison.Ordinal);
        Assert.Contains("Pce:Retention:HistoryEntries = '0': must be a whole number of events from 1 to 100000", output, StringComparison.Ordinal);
        Assert.Contains("Clustering:SiloPort = '70000': must be a port from 1 to 65535", output, StringComparison.Ordinal);
        Assert.Contains("Devices:Renderer = 'fancy': must be one of gnmi, none", output, StringComparison.Ordinal);
        Assert.Contains("Pce:Reservation:CleanupRetryMax = '00:00:01': must be at least Pce:Reservation:CleanupRetryInitial (00:00:05)", output, StringComparison.Ordinal);
        Assert.Contains("Logging:LogLevel:Polly = 'Loud': must be a log level", output, StringComparison.Ordinal);
        Assert.Contains("Pce:RestUrl = 'https://example.org:5080': must be an http:// URL", output, StringComparison.Ordinal);
        AssertNoStackTrace(output);
    }

    [Fact]
    public void The_shipped_settings_and_the_defaults_pass()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Continuum.Pce.sln")))
        {
            root = root.Parent ?? throw new InvalidOperationException("repository root not found");
        }

        var shipped = new ConfigurationBuilder().AddJsonFile(Path.Combine(root.FullName, "src", "Continuum.Pce.Api", "appsettings.json")).Build();

        Assert.Empty(ConfigurationValidation.Check(shipped, development: false));
        Assert.Empty(ConfigurationValidation.Check(new ConfigurationBuilder().Build(), development: false));
    }

    [Theory]
    [InlineData("Auth:Enabled", "false", "true outside the Development environment")]
    [InlineData("Clustering:Membership:ProbeTimeout", "-00:00:01", "a positive duration")]
    [InlineData("Clustering:Membership:NumMissedProbesLimit", "two", "a whole number from")]
    [InlineData("Pce:Emulator:Enabled", "yes", "true or false")]
    [InlineData("Pce:Retention:TerminalLightpaths", "a week", "a duration ([d.]hh:mm:ss[.fffffff], e.g. 00:00:05), or empty")]
    [InlineData("Pce:Southbound:Reconcile:Policy", "fix-it", "report-only, reapply or repair")]
    [InlineData("Devices:Encoding", "Xml", "one of ")]
    [InlineData("Topology:Limits:MaxNodes", "1e9", "a whole number")]
    [InlineData("Pce:Grains:LightpathCollectionAge", "00:00:30", "a duration of at least 00:02:00")]
    [InlineData("Pce:Health:RecoveryMarginDb", "0,5", "a number")]
    [InlineData("Pce:Probes:Port", "70000", "a port from 0 to 65535")]
    [InlineData("Pce:Probes:Address", "localhost", "an IP address")]
    public void Check_names_the_key_the_value_and_what_is_allowed(string key, string value, string allowed)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build();

        var problem = Assert.Single(ConfigurationValidation.Check(configuration, development: false));

        Assert.StartsWith($"{key} = '{value}': must be ", problem, StringComparison.Ordinal);
        Assert.Contains(allowed, problem, StringComparison.Ordinal);
    }

    private static void AssertNoStackTrace(string output)
    {
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception:", output, StringComparison.Ordinal);
    }
}
