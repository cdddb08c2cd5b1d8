using Continuum.Pce.Api.Hosting;
using Continuum.Pce.TestKit.Processes;
using Xunit;

namespace Continuum.Pce.Api.Tests.Conventions;

/// <summary>
/// The initial topology file is a setting like the others: on an empty store, a file that is missing, cannot be read or
/// does not load ends the start with exit code 78 and one message naming the key, the value and the path, without a
/// stack trace (it used to end in an exception from the start-up).
/// </summary>
public sealed class InitialTopologyErrorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pce-initial-topology-").FullName;

    [Fact]
    public async Task A_missing_initial_topology_file_ends_the_start_with_exit_code_78_naming_the_key_and_the_path()
    {
        var missing = Path.Combine(_folder, "no-such-network.json");

        var output = await FailedStartAsync($"--Pce:InitialTopology={missing}");

        Assert.Contains($"configuration error: Pce:InitialTopology = '{missing}': must be a topology file that exists (not found: {missing})", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_initial_topology_file_that_does_not_load_ends_the_start_with_exit_code_78_naming_the_key_the_path_and_the_error()
    {
        var invalid = Path.Combine(_folder, "broken.json");
        await File.WriteAllTextAsync(invalid, "{ \"name\": \"broken\", \"nodes\": [");

        var output = await FailedStartAsync($"--Pce:InitialTopology={invalid}");

        Assert.Contains($"configuration error: Pce:InitialTopology = '{invalid}': must be a topology file that loads ({invalid}: error ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_initial_topology_file_ends_the_start_with_exit_code_78_naming_the_key_and_the_path()
    {
        // A directory where the file should be: it exists, but cannot be read as a file (root reads any mode bits).
        var directory = Directory.CreateDirectory(Path.Combine(_folder, "network.json")).FullName;

        var output = await FailedStartAsync($"--Pce:InitialTopology={directory}");

        Assert.Contains($"configuration error: Pce:InitialTopology = '{directory}': must be a topology file", output, StringComparison.Ordinal);
        Assert.Contains(directory, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_initial_equipment_file_ends_the_start_with_exit_code_78_naming_its_key()
    {
        var missing = Path.Combine(_folder, "no-such-equipment.json");

        var output = await FailedStartAsync($"--Pce:InitialEquipment={missing}");

        Assert.Contains($"configuration error: Pce:InitialEquipment = '{missing}': must be an equipment library file that exists (not found: {missing})", output, StringComparison.Ordinal);
    }

    private static async Task<string> FailedStartAsync(string setting)
    {
        await using var server = ServerChild.Launch(new ServerChildOptions { Name = "initial-topology", Settings = [setting, "--Pce:Emulator:Enabled=false"] });

        var exit = await server.WaitForExitAsync(TimeSpan.FromMinutes(2));

        var output = server.Output;
        Assert.True(exit == ConfigurationValidation.ExitCode, $"exit code {exit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none within 2 min"}; output:\n{output}");
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Continuum PCE is running", output, StringComparison.Ordinal);
        return output;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
