using System.Buffers.Binary;
using Convene.Media.Relay;
using Convene.Media.Rtcp;
using Convene.Media.Routing;

namespace Convene.Media.Tests.Routing;

/// <summary>
/// NACK timing towards a publisher from the measured round-trip time: our RR carries an XR RRTR (RFC 3611 §4.4), the
/// publisher's XR DLRR (§4.5) gives RTT = arrival − LRR − DLRR; the retry interval follows it within its bounds and a
/// packet is given up after a time, not a count. Hand-built packets and a manual clock.
/// </summary>
public sealed class NackTimingTests : IDisposable
{
    private static readonly TrackInfo Video = new(Packets.VideoSsrc, MediaKind.Video, MediaCodec.Vp8, Packets.VideoPt, 90000);
    private readonly ManualTimeProvider _time = new();
    private readonly MediaRouter _router;
    private readonly RecordingSender _publisher = new();

    public NackTimingTests() => _router = new MediaRouter(new RouterOptions(), _time);

    public void Dispose() => _router.Dispose();

    // The publisher's XR: DLRR sub-blocks (SSRC, LRR, DLRR) as libwebrtc writes them, from its media SSRC.
    private static byte[] Dlrr(uint from, params (uint Ssrc, uint Lrr, uint Dlrr)[] items)
    {
        var buffer = new byte[8 + 4 + (12 * items.Length)];
        buffer[0] = 0x80;
        buffer[1] = RtcpPacketType.ExtendedReport;
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), (ushort)((buffer.Length / 4) - 1));
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), from);
        buffer[8] = 5; // BT = DLRR
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(10), (ushort)(3 * items.Length));
        for (int i = 0; i < items.Length; i++)
        {
            Span<byte> item = buffer.AsSpan(12 + (12 * i));
            BinaryPrimitives.WriteUInt32BigEndian(item, items[i].Ssrc);
            BinaryPrimitives.WriteUInt32BigEndian(item[4..], items[i].Lrr);
            BinaryPrimitives.WriteUInt32BigEndian(item[8..], items[i].Dlrr);
        }

        return buffer;
    }

    private static uint Compact(TimeSpan span) => (uint)(span.TotalSeconds * 65536);

    /// <summary>Sends the reports and returns the middle 32 bits of the NTP time in the RRTR after our RR.</summary>
    private uint SendReportsAndReadRrtr()
    {
        _publisher.Rtcp.Clear();
        _router.SendReports();
        byte[] compound = Assert.Single(_publisher.Rtcp);
        var reader = new RtcpCompoundReader(compound);
        Assert.True(reader.TryReadNext(out RtcpPacket rr) && rr.Type == RtcpPacketType.ReceiverReport);
        Assert.True(reader.TryReadNext(out RtcpPacket xr), "Expected an XR after the RR");
        Assert.Equal(RtcpPacketType.ExtendedReport, xr.Type);
        Assert.Equal(20, xr.Bytes.Length);
        Assert.Equal(1u, xr.SenderSsrc); // RouterOptions.RtcpSenderSsrc
        Assert.Equal(4, xr.Bytes[8]); // BT = RRTR
        Assert.Equal(2, BinaryPrimitives.ReadUInt16BigEndian(xr.Bytes[10..]));
        return (uint)(BinaryPrimitives.ReadUInt64BigEndian(xr.Bytes[12..]) >> 16);
    }

    [Fact]
    public void The_rtt_from_the_publishers_dlrr_sets_the_retry_interval()
    {
        TrackReceiver track = _router.AddTrack(Video, _publisher);
        Assert.Null(track.Recovery!.RoundTripTime);
        Assert.Equal(TimeSpan.FromMilliseconds(50), track.Recovery.RetryInterval); // the default before a measurement

        uint lrr = SendReportsAndReadRrtr();
        _time.Advance(TimeSpan.FromMilliseconds(100)); // 40 ms of network both ways + 60 ms held by the publisher
        _router.HandlePublisherRtcp(Dlrr(Packets.VideoSsrc, (0x5555, lrr - 1000, 1), (1, lrr, Compact(TimeSpan.FromMilliseconds(60)))));

        Assert.Equal(1, track.Recovery.RoundTripSamples);
        Assert.InRange(track.Recovery.RoundTripTime!.Value.TotalMilliseconds, 39, 41);
        Assert.InRange(track.Recovery.RetryInterval.TotalMilliseconds, 49, 51); // 1.25 × RTT

        // Later samples are smoothed (gain 1/8): one of 120 ms moves 40 to 50.
        lrr = SendReportsAndReadRrtr();
        _time.Advance(TimeSpan.FromMilliseconds(120));
        _router.HandlePublisherRtcp(Dlrr(Packets.VideoSsrc, (1, lrr, 0)));
        Assert.InRange(track.Recovery.RoundTripTime!.Value.TotalMilliseconds, 49, 51);
    }

    [Fact]
    public void The_retry_interval_stays_within_its_bounds_and_foreign_or_stale_dlrrs_are_ignored()
    {
        TrackReceiver track = _router.AddTrack(Video, _publisher);
        uint lrr = SendReportsAndReadRrtr();
        _time.Advance(TimeSpan.FromMilliseconds(1));
        _router.HandlePublisherRtcp(Dlrr(Packets.VideoSsrc, (1, lrr, 0)));
        Assert.Equal(TimeSpan.FromMilliseconds(10), track.Recovery!.RetryInterval); // 1 ms RTT: the 10 ms floor

        for (int i = 0; i < 40; i++)
        {
            lrr = SendReportsAndReadRrtr();
            _time.Advance(TimeSpan.FromMilliseconds(900));
            _router.HandlePublisherRtcp(Dlrr(Packets.VideoSsrc, (1, lrr, 0)));
        }

        Assert.Equal(TimeSpan.FromMilliseconds(200), track.Recovery.RetryInterval); // ~900 ms RTT: the 200 ms ceiling
        long samples = track.Recovery.RoundTripSamples;

        _router.HandlePublisherRtcp(Dlrr(Packets.VideoSsrc, (7, lrr, 0))); // about another receiver's RRTR
        _router.HandlePublisherRtcp(Dlrr(0x12345678, (1, lrr, 0))); // from an SSRC that is no track
        _router.HandlePublisherRtcp(Dlrr(Packets.VideoSsrc, (1, lrr + Compact(TimeSpan.FromSeconds(5)), 0))); // LRR in the future: negative RTT
        _router.HandlePublisherRtcp(Dlrr(Packets.VideoSsrc, (1, 0, 0))); // LRR 0: no RRTR received yet
        Assert.Equal(samples, track.Recovery.RoundTripSamples);
        Assert.Equal(0, _router.DroppedPackets);
    }

    [Fact]
    public void A_truncated_xr_is_counted_as_malformed_and_changes_nothing()
    {
        TrackReceiver track = _router.AddTrack(Video, _publisher);
        byte[] xr = Dlrr(Packets.VideoSsrc, (1, 1234, 0));
        BinaryPrimitives.WriteUInt16BigEndian(xr.AsSpan(10), 30); // the block claims more than the packet holds
        _router.HandlePublisherRtcp(xr);
        _router.HandlePublisherRtcp(xr.AsSpan(0, 10));

        Assert.Null(track.Recovery!.RoundTripTime);
        Assert.Equal(1, _router.DroppedPackets); // the cut packet; the first is well-framed RTCP with a bad XR block
    }

    [Fact]
    public void Missing_packets_are_renacked_at_the_rtt_based_interval_and_given_up_after_the_time_bound()
    {
        TrackReceiver track = _router.AddTrack(Video, _publisher);
        uint lrr = SendReportsAndReadRrtr();
        _time.Advance(TimeSpan.FromMilliseconds(16));
        _router.HandlePublisherRtcp(Dlrr(Packets.VideoSsrc, (1, lrr, 0))); // 16 ms RTT: a NACK every 20 ms
        Assert.InRange(track.Recovery!.RetryInterval.TotalMilliseconds, 19.9, 20.1);

        _publisher.Rtcp.Clear();
        _router.HandleRtp(Packets.Video(10, 0, keyframe: true));
        _router.HandleRtp(Packets.Video(12, 0, keyframe: false)); // 11 lost: NACKed at once
        ushort seq = 13;
        for (int ms = 5; ms <= 400; ms += 5)
        {
            _time.Advance(TimeSpan.FromMilliseconds(5));
            _router.HandleRtp(Packets.Video(seq++, 0, keyframe: false));
        }

        // At 0, 20, …, 380 ms (20 NACKs), given up at 400 ms (NackGiveUpAfter) with one keyframe request.
        Assert.Equal(20, track.Recovery.NacksSent);
        Assert.Equal(1, track.Recovery.GivenUp);
        Assert.Equal(1, _publisher.PliCount);
    }

    [Fact]
    public void A_long_rtt_still_gets_three_nacks_before_giving_up()
    {
        var generator = new NackGenerator(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(400), _time)
        {
            RetryInterval = TimeSpan.FromMilliseconds(200),
        };
        Assert.Equal(TimeSpan.FromMilliseconds(600), generator.GiveUpAfter);
        generator.OnPacket(1);
        generator.OnPacket(3);
        Span<ushort> due = stackalloc ushort[8];
        int nacks = 0;
        for (int ms = 0; ms <= 600; ms += 10)
        {
            nacks += generator.CollectDue(_time.GetTimestamp(), due);
            _time.Advance(TimeSpan.FromMilliseconds(10));
        }

        Assert.Equal(3, nacks); // 0, 200, 400 ms
        Assert.Equal(1, generator.TakeGivenUp()); // at 600 ms
    }
}
