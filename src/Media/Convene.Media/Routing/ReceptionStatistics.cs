using Convene.Media.Rtcp;

namespace Convene.Media.Routing;

/// <summary>
/// Receiver-side statistics of one source for RR report blocks: extended highest sequence number (RFC 3550 A.1),
/// loss (A.3) and interarrival jitter (A.8).
/// </summary>
internal sealed class ReceptionStatistics
{
    private const int MaxDropout = 3000, MaxMisorder = 100;
    private bool _initialized;
    private ushort _maxSeq;
    private uint _cycles;
    private uint _baseSeq;
    private int _badSeq = -1;
    private uint _received;
    private uint _expectedPrior;
    private uint _receivedPrior;
    private long _jitterQ4; // jitter × 16, integer form of A.8
    private long _lastTransit;
    private bool _hasTransit;

    public uint Received => _received;

    public uint ExtendedHighestSequence => _cycles + _maxSeq;

    /// <summary>Updates with one packet; <paramref name="arrival"/> is the arrival time in RTP clock units.</summary>
    public void Update(ushort seq, uint rtpTimestamp, long arrival)
    {
        if (!_initialized)
        {
            Restart(seq);
        }
        else
        {
            ushort delta = (ushort)(seq - _maxSeq);
            if (delta < MaxDropout)
            {
                if (seq < _maxSeq)
                {
                    _cycles += 65536;
                }

                _maxSeq = seq;
            }
            else if (delta <= 65536 - MaxMisorder)
            {
                // A big jump: accept it only if the next packet follows it (the source restarted).
                if (seq == _badSeq)
                {
                    Restart(seq);
                }
                else
                {
                    _badSeq = (ushort)(seq + 1);
                    return;
                }
            }
        }

        _received++;
        long transit = arrival - rtpTimestamp;
        if (_hasTransit)
        {
            long d = Math.Abs(transit - _lastTransit);
            _jitterQ4 += d - ((_jitterQ4 + 8) >> 4);
        }

        _lastTransit = transit;
        _hasTransit = true;
    }

    /// <summary>Builds a report block and starts a new reporting interval.</summary>
    public ReportBlock BuildReportBlock(uint ssrc, uint lastSenderReport, uint delaySinceLastSenderReport)
    {
        if (!_initialized)
        {
            return new ReportBlock(ssrc, 0, 0, 0, 0, lastSenderReport, delaySinceLastSenderReport);
        }

        long expected = (long)ExtendedHighestSequence - _baseSeq + 1;
        long lost = expected - _received;
        uint expectedInterval = (uint)expected - _expectedPrior;
        uint receivedInterval = _received - _receivedPrior;
        _expectedPrior = (uint)expected;
        _receivedPrior = _received;
        long lostInterval = (long)expectedInterval - receivedInterval;
        byte fraction = expectedInterval == 0 || lostInterval <= 0 ? (byte)0 : (byte)Math.Min(255, (lostInterval << 8) / expectedInterval);
        return new ReportBlock(
            ssrc,
            fraction,
            (int)Math.Clamp(lost, -0x80_0000, 0x7F_FFFF),
            ExtendedHighestSequence,
            (uint)(_jitterQ4 >> 4),
            lastSenderReport,
            delaySinceLastSenderReport);
    }

    private void Restart(ushort seq)
    {
        _initialized = true;
        _maxSeq = seq;
        _baseSeq = seq;
        _cycles = 0;
        _badSeq = -1;
        _received = 0;
        _expectedPrior = 0;
        _receivedPrior = 0;
    }
}
