namespace Convene.Media.Routing;

/// <summary>
/// A small delay- and loss-based estimate of what one subscriber's link carries, in the spirit of Google Congestion
/// Control (draft-ietf-rmcat-gcc-02), fed from transport-wide feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01):
/// <list type="bullet">
/// <item><b>Queuing delay.</b> Each acknowledged packet's one-way delay (arrival on the receiver's clock minus our send
/// time; the clock offset cancels) minus the smallest such delay of the last 5–10 s; the <i>least</i> of these per
/// feedback message, smoothed (EWMA, α = 0.3). A standing queue (a bottleneck) delays every packet of a feedback
/// interval; a receiver that stalls (a busy CPU stamps a batch of arrivals at once) or a keyframe burst on a free link
/// delays only some of them — the least keeps the first and ignores the others, where an average would read the
/// second as congestion and cut the estimate under the layer just chosen.</item>
/// <item><b>Overuse</b> (§5.4, simplified to a fixed threshold): the smoothed queuing delay is above
/// <see cref="OveruseDelay"/> and not falling, or above twice it. The estimate drops to 0.85 × the received rate
/// (§5.5, "decrease"), at most once per 300 ms, and holds for 1 s.</item>
/// <item><b>Loss</b> (§6): over each 500 ms window, more than 10 % lost multiplies the estimate by 1 − loss/2.</item>
/// <item><b>Increase</b>: otherwise, with loss under 2 % and the queue short, the estimate grows by 8 % per second
/// (§5.5 multiplicative increase), and by 20 % per second once 3 s have passed without a decrease (the cap that caused
/// it has likely lifted). It is not capped at the received rate: a subscriber held on a low layer probes upward this
/// way (the layer is tried), and overuse pulls it back when the higher layer does not fit.</item>
/// </list>
/// Not thread-safe: one caller (the socket loop). No allocation.
/// </summary>
public sealed class BandwidthEstimator
{
    private const long BaselineWindowUs = 5_000_000;
    private const long RateWindowUs = 500_000;
    private long _estimateBps;
    private long _minCurrent = long.MaxValue;
    private long _minPrevious = long.MaxValue;
    private long _windowStartUs = long.MinValue;
    private double _delayMs;
    private double _previousDelayMs;
    private long _feedbackMinDelayUs = long.MaxValue;
    private int _feedbackReceived;
    private long _rateBytes;
    private long _rateFirstArrivalUs = long.MinValue;
    private long _rateLastArrivalUs;
    private int _windowReceived;
    private int _windowLost;
    private double _lossFraction;
    private long _receivedBps;
    private bool _updated;
    private TimeSpan _lastUpdate;
    private TimeSpan _lastDecrease = TimeSpan.FromDays(-1);
    private TimeSpan _holdUntil;

    /// <summary>Creates an estimator starting at <paramref name="initialBps"/>.</summary>
    public BandwidthEstimator(long initialBps = 1_500_000)
    {
        _estimateBps = initialBps;
    }

    /// <summary>Queuing delay above which the link counts as overused (default 50 ms).</summary>
    public TimeSpan OveruseDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Lowest estimate (default 30 kbit/s).</summary>
    public long MinBps { get; init; } = 30_000;

    /// <summary>Highest estimate (default 20 Mbit/s).</summary>
    public long MaxBps { get; init; } = 20_000_000;

    /// <summary>The current estimate in bit/s.</summary>
    public long EstimateBps => _estimateBps;

    /// <summary>The smoothed queuing delay.</summary>
    public TimeSpan QueuingDelay => TimeSpan.FromMilliseconds(_delayMs);

    /// <summary>The loss fraction of the last complete 500 ms window.</summary>
    public double LossFraction => _lossFraction;

    /// <summary>The rate the receiver reported receiving over the last complete window, bit/s (0 before one).</summary>
    public long ReceivedBps => _receivedBps;

    /// <summary>Number of overuse decreases so far.</summary>
    public int Decreases { get; private set; }

    /// <summary>One packet of a feedback message: sent at <paramref name="sendUs"/> (our clock) with <paramref name="size"/> bytes, arrived at <paramref name="arrivalUs"/> (the receiver's clock) or lost.</summary>
    public void OnPacket(long sendUs, int size, bool received, long arrivalUs)
    {
        if (!received)
        {
            _windowLost++;
            return;
        }

        _windowReceived++;
        long owd = arrivalUs - sendUs;
        if (_windowStartUs == long.MinValue || sendUs - _windowStartUs >= BaselineWindowUs)
        {
            _minPrevious = _minCurrent;
            _minCurrent = long.MaxValue;
            _windowStartUs = sendUs;
        }

        _minCurrent = Math.Min(_minCurrent, owd);
        long baseline = Math.Min(_minCurrent, _minPrevious);
        _feedbackMinDelayUs = Math.Min(_feedbackMinDelayUs, owd - baseline);
        _feedbackReceived++;

        if (_rateFirstArrivalUs == long.MinValue)
        {
            _rateFirstArrivalUs = arrivalUs;
        }
        else
        {
            _rateBytes += size; // the first packet opens the window: its bytes arrived before it
        }

        _rateLastArrivalUs = Math.Max(_rateLastArrivalUs, arrivalUs);
    }

    /// <summary>Ends one feedback message: updates the delay, loss and rate and then the estimate.</summary>
    public void OnFeedbackEnd(TimeSpan now)
    {
        if (_feedbackReceived > 0)
        {
            double delay = _feedbackMinDelayUs / 1000.0;
            _previousDelayMs = _delayMs;
            _delayMs = (0.7 * _delayMs) + (0.3 * delay);
        }

        _feedbackMinDelayUs = long.MaxValue;
        _feedbackReceived = 0;
        bool windowDone = _rateFirstArrivalUs != long.MinValue && _rateLastArrivalUs - _rateFirstArrivalUs >= RateWindowUs;
        if (windowDone)
        {
            long spanUs = _rateLastArrivalUs - _rateFirstArrivalUs;
            long rate = _rateBytes * 8 * 1_000_000 / spanUs;
            _receivedBps = _receivedBps == 0 ? rate : (_receivedBps + rate) / 2;
            int total = _windowReceived + _windowLost;
            _lossFraction = total == 0 ? 0 : (double)_windowLost / total;
            _rateBytes = 0;
            _rateFirstArrivalUs = _rateLastArrivalUs;
            _windowReceived = 0;
            _windowLost = 0;
        }

        Update(now, windowDone);
    }

    private void Update(TimeSpan now, bool windowDone)
    {
        double overuseMs = OveruseDelay.TotalMilliseconds;
        bool overuse = (_delayMs > overuseMs && _delayMs >= _previousDelayMs) || _delayMs > 2 * overuseMs;
        double elapsed = _updated ? Math.Clamp((now - _lastUpdate).TotalSeconds, 0, 1.0) : 0;
        _lastUpdate = now;
        _updated = true;
        if (overuse)
        {
            if (now - _lastDecrease >= TimeSpan.FromMilliseconds(300))
            {
                long target = _receivedBps > 0 ? (long)(0.85 * _receivedBps) : (long)(0.85 * _estimateBps);
                _estimateBps = Math.Min(_estimateBps, target);
                _lastDecrease = now;
                Decreases++;
            }

            _holdUntil = now + TimeSpan.FromSeconds(1);
        }
        else if (windowDone && _lossFraction > 0.10)
        {
            _estimateBps = (long)(_estimateBps * (1 - (_lossFraction / 2)));
        }
        else if (now >= _holdUntil && _lossFraction < 0.02 && _delayMs < overuseMs / 2)
        {
            double rate = now - _lastDecrease < TimeSpan.FromSeconds(3) ? 1.08 : 1.20;
            _estimateBps = (long)(_estimateBps * Math.Pow(rate, elapsed));
        }

        _estimateBps = Math.Clamp(_estimateBps, MinBps, MaxBps);
    }
}
