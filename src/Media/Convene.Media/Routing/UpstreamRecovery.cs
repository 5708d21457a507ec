using Convene.Media.Relay;
using Convene.Media.Rtcp;
using Convene.Media.Rtp;

namespace Convene.Media.Routing;

/// <summary>
/// Loss recovery between a publisher and the relay for one video track: NACKs for the gaps in the publisher's
/// sequence numbers (<see cref="NackGenerator"/>, RFC 4585 §6.2.1) and the unwrapping of the publisher's RTX stream
/// (RFC 4588 §4) back into original packets, which then take the normal path (cache, down-tracks). Reports when a
/// packet is given up, so that the track asks for a keyframe only when recovery failed. Socket loop only; no allocation.
/// </summary>
internal sealed class UpstreamRecovery
{
    private const int MaxPairs = 32;
    private readonly TrackInfo _info;
    private readonly IMediaSender _publisher;
    private readonly RouterOptions _options;
    private readonly TimeProvider _time;
    private readonly NackGenerator _nacks;
    private readonly byte[] _rtcp = new byte[12 + (4 * MaxPairs)];
    private readonly byte[] _unwrapped;

    public UpstreamRecovery(TrackInfo info, IMediaSender publisher, RouterOptions options, TimeProvider time)
    {
        _info = info;
        _publisher = publisher;
        _options = options;
        _time = time;
        _nacks = new NackGenerator(options.NackRetryInterval, options.NackGiveUpAfter, time);
        _unwrapped = new byte[options.MaxPacketSize];
    }

    /// <summary>The smoothed round-trip time to the publisher (RFC 3611 §4.5), null before the first measurement.</summary>
    public TimeSpan? RoundTripTime { get; private set; }

    /// <summary>Round-trip measurements taken.</summary>
    public long RoundTripSamples { get; private set; }

    /// <summary>The current time between two NACKs for one packet: the default until an RTT is measured, then from it.</summary>
    public TimeSpan RetryInterval => _nacks.RetryInterval;

    /// <summary>How long a missing packet is asked for before it is given up (a keyframe is asked for instead).</summary>
    public TimeSpan GiveUpAfter => _nacks.GiveUpAfter;

    /// <summary>
    /// Takes an RTT measurement: smoothed like TCP's SRTT (RFC 6298 §2, gain 1/8), the retry interval becomes 1.25 ×
    /// SRTT (the retransmission needs an RTT to arrive, plus the publisher's pacing) within the configured bounds.
    /// </summary>
    public void OnRoundTrip(TimeSpan sample)
    {
        TimeSpan smoothed = RoundTripTime is { } previous ? (previous * 0.875) + (sample * 0.125) : sample;
        RoundTripTime = smoothed;
        RoundTripSamples++;
        TimeSpan interval = smoothed * 1.25;
        _nacks.RetryInterval = interval < _options.NackMinRetryInterval ? _options.NackMinRetryInterval
            : interval > _options.NackMaxRetryInterval ? _options.NackMaxRetryInterval : interval;
    }

    /// <summary>NACK messages sent to the publisher.</summary>
    public long NacksSent { get; private set; }

    /// <summary>Sequence numbers asked for (each try counted).</summary>
    public long PacketsNacked { get; private set; }

    /// <summary>Missing packets that arrived later (retransmitted or reordered).</summary>
    public long Recovered => _nacks.Recovered;

    /// <summary>Missing packets given up (a keyframe was asked for instead).</summary>
    public long GivenUp { get; private set; }

    /// <summary>Retransmissions unwrapped from the publisher's RTX stream.</summary>
    public long RtxReceived { get; private set; }

    /// <summary>RTX packets without an original inside (padding for bandwidth probing), dropped.</summary>
    public long RtxPaddingDropped { get; private set; }

    /// <summary>
    /// Records packet <paramref name="seq"/> and sends the NACK that is due, if any. Returns true when packets were
    /// given up: the caller asks for a keyframe (PLI only when recovery failed).
    /// </summary>
    public bool OnPacket(ushort seq)
    {
        bool gap = _nacks.OnPacket(seq);
        if (!gap && _nacks.Missing == 0 && _nacks.GivenUp == 0)
        {
            return false;
        }

        return SendDue();
    }

    /// <summary>
    /// On the relay's clock: sends the retries that fell due since the last packet — a layer at a low packet rate, or
    /// one that stalled after a loss, would otherwise wait for its next packet to be asked again. Returns true when
    /// packets were given up (the caller asks for a keyframe).
    /// </summary>
    public bool OnTick() => (_nacks.Missing > 0 || _nacks.GivenUp > 0) && SendDue();

    private bool SendDue()
    {
        Span<ushort> due = stackalloc ushort[MaxPairs];
        int count = _nacks.CollectDue(_time.GetTimestamp(), due);
        if (count > 0)
        {
            Span<NackPair> pairs = stackalloc NackPair[MaxPairs];
            int pairCount = NackPair.Pack(due[..count], pairs);
            int length = GenericNack.Write(_rtcp, _options.RtcpSenderSsrc, _info.Ssrc, pairs[..pairCount]);
            if (length > 0)
            {
                _publisher.SendRtcp(_rtcp.AsSpan(0, length));
                NacksSent++;
                PacketsNacked += count;
            }
        }

        int givenUp = _nacks.TakeGivenUp();
        GivenUp += givenUp;
        return givenUp > 0;
    }

    /// <summary>
    /// Restores the original packet from an RTX packet of the publisher (RFC 4588 §4.1) into a buffer of this object,
    /// valid until the next call; false for padding-only or malformed packets.
    /// </summary>
    public bool TryUnwrap(ReadOnlySpan<byte> rtx, out Span<byte> original)
    {
        int length = RtxPacket.Unwrap(rtx, _unwrapped, _info.Ssrc, _info.PayloadType);
        if (length == 0)
        {
            RtxPaddingDropped++;
            original = default;
            return false;
        }

        RtxReceived++;
        original = _unwrapped.AsSpan(0, length);
        return true;
    }
}
