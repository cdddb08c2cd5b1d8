using Gnmi;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Continuum.Pce.DeviceEmulator;

/// <summary>
/// Drift injection (issue 25, reconciliation tests): changes made to a device behind the controller's back, as an
/// operator on the device's own CLI or a device restart would make them. Paths are in the emulator's own names (the
/// default naming profile), values JSON_IETF.
/// </summary>
public sealed partial class DeviceEmulator
{
    /// <summary>Deletes the configuration at <paramref name="path"/> (a media channel, a logical channel, an optical channel's settings).</summary>
    public void InjectDelete(string device, string path) =>
        Inject(device, new SetRequest { Delete = { PathText.Parse(path) } });

    /// <summary>Merges (<paramref name="replace"/> false) or replaces the JSON_IETF <paramref name="json"/> at <paramref name="path"/>.</summary>
    public void InjectWrite(string device, string path, string json, bool replace)
    {
        var update = new Update { Path = PathText.Parse(path), Val = new TypedValue { JsonIetfVal = ByteString.CopyFromUtf8(json) } };
        Inject(device, replace ? new SetRequest { Replace = { update } } : new SetRequest { Update = { update } });
    }

    /// <summary>
    /// A device restart: the device comes back with the configuration it boots with (none of the controller's entries),
    /// and its open streams end with UNAVAILABLE, so the controller's client reconnects (and reconciles).
    /// </summary>
    public void RestartDevice(string device)
    {
        lock (_sync)
        {
            var d = Device(device);
            if (NewDevice(d.Node) is { } fresh)
            {
                d.Root = fresh.Root;
                d.MirroredRoot = null;
                d.AmplifierInputs = null;
                d.Restarting = true;
                MarkDirty();
            }
        }

        DropStreams(device);
    }

    /// <summary>A Set on the device as the device's own operator would make it: the same checks, no fault injection in the way.</summary>
    private void Inject(string device, SetRequest request)
    {
        EmulatedDevice d;
        (StatusCode, string)? held;
        lock (_sync)
        {
            d = Device(device);
            held = d.RejectNextSet;
            d.RejectNextSet = null;
        }

        try
        {
            Set(d, request);
        }
        finally
        {
            lock (_sync)
            {
                d.RejectNextSet ??= held;
            }
        }
    }

    /// <summary>
    /// The control routes of drift injection: <c>POST /devices/{name}/config/delete?path=</c>,
    /// <c>POST /devices/{name}/config/update?path=</c> and <c>.../config/replace?path=</c> (body: the JSON_IETF value), and
    /// <c>POST /devices/{name}/restart</c>.
    /// </summary>
    internal static void MapDriftControl(WebApplication app, DeviceEmulator emulator, Func<Action, IResult> run)
    {
        app.MapPost("/devices/{name}/config/delete", (string name, string path) => run(() => emulator.InjectDelete(name, path)));
        app.MapPost("/devices/{name}/config/{operation}", async (string name, string operation, string path, HttpRequest request) =>
        {
            if (operation is not ("update" or "replace"))
            {
                return Results.NotFound($"no operation '{operation}' (delete, update or replace)");
            }

            using var reader = new StreamReader(request.Body);
            var json = await reader.ReadToEndAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
            return run(() => emulator.InjectWrite(name, path, json, operation == "replace"));
        });
        app.MapPost("/devices/{name}/restart", (string name) => run(() => emulator.RestartDevice(name)));
    }
}
