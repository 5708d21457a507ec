using System.Buffers.Binary;
using Convene.Media.Relay;
using Convene.Media.Rtcp;
using Convene.Media.Rtp;
using Convene.Media.Routing;

namespace Convene.Media.Tests.Routing;

public sealed class MediaRouterTests : IDisposable
{
    private static readonly TrackInfo AudioTrack = new(Packets.AudioSsrc, MediaKind.Audio, MediaCodec.Opus, Packets.AudioPt, 48000, AudioLevelExtensionId: 1);
    private static readonly TrackInfo VideoTrack = new(Packets.VideoSsrc, MediaKind.Video, MediaCodec.Vp8, Packets.VideoPt, 90000);

    private readonly ManualTimeProvider _time = new();
    private readonly MediaRouter _router;
    private readonly RecordingSender _publisher = new();

    public MediaRouterTests()
    {
        _router = new MediaRouter(new RouterOptions(), _time);
    }

    public void Dispose() => _router.Dispose();

    private static byte[] Map(params (int From, int To)[] pairs)
    {
        var map = new byte[16];
        foreach (var (from, to) in pairs)
        {
            map[from] = (byte)to;
        }

        return map;
    }

    private static void AssertContinuous(RecordingSender sender)
    {
        for (int i = 1; i < sender.Rtp.Count; i++)
        {
            Assert.True((ushort)(sender.Seq(i - 1) + 1) == sender.Seq(i), $"packet {i}: expected seq {(ushort)(sender.Seq(i - 1) + 1)}, found {sender.Seq(i)}");
        }
    }

    [Fact]
    public void Audio_ReachesTwoSubscribers_Rewritten()
    {
        TrackReceiver track = _router.AddTrack(AudioTrack, _publisher);
        var a = new RecordingSender();
        var b = new RecordingSender();
        _router.Subscribe(track, new DownTrackOptions(0x1111, 100, Map((1, 1))), a);
        _router.Subscribe(track, new DownTrackOptions(0x2222, 101, Map((1, 1))), b);

        for (int i = 0; i < 10; i++)
        {
            _router.HandleRtp(Packets.Audio((ushort)(65530 + i), (uint)(1000 + (960 * i))));
        }

        foreach (var (sender, ssrc, pt) in new[] { (a, 0x1111u, 100), (b, 0x2222u, 101) })
        {
            Assert.Equal(10, sender.Rtp.Count);
            AssertContinuous(sender);
            for (int i = 0; i < 10; i++)
            {
                Assert.True(RtpPacket.TryParse(sender.Rtp[i], out RtpPacket rtp));
                Assert.Equal(ssrc, rtp.Ssrc);
                Assert.Equal(pt, rtp.PayloadType);
                Assert.Equal(960u * (uint)i, sender.Timestamp(i) - sender.Timestamp(0));
                Assert.True(RtpPacket.TryParse(Packets.Audio((ushort)(65530 + i), 0), out RtpPacket original));
                Assert.Equal(Hex.Of(original.Payload), Hex.Of(rtp.Payload));
            }
        }

        Assert.Equal(0, _router.DroppedPackets);
        Assert.Equal(0, _publisher.PliCount); // audio never asks for keyframes
    }

    [Fact]
    public void Video_WaitsForKeyframe()
    {
        TrackReceiver track = _router.AddTrack(VideoTrack, _publisher);
        var sub = new RecordingSender();
        _router.Subscribe(track, new DownTrackOptions(0x3333, 96), sub);

        _router.HandleRtp(Packets.Video(10, 3000, keyframe: false));
        _router.HandleRtp(Packets.Video(11, 3000, keyframe: false));
        Assert.Empty(sub.Rtp);

        _router.HandleRtp(Packets.Video(12, 6000, keyframe: true));
        _router.HandleRtp(Packets.Video(13, 9000, keyframe: false));
        _router.HandleRtp(Packets.Video(14, 9000, keyframe: false));

        Assert.Equal(3, sub.Rtp.Count);
        AssertContinuous(sub);
        Assert.Equal(1, _publisher.PliCount); // asked once while waiting (throttled)
        Assert.True(RtpPacket.TryParse(sub.Rtp[0], out RtpPacket first));
        Assert.True(Vp8Payload.IsKeyframe(first.Payload));
    }

    [Fact]
    public void NewSubscriber_TriggersOnePli_AndPlisAreThrottled()
    {
        TrackReceiver track = _router.AddTrack(VideoTrack, _publisher);
        _router.Subscribe(track, new DownTrackOptions(0x3333, 96), new RecordingSender());
        _router.Subscribe(track, new DownTrackOptions(0x4444, 96), new RecordingSender());
        Assert.Equal(0, _publisher.PliCount); // not from the subscribing thread: from the socket loop, next packet
        for (ushort s = 1; s < 20; s++)
        {
            _router.HandleRtp(Packets.Video(s, 3000, keyframe: false)); // still waiting: would ask again, throttled
        }

        Assert.Equal(1, _publisher.PliCount);
        var pliReader = new RtcpCompoundReader(_publisher.Rtcp[0]);
        Assert.True(pliReader.TryReadNext(out RtcpPacket pli));
        Assert.True(PictureLossIndication.TryRead(pli, out _, out uint media));
        Assert.Equal(Packets.VideoSsrc, media);

        // Subscribers' PLI and FIR within the interval are absorbed; after it, one goes through.
        var buffer = new byte[32];
        int length = PictureLossIndication.Write(buffer, 0x3333, 0x3333);
        _time.Advance(TimeSpan.FromMilliseconds(499));
        _router.HandleSubscriberRtcp(buffer.AsSpan(0, length));
        Assert.Equal(1, _publisher.PliCount);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        length = FullIntraRequest.Write(buffer, 0x4444, 0x4444, 1);
        _router.HandleSubscriberRtcp(buffer.AsSpan(0, length));
        _router.HandleSubscriberRtcp(buffer.AsSpan(0, length));
        Assert.Equal(2, _publisher.PliCount);
        Assert.Equal(2, track.KeyframeRequestsSent);
    }

    [Fact]
    public void Nack_ResendsCachedPacket_WithSubscribersSeq()
    {
        TrackReceiver track = _router.AddTrack(AudioTrack, _publisher);
        var sub = new RecordingSender();
        _router.Subscribe(track, new DownTrackOptions(0x1111, 100, Map((1, 1))), sub);
        for (int i = 0; i < 10; i++)
        {
            _router.HandleRtp(Packets.Audio((ushort)(500 + i), (uint)(960 * i)));
        }

        byte[] lostCopy = sub.Rtp[4];
        ushort lostSeq = sub.Seq(4);
        var pairs = new NackPair[2];
        Assert.Equal(2, NackPair.Pack([lostSeq, (ushort)(lostSeq + 2), (ushort)(lostSeq + 5000)], pairs));
        var buffer = new byte[64];
        int length = GenericNack.Write(buffer, 0x9999, 0x1111, pairs);
        _router.HandleSubscriberRtcp(buffer.AsSpan(0, length));

        Assert.Equal(12, sub.Rtp.Count); // two found; lostSeq + 5000 was never sent
        Assert.Equal(Hex.Of(lostCopy), Hex.Of(sub.Rtp[10]));
        Assert.Equal((ushort)(lostSeq + 2), sub.Seq(11));
        Assert.Equal(sub.Timestamp(6), sub.Timestamp(11));
    }

    [Fact]
    public void PauseStopsPackets_ResumeContinuesWithoutGap()
    {
        TrackReceiver track = _router.AddTrack(AudioTrack, _publisher);
        var sub = new RecordingSender();
        DownTrack down = _router.Subscribe(track, new DownTrackOptions(0x1111, 100), sub);
        ushort seq = 100;
        uint ts = 0;
        void Send(int count)
        {
            for (int i = 0; i < count; i++, seq++, ts += 960)
            {
                _router.HandleRtp(Packets.Audio(seq, ts));
                _time.Advance(TimeSpan.FromMilliseconds(20));
            }
        }

        Send(5);
        down.Pause();
        Send(50); // one second
        Assert.Equal(5, sub.Rtp.Count);
        down.Resume();
        Send(5);

        Assert.Equal(10, sub.Rtp.Count);
        AssertContinuous(sub);
        uint jump = sub.Timestamp(5) - sub.Timestamp(4);
        Assert.InRange(jump, 48000u, 48000u + 2000u); // about the 1 s of pause in 48 kHz units
        Assert.Equal(960u, sub.Timestamp(6) - sub.Timestamp(5));
    }

    [Fact]
    public void VideoResume_WaitsForKeyframe_AndAsksForOne()
    {
        TrackReceiver track = _router.AddTrack(VideoTrack, _publisher);
        var sub = new RecordingSender();
        DownTrack down = _router.Subscribe(track, new DownTrackOptions(0x3333, 96), sub);
        _router.HandleRtp(Packets.Video(1, 0, keyframe: true));
        _router.HandleRtp(Packets.Video(2, 3000, keyframe: false));
        down.Pause();
        _router.HandleRtp(Packets.Video(3, 6000, keyframe: false));
        _time.Advance(TimeSpan.FromSeconds(1));
        down.Resume();
        _router.HandleRtp(Packets.Video(4, 9000, keyframe: false));
        _router.HandleRtp(Packets.Video(5, 12000, keyframe: true));

        Assert.Equal(1, _publisher.PliCount); // the first packet was a keyframe: only the resume asked
        Assert.Equal(3, sub.Rtp.Count);
        AssertContinuous(sub);
    }

    [Fact]
    public void ExtensionIds_AreMapped_UnknownDropped()
    {
        TrackReceiver track = _router.AddTrack(AudioTrack, _publisher);
        var sub = new RecordingSender();
        _router.Subscribe(track, new DownTrackOptions(0x1111, 100, Map((1, 3))), sub);
        byte[] packet = new byte[64];
        byte[] audio = Packets.Audio(7, 0, level: 42);
        audio.CopyTo(packet, 0);
        Assert.True(RtpHeaderExtensions.TryInsert(packet, audio.Length, 2, [9, 9], out int length)); // unknown to the subscriber

        _router.HandleRtp(packet.AsSpan(0, length));

        byte[] sent = Assert.Single(sub.Rtp);
        Assert.True(AudioLevel.TryRead(sent, 3, out _, out byte level));
        Assert.Equal(42, level);
        Assert.False(RtpHeaderExtensions.TryGet(sent, 1, out _));
        Assert.False(RtpHeaderExtensions.TryGet(sent, 2, out _));
    }

    [Fact]
    public void Garbage_IsCountedAsDropped_NeverThrows()
    {
        TrackReceiver track = _router.AddTrack(AudioTrack, _publisher);
        var sub = new RecordingSender();
        _router.Subscribe(track, new DownTrackOptions(0x1111, 100), sub);
        var random = new Random(11);
        long reported = 0; // the drops the calls return (what the relay counts), beside the router's total
        for (int i = 0; i < 1000; i++)
        {
            var garbage = new byte[random.Next(0, 100)];
            random.NextBytes(garbage);
            reported += _router.HandleRtp(garbage) ? 0 : 1;
            reported += _router.HandleSubscriberRtcp(garbage).Malformed ? 1 : 0;
            reported += _router.HandlePublisherRtcp(garbage) ? 0 : 1;
        }

        long before = _router.DroppedPackets;
        Assert.True(before >= 1000, $"expected at least 1000 drops, found {before}");
        Assert.Equal(before, reported);
        byte[] wrongPt = Packets.Audio(1, 0);
        wrongPt[1] = 0x60;
        Assert.False(_router.HandleRtp(wrongPt));
        byte[] unknownSsrc = Packets.Audio(1, 0);
        unknownSsrc[8] ^= 0xFF;
        Assert.False(_router.HandleRtp(unknownSsrc));
        Assert.False(_router.HandleRtp(new byte[2000]));
        Assert.Equal(before + 3, _router.DroppedPackets);
        Assert.True(_router.HandleRtp(Packets.Audio(2, 960)));
        Assert.Equal(before + 3, _router.DroppedPackets);
    }

    [Fact]
    public void Reports_SrPerDownTrack_RrPerPublishedTrack()
    {
        TrackReceiver track = _router.AddTrack(AudioTrack, _publisher);
        var sub = new RecordingSender();
        DownTrack down = _router.Subscribe(track, new DownTrackOptions(0x1111, 100, Cname: "convene"), sub);
        var buffer = new byte[256];
        Assert.Equal(0, down.WriteSenderReport(buffer)); // nothing sent yet

        for (int i = 0; i < 10; i++)
        {
            if (i != 3 && i != 4)
            {
                _router.HandleRtp(Packets.Audio((ushort)(200 + i), (uint)(960 * i)));
            }
        }

        // Publisher's SR, so our RR carries LSR/DLSR.
        int srLength = SenderReport.Write(buffer, new SenderInfo(Packets.AudioSsrc, 0x0000_1234_5678_0000, 0, 8, 160), []);
        _router.HandlePublisherRtcp(buffer.AsSpan(0, srLength));
        _time.Advance(TimeSpan.FromSeconds(2));
        _router.SendReports();

        byte[] rr = Assert.Single(_publisher.Rtcp);
        var reader = new RtcpCompoundReader(rr);
        Assert.True(reader.TryReadNext(out RtcpPacket rrPacket));
        Assert.True(ReceiverReport.TryGetReportBlock(rrPacket, 0, out ReportBlock block));
        Assert.Equal(Packets.AudioSsrc, block.Ssrc);
        Assert.Equal(209u, block.ExtendedHighestSequence);
        Assert.Equal(2, block.CumulativeLost);
        Assert.Equal(51, block.FractionLost); // 2/10 × 256
        Assert.Equal(0x1234_5678u, block.LastSenderReport);
        Assert.Equal(2u * 65536, block.DelaySinceLastSenderReport);

        byte[] compound = Assert.Single(sub.Rtcp);
        reader = new RtcpCompoundReader(compound);
        Assert.True(reader.TryReadNext(out RtcpPacket sr));
        Assert.True(SenderReport.TryRead(sr, out SenderInfo info));
        Assert.Equal(0x1111u, info.Ssrc);
        Assert.Equal(8u, info.PacketCount);
        Assert.Equal(8u * 20, info.OctetCount);
        uint lastTs = BinaryPrimitives.ReadUInt32BigEndian(sub.Rtp[^1].AsSpan(4));
        Assert.Equal(lastTs + (2u * 48000), info.RtpTimestamp);
        Assert.True(reader.TryReadNext(out RtcpPacket sdes));
        Assert.True(SourceDescription.TryReadCname(sdes, out _, out ReadOnlySpan<byte> cname));
        Assert.Equal("convene", System.Text.Encoding.UTF8.GetString(cname));
    }

    [Fact]
    public void StartReports_FiresOnTheTimeProvider_UntilDisposed()
    {
        TrackReceiver track = _router.AddTrack(AudioTrack, _publisher);
        var sub = new RecordingSender();
        _router.Subscribe(track, new DownTrackOptions(0x1111, 100), sub);
        _router.HandleRtp(Packets.Audio(1, 0));

        ITimer timer = _router.StartReports(TimeSpan.FromSeconds(1), _router.SendReports);
        _time.Advance(TimeSpan.FromMilliseconds(2500));
        Assert.Equal(2, sub.Rtcp.Count);
        Assert.Equal(2, _publisher.Rtcp.Count);

        timer.Dispose();
        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(2, sub.Rtcp.Count);
    }

    [Fact]
    public void Unsubscribe_StopsForwarding()
    {
        TrackReceiver track = _router.AddTrack(AudioTrack, _publisher);
        var sub = new RecordingSender();
        DownTrack down = _router.Subscribe(track, new DownTrackOptions(0x1111, 100), sub);
        _router.HandleRtp(Packets.Audio(1, 0));
        _router.Unsubscribe(down);
        _router.HandleRtp(Packets.Audio(2, 960));
        Assert.Single(sub.Rtp);
        Assert.Throws<InvalidOperationException>(() => _router.AddTrack(AudioTrack, _publisher));
    }

    [Fact]
    public void Forwarding_DoesNotAllocate()
    {
        TrackReceiver track = _router.AddTrack(VideoTrack, _publisher);
        var sinks = new CountingSender[4];
        for (int i = 0; i < sinks.Length; i++)
        {
            sinks[i] = new CountingSender();
            _router.Subscribe(track, new DownTrackOptions((uint)(0x5000 + i), 96), sinks[i]);
        }

        byte[] key = Packets.Video(0, 0, keyframe: true);
        byte[] delta = Packets.Video(0, 0, keyframe: false);
        for (int i = 0; i < 600; i++)
        {
            Forward(i);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 600; i < 2600; i++)
        {
            Forward(i);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(2600, sinks[3].Count);

        void Forward(int i)
        {
            byte[] packet = i == 0 ? key : delta;
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)i);
            _router.HandleRtp(packet);
        }
    }

    [Fact]
    public void LongStream_SequenceWraps_NothingDropped()
    {
        TrackReceiver track = _router.AddTrack(AudioTrack, _publisher);
        var sink = new CountingSender();
        _router.Subscribe(track, new DownTrackOptions(0x1111, 100), sink);
        byte[] packet = Packets.Audio(0, 0);
        for (int i = 0; i < 140_000; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)(40_000 + i));
            _router.HandleRtp(packet);
        }

        Assert.Equal(140_000, sink.Count);
    }

    private sealed class CountingSender : IMediaSender
    {
        public int Count { get; private set; }

        private readonly byte[] _slot = new byte[1600];

        public RtpSlot ReserveRtp() => new(_slot);

        public void CommitRtp(int length, bool transportWideStamped) => Count++;

        public void SendRtcp(ReadOnlySpan<byte> packet)
        {
        }
    }
}
