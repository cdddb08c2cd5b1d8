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

    /// <summary>
    /// Validates one notification (the content of ietf-restconf:notification, less eventTime) against the operational
    /// data <paramref name="contextJson"/>, with tapi-notification's four unqualified identities qualified (see
    /// <see cref="QualifiedNotificationModules"/>); <paramref name="asShipped"/> uses the unchanged module instead.
    /// </summary>
    public static string ValidateNotification(string notificationJson, string contextJson, bool asShipped = false)
    {
        var context = Write(contextJson);
        return Validate(notificationJson, ["-t", "notif", "-O", context], asShipped ? Reference : QualifiedNotificationModules());
    }

    /// <summary>
    /// tapi-notification 2.5.0 names tapi-common identities without their prefix in four <c>when</c> expressions
    /// (<c>derived-from-or-self(tapi-notification:target-object-type, "OBJECT_TYPE_PROFILE")</c> and
    /// <c>"OBJECT_TYPE_SERVICE_INTERFACE_POINT"</c>, twice each); an unprefixed name belongs to the module of the
    /// expression (RFC 7950 §6.4.1), tapi-notification, which has no such identity, so libyang fails every
    /// event-notification. A deviation cannot change a <c>when</c>: this writes a temporary copy of the reference modules
    /// in which those four strings (and nothing else) are qualified with <c>tapi-common:</c>; the reference stays unchanged.
    /// </summary>
    public static string QualifiedNotificationModules()
    {
        var directory = Path.Combine(Path.GetTempPath(), "pce-tapi-yang", "qualified-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        foreach (var file in Directory.GetFiles(Reference, "*.yang"))
        {
            // Copied as text: the reference files are read-only, their copies must not be.
            File.WriteAllText(Path.Combine(directory, Path.GetFileName(file)), File.ReadAllText(file));
        }

        var module = File.ReadAllText(Path.Combine(Reference, "tapi-notification.yang"));
        var qualified = module;
        foreach (var identity in new[] { "OBJECT_TYPE_PROFILE", "OBJECT_TYPE_SERVICE_INTERFACE_POINT" })
        {
            qualified = qualified.Replace($"target-object-type, \"{identity}\")", $"target-object-type, \"tapi-common:{identity}\")", StringComparison.Ordinal);
        }

        var changed = module.Split('\n').Zip(qualified.Split('\n')).Count(l => l.First != l.Second);
        if (changed != 4)
        {
            throw new InvalidOperationException($"expected the 4 unqualified identities of tapi-notification 2.5.0, changed {changed} lines: has the module changed?");
        }

        File.WriteAllText(Path.Combine(directory, "tapi-notification.yang"), qualified);
        return directory;
    }

    private static string Validate(string json, string[] type, string? modules = null)
    {
        var file = Write(json);
        modules ??= Reference;
        var (code, output) = Run([.. type, Deviations, .. Modules.Select(m => Path.Combine(modules, m + ".yang")), file], modules);
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
    private static (int ExitCode, string Output) Run(string[] arguments, string searchPath = Reference)
    {
        var start = new ProcessStartInfo("yanglint") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-D");
        start.ArgumentList.Add("-p");
        start.ArgumentList.Add(searchPath);
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
