using System.Diagnostics;
using Continuum.Pce.Api.Hosting;
using Continuum.Pce.Southbound.Gnmi;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;
using DataType = Gnmi.GetRequest.Types.DataType;

namespace Continuum.Pce.Api.Tests;

/// <summary>
/// The emulator as the server's child process (the default device plane): it serves the network file it is given,
/// follows a replaced topology, refuses a bad one with the reason, and never outlives its parent.
/// </summary>
public sealed class ChildProcessEmulatorTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private static string Demo => RepoPaths.Resolve("topologies/continuum-demo.json", AppContext.BaseDirectory)!;

    private static string EmulatorDll => ChildProcessEmulator.EmulatorAssembly;

    [Fact]
    public async Task A_started_emulator_serves_the_devices_of_its_network_file_and_ends_when_disposed()
    {
        var emulator = await ChildProcessEmulator.StartAsync(Demo, null, 0, null, NullLogger.Instance, CancellationToken.None);
        var pid = emulator.ProcessId;
        using var child = Process.GetProcessById(pid);
        await using (var roadm = new GnmiClient(new GnmiDeviceOptions { Address = emulator.Address, Target = "FRA-ROADM", UseTls = false }))
        {
            Assert.NotEmpty(await roadm.GetJsonAsync("/components", DataType.Config));
        }

        Assert.Null(emulator.ControlPort); // none asked for: none announced

        await emulator.DisposeAsync();

        Assert.Equal(0, emulator.ExitCode); // stopped by the closed pipe, not killed
        Assert.True(child.HasExited);
    }

    [Fact]
    public async Task The_child_does_not_inherit_the_servers_own_settings_such_as_connection_strings()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // reads the child's environment from /proc
        }

        // A name no server reads (tests run in parallel, and this one sets it for the whole process) in a section that is.
        var secret = $"Storage__TestOnlySecret{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(secret, "Host=db;Password=not-for-the-emulator");
        try
        {
            await using var emulator = await ChildProcessEmulator.StartAsync(Demo, null, 0, null, NullLogger.Instance, CancellationToken.None);

            var environment = await File.ReadAllTextAsync($"/proc/{emulator.ProcessId}/environ");

            Assert.DoesNotContain("not-for-the-emulator", environment, StringComparison.Ordinal);
            Assert.Contains("PATH=", environment, StringComparison.Ordinal); // the rest is passed on
        }
        finally
        {
            Environment.SetEnvironmentVariable(secret, null);
        }
    }

    [Fact]
    public async Task Adopting_a_malformed_equipment_library_fails_with_the_emulators_reason_and_keeps_it_serving()
    {
        await using var emulator = await ChildProcessEmulator.StartAsync(Demo, null, 0, 0, NullLogger.Instance, CancellationToken.None);
        var network = await File.ReadAllTextAsync(Demo);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => emulator.AdoptAsync(null!, network, """{"fiberTypes": 3}""", CancellationToken.None));

        Assert.Contains("400", refused.Message, StringComparison.Ordinal);
        Assert.Contains("equipment", refused.Message, StringComparison.Ordinal);
        await using var roadm = new GnmiClient(new GnmiDeviceOptions { Address = emulator.Address, Target = "PAR-ROADM", UseTls = false });
        Assert.NotEmpty(await roadm.GetJsonAsync("/components", DataType.Config));
    }

    [Fact]
    public async Task Starting_on_a_missing_network_file_fails_with_the_emulators_own_message()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-network-{Guid.NewGuid():N}.json");

        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            ChildProcessEmulator.StartAsync(missing, null, 0, null, NullLogger.Instance, CancellationToken.None));

        Assert.Contains("exited with code", failed.Message, StringComparison.Ordinal);
        Assert.Contains(Path.GetFileName(missing), failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_emulator_process_ends_when_its_standard_input_closes_as_it_does_when_the_parent_dies()
    {
        using var child = StartEmulatorProcess("--until-stdin-closes");
        await ReadBannerAsync(child);

        child.StandardInput.Close();

        await child.WaitForExitAsync().WaitAsync(Bound);
        Assert.Equal(0, child.ExitCode);
    }

    [Fact]
    public async Task The_emulator_process_stops_on_sigterm()
    {
        using var child = StartEmulatorProcess();
        await ReadBannerAsync(child);

        using (var kill = Process.Start("kill", ["-TERM", child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync().WaitAsync(Bound);
        }

        // Before the fix the console lifetime swallowed SIGTERM and the program waited for ever.
        await child.WaitForExitAsync().WaitAsync(Bound);
        Assert.Equal(0, child.ExitCode);
    }

    private static Process StartEmulatorProcess(params string[] extra)
    {
        var start = new ProcessStartInfo(ChildProcessEmulator.DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["exec", EmulatorDll, "--topology", Demo, "--port", "0", "--control-port", "none", .. extra])
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }

    private static async Task ReadBannerAsync(Process child)
    {
        using var timeout = new CancellationTokenSource(Bound);
        var line = await child.StandardOutput.ReadLineAsync(timeout.Token);
        Assert.True(line is not null && ChildProcessEmulator.TryParseBanner(line, out _, out var control) && control is null, line);
    }
}
