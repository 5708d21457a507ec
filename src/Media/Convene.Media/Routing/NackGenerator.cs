namespace Convene.Media.Routing;

/// <summary>
/// The relay's own receiver-side loss recovery for one published track (RFC 4585 §3.2, §6.2.1; the shape of
/// pion/interceptor's nack generator): remembers the sequence numbers missing from the publisher's stream, and says
/// which are due for a (re)NACK and which are given up. A sequence number is NACKed at once when its gap is seen,
/// again every <see cref="RouterOptions.NackRetryInterval"/>, at most <see cref="RouterOptions.NackMaxRetries"/> times;
/// then it is given up (the caller asks for a keyframe). Fixed arrays; used from the socket loop only; no allocation.
/// </summary>
internal sealed class NackGenerator
{
    private const int Capacity = 256; // missing packets tracked at once; a larger gap is given up (keyframe)
    private readonly ushort[] _seqs = new ushort[Capacity];
    private readonly long[] _lastNacked = new long[Capacity];
    private readonly byte[] _tries = new byte[Capacity];
    private readonly long _retryTicks;
    private readonly int _maxRetries;
    private int _count;
    private bool _started;
    private ushort _highest;
    private int _givenUp;

    public NackGenerator(TimeSpan retryInterval, int maxRetries, TimeProvider time)
    {
        _retryTicks = (long)(retryInterval.TotalSeconds * time.TimestampFrequency);
        _maxRetries = maxRetries;
    }

    /// <summary>Sequence numbers missing now.</summary>
    public int Missing => _count;

    /// <summary>Missing sequence numbers that arrived later (retransmitted or reordered).</summary>
    public long Recovered { get; private set; }

    /// <summary>Sequence numbers given up since the last <see cref="TakeGivenUp"/> (too many tries, or too many missing).</summary>
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

        for (ushort missing = (ushort)(_highest + 1); missing != seq; missing++)
        {
            if (_count == Capacity)
            {
                RemoveAt(0); // the oldest
                _givenUp++;
            }

            (_seqs[_count], _lastNacked[_count], _tries[_count]) = (missing, long.MinValue, 0);
            _count++;
        }

        _highest = seq;
        return ahead > 1;
    }

    /// <summary>
    /// Writes the sequence numbers due for a NACK at <paramref name="now"/> (ascending, as they were found missing)
    /// into <paramref name="due"/> and counts them as tried; drops those out of tries. Returns how many were written.
    /// </summary>
    public int CollectDue(long now, Span<ushort> due)
    {
        int written = 0;
        for (int i = 0; i < _count && written < due.Length;)
        {
            if (_lastNacked[i] != long.MinValue && now - _lastNacked[i] < _retryTicks)
            {
                i++;
                continue;
            }

            if (_tries[i] >= _maxRetries)
            {
                RemoveAt(i);
                _givenUp++;
                continue;
            }

            _tries[i]++;
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
        Array.Copy(_tries, index + 1, _tries, index, tail);
        _count--;
    }
}
