using Convene.Media.Relay;
using Convene.Media.Rtcp;
using Convene.Media.Rtp;

namespace Convene.Media.Routing;

/// <summary>
/// One published track: caches its packets for NACKs, keeps reception statistics for RRs, detects keyframes and
/// audio levels, and fans each packet out to its down-tracks. Packets arrive from the socket loop; down-tracks
/// may be added and removed from any thread (copy-on-write array).
/// </summary>
public sealed class TrackReceiver : IDisposable
{
    private readonly IMediaSender _publisher;
    private readonly RouterOptions _options;
    private readonly TimeProvider _time;
    private readonly PacketCache _cache;
    private readonly ReceptionStatistics _stats = new();
    private readonly long _startTimestamp;
    private readonly Lock _keyframeLock = new();
    private readonly byte[] _rtcpScratch = new byte[64];
    private readonly UpstreamRecovery? _recovery;
    private DownTrack[] _downTracks = [];
    private long _lastKeyframeRequest;
    private bool _hasRequestedKeyframe;
    private uint _lastSenderReport;
    private long _lastSenderReportArrival;

    internal TrackReceiver(TrackInfo info, IMediaSender publisher, RouterOptions options, TimeProvider time)
    {
        Info = info;
        RepairSsrc = info.RtxSsrc;
        _publisher = publisher;
        _options = options;
        _time = time;
        _cache = new PacketCache(options.NackCacheSize, options.MaxPacketSize);
        _startTimestamp = time.GetTimestamp();
        _recovery = options.NackUpstream && info.Kind == MediaKind.Video ? new UpstreamRecovery(info, publisher, options, time) : null;
    }

    /// <summary>NACKs to the publisher and its retransmissions (null for audio, or with <see cref="RouterOptions.NackUpstream"/> off).</summary>
    internal UpstreamRecovery? Recovery => _recovery;

    /// <summary>The track as negotiated with the publisher.</summary>
    public TrackInfo Info { get; }

    /// <summary>
    /// The publisher's RTX SSRC for this track: <see cref="TrackInfo.RtxSsrc"/> from the offer, or for a simulcast layer
    /// the one learned from repaired-rtp-stream-id (<see cref="MediaRouter.TryAddRepair"/>); 0 for none.
    /// </summary>
    public uint RepairSsrc { get; internal set; }

    /// <summary>Talking detection, fed when <see cref="TrackInfo.AudioLevelExtensionId"/> is set.</summary>
    public AudioLevelDetector? AudioLevel { get; set; }

    /// <summary>Keyframe requests (PLI) actually sent to the publisher.</summary>
    public long KeyframeRequestsSent { get; private set; }

    /// <summary>Packets received and forwarded to the down-tracks.</summary>
    public long PacketsReceived { get; private set; }

    /// <summary>Bytes of RTP received (headers included), for the layer bitrates of bandwidth-driven layer choice.</summary>
    public long BytesReceived { get; private set; }

    /// <summary>The frame height of the last VP8 keyframe (RFC 6386 §9.1), 0 until one is seen.</summary>
    public int FrameHeight { get; private set; }

    /// <summary>Current subscribers.</summary>
    public ReadOnlySpan<DownTrack> DownTracks => Volatile.Read(ref _downTracks);

    /// <summary>Time since the receiver was created, the clock of audio level timestamps.</summary>
    internal TimeSpan Elapsed => _time.GetElapsedTime(_startTimestamp);

    // The frame height a keyframe declares: VP8's key frame header (RFC 7741 §4.3), VP9's scalability structure
    // (RFC 9628 §4.2.1), H.264's SPS (ITU-T H.264 §7.3.2.1.1), AV1's sequence header OBU (AV1 §5.5.1, its maximum size).
    private int ReadHeight(ReadOnlySpan<byte> payload) => Info.Codec switch
    {
        MediaCodec.Vp8 when Vp8FrameSize.TryRead(payload, out _, out int height) => height,
        MediaCodec.Vp9 when Vp9Payload.TryReadFrameSize(payload, out _, out int height) => height,
        MediaCodec.H264 when H264Sps.TryReadFrameSize(payload, out _, out int height) => height,
        MediaCodec.Av1 when Av1SequenceHeader.TryReadFrameSize(payload, out _, out int height) => height,
        _ => 0,
    };

    /// <summary>
    /// Packets dropped because the cache already held their sequence number: the publisher's RTX copies of packets the
    /// relay had (Chromium probes bandwidth with RTX "payload padding": recent packets sent again) or duplicates on the
    /// network. Forwarded, each would cost every subscriber's link a packet it already has.
    /// </summary>
    public long DuplicatesDropped { get; private set; }

    /// <summary>Handles one plain RTP packet of this track (called by <see cref="MediaRouter"/>).</summary>
    internal void Receive(ReadOnlySpan<byte> packet, ushort seq, uint timestamp, int payloadOffset, int payloadLength)
    {
        if (_cache.TryGet(seq, out _))
        {
            DuplicatesDropped++; // RFC 4588 §4: a retransmission of a packet we have is redundant
            return;
        }

        PacketsReceived++;
        BytesReceived += packet.Length;
        TimeSpan elapsed = Elapsed;
        _stats.Update(seq, timestamp, (long)(elapsed.TotalSeconds * Info.ClockRate));

        ReadOnlySpan<byte> payload = packet.Slice(payloadOffset, payloadLength);
        bool keyframe = Info.Codec switch
        {
            MediaCodec.Vp8 => Vp8Payload.IsKeyframe(payload),
            MediaCodec.H264 => H264Payload.IsKeyframe(payload),
            MediaCodec.Vp9 => Vp9Payload.IsKeyframe(payload),
            MediaCodec.Av1 => Av1Payload.IsKeyframe(payload),
            _ => false,
        };

        if (keyframe && ReadHeight(payload) is > 0 and var height)
        {
            FrameHeight = height; // learned before the keyframe is forwarded, so a switch sees the layer's size
        }

        if (Info.AudioLevelExtensionId != 0 && AudioLevel is { } detector
            && Rtp.AudioLevel.TryRead(packet, Info.AudioLevelExtensionId, out _, out byte level))
        {
            detector.Feed(level, elapsed);
        }

        if (_recovery is not null && _recovery.OnPacket(seq))
        {
            RequestKeyframe(); // recovery failed for some packet (throttled)
        }

        ReadOnlySpan<byte> cached = _cache.Store(seq, packet);
        if (cached.IsEmpty)
        {
            return;
        }

        DownTrack[] downTracks = Volatile.Read(ref _downTracks);
        for (int i = 0; i < downTracks.Length; i++)
        {
            downTracks[i].Forward(this, cached, seq, timestamp, keyframe);
        }
    }

    /// <summary>Handles one packet of the publisher's RTX stream: the original inside takes the path of <see cref="Receive"/>.</summary>
    internal void ReceiveRetransmission(ReadOnlySpan<byte> rtx)
    {
        if (_recovery is not null && _recovery.TryUnwrap(rtx, out Span<byte> original) && RtpPacket.TryParse(original, out RtpPacket rtp))
        {
            Receive(original, rtp.SequenceNumber, rtp.Timestamp, rtp.HeaderLength, original.Length - rtp.HeaderLength - rtp.PaddingLength);
        }
    }

    /// <summary>On the relay's clock (socket loop): NACK retries due between packets, a keyframe request when recovery gave up.</summary>
    internal void OnTick()
    {
        if (_recovery is not null && _recovery.OnTick())
        {
            RequestKeyframe();
        }
    }

    /// <summary>Finds a cached packet for a retransmission.</summary>
    internal bool TryGetCached(ushort seq, out ReadOnlySpan<byte> packet) => _cache.TryGet(seq, out packet);

    /// <summary>
    /// Asks the publisher for a keyframe with a PLI (RFC 4585 §6.3.1), at most once per
    /// <see cref="RouterOptions.KeyframeRequestInterval"/>. Returns whether a PLI was sent. The PLI goes out through the
    /// publisher's <see cref="IMediaSender"/> on the calling thread: call from the socket loop.
    /// </summary>
    public bool RequestKeyframe()
    {
        if (Info.Kind != MediaKind.Video)
        {
            return false;
        }

        lock (_keyframeLock)
        {
            long now = _time.GetTimestamp();
            if (_hasRequestedKeyframe && _time.GetElapsedTime(_lastKeyframeRequest, now) < _options.KeyframeRequestInterval)
            {
                return false;
            }

            _hasRequestedKeyframe = true;
            _lastKeyframeRequest = now;
            int length = PictureLossIndication.Write(_rtcpScratch, _options.RtcpSenderSsrc, Info.Ssrc);
            _publisher.SendRtcp(_rtcpScratch.AsSpan(0, length));
            KeyframeRequestsSent++;
            return true;
        }
    }

    /// <summary>Records an SR from the publisher, for LSR/DLSR in our RRs (RFC 3550 §6.4.1).</summary>
    internal void OnSenderReport(in SenderInfo info)
    {
        _lastSenderReport = NtpTime.Middle(info.NtpTimestamp);
        _lastSenderReportArrival = _time.GetTimestamp();
    }

    /// <summary>Writes an RR about this track (one report block) into <paramref name="destination"/>; returns its length.</summary>
    public int WriteReceiverReport(Span<byte> destination)
    {
        uint dlsr = 0;
        if (_lastSenderReport != 0)
        {
            dlsr = (uint)(_time.GetElapsedTime(_lastSenderReportArrival).TotalSeconds * 65536);
        }

        ReportBlock block = _stats.BuildReportBlock(Info.Ssrc, _lastSenderReport, dlsr);
        return ReceiverReport.Write(destination, _options.RtcpSenderSsrc, new ReadOnlySpan<ReportBlock>(in block));
    }

    /// <summary>
    /// Takes the DLRR the publisher answered our RRTR with (RFC 3611 §4.5): RTT = now − LRR − DLRR, in 1/65536 s of
    /// the middle 32 bits of NTP time. Feeds <see cref="UpstreamRecovery.OnRoundTrip"/>; values over 10 s (a stale or
    /// foreign LRR) are ignored.
    /// </summary>
    internal void OnDelaySinceLastReceiverReport(uint lastReceiverReport, uint delaySinceLast)
    {
        if (_recovery is null)
        {
            return;
        }

        uint rtt = NtpTime.Middle(NtpTime.From(_time.GetUtcNow())) - lastReceiverReport - delaySinceLast;
        if (rtt <= 10 * 65536)
        {
            _recovery.OnRoundTrip(TimeSpan.FromSeconds(rtt / 65536.0));
        }
    }

    /// <summary>
    /// Sends an RR about this track to the publisher, using <paramref name="scratch"/> to build it; for a track with
    /// upstream recovery, an XR RRTR follows in the same compound (RFC 3611 §4.4) so that the publisher's DLRR gives
    /// the round-trip time the NACKs are timed by.
    /// </summary>
    internal void SendReceiverReport(Span<byte> scratch)
    {
        int length = WriteReceiverReport(scratch);
        if (length > 0 && _recovery is not null)
        {
            length += ExtendedReport.WriteReceiverReferenceTime(scratch[length..], _options.RtcpSenderSsrc, NtpTime.From(_time.GetUtcNow()));
        }

        if (length > 0)
        {
            _publisher.SendRtcp(scratch[..length]);
        }
    }

    internal void Add(DownTrack downTrack)
    {
        DownTrack[] current, updated;
        do
        {
            current = Volatile.Read(ref _downTracks);
            updated = [.. current, downTrack];
        }
        while (Interlocked.CompareExchange(ref _downTracks, updated, current) != current);
    }

    internal void Remove(DownTrack downTrack)
    {
        DownTrack[] current, updated;
        do
        {
            current = Volatile.Read(ref _downTracks);
            int index = Array.IndexOf(current, downTrack);
            if (index < 0)
            {
                return;
            }

            updated = [.. current.AsSpan(0, index), .. current.AsSpan(index + 1)];
        }
        while (Interlocked.CompareExchange(ref _downTracks, updated, current) != current);
    }

    /// <summary>Returns the cache buffers to the pool.</summary>
    public void Dispose() => _cache.Dispose();
}
