using System.Text;
using System.Text.Json.Nodes;
using Continuum.Pce.TestKit.Topology;
using Continuum.Pce.Topology.IO.Json;
using Continuum.Pce.Topology.IO.Validation;
using Xunit;

namespace Continuum.Pce.Topology.IO.Tests;

/// <summary>Every count and size of a topology document is bounded, and the error names the bound.</summary>
public sealed class LimitTests
{
    private static ReadResult<LoadedNetwork> Read(string json, TopologyLimits? limits = null) => NetworkReader.Read(json, TestEquipment.Library, limits);

    private static TopologyIssue LimitError(ReadResult<LoadedNetwork> result, string limitName)
    {
        Assert.False(result.IsSuccess);
        var error = Assert.Single(result.Errors, e => e.Code == IssueCodes.LimitExceeded);
        Assert.Contains(limitName, error.Message, StringComparison.Ordinal);
        return error;
    }

    private static string WithSpans(int count)
    {
        var builder = new StringBuilder(count * 40);
        var doc = DocumentFixtures.Mutable();
        doc["fibers"]![0]!["spans"] = new JsonArray();
        var text = doc.ToJsonString();
        var at = text.IndexOf("\"spans\":[]", StringComparison.Ordinal) + "\"spans\":[".Length;
        builder.Append(text, 0, at);
        for (var i = 0; i < count; i++)
        {
            builder.Append(i == 0 ? "" : ",").Append("{\"lengthKm\":1,\"fiberType\":\"SSMF\"}");
        }

        builder.Append(text, at, text.Length - at);
        return builder.ToString();
    }

    [Fact]
    public void FibreOfAMillionSpans_IsRefused_NamingTheBound()
    {
        var json = WithSpans(1_000_000);

        // At 34 bytes a span the document is already over the default size bound; with room for it, the span bound holds.
        LimitError(Read(json), nameof(TopologyLimits.MaxDocumentBytes));
        var result = Read(json, TopologyLimits.Default with { MaxDocumentBytes = 64L * 1024 * 1024 });
        var error = LimitError(result, nameof(TopologyLimits.MaxSpansPerFiber));
        Assert.Equal("$.fibers[0].spans", error.Path);
        Assert.Contains("1000000 items", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SpansAtTheBound_Load_AndOneMore_IsRefused()
    {
        var limits = TopologyLimits.Default with { MaxSpansPerFiber = 5 };

        Assert.True(Read(WithSpans(5), limits).IsSuccess);
        LimitError(Read(WithSpans(6), limits), nameof(TopologyLimits.MaxSpansPerFiber));
    }

    [Theory]
    [InlineData(nameof(TopologyLimits.MaxSites), "$.sites")]
    [InlineData(nameof(TopologyLimits.MaxNodes), "$.nodes")]
    [InlineData(nameof(TopologyLimits.MaxFibers), "$.fibers")]
    public void CollectionOverItsBound_IsRefusedAtItsPath(string limit, string path)
    {
        var limits = limit switch
        {
            nameof(TopologyLimits.MaxSites) => TopologyLimits.Default with { MaxSites = 2 },
            nameof(TopologyLimits.MaxNodes) => TopologyLimits.Default with { MaxNodes = 2 },
            _ => TopologyLimits.Default with { MaxFibers = 2 },
        };

        var error = LimitError(Read(DocumentFixtures.ValidTriangle(), limits), limit);

        Assert.Equal(path, error.Path);
    }

    [Fact]
    public void SrlgsAndJurisdictionsOfAFibre_AreBounded()
    {
        var limits = TopologyLimits.Default with { MaxSrlgsPerFiber = 1, MaxJurisdictionsPerFiber = 1 };
        var json = DocumentFixtures.Mutate(d =>
        {
            d["fibers"]![0]!["srlgs"] = new JsonArray("a", "b");
            d["fibers"]![1]!["jurisdictions"] = new JsonArray("DE", "FR");
        });

        var result = Read(json, limits);

        Assert.Contains(result.Errors, e => e.Path == "$.fibers[0].srlgs" && e.Message.Contains(nameof(TopologyLimits.MaxSrlgsPerFiber), StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Path == "$.fibers[1].jurisdictions" && e.Message.Contains(nameof(TopologyLimits.MaxJurisdictionsPerFiber), StringComparison.Ordinal));
    }

    [Fact]
    public void DeepNesting_IsRefused_NamingMaxDepth()
    {
        var json = DocumentFixtures.Mutate(d => d["description"] = "x").Replace("\"description\":\"x\"", "\"description\":" + new string('[', 500) + new string(']', 500), StringComparison.Ordinal);

        var error = LimitError(Read(json), nameof(TopologyLimits.MaxDepth));

        Assert.Equal("$", error.Path);
    }

    [Fact]
    public void ShippedNetworks_FitTheDefaultDepth()
    {
        // The formats nest 5 deep; the default bound leaves room without allowing a pathological document.
        Assert.True(Read(DocumentFixtures.ValidTriangle(), TopologyLimits.Default with { MaxDepth = 6 }).IsSuccess);
    }

    [Fact]
    public void LongString_IsRefused_NamingMaxStringLength()
    {
        var result = Read(DocumentFixtures.Mutate(d => d["sites"]![0]!["name"] = new string('x', 5000)));

        var error = LimitError(result, nameof(TopologyLimits.MaxStringLength));
        Assert.Equal("$.sites[0].name", error.Path);
    }

    [Fact]
    public void DocumentOverMaxDocumentBytes_IsRefusedBeforeParsing()
    {
        var json = DocumentFixtures.ValidTriangle();

        var result = Read(json, TopologyLimits.Default with { MaxDocumentBytes = json.Length - 1 });

        LimitError(result, nameof(TopologyLimits.MaxDocumentBytes));
    }

    [Fact]
    public void EquipmentLists_AreBounded()
    {
        var library = TopologyWriter.WriteEquipment(TestEquipment.Library);

        var result = TopologyReader.ReadEquipment(library, limits: TopologyLimits.Default with { MaxLibraryEntries = 0 });

        Assert.False(result.IsSuccess);
        Assert.Contains(result.Errors, e => e.Code == IssueCodes.LimitExceeded && e.Message.Contains(nameof(TopologyLimits.MaxLibraryEntries), StringComparison.Ordinal));
    }
}

/// <summary>Reading a file never reads unbounded input.</summary>
public sealed class BoundedFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pce-limits-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void EquipmentPointingAtDevZero_FailsFast_WithTheLimitNamed()
    {
        var network = Path.Combine(_folder, "zero.json");
        File.WriteAllText(network, DocumentFixtures.Mutate(d => d["equipment"] = "/dev/zero"));

        var result = NetworkFile.Load(network);

        Assert.False(result.IsSuccess);
        var error = Assert.Single(result.Errors);
        Assert.Equal(IssueCodes.LimitExceeded, error.Code);
        Assert.Equal("$.equipment", error.Path);
        Assert.Contains(nameof(TopologyLimits.MaxDocumentBytes), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FileOverTheBound_IsRefusedFromItsLength()
    {
        var path = Path.Combine(_folder, "big.json");
        File.WriteAllText(path, new string(' ', 2048) + "{}");

        Assert.False(TopologyInput.TryReadFile(path, 1024, out _, out var error));

        Assert.Equal(FileReadFailure.TooLarge, error!.Kind);
        Assert.Contains("2050 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FileThatIsNotUtf8_IsRefused()
    {
        var path = Path.Combine(_folder, "latin1.json");
        File.WriteAllBytes(path, [(byte)'{', 0xE9, (byte)'}']);

        Assert.False(TopologyInput.TryReadFile(path, 1024, out _, out var error));

        Assert.Equal(FileReadFailure.Unreadable, error!.Kind);
    }

    [Theory]
    [InlineData("{\"name\":\"LONG\"}", "$.name", true)]
    [InlineData("{\"sites\":[{\"id\":\"a\"},{\"id\":\"b\", \"tags\":[\"x\",\"LONG\"]}]}", "$.sites[1].tags[1]", true)]
    [InlineData("/* c */ {\"network\": {\"LONG\": 1}}", "$.network.<name>", true)]
    [InlineData("{\"name\":\"ESCAPED\"}", "$.name", false)]
    public void RequestBytes_WithAnOverLongString_AreRefusedOnTheRawTokens_WithItsPathAndTheLimit(string template, string path, bool exact)
    {
        var json = template.Replace("LONG", new string('a', 100_000), StringComparison.Ordinal).Replace("ESCAPED", string.Concat(Enumerable.Repeat("\\u00e9", 100_000)), StringComparison.Ordinal);

        var result = TopologyInput.ReadRequest(Encoding.UTF8.GetBytes(json));

        Assert.False(result.IsSuccess);
        var error = Assert.Single(result.Errors);
        Assert.Equal(IssueCodes.LimitExceeded, error.Code);
        Assert.Equal(path, error.Path);
        Assert.Contains(nameof(TopologyLimits.MaxStringLength), error.Message, StringComparison.Ordinal);
        Assert.Contains(exact ? "has 100000 characters" : "has at least", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RequestBytes_ThatAreValid_ReadAsTheirText_AndNonUtf8IsRefused()
    {
        var text = "// a network\n" + DocumentFixtures.ValidTriangle();
        var envelope = $"{{ \"network\": {text}, \"equipment\": {{}} }}";

        var fromBytes = TopologyInput.ReadRequest(Encoding.UTF8.GetBytes(envelope));
        var fromText = TopologyInput.ReadRequest(envelope);
        var notUtf8 = TopologyInput.ReadRequest(new byte[] { (byte)'{', 0xC3, 0x28, (byte)'}' });

        Assert.True(fromBytes.IsSuccess, string.Join("\n", fromBytes.Issues));
        Assert.Equal(fromText.Value, fromBytes.Value);
        Assert.False(notUtf8.IsSuccess);
        Assert.Contains("not UTF-8", Assert.Single(notUtf8.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamWithADeclaredLength_IsReadIntoOneBufferOfThatSize_AndADeclarationOverTheBoundReadsNothing()
    {
        using var body = new MemoryStream(Encoding.UTF8.GetBytes("{\"a\":1}"));
        using var endless = new CountingZeroStream();

        var (read, _) = await TopologyInput.ReadUtf8Async(body, 4096, declaredLength: 7);
        var (refused, error) = await TopologyInput.ReadUtf8Async(endless, 4096, declaredLength: 10_000);

        Assert.Equal("{\"a\":1}", Encoding.UTF8.GetString(read!.Value.Span));
        Assert.Null(refused);
        Assert.Contains(nameof(TopologyLimits.MaxDocumentBytes), error, StringComparison.Ordinal);
        Assert.Equal(0, endless.BytesRead);
    }

    [Fact]
    public async Task StreamOverTheBound_StopsReadingAfterTheBound()
    {
        using var endless = new CountingZeroStream();

        var (text, error) = await TopologyInput.ReadAsync(endless, 4096);

        Assert.Null(text);
        Assert.Contains(nameof(TopologyLimits.MaxDocumentBytes), error, StringComparison.Ordinal);
        Assert.Equal(4097, endless.BytesRead);
    }

    private sealed class CountingZeroStream : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Array.Clear(buffer, offset, count);
            BytesRead += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
