namespace Convene.Media.Routing;

/// <summary>Router tuning.</summary>
public sealed record RouterOptions
{
    /// <summary>At most one keyframe request (PLI) per publisher track within this interval (default 500 ms).</summary>
    public TimeSpan KeyframeRequestInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Packets kept per published track to answer NACKs; rounded up to a power of two (default 512).</summary>
    public int NackCacheSize { get; init; } = 512;

    /// <summary>Largest RTP packet accepted (default 1,500 bytes).</summary>
    public int MaxPacketSize { get; init; } = 1500;

    /// <summary>
    /// NACK the publisher for what the relay itself lost (gaps in a video track's sequence numbers, RFC 4585 §6.2.1);
    /// a packet still missing after <see cref="NackGiveUpAfter"/> is given up with a keyframe request (default on).
    /// </summary>
    public bool NackUpstream { get; init; } = true;

    /// <summary>
    /// Time between two NACKs for the same missing packet until the round-trip time to the publisher is measured
    /// (default 50 ms). Then it follows that RTT (RTCP XR DLRR answering our RRTR, RFC 3611 §4.4–4.5), kept within
    /// <see cref="NackMinRetryInterval"/> and <see cref="NackMaxRetryInterval"/>.
    /// </summary>
    public TimeSpan NackRetryInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The shortest retry interval however short the measured RTT (default 10 ms).</summary>
    public TimeSpan NackMinRetryInterval { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>The longest retry interval however long the measured RTT (default 200 ms).</summary>
    public TimeSpan NackMaxRetryInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How long a missing packet is asked for before it is given up and a keyframe requested instead (default 400 ms;
    /// at least three retry intervals, so that a long RTT still gets three NACKs).
    /// </summary>
    public TimeSpan NackGiveUpAfter { get; init; } = TimeSpan.FromMilliseconds(400);

    /// <summary>
    /// How many times a NACKed packet is sent as RTX (default 2): the copy follows with the next forwarded packet, so a
    /// retransmission lost again does not wait for the receiver's next NACK (Chromium repeats a NACK only after its RTT
    /// estimate, 100 ms for a receive-only peer) — the difference between a late frame and a freeze at 10–20 % loss.
    /// A packet NACKed again (every copy lost), or any NACK while the subscriber loses ≥ 8 % of what it is sent, gets one
    /// copy more. 1 sends each once (and never more); values above 3 count as 3. Only with RTX negotiated.
    /// </summary>
    public int RetransmissionCopies { get; init; } = 2;

    /// <summary>
    /// The minimum playout delay asked of a subscriber's browser while it reports loss (the playout-delay header
    /// extension; see <see cref="Relay.MediaRelayOptions.PlayoutDelayUnderLoss"/>). Zero: not sent.
    /// </summary>
    public TimeSpan PlayoutDelayUnderLoss { get; init; }

    /// <summary>How long after a subscriber's last NACK its link still counts as lossy (default 10 s).</summary>
    public TimeSpan LossMemory { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The SSRC the router uses as sender of its own RTCP towards publishers (RR, PLI).</summary>
    public uint RtcpSenderSsrc { get; init; } = 1;
}
