using System.Diagnostics;

namespace Continuum.Pce.Api.Tests.Tapi;

/// <summary>
/// Validates TAPI payloads with yanglint against the unchanged ONF TAPI 2.5.0 YANG (../shared/reference/tapi) plus
/// continuum-tapi-deviations.yang beside this file (libyang refuses TAPI 2.5's configuration leafrefs to read-only lists;
/// the deviations set require-instance false on them and change nothing else: see the file's header and docs/tapi.md).
/// </summary>
public static class TapiYang
{
    public const string Reference = "/work/shared/reference/tapi/yang";

    public static readonly string[] Modules = ["tapi-common", "tapi-topology", "tapi-connectivity", "tapi-path-computation", "tapi-notification", "tapi-photonic-media"];

    public static string Deviations => Path.Combine(AppContext.BaseDirectory, "Tapi", "yang", "continuum-tapi-deviations.yang");

    /// <summary>yanglint on the reference modules alone (no deviations): its exit code and messages.</summary>
    public static (int ExitCode, string Output) LoadAsShipped() => Run([.. ModuleFiles()]);

    public static (int ExitCode, string Output) LoadWithDeviations() => Run([Deviations, .. ModuleFiles()]);

    /// <summary>Validates a whole datastore document (config and state, RFC 7951 JSON): empty when valid, else yanglint's messages and the file kept.</summary>
    public static string ValidateData(string json) => Validate(json, ["-t", "data"]);

    /// <summary>Validates one notification (the content of ietf-restconf:notification, less eventTime) against the operational data <paramref name="contextJson"/>.</summary>
    public static string ValidateNotification(string notificationJson, string contextJson)
    {
        var context = Write(contextJson);
        return Validate(notificationJson, ["-t", "notif", "-O", context]);
    }

    private static string Validate(string json, string[] type)
    {
        var file = Write(json);
        var (code, output) = Run([.. type, Deviations, .. ModuleFiles(), file]);
        return code == 0 ? "" : $"yanglint exit {code} on {file}:\n{output}";
    }

    private static IEnumerable<string> ModuleFiles() => Modules.Select(m => Path.Combine(Reference, m + ".yang"));

    private static string Write(string json)
    {
        var directory = Path.Combine(Path.GetTempPath(), "pce-tapi-yang");
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(file, json);
        return file;
    }

    /// <summary>Runs yanglint (fails, never skips, when it is missing: CI installs it).</summary>
    private static (int ExitCode, string Output) Run(string[] arguments)
    {
        var start = new ProcessStartInfo("yanglint") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-p");
        start.ArgumentList.Add(Reference);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("yanglint did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr);
    }
}
