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
        var buffer = new MemoryStream();
        var chunk = new byte[81_920];
        while (true)
        {
            var wanted = (int)Math.Min(chunk.Length, maxBytes + 1 - buffer.Length);
            var read = await stream.ReadAsync(chunk.AsMemory(0, wanted), cancellationToken);
            if (read == 0)
            {
                break;
            }

            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes)
            {
                return (null, $"the document is larger than the limit {nameof(TopologyLimits.MaxDocumentBytes)} = {maxBytes} bytes");
            }
        }

        return TryDecode(buffer.ToArray(), "the body", out var text, out var error) ? (text, null) : (null, error.Message);
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
