using System.Globalization;
using System.Text.Json.Nodes;
using Continuum.Pce.Api.Operations;
using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Spectrum;
using static Continuum.Pce.Api.Tapi.TapiNames;

namespace Continuum.Pce.Api.Tapi;

/// <summary>
/// A lightpath as a TAPI connectivity-service, and a path candidate as a TAPI path. The service's end-points name the
/// service-interface-points of the transponder interfaces the lightpath holds; its layer-protocol-constraint shows the
/// L0 attributes the server chose (tapi-photonic-media: the OTSi's central frequency and spectrum width in Hz, the
/// modulation, baud rate and required OSNR of the mode). Figures TAPI 2.5 has no leaf for on a service (estimated GSNR,
/// OSNR margin, latency, length, the mode id, the lifecycle state in our terms) are in its <c>name</c> list.
/// </summary>
public static class TapiConnectivity
{
    public static JsonObject Service(LightpathDto lp, NetworkSnapshot? snapshot, PathTopology? topology)
    {
        var grid = snapshot?.Network.Grid;
        var mode = ModeOf(lp, snapshot);
        var live = lp.State is "Active" or "Degraded" or "Restoring";
        var service = new JsonObject
        {
            ["uuid"] = TapiUuid.Service(lp.Tenant, lp.Id),
            ["name"] = Names(
                ("service-name", lp.Id), ("tenant", lp.Tenant), ("state", lp.State), ("mode", lp.Mode),
                ("latency-us", Fmt(lp.LatencyUs)), ("length-km", Fmt(lp.LengthKm)), ("estimated-gsnr-db", Fmt(lp.GsnrDb)), ("osnr-margin-db", Fmt(lp.MarginDb)),
                ("route", lp.Nodes.Count > 0 ? string.Join(",", lp.Nodes) : null), ("failure-reason", lp.FailureReason ?? lp.CleanupFailure)),
            ["layer-protocol-name"] = PhotonicMedia,
            ["layer-protocol-qualifier"] = Otsi,
            ["direction"] = "BIDIRECTIONAL",
            ["end-point"] = new JsonArray(
                EndPoint("a", lp, TransponderAt(lp, first: true, topology, snapshot), lp.SourceInterface, grid, mode, live),
                EndPoint("z", lp, TransponderAt(lp, first: false, topology, snapshot), lp.DestinationInterface, grid, mode, live)),
            ["connectivity-constraint"] = new JsonObject
            {
                ["service-type"] = "POINT_TO_POINT_CONNECTIVITY",
                ["requested-capacity"] = TapiTopology.Capacity(lp.RateGbps),
            },
            ["administrative-state"] = "UNLOCKED",
            ["operational-state"] = lp.State == "Active" ? "ENABLED" : "DISABLED",
            ["lifecycle-state"] = Lifecycle(lp.State),
        };
        if (snapshot is not null && TapiConnections.Ceps(lp, snapshot, topology).Count > 0)
        {
            service["connection"] = new JsonArray(new JsonObject { ["connection-uuid"] = TapiConnections.ConnectionUuid(lp) });
        }

        var resilience = Resilience(lp);
        if (resilience is not null)
        {
            service["resilience-constraint"] = resilience;
        }

        return service;
    }

    /// <summary>Our lifecycle in TAPI's: not yet in service is PLANNED, in service (also degraded or restoring) INSTALLED, being removed PENDING_REMOVAL.</summary>
    public static string Lifecycle(string state) => state switch
    {
        "Active" or "Degraded" or "Restoring" => "INSTALLED",
        "Deleting" or "Deleted" => "PENDING_REMOVAL",
        _ => "PLANNED",
    };

    /// <summary>A candidate path: its fibre links in order, plus its figures in the name list.</summary>
    public static JsonObject Path(string uuid, CandidateDto candidate, NetworkSnapshot snapshot, int rank)
    {
        var links = new JsonArray();
        foreach (var fiber in candidate.Fibers)
        {
            if (snapshot.Network.TryGetFiber(new FiberId(fiber), out var f))
            {
                links.Add(TapiTopology.LinkRef(f.PairKey().Value));
            }
        }

        var grid = snapshot.Network.Grid;
        var range = new SlotRange(candidate.SlotStart, Math.Max(candidate.SlotCount, 1));
        return new JsonObject
        {
            ["uuid"] = uuid,
            ["name"] = Names(("path-name", $"candidate-{rank}"), ("mode", candidate.Mode), ("line-rate-gbps", candidate.LineRateGbps.ToString(CultureInfo.InvariantCulture)),
                ("central-frequency-hz", candidate.SlotCount > 0 ? (grid.RangeCentre(range).Mhz * 1_000_000).ToString(CultureInfo.InvariantCulture) : null),
                ("spectrum-bandwidth-hz", candidate.SlotCount > 0 ? (candidate.SlotCount * grid.SlotWidthMhz * 1_000_000).ToString(CultureInfo.InvariantCulture) : null),
                ("estimated-gsnr-db", Fmt(candidate.GsnrDb)), ("osnr-margin-db", Fmt(candidate.MarginDb)), ("length-km", Fmt(candidate.LengthKm)),
                ("route", string.Join(",", candidate.Nodes))),
            ["layer-protocol-name"] = PhotonicMedia,
            ["direction"] = "BIDIRECTIONAL",
            ["link"] = links,
            ["routing-constraint"] = new JsonObject
            {
                ["cost-characteristic"] = new JsonArray(
                    new JsonObject { ["cost-name"] = "hops", ["cost-value"] = candidate.Hops.ToString(CultureInfo.InvariantCulture) },
                    new JsonObject { ["cost-name"] = "length-km", ["cost-value"] = Fmt(candidate.LengthKm) }),
                ["latency-characteristic"] = new JsonArray(new JsonObject { ["traffic-property-name"] = "end-to-end-us", ["fixed-latency-characteristic"] = Fmt(candidate.LatencyUs) }),
            },
        };
    }

    private static JsonObject EndPoint(string localId, LightpathDto lp, Transponder? transponder, int? port, SpectrumGrid? grid, TransceiverMode? mode, bool live)
    {
        var ep = new JsonObject
        {
            ["local-id"] = localId,
            ["layer-protocol-name"] = PhotonicMedia,
            ["layer-protocol-qualifier"] = Otsi,
            ["direction"] = "BIDIRECTIONAL",
            ["role"] = "SYMMETRIC",
        };
        if (transponder is not null && port is { } p)
        {
            ep["service-interface-point"] = new JsonObject { ["service-interface-point-uuid"] = TapiUuid.Sip(transponder.Id.Value, p) };
        }

        ep["capacity"] = TapiTopology.Capacity(lp.RateGbps);
        if (grid is not null && lp.SlotStart is { } start && lp.SlotCount is { } count && count > 0 && start >= 0)
        {
            var range = new SlotRange(start, count);
            var centreHz = grid.RangeCentre(range).Mhz * 1_000_000;
            var otsi = new JsonObject { ["local-id"] = "1", ["central-frequency"] = U64(centreHz) };
            if (mode is not null)
            {
                var explicitMode = new JsonObject { ["baud-rate"] = U64((long)Math.Round(mode.BaudRateGbaud * 1e9)), ["roll-off"] = Dec(mode.RollOff, 3), ["min-osnr"] = Dec(mode.RequiredOsnrDb, 2) };
                if (Modulation(mode.Format) is { } modulation)
                {
                    explicitMode["standard-modulation-type"] = modulation;
                }

                otsi["common-explicit"] = explicitMode;
            }

            ep["layer-protocol-constraint"] = new JsonArray(new JsonObject
            {
                ["local-id"] = "otsi",
                ["layer-protocol-name"] = PhotonicMedia,
                ["layer-protocol-qualifier"] = Otsi,
                ["tapi-photonic-media:otsi-mcg-connectivity-service-end-point-spec"] = new JsonObject
                {
                    ["otsi-mc-frequency-config-pac"] = new JsonArray(new JsonObject
                    {
                        ["local-id"] = "1",
                        ["central-frequency"] = U64(centreHz),
                        ["spectrum-bandwidth"] = U64(count * grid.SlotWidthMhz * 1_000_000),
                    }),
                },
                ["tapi-photonic-media:otsia-connectivity-service-end-point-spec"] = new JsonObject { ["otsi-config"] = new JsonArray(otsi) },
            });
        }

        ep["administrative-state"] = "UNLOCKED";
        ep["operational-state"] = live && lp.State == "Active" ? "ENABLED" : "DISABLED";
        ep["lifecycle-state"] = Lifecycle(lp.State);
        return ep;
    }

    private static JsonObject? Resilience(LightpathDto lp)
    {
        var type = new JsonObject();
        if (lp.Protection is not null)
        {
            type["protection-type"] = "ONE_PLUS_ONE_PROTECTION";
        }

        var restoring = lp.Restoration is { Policy: "restore" or "restore-revertive" };
        if (restoring)
        {
            type["restoration-policy"] = "END_TO_END_RESTORATION";
        }

        if (type.Count == 0)
        {
            return null;
        }

        var resilience = new JsonObject { ["resilience-type"] = type };
        if (restoring)
        {
            resilience["restore-priority"] = U64(lp.Restoration!.Priority);
            resilience["reversion-mode"] = lp.Restoration.Policy == "restore-revertive" ? "REVERTIVE" : "NON_REVERTIVE";
        }

        return resilience;
    }

    /// <summary>The transponder at one end: the one attached to the path's first (last) ROADM, else the endpoint as requested.</summary>
    internal static Transponder? TransponderAt(LightpathDto lp, bool first, PathTopology? topology, NetworkSnapshot? snapshot)
    {
        if (topology is null || snapshot is null)
        {
            return null;
        }

        var endpoint = lp.Nodes.Count > 0 ? (first ? lp.Nodes[0] : lp.Nodes[^1]) : (first ? lp.Source : lp.Destination);
        if (!topology.TryResolveRoadm(endpoint, out var roadm) || !topology.TryGetTransponder(roadm, out var trx))
        {
            return null;
        }

        return snapshot.Network.TryGetNode(trx, out var node) ? node as Transponder : null;
    }

    private static TransceiverMode? ModeOf(LightpathDto lp, NetworkSnapshot? snapshot)
    {
        if (lp.Mode is null || snapshot is null)
        {
            return null;
        }

        foreach (var type in snapshot.Equipment.Transceivers)
        {
            if (type.TryGetMode(new ModeId(lp.Mode), out var mode))
            {
                return mode;
            }
        }

        return null;
    }

    /// <summary>The tapi-photonic-media standard-modulation-technique of a format ("DP-16QAM" → 16QAM), or null when TAPI has none for it.</summary>
    private static string? Modulation(string format)
    {
        var name = format.StartsWith("DP-", StringComparison.Ordinal) ? format[3..] : format;
        return name is "RZ" or "NRZ" or "BPSK" or "DPSK" or "QPSK" or "8QAM" or "16QAM" or "PAM4" or "PAM8" ? name : null;
    }

    private static string? Fmt(double? value) => value is { } v ? Math.Round(v, 3).ToString(CultureInfo.InvariantCulture) : null;
}
