using Convene.Media.Relay;
using Convene.Media.Rtcp;
using Convene.Media.Rtp;
using Convene.Media.Routing;

namespace Convene.Media.Tests.Routing;

/// <summary>
/// The playout-delay header extension (http://www.webrtc.org/experiments/rtp-hdrext/playout-delay) on a lossy
/// subscriber's video: absent until the subscriber NACKs, then minimum 40 % of <see cref="RouterOptions.PlayoutDelayUnderLoss"/>
/// (the whole while it NACKs ≥ 8 % of its packets; maximum 10 s; rising 10 ms per 100 ms) on every packet, retransmissions included, and minimum 0 once <see cref="RouterOptions.LossMemory"/>
/// passes without a NACK.
/// </summary>
public sealed class PlayoutDelayTests : IDisposable
{
    private const uint DownSsrc = 0x1111, DownRtxSsrc = 0x2222;
    private const byte DownPt = 100, DownRtxPt = 101, DelayId = 5;
    private static readonly TrackInfo Video = new(Packets.VideoSsrc, MediaKind.Video, MediaCodec.Vp8, Packets.VideoPt, 90000);
    private readonly ManualTimeProvider _time = new();
    private readonly MediaRouter _router;

    public PlayoutDelayTests() => _router = new MediaRouter(
        new RouterOptions { PlayoutDelayUnderLoss = TimeSpan.FromMilliseconds(250), LossMemory = TimeSpan.FromSeconds(10) }, _time);

    public void Dispose() => _router.Dispose();

    [Fact]
    public void A_subscriber_that_nacks_gets_a_playout_delay_by_how_much_it_loses_on_every_packet_and_zero_after_the_loss_memory()
    {
        TrackReceiver track = _router.AddTrack(Video, new RecordingSender());
        var sub = new RecordingSender();
        DownTrack down = _router.Subscribe(track, Options(DelayId), sub);
        for (int i = 0; i < 5; i++)
        {
            _router.HandleRtp(Packets.Video((ushort)(100 + i), 9000, keyframe: i == 0));
        }

        Assert.All(sub.Rtp, p => Assert.False(RtpHeaderExtensions.TryGet(p, DelayId, out _), "no playout delay before any loss"));
        Assert.Equal(TimeSpan.Zero, down.PlayoutDelay);

        _router.HandleSubscriberRtcp(Nack(DownSsrc, sub.Seq(2)));
        int answered = sub.Rtp.Count;
        Assert.True(answered > 5, "the NACK is answered");
        Assert.Equal(DownRtxSsrc, sub.Ssrc(5));
        Assert.Equal((10, 10_000), Delay(sub.Rtp[5])); // RTX keeps the original's header extensions (RFC 4588 §4)

        // A little loss: the minimum rises 10 ms per 100 ms to 40 % of the whole (100 ms), not in one step.
        _time.Advance(TimeSpan.FromMilliseconds(500));
        byte[] next = Packets.Video(105, 12000, keyframe: false);
        _router.HandleRtp(next);
        Assert.Equal((60, 10_000), Delay(sub.Rtp[^1]));
        Assert.True(RtpPacket.TryParse(sub.Rtp[^1], out var rtp), "the stamped packet parses");
        Assert.Equal(next[12..], rtp.Payload.ToArray()); // the payload travels unchanged behind the new extension block
        _time.Advance(TimeSpan.FromMilliseconds(1000));
        _router.HandleRtp(Packets.Video(106, 12000, keyframe: false));
        Assert.Equal((100, 10_000), Delay(sub.Rtp[^1]));

        // Much loss (a NACK for every tenth packet, ≥ 8 %): the whole 250 ms, again rising 10 ms per 100 ms.
        var ramp = new List<int>();
        for (int i = 0; i < 600; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(10));
            _router.HandleRtp(Packets.Video((ushort)(107 + i), 15000, keyframe: false));
            ramp.Add(Delay(sub.Rtp[^1]).MinMs);
            if (i % 10 == 0)
            {
                _router.HandleSubscriberRtcp(Nack(DownSsrc, sub.LastMediaSeq(DownSsrc)));
            }
        }

        Assert.Equal(250, ramp[^1]);
        Assert.Equal(TimeSpan.FromMilliseconds(250), down.PlayoutDelay);
        Assert.All(ramp.Zip(ramp.Skip(10)), pair => Assert.True(pair.Second - pair.First <= 10, $"rose from {pair.First} to {pair.Second} ms within 100 ms"));

        _time.Advance(TimeSpan.FromSeconds(11));
        _router.HandleRtp(Packets.Video(800, 15000, keyframe: false));
        Assert.Equal((0, 10_000), Delay(sub.Rtp[^1])); // sent with minimum 0, not left out: Chromium keeps the last value
        Assert.Equal(TimeSpan.Zero, down.PlayoutDelay);

        _router.HandleSubscriberRtcp(Nack(DownSsrc, sub.LastMediaSeq(DownSsrc))); // a new lossy period ramps from the start
        _router.HandleRtp(Packets.Video(801, 18000, keyframe: false));
        Assert.Equal((10, 10_000), Delay(sub.Rtp[^1]));
    }

    [Fact]
    public void Without_the_extension_negotiated_nothing_is_added_even_under_loss()
    {
        TrackReceiver track = _router.AddTrack(Video, new RecordingSender());
        var sub = new RecordingSender();
        _router.Subscribe(track, Options(0), sub);
        _router.HandleRtp(Packets.Video(100, 9000, keyframe: true));
        _router.HandleSubscriberRtcp(Nack(DownSsrc, sub.Seq(0)));
        _router.HandleRtp(Packets.Video(101, 12000, keyframe: false));
        Assert.True(sub.Rtp.Count >= 3);
        Assert.All(sub.Rtp, p => Assert.Equal(p.Length, sub.Rtp[0].Length + (sub.Ssrc(sub.Rtp.IndexOf(p)) == DownRtxSsrc ? RtxPacket.Overhead : 0)));
    }

    private static DownTrackOptions Options(byte delayId) =>
        new(DownSsrc, DownPt, RtxSsrc: DownRtxSsrc, RtxPayloadType: DownRtxPt) { PlayoutDelayExtensionId = delayId };

    private static (int MinMs, int MaxMs) Delay(ReadOnlySpan<byte> packet)
    {
        Assert.True(RtpHeaderExtensions.TryGet(packet, DelayId, out ReadOnlySpan<byte> value), "a playout-delay element");
        Assert.Equal(3, value.Length);
        int min = (value[0] << 4) | (value[1] >> 4);
        int max = ((value[1] & 0x0F) << 8) | value[2];
        return (min * 10, max * 10);
    }

    private static byte[] Nack(uint mediaSsrc, ushort lost)
    {
        var pairs = new NackPair[1];
        int count = NackPair.Pack([lost], pairs);
        var buffer = new byte[12 + (4 * count)];
        GenericNack.Write(buffer, 0x9999, mediaSsrc, pairs.AsSpan(0, count));
        return buffer;
    }
}
