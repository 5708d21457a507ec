namespace Convene.Media.Routing;

/// <summary>
/// The relay's own receiver-side loss recovery for one published track (RFC 4585 §3.2, §6.2.1; the shape of
/// pion/interceptor's nack generator, timed like libwebrtc's NackRequester): remembers the sequence numbers missing
/// from the publisher's stream, and says which are due for a (re)NACK and which are given up. A sequence number is
/// NACKed at once when its gap is seen, again every <see cref="RetryInterval"/> (the caller sets it from the round-trip
/// time to the publisher), and given up once it has been missing for <see cref="GiveUpAfter"/> (at least three retry
/// intervals): the caller then asks for a keyframe. Fixed arrays; used from the socket loop only; no allocation.
/// </summary>
internal sealed class NackGenerator
{
    private const int Capacity = 256; // missing packets tracked at once; a larger gap is given up (keyframe)
    private readonly ushort[] _seqs = new ushort[Capacity];
    private readonly long[] _lastNacked = new long[Capacity];
    private readonly long[] _missingSince = new long[Capacity];
    private readonly TimeProvider _time;
    private readonly long _giveUpTicks;
    private long _retryTicks;
    private int _count;
    private bool _started;
    private ushort _highest;
    private int _givenUp;

    public NackGenerator(TimeSpan retryInterval, TimeSpan giveUpAfter, TimeProvider time)
    {
        _time = time;
        _giveUpTicks = Ticks(giveUpAfter);
        RetryInterval = retryInterval;
    }

    /// <summary>Time between two NACKs for the same missing packet; may change at any time (applies to the next due check).</summary>
    public TimeSpan RetryInterval
    {
        get => TimeSpan.FromSeconds((double)_retryTicks / _time.TimestampFrequency);
        set => _retryTicks = Ticks(value);
    }

    /// <summary>How long a packet stays asked for before it is given up: the configured bound, at least three retries.</summary>
    public TimeSpan GiveUpAfter => TimeSpan.FromSeconds((double)Math.Max(_giveUpTicks, 3 * _retryTicks) / _time.TimestampFrequency);

    /// <summary>Sequence numbers missing now.</summary>
    public int Missing => _count;

    /// <summary>Missing sequence numbers that arrived later (retransmitted or reordered).</summary>
    public long Recovered { get; private set; }

    /// <summary>Sequence numbers given up since the last <see cref="TakeGivenUp"/> (missing too long, or too many missing).</summary>
    public int GivenUp => _givenUp;

    /// <summary>Records an arrival. Returns true when it opened a gap (new numbers are missing and due).</summary>
    public bool OnPacket(ushort seq)
    {
        if (!_started)
        {
            (_started, _highest) = (true, seq);
            return false;
        }

        int ahead = (short)(seq - _highest);
        if (ahead < -4 * Capacity)
        {
            (_count, _highest) = (0, seq); // the sender restarted its numbering: nothing to recover
            return false;
        }

        if (ahead <= 0)
        {
            Remove(seq); // a retransmission, or reordered
            return false;
        }

        if (ahead - 1 > Capacity)
        {
            _givenUp += _count + ahead - 1; // a jump too far to recover packet by packet (or a restart): keyframe
            _count = 0;
            _highest = seq;
            return false;
        }

        long now = _time.GetTimestamp();
        for (ushort missing = (ushort)(_highest + 1); missing != seq; missing++)
        {
            if (_count == Capacity)
            {
                RemoveAt(0); // the oldest
                _givenUp++;
            }

            (_seqs[_count], _lastNacked[_count], _missingSince[_count]) = (missing, long.MinValue, now);
            _count++;
        }

        _highest = seq;
        return ahead > 1;
    }

    /// <summary>
    /// Writes the sequence numbers due for a NACK at <paramref name="now"/> (ascending, as they were found missing)
    /// into <paramref name="due"/> and marks them as asked for; gives up those missing for <see cref="GiveUpAfter"/>.
    /// Returns how many were written.
    /// </summary>
    public int CollectDue(long now, Span<ushort> due)
    {
        int written = 0;
        long giveUp = Math.Max(_giveUpTicks, 3 * _retryTicks);
        for (int i = 0; i < _count && written < due.Length;)
        {
            if (now - _missingSince[i] >= giveUp)
            {
                RemoveAt(i);
                _givenUp++;
                continue;
            }

            if (_lastNacked[i] != long.MinValue && now - _lastNacked[i] < _retryTicks)
            {
                i++;
                continue;
            }

            _lastNacked[i] = now;
            due[written++] = _seqs[i++];
        }

        return written;
    }

    /// <summary>Returns and clears the count of given-up sequence numbers.</summary>
    public int TakeGivenUp()
    {
        int givenUp = _givenUp;
        _givenUp = 0;
        return givenUp;
    }

    private void Remove(ushort seq)
    {
        for (int i = 0; i < _count; i++)
        {
            if (_seqs[i] == seq)
            {
                RemoveAt(i);
                Recovered++;
                return;
            }
        }
    }

    private void RemoveAt(int index)
    {
        int tail = _count - index - 1;
        Array.Copy(_seqs, index + 1, _seqs, index, tail);
        Array.Copy(_lastNacked, index + 1, _lastNacked, index, tail);
        Array.Copy(_missingSince, index + 1, _missingSince, index, tail);
        _count--;
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);
}
