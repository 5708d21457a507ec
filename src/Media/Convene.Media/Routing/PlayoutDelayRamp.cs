namespace Convene.Media.Routing;

/// <summary>
/// The minimum playout delay one down-track asks of its subscriber (the playout-delay header extension, in its 10 ms
/// units): 0 until the subscriber NACKs; then the whole <see cref="RouterOptions.PlayoutDelayUnderLoss"/> while it NACKs
/// much (where a retransmission is lost too often for one NACK round to do), 40 % of it while it NACKs less, and 0 again
/// once <see cref="RouterOptions.LossMemory"/> passes without a NACK. Raised by one unit (10 ms) every 100 ms rather than
/// at once — a browser taking a 250 ms step would hold its next frames that much longer, a freeze of its own — and
/// lowered at once. Socket loop only (<see cref="Current"/> may be read from any thread); no allocation.
/// </summary>
internal sealed class PlayoutDelayRamp(int lossyUnits, TimeSpan lossMemory, TimeProvider time)
{
    private long _lastNackTimestamp;
    private long _changedTimestamp;
    private int _units;

    /// <summary>True once the subscriber has NACKed: from then on every packet carries the element (Chromium keeps the last value it saw, so 0 is sent rather than nothing).</summary>
    public bool LossSeen { get; private set; }

    /// <summary>The minimum last returned by <see cref="Next"/>, in 10 ms units.</summary>
    public int Current => Volatile.Read(ref _units);

    /// <summary>The subscriber sent a NACK.</summary>
    public void OnNack()
    {
        _lastNackTimestamp = time.GetTimestamp();
        LossSeen = true;
    }

    /// <summary>The minimum to send now; <paramref name="highLoss"/>: the subscriber NACKs much (<see cref="NackedShare.High"/>).</summary>
    public int Next(bool highLoss)
    {
        long now = time.GetTimestamp();
        int target = time.GetElapsedTime(_lastNackTimestamp, now) >= lossMemory ? 0
            : highLoss ? lossyUnits
            : Math.Max(1, lossyUnits * 2 / 5);
        if (target <= _units)
        {
            Volatile.Write(ref _units, target);
            _changedTimestamp = now;
            return target;
        }

        long steps = (long)(time.GetElapsedTime(_changedTimestamp, now).TotalMilliseconds / 100);
        if (_units == 0 || steps > 0)
        {
            Volatile.Write(ref _units, _units == 0 ? 1 : (int)Math.Min(target, _units + steps));
            _changedTimestamp = now;
        }

        return _units;
    }
}
