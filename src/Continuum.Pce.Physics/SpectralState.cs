namespace Continuum.Pce.Physics;

/// <summary>
/// The spectral state of a path as struct-of-arrays, one entry per channel, in SI units (Hz, W, s, s/m, s²).
/// Channels <c>[0, TracedCount)</c> are traced: their noise, NLI, dispersion and latency are accumulated and reported.
/// Channels <c>[TracedCount, Count)</c> are interferers only: their signal power matters (it drives the NLI of the
/// traced channels) but their own noise is not needed, so it is never accumulated: an interferer's ASE and NLI stay
/// zero and the elements pass over interferers with one vector loop on their signal. The arrays are reused across evaluations: once they have grown
/// to the largest channel count, evaluating a path allocates nothing.
/// </summary>
public sealed class SpectralState
{
    private double[] _frequencyHz = new double[128];
    private double[] _baudRate = new double[128];
    private double[] _rollOff = new double[128];
    private double[] _signal = new double[128];
    private double[] _ase = new double[128];
    private double[] _nli = new double[128];
    private double[] _cd = new double[128];
    private double[] _pmdSquared = new double[128];
    private double[] _latency = new double[128];
    private double[] _inverseSnrTerms = new double[128];
    private double[] _scratchA = new double[128];
    private double[] _scratchB = new double[128];
    private double[] _memoSignal = new double[128];
    private double[] _memoNli = new double[128];
    private object? _memoKey;
    private long _memoLayout = -1;
    private long _layout;

    /// <summary>Number of channels, traced plus interferers.</summary>
    public int Count { get; private set; }

    /// <summary>Number of traced channels (they come first).</summary>
    public int TracedCount { get; private set; }

    /// <summary>Centre frequency, Hz.</summary>
    public Span<double> FrequencyHz => _frequencyHz.AsSpan(0, Count);

    /// <summary>Symbol rate R_s, Bd (also the noise bandwidth of the "signal bandwidth" SNR, as in GNPy).</summary>
    public Span<double> BaudRate => _baudRate.AsSpan(0, Count);

    /// <summary>Pulse-shaping roll-off.</summary>
    public Span<double> RollOff => _rollOff.AsSpan(0, Count);

    /// <summary>Signal power, W.</summary>
    public Span<double> Signal => _signal.AsSpan(0, Count);

    /// <summary>Amplified spontaneous emission in the signal bandwidth R_s, W.</summary>
    public Span<double> Ase => _ase.AsSpan(0, Count);

    /// <summary>Nonlinear interference in the signal bandwidth, W.</summary>
    public Span<double> Nli => _nli.AsSpan(0, Count);

    /// <summary>Accumulated chromatic dispersion, s/m (× 1e3 → ps/nm).</summary>
    public Span<double> ChromaticDispersion => _cd.AsSpan(0, Count);

    /// <summary>Accumulated mean DGD squared, s² (PMD adds in quadrature).</summary>
    public Span<double> PmdSquared => _pmdSquared.AsSpan(0, Count);

    /// <summary>Accumulated latency, s.</summary>
    public Span<double> Latency => _latency.AsSpan(0, Count);

    /// <summary>
    /// Accumulated 1/SNR (signal bandwidth) of the terms given as OSNR figures rather than noise powers: transmitter
    /// OSNR and ROADM add/drop OSNR. They are ratios, so gains, losses and equalisation leave them unchanged.
    /// </summary>
    public Span<double> InverseSnrTerms => _inverseSnrTerms.AsSpan(0, Count);

    /// <summary>Per-channel working space for element computations (contents undefined between calls).</summary>
    internal Span<double> ScratchA => _scratchA.AsSpan(0, Count);

    /// <summary>Second per-channel working space.</summary>
    internal Span<double> ScratchB => _scratchB.AsSpan(0, Count);

    /// <summary>Removes every channel, keeping the arrays.</summary>
    public void Clear()
    {
        Count = 0;
        TracedCount = 0;
        _layout++;
    }

    /// <summary>
    /// Replays (times <paramref name="factor"/>) the NLI a fibre added last time if nothing it depends on changed: the same fibre parameters
    /// (<paramref name="key"/>, by value), the same channels (frequencies, symbol rates) and the same input powers to
    /// 1e-12. Consecutive spans of one fibre usually meet all three (each amplifier restores the launch power), so a
    /// multi-span fibre costs one NLI computation. Returns false, changing nothing, otherwise.
    /// </summary>
    internal bool TryReplayNli(object key, double factor)
    {
        if (_memoLayout != _layout || !Equals(_memoKey, key))
        {
            return false;
        }

        if (!SpanMath.WithinRelative(_signal.AsSpan(0, Count), _memoSignal.AsSpan(0, Count), 1e-12))
        {
            return false;
        }

        for (var i = 0; i < TracedCount; i++)
        {
            _nli[i] += factor * _memoNli[i];
        }

        return true;
    }

    /// <summary>The NLI increments of the traced channels, to be filled by the fibre then recorded with <see cref="RecordNli"/>.</summary>
    internal Span<double> NliIncrements => _memoNli.AsSpan(0, TracedCount);

    /// <summary>
    /// Adds <see cref="NliIncrements"/> times <paramref name="factor"/> to the traced channels and remembers the
    /// increments with the inputs they came from.
    /// </summary>
    internal void RecordNli(object key, double factor)
    {
        for (var i = 0; i < TracedCount; i++)
        {
            _nli[i] += factor * _memoNli[i];
        }

        Array.Copy(_signal, _memoSignal, Count);
        _memoKey = key;
        _memoLayout = _layout;
    }

    /// <summary>Adds a traced channel. Traced channels must be added before any interferer.</summary>
    public int AddTraced(double frequencyHz, double baudRate, double rollOff, double signalW)
    {
        if (TracedCount != Count)
        {
            throw new InvalidOperationException("traced channels must be added before interferers");
        }

        var index = Add(frequencyHz, baudRate, rollOff, signalW);
        TracedCount++;
        return index;
    }

    /// <summary>Adds an interferer: a channel whose power counts for the NLI of the traced channels.</summary>
    public int AddInterferer(double frequencyHz, double baudRate, double signalW) => Add(frequencyHz, baudRate, 0, signalW);

    /// <summary>Drops every interferer, keeping the traced channels (a ROADM boundary where the load changes).</summary>
    public void ClearInterferers()
    {
        Count = TracedCount;
        _layout++;
    }

    /// <summary>Multiplies signal, ASE and NLI of every traced channel, and every interferer's signal, by a linear factor (a loss or a flat gain).</summary>
    public void Scale(double factor)
    {
        var s = _signal;
        var a = _ase;
        var q = _nli;
        for (var i = 0; i < TracedCount; i++)
        {
            s[i] *= factor;
            a[i] *= factor;
            q[i] *= factor;
        }

        // Interferers carry a signal power only (their ASE and NLI stay zero): one vector loop.
        SpanMath.Scale(InterfererSignal, factor);
    }

    /// <summary>Total power of every channel (signal, ASE and NLI), W.</summary>
    public double TotalPower()
    {
        var total = 0.0;
        for (var i = 0; i < TracedCount; i++)
        {
            total += _signal[i] + _ase[i] + _nli[i];
        }

        return total + SpanMath.Sum(InterfererSignal);
    }

    /// <summary>The interferers' signal powers (after the traced channels); their ASE and NLI are zero by construction.</summary>
    internal Span<double> InterfererSignal => _signal.AsSpan(TracedCount, Count - TracedCount);

    /// <summary>
    /// Adds interferers in bulk (centres and symbol rates, Hz), all at <paramref name="signalW"/>, skipping those that
    /// overlap a traced channel.
    /// </summary>
    internal void AddInterferers(ReadOnlySpan<double> frequencyHz, ReadOnlySpan<double> baudRate, double signalW)
    {
        while (Count + frequencyHz.Length > _frequencyHz.Length)
        {
            Grow();
        }

        var n = Count;
        for (var c = 0; c < frequencyHz.Length; c++)
        {
            var f = frequencyHz[c];
            var r = baudRate[c];
            var overlaps = false;
            for (var t = 0; t < TracedCount; t++)
            {
                if (Math.Abs(_frequencyHz[t] - f) < 0.5 * (_baudRate[t] + r))
                {
                    overlaps = true;
                    break;
                }
            }

            if (!overlaps)
            {
                _frequencyHz[n] = f;
                _baudRate[n] = r;
                n++;
            }
        }

        // Of an interferer only the signal (and its zero ASE and NLI) is ever read.
        var added = n - Count;
        _signal.AsSpan(Count, added).Fill(signalW);
        _ase.AsSpan(Count, added).Clear();
        _nli.AsSpan(Count, added).Clear();
        _rollOff.AsSpan(Count, added).Clear();
        Count = n;
        _layout++;
    }

    private int Add(double frequencyHz, double baudRate, double rollOff, double signalW)
    {
        if (Count == _frequencyHz.Length)
        {
            Grow();
        }

        var i = Count++;
        _layout++;
        _frequencyHz[i] = frequencyHz;
        _baudRate[i] = baudRate;
        _rollOff[i] = rollOff;
        _signal[i] = signalW;
        _ase[i] = 0;
        _nli[i] = 0;
        _cd[i] = 0;
        _pmdSquared[i] = 0;
        _latency[i] = 0;
        _inverseSnrTerms[i] = 0;
        return i;
    }

    private void Grow()
    {
        var size = _frequencyHz.Length * 2;
        Array.Resize(ref _frequencyHz, size);
        Array.Resize(ref _baudRate, size);
        Array.Resize(ref _rollOff, size);
        Array.Resize(ref _signal, size);
        Array.Resize(ref _ase, size);
        Array.Resize(ref _nli, size);
        Array.Resize(ref _cd, size);
        Array.Resize(ref _pmdSquared, size);
        Array.Resize(ref _latency, size);
        Array.Resize(ref _inverseSnrTerms, size);
        Array.Resize(ref _scratchA, size);
        Array.Resize(ref _scratchB, size);
        Array.Resize(ref _memoSignal, size);
        Array.Resize(ref _memoNli, size);
    }
}
