using System.Buffers.Binary;
using Convene.Media.Relay;
using Convene.Media.Rtcp;
using Convene.Media.Rtp;
using Convene.Media.Routing;

namespace Convene.Media.Tests.Routing;

/// <summary>
/// Loss recovery in the router: subscribers' NACKs answered as RTX (RFC 4588), the relay's own losses NACKed upstream
/// (RFC 4585 §6.2.1) and recovered from the publisher's RTX stream, a keyframe asked for only when that fails.
/// </summary>
public sealed class LossRecoveryTests : IDisposable
{
    private const uint PublisherRtxSsrc = 0xB1B1B1B1, DownSsrc = 0x1111, DownRtxSsrc = 0x2222;
    private const byte PublisherRtxPt = 97, DownPt = 100, DownRtxPt = 101;
    private static readonly TrackInfo Video = new(Packets.VideoSsrc, MediaKind.Video, MediaCodec.Vp8, Packets.VideoPt, 90000, RtxSsrc: PublisherRtxSsrc, RtxPayloadType: PublisherRtxPt);
    private readonly ManualTimeProvider _time = new();
    private readonly MediaRouter _router;
    private readonly RecordingSender _publisher = new();

    public LossRecoveryTests() => _router = new MediaRouter(new RouterOptions { NackRetryInterval = TimeSpan.FromMilliseconds(50), NackGiveUpAfter = TimeSpan.FromMilliseconds(150) }, _time);

    public void Dispose() => _router.Dispose();

    private static byte[] Nack(uint mediaSsrc, params ushort[] lost)
    {
        var pairs = new NackPair[lost.Length];
        int count = NackPair.Pack(lost, pairs);
        var buffer = new byte[12 + (4 * count)];
        GenericNack.Write(buffer, 0x9999, mediaSsrc, pairs.AsSpan(0, count));
        return buffer;
    }

    private static ushort[] NackedSeqs(byte[] rtcp)
    {
        var reader = new RtcpCompoundReader(rtcp);
        Assert.True(reader.TryReadNext(out RtcpPacket packet));
        Assert.True(GenericNack.TryRead(packet, out _, out uint media, out int pairs));
        Assert.Equal(Packets.VideoSsrc, media);
        var seqs = new List<ushort>();
        Span<ushort> lost = stackalloc ushort[17];
        for (int i = 0; i < pairs; i++)
        {
            int n = GenericNack.GetPair(packet, i).GetLostSequenceNumbers(lost);
            seqs.AddRange(lost[..n].ToArray());
        }

        return [.. seqs];
    }

    private static byte[] PublisherRtx(byte[] original, ushort rtxSeq)
    {
        var buffer = new byte[original.Length + RtxPacket.Overhead];
        int length = RtxPacket.Wrap(original, buffer, PublisherRtxSsrc, PublisherRtxPt, rtxSeq);
        return buffer.AsSpan(0, length).ToArray();
    }

    [Fact]
    public void A_subscribers_nack_is_answered_as_rtx_on_its_own_ssrc_with_the_subscribers_sequence_number_inside()
    {
        TrackReceiver track = _router.AddTrack(Video, _publisher);
        var sub = new RecordingSender();
        DownTrack down = _router.Subscribe(track, new DownTrackOptions(DownSsrc, DownPt, RtxSsrc: DownRtxSsrc, RtxPayloadType: DownRtxPt), sub);
        for (int i = 0; i < 10; i++)
        {
            _router.HandleRtp(Packets.Video((ushort)(200 + i), 9000, keyframe: i == 0));
        }

        byte[] lost = sub.Rtp[4];
        ushort lostSeq = sub.Seq(4), otherSeq = sub.Seq(7);
        _router.HandleSubscriberRtcp(Nack(DownSsrc, lostSeq, otherSeq));

        Assert.Equal(12, sub.Rtp.Count);
        Assert.Equal(2, down.RtxSent);
        Assert.Equal(DownRtxSsrc, sub.Ssrc(10));
        Assert.Equal(DownRtxPt, sub.Rtp[10][1] & 0x7F);
        Assert.Equal((ushort)(sub.Seq(10) + 1), sub.Seq(11)); // the RTX stream numbers its own packets
        Assert.Equal(lostSeq, BinaryPrimitives.ReadUInt16BigEndian(sub.Rtp[10].AsSpan(12))); // OSN
        Assert.Equal(otherSeq, BinaryPrimitives.ReadUInt16BigEndian(sub.Rtp[11].AsSpan(12)));
        var restored = new byte[1500];
        int length = RtxPacket.Unwrap(sub.Rtp[10], restored, DownSsrc, DownPt);
        Assert.Equal(Hex.Of(lost), Hex.Of(restored.AsSpan(0, length))); // exactly what was lost

        // The second copies leave with the next forwarded packet, on new RTX sequence numbers.
        _router.HandleRtp(Packets.Video(210, 9000, keyframe: false));
        Assert.Equal(15, sub.Rtp.Count);
        Assert.Equal([DownRtxSsrc, DownRtxSsrc, DownSsrc], new[] { sub.Ssrc(12), sub.Ssrc(13), sub.Ssrc(14) });
        Assert.Equal([(ushort)(sub.Seq(11) + 1), (ushort)(sub.Seq(11) + 2)], new[] { sub.Seq(12), sub.Seq(13) });
        Assert.Equal(Hex.Of(sub.Rtp[10].AsSpan(4)), Hex.Of(sub.Rtp[12].AsSpan(4)));
        Assert.Equal(2, down.RtxRepeated);
    }

    [Fact]
    public void A_packet_nacked_again_is_answered_with_a_third_copy_two_forwarded_packets_later()
    {
        TrackReceiver track = _router.AddTrack(Video, _publisher);
        var sub = new RecordingSender();
        DownTrack down = _router.Subscribe(track, new DownTrackOptions(DownSsrc, DownPt, RtxSsrc: DownRtxSsrc, RtxPayloadType: DownRtxPt), sub);
        _router.HandleRtp(Packets.Video(1, 0, keyframe: true));
        ushort lost = sub.Seq(0);
        _router.HandleSubscriberRtcp(Nack(DownSsrc, lost));
        _router.HandleRtp(Packets.Video(2, 0, keyframe: false));
        _router.HandleRtp(Packets.Video(3, 0, keyframe: false));
        Assert.Equal(2, down.RtxSent); // first answer: the copy and one repeat

        _router.HandleSubscriberRtcp(Nack(DownSsrc, lost)); // both copies were lost: the subscriber asks again
        int before = sub.Rtp.Count;
        _router.HandleRtp(Packets.Video(4, 0, keyframe: false));
        _router.HandleRtp(Packets.Video(5, 0, keyframe: false));
        _router.HandleRtp(Packets.Video(6, 0, keyframe: false));
        uint[] ssrcs = [.. Enumerable.Range(before - 1, sub.Rtp.Count - before + 1).Select(sub.Ssrc)];
        // the answer, then: repeat + media 4, repeat + media 5, media 6
        Assert.Equal([DownRtxSsrc, DownRtxSsrc, DownSsrc, DownRtxSsrc, DownSsrc, DownSsrc], ssrcs);
        Assert.Equal(5, down.RtxSent);
        Assert.Equal(3, down.RtxRepeated);
    }

    [Fact]
    public void While_the_subscriber_nacks_a_tenth_of_what_it_is_sent_every_answer_gets_three_copies()
    {
        TrackReceiver track = _router.AddTrack(Video, _publisher);
        var sub = new RecordingSender();
        DownTrack down = _router.Subscribe(track, new DownTrackOptions(DownSsrc, DownPt, RtxSsrc: DownRtxSsrc, RtxPayloadType: DownRtxPt), sub);
        ushort seq = 1000;
        for (int i = 0; i < 300; i++)
        {
            _router.HandleRtp(Packets.Video(seq++, 0, keyframe: i == 0));
            if (i % 10 == 5)
            {
                _router.HandleSubscriberRtcp(Nack(DownSsrc, sub.LastMediaSeq(DownSsrc)));
            }
        }

        long repeated = down.RtxRepeated;
        _router.HandleSubscriberRtcp(Nack(DownSsrc, sub.LastMediaSeq(DownSsrc)));
        _router.HandleRtp(Packets.Video(seq++, 0, keyframe: false));
        _router.HandleRtp(Packets.Video(seq++, 0, keyframe: false));
        Assert.Equal(repeated + 2, down.RtxRepeated);
    }

    [Fact]
    public void With_one_copy_a_retransmission_is_sent_once()
    {
        using var router = new MediaRouter(new RouterOptions { RetransmissionCopies = 1 }, _time);
        TrackReceiver track = router.AddTrack(Video, _publisher);
        var sub = new RecordingSender();
        DownTrack down = router.Subscribe(track, new DownTrackOptions(DownSsrc, DownPt, RtxSsrc: DownRtxSsrc, RtxPayloadType: DownRtxPt), sub);
        router.HandleRtp(Packets.Video(1, 0, keyframe: true));
        router.HandleSubscriberRtcp(Nack(DownSsrc, sub.Seq(0)));
        router.HandleRtp(Packets.Video(2, 0, keyframe: false));

        Assert.Equal(3, sub.Rtp.Count);
        Assert.Equal(1, down.RtxSent);
        Assert.Equal(0, down.RtxRepeated);
    }

    [Fact]
    public void Without_rtx_a_nack_is_answered_on_the_media_ssrc()
    {
        TrackReceiver track = _router.AddTrack(Video with { RtxSsrc = 0, RtxPayloadType = 0 }, _publisher);
        var sub = new RecordingSender();
        DownTrack down = _router.Subscribe(track, new DownTrackOptions(DownSsrc, DownPt), sub);
        for (int i = 0; i < 5; i++)
        {
            _router.HandleRtp(Packets.Video((ushort)(200 + i), 9000, keyframe: i == 0));
        }

        _router.HandleSubscriberRtcp(Nack(DownSsrc, sub.Seq(2)));

        Assert.Equal(Hex.Of(sub.Rtp[2]), Hex.Of(sub.Rtp[5]));
        Assert.Equal(0, down.RtxSent);
        Assert.Equal(1, down.Retransmissions);
    }

    [Fact]
    public void A_gap_in_the_publishers_stream_is_nacked_upstream_and_filled_from_its_rtx_stream()
    {
        TrackReceiver track = _router.AddTrack(Video, _publisher);
        var sub = new RecordingSender();
        _router.Subscribe(track, new DownTrackOptions(DownSsrc, DownPt), sub);
        byte[][] sent = [.. Enumerable.Range(0, 8).Select(i => Packets.Video((ushort)(500 + i), 9000, keyframe: i == 0))];
        foreach (int i in (int[])[0, 1, 2, 5, 6]) // 3 and 4 lost on the way to the relay
        {
            _router.HandleRtp(sent[i]);
        }

        Assert.Equal([503, 504], NackedSeqs(_publisher.Rtcp.Single()));
        Assert.Equal(1, track.Recovery!.NacksSent);

        _router.HandleRtp(PublisherRtx(sent[3], rtxSeq: 1));
        _router.HandleRtp(PublisherRtx(sent[4], rtxSeq: 2));
        _time.Advance(TimeSpan.FromMilliseconds(60));
        _router.HandleRtp(sent[7]);

        Assert.Equal(2, track.Recovery.RtxReceived);
        Assert.Equal(2, track.Recovery.Recovered);
        Assert.Single(_publisher.Rtcp); // nothing left to ask for, no PLI
        Assert.Equal(8, sub.Rtp.Count);
        ushort first = sub.Seq(0);
        // The recovered packets reach the subscriber late, under the numbers they would have had.
        Assert.Equal([0, 1, 2, 5, 6, 3, 4, 7], Enumerable.Range(0, 8).Select(i => (ushort)(sub.Seq(i) - first)));
        Assert.Equal(Hex.Of(sent[3].AsSpan(12)), Hex.Of(sub.Rtp[5].AsSpan(12)));
    }

    [Fact]
    public void A_publishers_rtx_ssrc_is_taken_like_its_media_ssrc()
    {
        TrackReceiver track = _router.AddTrack(Video, _publisher);

        Assert.Throws<InvalidOperationException>(() => _router.AddTrack(Video with { Ssrc = 0xC0C0C0C0 }, _publisher)); // same RTX SSRC
        Assert.Throws<InvalidOperationException>(() => _router.AddTrack(Video with { Ssrc = PublisherRtxSsrc, RtxSsrc = 0 }, _publisher));
        Assert.Throws<InvalidOperationException>(() => _router.Subscribe(track, new DownTrackOptions(PublisherRtxSsrc, DownPt), new RecordingSender()));
        _router.RemoveTrack(track);
        _router.AddTrack(Video with { Ssrc = PublisherRtxSsrc, RtxSsrc = 0 }, _publisher); // free again
    }

    [Fact]
    public void Rtx_padding_for_probing_is_dropped_quietly()
    {
        TrackReceiver track = _router.AddTrack(Video, _publisher);
        var sub = new RecordingSender();
        _router.Subscribe(track, new DownTrackOptions(DownSsrc, DownPt), sub);
        _router.HandleRtp(Packets.Video(1, 0, keyframe: true));
        byte[] probe = Hex.Parse("a061 0001 00000001 b1b1b1b1 0000000000000008");

        _router.HandleRtp(probe);

        Assert.Single(sub.Rtp);
        Assert.Equal(1, track.Recovery!.RtxPaddingDropped);
        Assert.Equal(0, _router.DroppedPackets);
    }

    [Fact]
    public void A_publishers_rtx_copy_of_a_packet_the_relay_has_is_not_forwarded_again()
    {
        TrackReceiver track = _router.AddTrack(Video, _publisher);
        var sub = new RecordingSender();
        _router.Subscribe(track, new DownTrackOptions(DownSsrc, DownPt), sub);
        byte[][] sent = [.. Enumerable.Range(0, 3).Select(i => Packets.Video((ushort)(700 + i), 9000, keyframe: i == 0))];
        foreach (byte[] packet in sent)
        {
            _router.HandleRtp(packet);
        }

        // Bandwidth probing with RTX payload padding: packets already delivered, sent again on the RTX stream; and one
        // duplicate on the media SSRC itself.
        _router.HandleRtp(PublisherRtx(sent[1], rtxSeq: 1));
        _router.HandleRtp(PublisherRtx(sent[2], rtxSeq: 2));
        _router.HandleRtp(sent[2]);

        Assert.Equal(3, sub.Rtp.Count);
        Assert.Equal(3, track.DuplicatesDropped);
        Assert.Equal(3, track.PacketsReceived);
        Assert.Empty(_publisher.Rtcp); // no gap: nothing NACKed, no PLI
    }

    [Fact]
    public void Retries_fall_due_on_the_clock_when_no_packet_of_the_track_arrives()
    {
        TrackReceiver track = _router.AddTrack(Video, _publisher);
        _router.HandleRtp(Packets.Video(20, 0, keyframe: true));
        _router.HandleRtp(Packets.Video(22, 0, keyframe: false)); // 21 lost: NACK 1; then the layer goes quiet
        _router.OnTick();
        Assert.Equal(1, track.Recovery!.NacksSent); // not due yet

        _time.Advance(TimeSpan.FromMilliseconds(60));
        _router.OnTick();
        Assert.Equal(2, track.Recovery.NacksSent);
        Assert.Equal([21], NackedSeqs(_publisher.Rtcp[^1]));

        for (int i = 0; i < 3; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(60));
            _router.OnTick(); // NACK 3, then given up: a keyframe request without waiting for a packet
        }

        Assert.Equal(3, track.Recovery.NacksSent);
        Assert.Equal(1, track.Recovery.GivenUp);
        Assert.Equal(1, track.KeyframeRequestsSent);

        _time.Advance(TimeSpan.FromMilliseconds(60));
        _router.OnTick();
        Assert.Equal(3, track.Recovery.NacksSent); // nothing missing any more: the tick sends nothing
        Assert.Equal(1, track.KeyframeRequestsSent);
    }

    [Fact]
    public void A_packet_never_recovered_is_given_up_with_a_keyframe_request()
    {
        TrackReceiver track = _router.AddTrack(Video, _publisher);
        _router.HandleRtp(Packets.Video(10, 0, keyframe: true));
        _router.HandleRtp(Packets.Video(12, 0, keyframe: false)); // 11 lost; NACK 1
        for (ushort seq = 13; seq < 17; seq++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(50));
            _router.HandleRtp(Packets.Video(seq, 0, keyframe: false)); // NACK 2, NACK 3, then given up
        }

        Assert.Equal(3, track.Recovery!.NacksSent);
        Assert.Equal(1, track.Recovery.GivenUp);
        Assert.Equal(1, _publisher.PliCount);
        Assert.Equal(1, track.KeyframeRequestsSent);
    }

    [Fact]
    public void Forwarding_with_losses_nacks_and_rtx_both_ways_does_not_allocate()
    {
        var publisher = new CountingSender(); // receives the upstream NACKs
        TrackReceiver track = _router.AddTrack(Video, publisher);
        var sub = new CountingSender();
        _router.Subscribe(track, new DownTrackOptions(DownSsrc, DownPt, RtxSsrc: DownRtxSsrc, RtxPayloadType: DownRtxPt), sub);
        byte[] packet = Packets.Video(0, 0, keyframe: true);
        byte[] rtx = new byte[packet.Length + RtxPacket.Overhead];
        byte[] nack = Nack(DownSsrc, 0, 1, 2);
        void Round(int round)
        {
            // Ten packets, the 5th lost upstream then recovered from the publisher's RTX; a subscriber NACK answered as RTX.
            for (int i = 0; i < 10; i++)
            {
                ushort seq = (ushort)((round * 10) + i);
                BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), seq);
                packet[13] = round == 0 && i == 0 ? (byte)0x50 : (byte)0x51;
                if (i == 4)
                {
                    RtxPacket.Wrap(packet, rtx, PublisherRtxSsrc, PublisherRtxPt, seq);
                    continue;
                }

                _router.HandleRtp(packet);
            }

            _router.HandleRtp(rtx);
            BinaryPrimitives.WriteUInt16BigEndian(nack.AsSpan(12), (ushort)(sub.FirstSeq + (round * 10)));
            _router.HandleSubscriberRtcp(nack);
            _time.Advance(TimeSpan.FromMilliseconds(10));
        }

        for (int round = 0; round < 250; round++)
        {
            Round(round);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int round = 250; round < 450; round++)
        {
            Round(round);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated == 0, $"Expected no allocation for 2,000 packets with losses, NACKs and RTX; found {allocated} bytes.");
        Assert.Equal(450, track.Recovery!.RtxReceived);
        Assert.Equal(450, track.Recovery.Recovered);
        Assert.Equal(0, track.KeyframeRequestsSent);
        Assert.True(sub.Count >= 4500 + 900, $"Expected 2,500 forwarded packets and RTX answers to the NACKs, found {sub.Count}");
    }

    private sealed class CountingSender : IMediaSender
    {
        public int Count { get; private set; }

        public ushort FirstSeq { get; private set; }

        private readonly byte[] _slot = new byte[1600];

        public RtpSlot ReserveRtp() => new(_slot);

        public void CommitRtp(int length, bool transportWideStamped)
        {
            FirstSeq = Count++ == 0 ? BinaryPrimitives.ReadUInt16BigEndian(_slot.AsSpan(2)) : FirstSeq;
        }

        public void SendRtcp(ReadOnlySpan<byte> packet) => Rtcp++;

        public int Rtcp { get; private set; }
    }
}
