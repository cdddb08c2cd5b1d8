using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;

namespace Continuum.Pce.Api.Hosting;

/// <summary>
/// Kestrel answers a request it cannot parse (a malformed request line or header: 400; a request target over
/// MaxRequestLineSize: 414; headers over MaxRequestHeadersTotalSize or MaxRequestHeaderCount: 431) by itself, before any
/// middleware runs, with an empty body and <c>Connection: close</c>. ASP.NET Core has no hook for that answer, so this
/// connection middleware on the HTTP/1.1 endpoint watches what the connection writes and replaces exactly such an answer
/// (one of those statuses, <c>Content-Length: 0</c>, <c>Connection: close</c>, at the start of a write) with the same
/// answer carrying an RFC 9457 problem body. The application never sends an empty 4xx (status code pages give every
/// error a body), so nothing else matches. Everything else passes through unchanged.
/// </summary>
public static class KestrelProblemRewriter
{
    public static IConnectionBuilder UseKestrelProblems(this IConnectionBuilder builder, int maxRequestLineSize, int maxHeadersTotalSize, int maxHeaderCount) =>
        builder.Use(next => async connection =>
        {
            var original = connection.Transport;
            var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 1024 * 1024, resumeWriterThreshold: 512 * 1024, useSynchronizationContext: false));
            connection.Transport = new Duplex(original.Input, pipe.Writer);
            var pump = PumpAsync(pipe.Reader, original.Output, maxRequestLineSize, maxHeadersTotalSize, maxHeaderCount);
            try
            {
                await next(connection);
            }
            finally
            {
                await pipe.Writer.CompleteAsync();
                await pump;
                connection.Transport = original;
            }
        });

    private static async Task PumpAsync(PipeReader reader, PipeWriter output, int maxLine, int maxHeaders, int maxCount)
    {
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync();
                var buffer = result.Buffer;
                if (!buffer.IsEmpty)
                {
                    if (Rewrite(buffer, maxLine, maxHeaders, maxCount) is { } replacement)
                    {
                        output.Write(replacement);
                    }
                    else
                    {
                        foreach (var segment in buffer)
                        {
                            output.Write(segment.Span);
                        }
                    }

                    var flush = await output.FlushAsync();
                    if (flush.IsCompleted)
                    {
                        reader.AdvanceTo(buffer.End);
                        break;
                    }
                }

                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or ConnectionAbortedException or InvalidOperationException)
        {
            // The peer went away: nothing more to deliver.
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    /// <summary>The replacement of an empty Kestrel error answer at the start of <paramref name="buffer"/>, else null.</summary>
    internal static byte[]? Rewrite(ReadOnlySequence<byte> buffer, int maxLine, int maxHeaders, int maxCount)
    {
        if (buffer.Length < 17 || buffer.Length > 4096)
        {
            return null;
        }

        var text = Encoding.ASCII.GetString(buffer);
        if (!text.StartsWith("HTTP/1.1 4", StringComparison.Ordinal))
        {
            return null;
        }

        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0 || end + 4 != text.Length)
        {
            return null;
        }

        var lines = text[..end].Split("\r\n");
        var status = lines[0].Length >= 12 && int.TryParse(lines[0].AsSpan(9, 3), out var s) ? s : 0;
        if (status is not (400 or 414 or 431) ||
            !lines.Any(l => l.Equals("Content-Length: 0", StringComparison.OrdinalIgnoreCase)) ||
            !lines.Any(l => l.Equals("Connection: close", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        var (title, detail, field) = status switch
        {
            414 => ("URI Too Long", $"the request target is longer than the limit of {maxLine:N0} bytes for the request line (Kestrel MaxRequestLineSize)", "url"),
            431 => ("Request Header Fields Too Large", $"the request headers are larger than {maxHeaders:N0} bytes in all or more than {maxCount} fields (Kestrel MaxRequestHeadersTotalSize, MaxRequestHeaderCount)", "headers"),
            _ => ("Bad Request", "the request line or a header is not valid HTTP/1.1 (RFC 9112): bad syntax, an invalid character, a missing or repeated Host, or an invalid Content-Length or Transfer-Encoding", "request"),
        };
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["type"] = status switch
            {
                414 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.15",
                431 => "https://www.rfc-editor.org/rfc/rfc6585#section-5",
                _ => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1",
            },
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
            ["field"] = field,
        });
        var head = new StringBuilder();
        head.Append(lines[0]).Append("\r\n");
        foreach (var line in lines.Skip(1).Where(l => !l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)))
        {
            head.Append(line).Append("\r\n");
        }

        head.Append("Content-Type: application/problem+json\r\nContent-Length: ").Append(body.Length).Append("\r\n\r\n");
        return [.. Encoding.ASCII.GetBytes(head.ToString()), .. body];
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
