using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using Continuum.Pce.Topology.IO.Json;
using Continuum.Pce.Topology.IO.Validation;

namespace Continuum.Pce.Topology.IO;

/// <summary>Why a file could not be read.</summary>
public enum FileReadFailure
{
    NotFound,
    TooLarge,
    Unreadable,
}

/// <summary>A file that could not be read, with the reason for people (the path included).</summary>
public sealed record FileReadError(FileReadFailure Kind, string Message);

/// <summary>The documents of a topology request: a network, and the equipment library when the request carries one.</summary>
public sealed record TopologyDocuments(string Network, string? Equipment);

/// <summary>
/// The one way topology text comes in, whoever sends it: the CLI's files, REST bodies and gRPC messages are read with the
/// same JSON rules (<see cref="TopologyReader"/>: comments allowed, no trailing commas or duplicate names, bounded by
/// <see cref="TopologyLimits"/>), and nothing is ever read past <see cref="TopologyLimits.MaxDocumentBytes"/>.
/// </summary>
public static class TopologyInput
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Reads a UTF-8 text file of at most <paramref name="maxBytes"/> bytes. A larger file, or an endless one
    /// (<c>/dev/zero</c>, a pipe), is refused after reading at most <paramref name="maxBytes"/> + 1 bytes.
    /// </summary>
    public static bool TryReadFile(string path, long maxBytes, out string text, [NotNullWhen(false)] out FileReadError? error)
    {
        text = "";
        if (!File.Exists(path))
        {
            error = new FileReadError(FileReadFailure.NotFound, $"'{path}' does not exist");
            return false;
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            if (stream.CanSeek && stream.Length > maxBytes)
            {
                error = TooLarge(path, maxBytes, $"{stream.Length} bytes");
                return false;
            }

            var bytes = ReadAtMost(stream, maxBytes);
            if (bytes is null)
            {
                error = TooLarge(path, maxBytes, $"longer than {maxBytes} bytes (reading stopped there: it may be endless, as a device or a pipe can be)");
                return false;
            }

            return TryDecode(bytes, path, out text, out error);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            error = new FileReadError(FileReadFailure.Unreadable, $"'{path}' cannot be read: {e.Message}");
            return false;
        }
    }

    /// <summary>Reads a whole file as <see cref="TryReadFile"/> does, throwing <see cref="TopologyInputException"/> (an <see cref="IOException"/>) when it cannot.</summary>
    public static string ReadFile(string path, long? maxBytes = null) =>
        TryReadFile(path, maxBytes ?? TopologyLimits.Default.MaxDocumentBytes, out var text, out var error) ? text : throw new TopologyInputException(error.Message);

    /// <summary>
    /// Reads a UTF-8 body of at most <paramref name="maxBytes"/> bytes from a stream; null when it is longer (reading stops
    /// after <paramref name="maxBytes"/> + 1 bytes) or not UTF-8, with the reason in <paramref name="error"/>.
    /// </summary>
    public static async Task<(string? Text, string? Error)> ReadAsync(Stream stream, long maxBytes, CancellationToken cancellationToken = default)
    {
        var (bytes, tooLarge) = await ReadAtMostAsync(stream, maxBytes, cancellationToken);
        if (bytes is null)
        {
            return (null, tooLarge);
        }

        return TryDecode(bytes, "the body", out var text, out var error) ? (text, null) : (null, error.Message);
    }

    /// <summary>
    /// Reads a body of at most <paramref name="maxBytes"/> bytes as UTF-8 bytes, without decoding it. When the sender declared
    /// its length (within the limit) the body is read into one buffer of that size; otherwise it grows as it comes, and
    /// reading stops after <paramref name="maxBytes"/> + 1 bytes. A body shorter than declared is returned as it is (the
    /// server's own framing reports truncation).
    /// </summary>
    public static async Task<(ReadOnlyMemory<byte>? Body, string? Error)> ReadUtf8Async(Stream stream, long maxBytes, long? declaredLength, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (declaredLength is { } declared && declared > maxBytes)
        {
            return (null, $"the document is larger than the limit {nameof(TopologyLimits.MaxDocumentBytes)} = {maxBytes} bytes");
        }

        if (declaredLength is { } exact)
        {
            var buffer = new byte[exact];
            var filled = 0;
            while (filled < buffer.Length)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                filled += read;
            }

            return (buffer.AsMemory(0, filled), null);
        }

        var (body, error) = await ReadAtMostAsync(stream, maxBytes, cancellationToken);
        return body is null ? (null, error) : (body, null);
    }

    /// <summary>
    /// <see cref="ReadRequest(string, TopologyLimits?)"/> on UTF-8 bytes. The bytes are checked before any text is made
    /// of them: valid UTF-8, and no string longer than <see cref="TopologyLimits.MaxStringLength"/> (found on the raw
    /// tokens, so a hostile body with a 10 MB string is refused without a 20 MB copy of it being built first).
    /// </summary>
    public static ReadResult<TopologyDocuments> ReadRequest(ReadOnlyMemory<byte> utf8, TopologyLimits? limits = null)
    {
        var context = new JsonReaderContext(limits);
        var span = utf8.Span;
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            span = span[3..];
        }

        if (!System.Text.Unicode.Utf8.IsValid(span))
        {
            context.Error(IssueCodes.MalformedJson, "$", "the body is not UTF-8 text");
            return new ReadResult<TopologyDocuments>(null, [.. context.Issues]);
        }

        if (LongStrings.Find(span, context.Limits) is { } tooLong)
        {
            context.LimitExceeded(tooLong.Path, tooLong.Describe(), nameof(TopologyLimits.MaxStringLength), context.Limits.MaxStringLength);
            return new ReadResult<TopologyDocuments>(null, [.. context.Issues]);
        }

        return ReadRequest(StrictUtf8.GetString(span), limits);
    }

    /// <summary>
    /// Splits a topology request: either a network document, or <c>{ "network": {…}, "equipment": {…} }</c> (an editor's
    /// save, or a client that sends both). The text is parsed with the same rules as every topology document.
    /// </summary>
    public static ReadResult<TopologyDocuments> ReadRequest(string text, TopologyLimits? limits = null)
    {
        var context = new JsonReaderContext(limits);
        using var document = JsonReaderContext.Parse(text, context);
        if (document is null)
        {
            return new ReadResult<TopologyDocuments>(null, [.. context.Issues]);
        }

        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("network", out var network) && network.ValueKind == JsonValueKind.Object)
        {
            var equipment = root.TryGetProperty("equipment", out var e) && e.ValueKind == JsonValueKind.Object ? Write(e) : null;
            return new ReadResult<TopologyDocuments>(new TopologyDocuments(Write(network), equipment), []);
        }

        return new ReadResult<TopologyDocuments>(new TopologyDocuments(text, null), []);
    }

    /// <summary>
    /// The document as plain JSON (comments dropped, indented), for storing and serving: what comes back from the server
    /// parses with any JSON reader. The text must already have been read successfully.
    /// </summary>
    public static string Canonical(string json, TopologyLimits? limits = null)
    {
        using var document = JsonDocument.Parse(json, JsonReaderContext.DocumentOptions(limits ?? TopologyLimits.Default));
        return Write(document.RootElement);
    }

    private static string Write(JsonElement element)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            element.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static async Task<(byte[]? Body, string? Error)> ReadAtMostAsync(Stream stream, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81_920];
        while (true)
        {
            var wanted = (int)Math.Min(chunk.Length, maxBytes + 1 - buffer.Length);
            var read = await stream.ReadAsync(chunk.AsMemory(0, wanted), cancellationToken);
            if (read == 0)
            {
                return (buffer.ToArray(), null);
            }

            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes)
            {
                return (null, $"the document is larger than the limit {nameof(TopologyLimits.MaxDocumentBytes)} = {maxBytes} bytes");
            }
        }
    }

    private static byte[]? ReadAtMost(Stream stream, long maxBytes)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[81_920];
        while (true)
        {
            var wanted = (int)Math.Min(chunk.Length, maxBytes + 1 - buffer.Length);
            var read = stream.Read(chunk, 0, wanted);
            if (read == 0)
            {
                return buffer.ToArray();
            }

            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes)
            {
                return null;
            }
        }
    }

    private static bool TryDecode(byte[] bytes, string what, out string text, [NotNullWhen(false)] out FileReadError? error)
    {
        var span = bytes.AsSpan();
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            span = span[3..];
        }

        try
        {
            text = StrictUtf8.GetString(span);
            error = null;
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = "";
            error = new FileReadError(FileReadFailure.Unreadable, $"{what} is not UTF-8 text");
            return false;
        }
    }

    private static FileReadError TooLarge(string path, long maxBytes, string size) =>
        new(FileReadFailure.TooLarge, $"'{path}' is {size}, over the limit {nameof(TopologyLimits.MaxDocumentBytes)} = {maxBytes} bytes");
}

/// <summary>A topology input that cannot be read (missing, too large, not UTF-8).</summary>
public sealed class TopologyInputException(string message) : IOException(message);
