using System.Text.Json;
using System.Text.Json.Nodes;
using Continuum.Pce.Physics.Line;

namespace Continuum.Pce.Cli.Gnpy;

/// <summary>
/// Writes a designed line network back as a GNPy network file (GNPy's <c>--save-network</c>): the elements the design
/// added, the models it chose, the gains, ΔP and VOAs it set, and the connector losses and padding of every fibre.
/// </summary>
public static class GnpyNetworkWriter
{
    public static string Write(LineNetwork network, string name = "designed")
    {
        ArgumentNullException.ThrowIfNull(network);
        var elements = new JsonArray();
        foreach (var e in network.Elements)
        {
            var item = new JsonObject { ["uid"] = e.Uid };
            switch (e)
            {
                case LineTransceiver:
                    item["type"] = "Transceiver";
                    break;
                case LineFused fused:
                    item["type"] = "Fused";
                    item["params"] = new JsonObject { ["loss"] = fused.LossDb };
                    break;
                case LineRoadm roadm:
                    item["type"] = "Roadm";
                    item["type_variety"] = roadm.Settings.Variety;
                    var p = new JsonObject();
                    if (roadm.Settings.TargetPchOutDbm is { } pch)
                    {
                        p["target_pch_out_db"] = pch;
                    }
                    else if (roadm.Settings.TargetPsdOutMwPerGhz is { } psd)
                    {
                        p["target_psd_out_mWperGHz"] = psd;
                    }
                    else if (roadm.Settings.TargetOutMwPerSlotWidth is { } psw)
                    {
                        p["target_out_mWperSlotWidth"] = psw;
                    }

                    p["restrictions"] = new JsonObject
                    {
                        ["preamp_variety_list"] = new JsonArray([.. roadm.Settings.PreampVarieties.Select(v => JsonValue.Create(v))]),
                        ["booster_variety_list"] = new JsonArray([.. roadm.Settings.BoosterVarieties.Select(v => JsonValue.Create(v))]),
                    };
                    if (roadm.Settings.PerDegreePchOutDbm.Count > 0)
                    {
                        p["per_degree_pch_out_db"] = new JsonObject([.. roadm.Settings.PerDegreePchOutDbm.Select(kv => KeyValuePair.Create<string, JsonNode?>(kv.Key, kv.Value))]);
                    }

                    item["params"] = p;
                    break;
                case LineFiber fiber:
                    var s = fiber.Settings;
                    item["type"] = s.Raman ? "RamanFiber" : "Fiber";
                    item["type_variety"] = s.Variety;
                    item["params"] = new JsonObject
                    {
                        ["length"] = Math.Round(s.LengthM / 1e3, 6),
                        ["length_units"] = "km",
                        ["loss_coef"] = s.LossDbPerKm,
                        ["att_in"] = s.AttInDb,
                        ["con_in"] = s.ConnectorInDb,
                        ["con_out"] = s.ConnectorOutDb,
                        ["pmd_coef"] = s.PmdCoefficient,
                    };
                    break;
                case LineAmplifier amplifier:
                    item["type"] = "Edfa";
                    item["type_variety"] = amplifier.Model?.Variety ?? "";
                    item["operational"] = new JsonObject
                    {
                        ["gain_target"] = amplifier.EffectiveGainDb is { } g ? Math.Round(g, 6) : null,
                        ["delta_p"] = amplifier.DeltaPDb,
                        ["tilt_target"] = amplifier.TiltTargetDb,
                        ["out_voa"] = amplifier.OutVoaDb,
                    };
                    break;
            }

            elements.Add(item);
        }

        var connections = new JsonArray();
        foreach (var e in network.Elements)
        {
            foreach (var next in network.Successors(e))
            {
                connections.Add(new JsonObject { ["from_node"] = e.Uid, ["to_node"] = next.Uid });
            }
        }

        var root = new JsonObject { ["network_name"] = name, ["elements"] = elements, ["connections"] = connections };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
