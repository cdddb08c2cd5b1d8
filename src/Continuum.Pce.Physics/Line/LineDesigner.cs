namespace Continuum.Pce.Physics.Line;

/// <summary>
/// The design rules of an equipment library (GNPy's <c>Span</c> and <c>SI</c> entries) that the network design reads.
/// </summary>
/// <param name="PowerMode">Amplifiers hold a per-channel output power (true) or a gain (false).</param>
/// <param name="DeltaPowerRangeDb">Lower bound, upper bound and step of the per-span launch power offset.</param>
/// <param name="TargetExtendedGainDb">How far above its flat maximum an amplifier may be driven when chosen.</param>
/// <param name="MaxLengthM">A longer fibre is an intent: it is split into spans of about 90 km.</param>
/// <param name="PaddingDb">Spans with less loss get an input attenuator up to this loss.</param>
/// <param name="EolDb">End-of-life margin added to the output connector of every span.</param>
/// <param name="DesignBandFMinHz">Design band (the SI's), which an amplifier chosen by the design must cover.</param>
/// <param name="TransceiverPowerDbm">Transceiver output power if the SI sets one (tx_power_dbm).</param>
public sealed record DesignRules(
    bool PowerMode,
    IReadOnlyList<double> DeltaPowerRangeDb,
    double TargetExtendedGainDb,
    double MaxLengthM,
    double PaddingDb,
    double EolDb,
    double ConInDb,
    double ConOutDb,
    double MaxFiberLineicLossForRaman,
    double DesignBandFMinHz,
    double DesignBandFMaxHz,
    double ReferenceBaudRateHz,
    double ReferenceSpacingHz,
    double? TransceiverPowerDbm);

/// <summary>An error in a network that the design cannot resolve.</summary>
public sealed class LineDesignException(string message) : Exception(message);

/// <summary>
/// GNPy's network design ("autodesign", <c>gnpy/core/network.py</c>), written from its published behaviour:
/// <list type="number">
/// <item>missing elements: fibres longer than the maximum span length split into equal spans, a pre-amplifier before and
/// a booster after every ROADM degree that has none, an amplifier between two fibres;</item>
/// <item>fibre attributes: default connector losses, the end-of-life margin, input padding of short spans;</item>
/// <item>per OMS (from each ROADM degree or transceiver to the next ROADM or transceiver): every amplifier's output
/// power offset ΔP (from the next span's loss: (loss − 20 dB) · 0.3, rounded and clamped to the span rules, or the
/// user's delta_p) and gain (span loss + ΔP − previous ΔP in power mode; the user's gain in gain mode), a model where
/// none is named (the lowest-NF model meeting the gain and power needs, within the ROADM's booster or pre-amplifier
/// restrictions), and a power reduction where the total output would exceed p_max.</item>
/// </list>
/// </summary>
public sealed class LineDesigner(IReadOnlyDictionary<string, AmplifierModel> amplifiers, DesignRules rules)
{
    public DesignRules Rules { get; } = rules;

    /// <summary>Warnings of the last operation (power reductions, gains outside a model's range).</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>GNPy's <c>automatic_nch</c>: channels of a comb from f_min (exclusive) to f_max at a spacing.</summary>
    public static int ChannelCount(double fMinHz, double fMaxHz, double spacingHz) => (int)Math.Floor((fMaxHz - fMinHz) / spacingHz);

    /// <summary>Adds the elements GNPy adds before a design: span splits, ROADM boosters and pre-amplifiers, in-line amplifiers.</summary>
    public void AddMissingElements(LineNetwork network)
    {
        var minLength = Math.Max((int)(Rules.PaddingDb / 0.2 * 1e3), 50_000);
        var maxLength = (int)Rules.MaxLengthM;
        var targetLength = Math.Max(minLength, Math.Min(maxLength, 90_000));
        foreach (var fiber in network.Elements.OfType<LineFiber>().ToList())
        {
            Split(network, fiber, minLength, maxLength, targetLength);
        }

        foreach (var roadm in network.Elements.OfType<LineRoadm>().ToList())
        {
            foreach (var previous in network.Predecessors(roadm).Where(n => n is not (LineTransceiver or LineFused or LineAmplifier)).ToList())
            {
                Insert(network, previous, roadm, new LineAmplifier($"Edfa_preamp_{roadm.Uid}_from_{previous.Uid}", null, AmplifierSettings.Auto));
            }

            foreach (var next in network.Successors(roadm).Where(n => n is not (LineTransceiver or LineFused or LineAmplifier)).ToList())
            {
                Insert(network, roadm, next, new LineAmplifier($"Edfa_booster_{roadm.Uid}_to_{next.Uid}", null, AmplifierSettings.Auto));
            }
        }

        foreach (var fiber in network.Elements.OfType<LineFiber>().ToList())
        {
            if (network.Next(fiber) is LineFiber next)
            {
                Insert(network, fiber, next, new LineAmplifier($"Edfa_{fiber.Uid}", null, AmplifierSettings.Auto));
            }
        }
    }

    private static void Insert(LineNetwork network, LineElement from, LineElement to, LineElement element)
    {
        network.Disconnect(from, to);
        network.Add(element);
        network.Connect(from, element);
        network.Connect(element, to);
    }

    private static void Split(LineNetwork network, LineFiber fiber, int minLength, int maxLength, int targetLength)
    {
        var length = fiber.Settings.LengthM;
        if (length < maxLength)
        {
            return;
        }

        var n2 = (int)Math.Floor(length / targetLength);
        var n1 = n2 + 1;
        var length1 = length / n1;
        var length2 = length / n2;
        bool Within(double l) => minLength <= l && l <= maxLength;
        var (newLength, count) = Within(length1) && !Within(length2) ? (length1, n1)
            : Within(length2) && !Within(length1) ? (length2, n2)
            : length2 - targetLength <= targetLength - length1 && length2 <= maxLength ? (length2, n2)
            : (length1, n1);
        if (count == 1)
        {
            return;
        }

        var previous = network.Previous(fiber) ?? throw new LineDesignException($"Fiber {fiber.Uid} is not properly connected");
        var next = network.Next(fiber) ?? throw new LineDesignException($"Fiber {fiber.Uid} is not properly connected");
        network.Remove(fiber);
        LineElement last = previous;
        for (var k = 1; k <= count; k++)
        {
            var span = new LineFiber($"{fiber.Uid}_({k}/{count})", fiber.Settings with { LengthM = newLength });
            network.Add(span);
            network.Connect(last, span);
            last = span;
        }

        network.Connect(last, next);
    }

    /// <summary>
    /// Designs the network for a reference channel of <paramref name="referenceChannelDbm"/> per channel and
    /// <paramref name="designChannels"/> channels (GNPy's <c>design_network</c>); connector losses and padding are
    /// set only on the first design (<paramref name="setConnectorLosses"/>), as GNPy does before a power sweep.
    /// </summary>
    public void Design(LineNetwork network, double referenceChannelDbm, int designChannels, bool setConnectorLosses = true)
    {
        Warnings.Clear();
        var referenceTotalDbm = AmplifierDesign.ReferenceTotalDbm(referenceChannelDbm, designChannels);
        var fibers = network.Elements.OfType<LineFiber>().ToList();
        if (setConnectorLosses)
        {
            foreach (var fiber in fibers)
            {
                var s = fiber.Settings;
                var conOut = (s.ConnectorOutDb ?? Rules.ConOutDb) + (network.Next(fiber) is LineFused ? 0 : Rules.EolDb);
                fiber.Settings = s with { ConnectorInDb = s.ConnectorInDb ?? Rules.ConInDb, ConnectorOutDb = conOut };
            }

            foreach (var fiber in fibers)
            {
                if (network.Next(fiber) is LineFused || fiber.Settings.Raman)
                {
                    continue;
                }

                var loss = SpanLoss(network, fiber);
                fiber.DesignSpanLossDb = loss;
                if (loss < Rules.PaddingDb && FindFirst(network, fiber) is LineFiber first)
                {
                    first.Settings = first.Settings with { AttInDb = first.Settings.AttInDb + Rules.PaddingDb - loss };
                    fiber.DesignSpanLossDb += first.Settings.AttInDb;
                }
            }
        }

        foreach (var origin in network.Elements.OfType<LineRoadm>().Cast<LineElement>().Concat(network.Elements.OfType<LineTransceiver>()).ToList())
        {
            DesignEgress(network, origin, referenceChannelDbm, referenceTotalDbm);
        }
    }

    private void DesignEgress(LineNetwork network, LineElement origin, double referenceChannelDbm, double referenceTotalDbm)
    {
        foreach (var first in network.Successors(origin).Where(n => n is not LineTransceiver).ToList())
        {
            var originPower = origin is LineRoadm roadm
                ? roadm.TargetDbm(first.Uid, Rules.ReferenceBaudRateHz, Rules.ReferenceSpacingHz)
                : Rules.TransceiverPowerDbm ?? referenceChannelDbm;
            var previousDp = originPower - referenceChannelDbm;
            var previousVoa = 0.0;
            var previous = origin;
            var node = first;
            var visited = new HashSet<LineElement>();
            while (node is not (LineRoadm or LineTransceiver))
            {
                if (!visited.Add(node))
                {
                    throw new LineDesignException($"loop detected at {node}: check the network's connections");
                }

                var next = network.Next(node) ?? throw new LineDesignException($"{node} is not properly connected (no successor)");
                if (node is LineAmplifier amplifier)
                {
                    (previousDp, previousVoa) = DesignAmplifier(network, amplifier, previous, next, previousVoa, previousDp, referenceChannelDbm, referenceTotalDbm);
                }

                previous = node;
                node = next;
            }
        }
    }

    private (double Dp, double Voa) DesignAmplifier(
        LineNetwork network, LineAmplifier node, LineElement previous, LineElement next, double previousVoa, double previousDp, double referenceChannelDbm, double referenceTotalDbm)
    {
        var candidates = Candidates(node, previous, next);
        if (candidates.Count == 0)
        {
            throw new LineDesignException($"{node.Uid}: the design found no amplifier in the library covering the design band within the ROADM's booster/pre-amplifier restrictions");
        }

        var powerMode = Rules.PowerMode;
        var nodeLoss = SpanLoss(network, previous);
        var voa = node.OutVoaDb ?? 0;
        var dp = node.Settings.DeltaPDb ?? TargetPower(network, next) + voa;
        double gain;
        if (node.EffectiveGainDb is null || powerMode)
        {
            gain = AmplifierDesign.PowerModeGainDb(nodeLoss, dp, previousDp, previousVoa);
        }
        else
        {
            gain = node.EffectiveGainDb.Value;
            dp = AmplifierDesign.GainModeDeltaPDb(gain, nodeLoss, previousDp, previousVoa);
        }

        var powerTarget = referenceTotalDbm + dp;
        var ramanAllowed = previous is LineFiber pf && pf.Settings.LossDbPerKm < Rules.MaxFiberLineicLossForRaman;
        double reduction;
        if (node.Model is null)
        {
            (node.Model, reduction) = Select(node.Uid, ramanAllowed, gain, powerTarget, candidates);
        }
        else
        {
            var pMax = node.Model.PMaxDbm;
            reduction = AmplifierDesign.PowerReductionDb(
                pMax, referenceTotalDbm, powerMode ? dp : AmplifierDesign.GainModeDeltaPDb(gain, nodeLoss, previousDp, previousVoa));
            if (gain - node.Model.GainFlatMaxDb - Rules.TargetExtendedGainDb > 1e-2)
            {
                Warnings.Add($"{node.Uid}: gain {gain:0.00} dB is above {node.Model.Variety}'s flat maximum {node.Model.GainFlatMaxDb} dB plus the extended range");
            }
        }

        if (reduction < 0)
        {
            Warnings.Add($"{node.Uid}: power reduction of {reduction:0.00} dB (total output would exceed p_max)");
        }

        dp += reduction;
        gain += reduction;
        node.PowerReductionDb = reduction;
        node.DeltaPDb = powerMode ? dp : null;
        node.EffectiveGainDb = gain;
        node.TiltTargetDb = node.Settings.TiltTargetDb ?? 0;
        if (node.OutVoaDb is null)
        {
            var outVoa = 0.0;
            if (powerMode && node.Model.OutVoaAuto)
            {
                outVoa = Math.Max(Db.RoundToStep(Math.Min(node.Model.PMaxDbm - powerTarget, node.Model.GainFlatMaxDb - gain), 0.5) - 1, 0);
                node.DeltaPDb += outVoa;
                node.EffectiveGainDb += outVoa;
            }

            node.OutVoaDb = outVoa;
        }

        node.DesignDeltaPDb = powerMode ? node.DeltaPDb!.Value : dp;
        node.TargetPchOutDbm = node.DeltaPDb is null ? null
            : Math.Round((node.Settings.DeltaPDb ?? node.DeltaPDb.Value) + referenceChannelDbm, 2);
        return (dp, voa);
    }

    /// <summary>The models the design may use for an amplifier: its own, or the library's within restrictions and band.</summary>
    private List<AmplifierModel> Candidates(LineAmplifier node, LineElement previous, LineElement next)
    {
        if (node.Model is { } model)
        {
            return [model];
        }

        IReadOnlyList<string> restrictions = previous is LineRoadm { Settings.BoosterVarieties.Count: > 0 } r1 ? r1.Settings.BoosterVarieties
            : next is LineRoadm { Settings.PreampVarieties.Count: > 0 } r2 ? r2.Settings.PreampVarieties
            : [];
        return [.. amplifiers.Values.Where(a =>
            a.Kind != AmplifierKind.MultiBand
            && a.FMinHz <= Rules.DesignBandFMinHz && a.FMaxHz >= Rules.DesignBandFMaxHz
            && (restrictions.Contains(a.Variety) || (restrictions.Count == 0 && a.AllowedForDesign)))];
    }

    /// <summary>GNPy's <c>select_edfa</c>: among models meeting the gain and power needs, the lowest noise figure.</summary>
    private (AmplifierModel Model, double PowerReduction) Select(string uid, bool ramanAllowed, double gain, double powerTarget, List<AmplifierModel> candidates)
    {
        var pin = powerTarget - gain;
        var options = new List<(AmplifierModel Model, double Power, double GainMin, double Nf)>();
        foreach (var a in candidates.Where(a => !a.Raman))
        {
            options.Add((a, Math.Min(pin + a.GainFlatMaxDb + Rules.TargetExtendedGainDb, a.PMaxDbm) - powerTarget, gain + 3 - a.GainMinDb, DesignNoiseFigure(a, gain)));
        }

        var edfaCount = options.Count;
        if (ramanAllowed)
        {
            foreach (var a in candidates.Where(a => a.Raman && a.AllowedForDesign))
            {
                options.Add((a, Math.Min(pin + a.GainFlatMaxDb + Rules.TargetExtendedGainDb, a.PMaxDbm) - powerTarget, gain - a.GainMinDb, DesignNoiseFigure(a, gain)));
            }
        }

        var acceptable = options.Where(o => o.GainMin > 0).ToList();
        if (acceptable.Count == 0)
        {
            if (edfaCount == 0)
            {
                throw new LineDesignException($"{uid}: no amplifier satisfies the minimum gain requirement; increase the span padding");
            }

            Warnings.Add($"{uid}: target gain {gain:0.00} dB is below every model's minimum gain; an input pad is assumed");
            acceptable = options.Take(edfaCount).ToList();
        }

        var powered = acceptable.Where(o => o.Power > 0).ToList();
        if (powered.Count == 0)
        {
            var best = acceptable.Max(o => o.Power);
            powered = acceptable.Where(o => o.Power - best > -0.3).ToList();
        }

        var chosen = powered[0];
        foreach (var o in powered)
        {
            if (o.Nf < chosen.Nf)
            {
                chosen = o;
            }
        }

        return (chosen.Model, Math.Min(chosen.Power, 0));
    }

    /// <summary>GNPy's <c>edfa_nf</c>: the mean NF at a gain, read at 0 dBm total input, 88 channels, 50 GHz.</summary>
    public static double DesignNoiseFigure(AmplifierModel model, double gainDb) => model.NoiseFigure(gainDb, 0, 88, 50e9).NfDb;

    private double TargetPower(LineNetwork network, LineElement next)
    {
        if (next is LineRoadm)
        {
            return 0;
        }

        var loss = SpanLoss(network, next);
        var range = Rules.DeltaPowerRangeDb;
        var dp = Db.RoundToStep((loss - 20) * 0.3, range[2]);
        return Math.Min(range[1], Math.Max(range[0], dp));
    }

    /// <summary>Loss of the span (fibres spliced by fused elements) an element belongs to, dB.</summary>
    public static double SpanLoss(LineNetwork network, LineElement node)
    {
        if (node is LineFiber { DesignSpanLossDb: { } cached })
        {
            return cached;
        }

        var loss = node.Passive ? node.LossDb : 0;
        loss += Chain(network, node, backwards: true).Sum(n => n.LossDb);
        loss += Chain(network, node, backwards: false).Sum(n => n.LossDb);
        return loss;
    }

    /// <summary>The fibres and fused elements spliced to a node, walking one way (GNPy's prev/next_node_generator).</summary>
    private static IEnumerable<LineElement> Chain(LineNetwork network, LineElement node, bool backwards)
    {
        var current = node;
        while (true)
        {
            var other = backwards ? network.Previous(current) : network.Next(current);
            if (other is null)
            {
                yield break;
            }

            var spliced = (other is LineFused && current is LineFiber or LineFused) || (other is LineFiber or LineFused && current is LineFused);
            if (!spliced)
            {
                yield break;
            }

            yield return other;
            current = other;
        }
    }

    private static LineElement FindFirst(LineNetwork network, LineElement node) => Chain(network, node, backwards: true).LastOrDefault() ?? node;
}
