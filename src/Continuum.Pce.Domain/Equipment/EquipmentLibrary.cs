using System.Collections.Immutable;
using Continuum.Pce.Domain.Identity;

namespace Continuum.Pce.Domain.Equipment;

/// <summary>
/// The equipment library, kept apart from the network: transceiver types and modes, amplifier types, fibre types and
/// ROADM types. Networks refer to entries by id.
/// </summary>
public sealed class EquipmentLibrary
{
    private readonly Dictionary<TransceiverTypeId, TransceiverType> _transceivers;
    private readonly Dictionary<AmplifierTypeId, AmplifierType> _amplifiers;
    private readonly Dictionary<FiberTypeId, FiberType> _fibers;
    private readonly Dictionary<RoadmTypeId, RoadmType> _roadms;

    public EquipmentLibrary(
        string name,
        string currency,
        IEnumerable<TransceiverType> transceivers,
        IEnumerable<AmplifierType> amplifiers,
        IEnumerable<FiberType> fibers,
        IEnumerable<RoadmType> roadms)
    {
        Name = name;
        Currency = currency;
        Transceivers = [.. transceivers];
        Amplifiers = [.. amplifiers];
        FiberTypes = [.. fibers];
        RoadmTypes = [.. roadms];
        _transceivers = IdIndex.Build(Transceivers, t => t.Id, "transceiver type");
        _amplifiers = IdIndex.Build(Amplifiers, a => a.Id, "amplifier type");
        _fibers = IdIndex.Build(FiberTypes, f => f.Id, "fibre type");
        _roadms = IdIndex.Build(RoadmTypes, r => r.Id, "ROADM type");
    }

    public string Name { get; }

    /// <summary>ISO 4217 currency of every cost field (for example "USD").</summary>
    public string Currency { get; }

    public ImmutableArray<TransceiverType> Transceivers { get; }

    public ImmutableArray<AmplifierType> Amplifiers { get; }

    public ImmutableArray<FiberType> FiberTypes { get; }

    public ImmutableArray<RoadmType> RoadmTypes { get; }

    public bool TryGetTransceiver(TransceiverTypeId id, out TransceiverType type) => _transceivers.TryGetValue(id, out type!);

    public bool TryGetAmplifier(AmplifierTypeId id, out AmplifierType type) => _amplifiers.TryGetValue(id, out type!);

    public bool TryGetFiberType(FiberTypeId id, out FiberType type) => _fibers.TryGetValue(id, out type!);

    public bool TryGetRoadmType(RoadmTypeId id, out RoadmType type) => _roadms.TryGetValue(id, out type!);

    public TransceiverType Transceiver(TransceiverTypeId id) =>
        _transceivers.TryGetValue(id, out var t) ? t : throw new KeyNotFoundException($"transceiver type '{id}' is not in library '{Name}'");

    public AmplifierType Amplifier(AmplifierTypeId id) =>
        _amplifiers.TryGetValue(id, out var t) ? t : throw new KeyNotFoundException($"amplifier type '{id}' is not in library '{Name}'");

    public FiberType FiberType(FiberTypeId id) =>
        _fibers.TryGetValue(id, out var t) ? t : throw new KeyNotFoundException($"fibre type '{id}' is not in library '{Name}'");

    public RoadmType RoadmType(RoadmTypeId id) =>
        _roadms.TryGetValue(id, out var t) ? t : throw new KeyNotFoundException($"ROADM type '{id}' is not in library '{Name}'");
}
