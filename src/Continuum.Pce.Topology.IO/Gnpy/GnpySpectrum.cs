using System.Text.Json;

namespace Continuum.Pce.Topology.IO.Gnpy;

/// <summary>One partition of a GNPy initial spectrum file: carriers from f_min to f_max, one per slot width.</summary>
public sealed record GnpySpectrumPartition(
    double FMin,
    double FMax,
    double BaudRate,
    double SlotWidth,
    double RollOff,
    double DeltaPdb,
    double TxOsnr,
    double TxPowerDbm,
    string Label)
{
    /// <summary>Carrier centres: f_min + k·slot_width, k = 0 … ⌊(f_max − f_min) / slot_width⌋ (GNPy's _spectrum_from_json).</summary>
    public IReadOnlyList<double> Centres()
    {
        var count = (int)Math.Floor((FMax - FMin) / SlotWidth) + 1;
        return [.. Enumerable.Range(0, count).Select(k => FMin + k * SlotWidth)];
    }
}

/// <summary>Reads GNPy's initial spectrum files (<c>--spectrum</c>): <c>{"spectrum": [partition, …]}</c>.</summary>
public static class GnpySpectrumReader
{
    public static IReadOnlyList<GnpySpectrumPartition> Load(string path) => Parse(TopologyInput.ReadFile(path));

    public static IReadOnlyList<GnpySpectrumPartition> Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var errors = new List<string>();
        var partitions = new List<GnpySpectrumPartition>();
        var i = 0;
        foreach (var p in GnpyCatalogueReader.Items(document.RootElement, "spectrum"))
        {
            var path = $"$.spectrum[{i}]";
            if (p.Num("f_min") is not { } fMin || p.Num("f_max") is not { } fMax || p.Num("baud_rate") is not { } baud
                || p.Num("slot_width") is not { } slot || p.Num("roll_off") is not { } rollOff)
            {
                errors.Add($"{path}: needs f_min, f_max, baud_rate, slot_width and roll_off");
                i++;
                continue;
            }

            if (slot <= 0 || fMax < fMin)
            {
                errors.Add($"{path}: needs slot_width > 0 and f_max ≥ f_min");
                i++;
                continue;
            }

            partitions.Add(new GnpySpectrumPartition(
                fMin, fMax, baud, slot, rollOff, p.Num("delta_pdb") ?? 0, p.Num("tx_osnr") ?? 40, p.Num("tx_power_dbm") ?? 0, p.Str("label") ?? $"{i}-{baud * 1e-9:0.00}G"));
            i++;
        }

        if (partitions.Count == 0 && errors.Count == 0)
        {
            errors.Add("$.spectrum: no partition");
        }

        var ordered = partitions.OrderBy(p => p.FMin).ToList();
        for (var k = 1; k < ordered.Count; k++)
        {
            var last = ordered[k - 1].Centres()[^1] + ordered[k - 1].SlotWidth / 2;
            if (last > ordered[k].FMin - ordered[k].SlotWidth / 2)
            {
                errors.Add($"$.spectrum: partition '{ordered[k].Label}' overlaps the one before it");
            }
        }

        if (errors.Count > 0)
        {
            throw new GnpyFormatException(errors);
        }

        return ordered;
    }
}
