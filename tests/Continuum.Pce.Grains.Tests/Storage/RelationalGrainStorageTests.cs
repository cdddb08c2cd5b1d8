using Continuum.Pce.Grains.Storage;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using Xunit;

namespace Continuum.Pce.Grains.Tests.Storage;

public sealed class RelationalGrainStorageTests : IDisposable
{
    private readonly TempSqliteStore _temp = new();
    private readonly RelationalGrainStorage _storage;
    private readonly GrainId _grain = GrainId.Create("fiber", "FRA-PAR");

    public RelationalGrainStorageTests()
    {
        _storage = new RelationalGrainStorage("pce", _temp.Store);
    }

    public enum Health
    {
        Up,
        Down,
    }

    [StateSchema(2)]
    public sealed class SampleState
    {
        public List<int> Slots { get; set; } = [];

        public Health Health { get; set; }

        public string? Note { get; set; }
    }

    [Fact]
    public async Task Read_NothingStored_GivesDefaultStateAndNoETag()
    {
        var state = new GrainState<SampleState>();

        await _storage.ReadStateAsync("state", _grain, state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Empty(state.State!.Slots);
    }

    [Fact]
    public async Task WriteThenRead_RoundTripsTheStateWithItsETag()
    {
        var written = new GrainState<SampleState>(new SampleState { Slots = [1, 2, 3], Health = Health.Down });
        await _storage.WriteStateAsync("state", _grain, written);

        var read = new GrainState<SampleState>();
        await _storage.ReadStateAsync("state", _grain, read);

        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal([1, 2, 3], read.State!.Slots);
        Assert.Equal(Health.Down, read.State.Health);
    }

    [Fact]
    public async Task StoredPayload_HasNoDotNetTypeNames_AndRecordsTheSchemaVersion()
    {
        await _storage.WriteStateAsync("state", _grain, new GrainState<SampleState>(new SampleState { Slots = [7], Health = Health.Up }));

        var stored = await _temp.Store.ReadAsync(_grain.Type.ToString()!, _grain.Key.ToString()!, "state");

        Assert.Equal("{\"slots\":[7],\"health\":\"up\"}", stored!.Payload);
        Assert.Equal(2, stored.SchemaVersion);
    }

    [Fact]
    public async Task Write_FromAStaleCopy_ThrowsInconsistentState()
    {
        var first = new GrainState<SampleState>(new SampleState());
        await _storage.WriteStateAsync("state", _grain, first);
        var stale = new GrainState<SampleState> { State = new SampleState(), ETag = first.ETag, RecordExists = true };
        await _storage.WriteStateAsync("state", _grain, first);

        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("state", _grain, stale));
    }

    [Fact]
    public async Task Clear_RemovesTheRecord()
    {
        var state = new GrainState<SampleState>(new SampleState { Slots = [1] });
        await _storage.WriteStateAsync("state", _grain, state);

        await _storage.ClearStateAsync("state", _grain, state);

        var read = new GrainState<SampleState>();
        await _storage.ReadStateAsync("state", _grain, read);
        Assert.False(read.RecordExists);
    }

    public void Dispose() => _temp.Dispose();
}
