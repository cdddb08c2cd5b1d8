using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Continuum.Pce.Api.Hosting;

/// <summary>The probe listener (<c>Pce:Probes</c>): a port of its own for the liveness and readiness probes. (<c>Pce:Health</c> is
/// how telemetry turns into a lightpath's health, <see cref="Continuum.Pce.Application.Telemetry.LightpathHealthOptions"/>.)</summary>
public sealed class HealthOptions
{
    public const string Section = "Pce:Probes";

    /// <summary>The port; absent: no health listener (the probes answer on the REST port only); 0: a free one, logged.</summary>
    public int? Port { get; set; }

    /// <summary>The address it binds (a probe from outside the host needs 0.0.0.0); loopback by default.</summary>
    public string Address { get; set; } = "127.0.0.1";
}

/// <summary>
/// /health/live and /health/ready on a port of their own, answered by a dedicated thread outside the thread pool and
/// outside ASP.NET Core (no routing, authentication, rate limiting or body limits): under a flood the API's requests
/// queue for the pool's threads and the two cores, and a probe answered by Kestrel queues with them (p99 128 ms with
/// 32 clients on 2 cores, docs/reliability.md). Liveness is the process answering; readiness reads the same checks as
/// /health/ready (topology in effect, devices up) without a grain call. HTTP/1.x GET or HEAD, one request per
/// connection (Connection: close, as Kubernetes' and most probes use it); anything else is a problem body (404, 405,
/// 400). A connection that does not send its request line within 2 s is dropped, so one slow caller holds it briefly.
/// </summary>
public sealed class HealthListener(HealthOptions options, ReadinessCheck readiness, DevicePlaneHealth devices, ILogger<HealthListener> logger) : IHostedService, IDisposable
{
    private const int MaxRequestBytes = 8192;
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(2);
    private Socket? _listener;
    private Thread? _thread;
    private volatile bool _stopping;

    /// <summary>The bound endpoint once started (port 0 in configuration: the one picked).</summary>
    public IPEndPoint? EndPoint { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Port is not { } port)
        {
            return Task.CompletedTask;
        }

        if (port is < 0 or > 65535 || !IPAddress.TryParse(options.Address, out var address))
        {
            throw new InvalidOperationException($"{HealthOptions.Section}: Port must be 0-65535 and Address an IP address (got {port}, '{options.Address}')");
        }

        var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Bind(new IPEndPoint(address, port));
            listener.Listen(64);
        }
        catch (SocketException e)
        {
            listener.Dispose();
            throw new InvalidOperationException($"{HealthOptions.Section}: cannot listen on {address}:{port}: {e.Message}", e);
        }

        _listener = listener;
        EndPoint = (IPEndPoint)listener.LocalEndPoint!;
        // A thread of its own, not the pool's: the probe does not wait behind queued API work.
        _thread = new Thread(Serve) { IsBackground = true, Name = "health listener" };
        _thread.Start();
        logger.LogInformation("health listener on http://{Address}:{Port} (/health/live, /health/ready)", EndPoint.Address, EndPoint.Port);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        _listener?.Dispose();
        _thread?.Join(TimeSpan.FromSeconds(5));
        return Task.CompletedTask;
    }

    public void Dispose() => _listener?.Dispose();

    private void Serve()
    {
        var buffer = new byte[MaxRequestBytes];
        while (!_stopping)
        {
            Socket client;
            try
            {
                client = _listener!.Accept();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                if (_stopping)
                {
                    return;
                }

                continue;
            }

            using (client)
            {
                try
                {
                    client.NoDelay = true;
                    client.ReceiveTimeout = (int)ReadTimeout.TotalMilliseconds;
                    client.SendTimeout = (int)ReadTimeout.TotalMilliseconds;
                    var response = Answer(ReadHead(client, buffer));
                    client.Send(response);
                    client.Shutdown(SocketShutdown.Both);
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    // The caller went away or stalled: nothing to answer.
                }
            }
        }
    }

    /// <summary>The request head (up to the blank line), or null when it is too long or never completes.</summary>
    private static string? ReadHead(Socket client, byte[] buffer)
    {
        var length = 0;
        while (length < buffer.Length)
        {
            var read = client.Receive(buffer, length, buffer.Length - length, SocketFlags.None);
            if (read == 0)
            {
                return null;
            }

            length += read;
            if (buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8) >= 0)
            {
                return Encoding.ASCII.GetString(buffer, 0, length);
            }
        }

        return null;
    }

    /// <summary>The whole response for a request head (null: unreadable).</summary>
    internal byte[] Answer(string? head)
    {
        var line = head?[..head.IndexOf("\r\n", StringComparison.Ordinal)].Split(' ');
        if (line is not [var method, var target, var version] || !version.StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            return Problem(400, "Bad Request", "the health listener reads an HTTP/1.x request line and headers of at most 8 KiB", head: false);
        }

        var path = target.Split('?', 2)[0];
        var headOnly = method == "HEAD";
        if (path is not ("/health/live" or "/health/ready"))
        {
            return Problem(404, "Not Found", $"the health listener serves /health/live and /health/ready, not '{path}'", headOnly);
        }

        if (method is not ("GET" or "HEAD"))
        {
            return Problem(405, "Method Not Allowed", $"{path} answers GET and HEAD, not {method}", headOnly, "Allow: GET, HEAD\r\n");
        }

        if (path == "/health/live")
        {
            return Text(200, "OK", "Healthy", headOnly);
        }

        // The checks /health/ready runs, read directly: both answer synchronously from a field.
        var problems = new[] { readiness.CheckHealthAsync(new HealthCheckContext()).Result, devices.CheckHealthAsync(new HealthCheckContext()).Result }
            .Where(r => r.Status != HealthStatus.Healthy)
            .Select(r => r.Description ?? "unhealthy")
            .ToArray();
        return problems.Length == 0
            ? Text(200, "OK", "Healthy", headOnly)
            : Text(503, "Service Unavailable", "Unhealthy: " + string.Join("; ", problems), headOnly, "Retry-After: 5\r\n");
    }

    private static byte[] Text(int status, string reason, string body, bool headOnly, string extraHeaders = "") =>
        Response(status, reason, "text/plain; charset=utf-8", body, headOnly, extraHeaders);

    private static byte[] Problem(int status, string title, string detail, bool head, string extraHeaders = "")
    {
        var body = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["type"] = $"https://tools.ietf.org/html/rfc9110#section-15.{(status == 400 ? "5.1" : status == 404 ? "5.5" : "5.6")}",
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
        });
        return Response(status, title, "application/problem+json", body, head, extraHeaders);
    }

    private static byte[] Response(int status, string reason, string contentType, string body, bool headOnly, string extraHeaders)
    {
        var content = Encoding.UTF8.GetBytes(body);
        var head = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"HTTP/1.1 {status} {reason}\r\nContent-Type: {contentType}\r\nContent-Length: {content.Length}\r\nCache-Control: no-store\r\n{extraHeaders}Connection: close\r\n\r\n"));
        return headOnly ? head : [.. head, .. content];
    }
}
