using System.CommandLine;
using System.Net.Sockets;
using Continuum.Pce.Contracts.V1;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using V1 = Continuum.Pce.Contracts.V1;

namespace Continuum.Pce.Cli.Commands.Server;

/// <summary>
/// The <c>--server</c> and <c>--api-key</c> options of a server command, and the gRPC client they make: every call
/// carries the key as <c>x-api-key</c> metadata. gRPC errors become one line on stderr and a stable exit code.
/// </summary>
public sealed class PceConnection
{
    public const string DefaultServer = "http://127.0.0.1:5081";
    public const string ApiKeyVariable = "PCE_API_KEY";
    public const string ServerVariable = "PCE_SERVER";

    private PceConnection()
    {
    }

    public Option<string?> Server { get; } = new("--server")
    {
        Description = $"gRPC address of the PCE server (default: the {ServerVariable} environment variable, else {DefaultServer})",
    };

    public Option<string?> ApiKey { get; } = new("--api-key")
    {
        Description = $"API key sent as x-api-key (default: the {ApiKeyVariable} environment variable)",
    };

    /// <summary>Adds the connection options to a server command.</summary>
    public static PceConnection AddTo(Command command)
    {
        var connection = new PceConnection();
        command.Options.Add(connection.Server);
        command.Options.Add(connection.ApiKey);
        return connection;
    }

    /// <summary>
    /// Sets the command's action: connects, runs <paramref name="action"/> with a client, and turns gRPC failures into
    /// exit codes (1 refused or not found, 2 invalid argument, 3 server or credentials).
    /// </summary>
    public void SetAction(Command command, CliContext context, Func<ParseResult, V1.Pce.PceClient, CancellationToken, Task<int>> action) =>
        command.SetAction((ParseResult parse, CancellationToken cancellationToken) => RunAsync(parse, context, action, cancellationToken));

    /// <summary>As the other overload, for a client of another service of the contract (defragmentation).</summary>
    public void SetAction<TClient>(Command command, CliContext context, Func<CallInvoker, TClient> client, Func<ParseResult, TClient, CancellationToken, Task<int>> action) =>
        command.SetAction((ParseResult parse, CancellationToken cancellationToken) => RunAsync(parse, context, client, action, cancellationToken));

    /// <summary>Connects and runs <paramref name="action"/> as a command set up by SetAction does (for a command that talks to a server only in one of its modes).</summary>
    public Task<int> RunAsync(ParseResult parse, CliContext context, Func<ParseResult, V1.Pce.PceClient, CancellationToken, Task<int>> action, CancellationToken cancellationToken) =>
        RunAsync(parse, context, invoker => new V1.Pce.PceClient(invoker), action, cancellationToken);

    private async Task<int> RunAsync<TClient>(ParseResult parse, CliContext context, Func<CallInvoker, TClient> client, Func<ParseResult, TClient, CancellationToken, Task<int>> action, CancellationToken cancellationToken)
    {
        var uri = ServerAddress(parse.GetValue(Server), Environment.GetEnvironmentVariable(ServerVariable));

        var key = parse.GetValue(ApiKey);
        if (string.IsNullOrEmpty(key))
        {
            key = Environment.GetEnvironmentVariable(ApiKeyVariable);
        }

        using var channel = GrpcChannel.ForAddress(uri, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5), EnableMultipleHttp2Connections = true },
            DisposeHttpClient = true,
        });
        var invoker = string.IsNullOrEmpty(key)
            ? channel.CreateCallInvoker()
            : channel.Intercept(metadata =>
            {
                metadata.Add("x-api-key", key);
                return metadata;
            });
        try
        {
            return await action(parse, client(invoker), cancellationToken);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Success;
        }
        catch (RpcException e)
        {
            var (exit, message) = Describe(e, uri, string.IsNullOrEmpty(key));
            await context.Error.WriteLineAsync(message);
            return exit;
        }
    }

    /// <summary>
    /// The server to call: <c>--server</c> when given, else <c>PCE_SERVER</c> when set (and not blank), else
    /// <see cref="DefaultServer"/>. A malformed value is a usage error naming where it came from.
    /// </summary>
    public static Uri ServerAddress(string? option, string? environment)
    {
        var (address, origin) = !string.IsNullOrWhiteSpace(option) ? (option.Trim(), "--server")
            : !string.IsNullOrWhiteSpace(environment) ? (environment.Trim(), $"{ServerVariable} (environment)")
            : (DefaultServer, "the default server");
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Host.Length == 0)
        {
            throw new UsageException($"{origin}: '{address}' is not an http:// or https:// address (for example http://127.0.0.1:5081)");
        }

        return uri;
    }

    /// <summary>The exit code and the one-line message for a failed call.</summary>
    public static (int Exit, string Message) Describe(RpcException e, Uri server, bool noKey)
    {
        var detail = e.Status.Detail;
        var field = e.Trailers.GetValue("pce-field");
        var reason = e.Trailers.GetValue("pce-reason");
        switch (e.StatusCode)
        {
            case StatusCode.Unavailable when e.Status.DebugException is HttpRequestException or SocketException || detail.Contains("Error connecting", StringComparison.OrdinalIgnoreCase):
                return (ExitCodes.Server, $"error: cannot reach the PCE server at {server} ({Inner(e)}); start it or point --server (or PCE_SERVER) at it");
            case StatusCode.Unavailable:
                return (ExitCodes.Server, $"error: the PCE server at {server} is unavailable: {detail}");
            case StatusCode.Unauthenticated:
                return (ExitCodes.Server, noKey
                    ? $"error: the server at {server} needs an API key: pass --api-key or set {ApiKeyVariable}"
                    : $"error: the server at {server} refused the API key (unauthenticated); check --api-key or {ApiKeyVariable}");
            case StatusCode.PermissionDenied:
                return (ExitCodes.Server, "error: the API key is valid but its role may not do this (permission denied; operator or admin needed)");
            case StatusCode.InvalidArgument:
                var text = field is not null && detail.StartsWith(field + ": ", StringComparison.Ordinal) ? detail[(field.Length + 2)..] : detail;
                return (ExitCodes.Usage, field is null ? $"error: invalid argument: {text}" : $"error: invalid {field}: {text}");
            case StatusCode.NotFound:
                return (ExitCodes.Refused, $"error: not found: {detail}");
            case StatusCode.FailedPrecondition:
                return (ExitCodes.Refused, reason is null ? $"error: refused: {detail}" : $"error: blocked ({reason}): {detail}");
            case StatusCode.AlreadyExists:
                return (ExitCodes.Refused, $"error: conflict: {detail}");
            case StatusCode.Aborted:
                return (ExitCodes.Refused, $"error: the devices refused the configuration: {detail}");
            case StatusCode.DeadlineExceeded:
                return (ExitCodes.Server, $"error: the server at {server} did not answer in time");
            case StatusCode.Unimplemented:
                return (ExitCodes.Server, $"error: the server at {server} does not implement this call (is it a PCE server of this version?)");
            default:
                return (ExitCodes.Server, $"error: server error ({e.StatusCode}): {detail}");
        }
    }

    private static string Inner(RpcException e)
    {
        Exception? inner = e.Status.DebugException;
        while (inner?.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        return inner?.Message ?? e.Status.Detail;
    }
}
