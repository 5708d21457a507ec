using Convene.Media.Rtcp;
using Convene.Media.Rtp;
using Convene.Media.Routing;

namespace Convene.Media.Tests.Routing;

/// <summary>Simulcast-style switching of a down-track between two published video tracks.</summary>
public sealed class LayerSwitchTests : IDisposable
{
    private const uint High = 0xB1B1B1B1, Low = 0xB2B2B2B2;
    private readonly ManualTimeProvider _time = new();
    private readonly MediaRouter _router;
    private readonly RecordingSender _publisher = new();
    private readonly TrackReceiver _high;
    private readonly TrackReceiver _low;
    private readonly RecordingSender _sub = new();
    private readonly DownTrack _down;
    private ushort _highSeq = 1000, _lowSeq = 50000;
    private uint _highTs = 10, _lowTs = 7_000_000;

    public LayerSwitchTests()
    {
        _router = new MediaRouter(new RouterOptions(), _time);
        _high = _router.AddTrack(new TrackInfo(High, MediaKind.Video, MediaCodec.Vp8, Packets.VideoPt, 90000), _publisher);
        _low = _router.AddTrack(new TrackInfo(Low, MediaKind.Video, MediaCodec.Vp8, Packets.VideoPt, 90000), _publisher);
        _down = _router.Subscribe(_high, new DownTrackOptions(0x7777, 96), _sub);
    }

    public void Dispose() => _router.Dispose();

    /// <summary>One 33 ms frame on both layers; each layer's first packet of a frame can be a keyframe.</summary>
    private void Frame(bool highKey = false, bool lowKey = false)
    {
        _router.HandleRtp(Packets.Video(_highSeq++, _highTs, highKey, High));
        _router.HandleRtp(Packets.Video(_lowSeq++, _lowTs, lowKey, Low));
        _highTs += 3000;
        _lowTs += 3000;
        _time.Advance(TimeSpan.FromMilliseconds(33));
    }

    [Fact]
    public void Switch_KeepsOldLayerUntilKeyframe_ThenContinuesSequence()
    {
        Frame(highKey: true);
        Frame();
        Assert.Equal(2, _sub.Rtp.Count);

        _router.SwitchReceiver(_down, _low);
        Assert.Same(_low, _down.PendingReceiver);
        Frame(); // low has no keyframe yet: high keeps flowing, a PLI goes to the low layer
        Frame();
        Assert.Equal(4, _sub.Rtp.Count);
        Assert.Equal(1, _publisher.PliCount);
        Assert.True(PliFor(Low));

        Frame(lowKey: true); // high's packet of this frame still goes out, then low's keyframe switches
        Frame();
        Assert.Equal(7, _sub.Rtp.Count);
        Assert.Same(_low, _down.Receiver);
        Assert.Null(_down.PendingReceiver);
        Assert.Empty(_high.DownTracks.ToArray());
        Assert.Same(_down, Assert.Single(_low.DownTracks.ToArray()));

        for (int i = 1; i < _sub.Rtp.Count; i++)
        {
            Assert.Equal((ushort)(_sub.Seq(i - 1) + 1), _sub.Seq(i));
        }

        // The first low packet is the low layer's keyframe; timestamps move forward and then advance per frame.
        Assert.True(RtpPacket.TryParse(_sub.Rtp[5], out RtpPacket switched));
        Assert.True(Vp8Payload.IsKeyframe(switched.Payload));
        Assert.InRange(_sub.Timestamp(5) - _sub.Timestamp(4), 1u, 3100u);
        Assert.Equal(3000u, _sub.Timestamp(6) - _sub.Timestamp(5));
    }

    [Fact]
    public void SwitchBack_BeforeKeyframe_CancelsPendingSwitch()
    {
        Frame(highKey: true);
        _router.SwitchReceiver(_down, _low);
        _router.SwitchReceiver(_down, _high);
        Assert.Null(_down.PendingReceiver);
        Assert.Empty(_low.DownTracks.ToArray());

        Frame(lowKey: true);
        Assert.Same(_high, _down.Receiver);
        Assert.Equal(2, _sub.Rtp.Count);
    }

    [Fact]
    public void Nack_AfterSwitch_IsAnsweredFromTheLayerThatSentIt()
    {
        Frame(highKey: true);
        Frame();
        _router.SwitchReceiver(_down, _low);
        Frame(lowKey: true);
        byte[] beforeSwitch = _sub.Rtp[1];
        ushort seq = _sub.Seq(1);

        var buffer = new byte[32];
        int length = GenericNack.Write(buffer, 1, 0x7777, [new NackPair(seq, 0)]);
        _router.HandleSubscriberRtcp(buffer.AsSpan(0, length));

        Assert.Equal(Hex.Of(beforeSwitch), Hex.Of(_sub.Rtp[^1]));
    }

    [Fact]
    public void Unsubscribe_DuringPendingSwitch_UnhooksBothLayers()
    {
        Frame(highKey: true);
        _router.SwitchReceiver(_down, _low);
        _router.Unsubscribe(_down);
        Assert.Empty(_high.DownTracks.ToArray());
        Assert.Empty(_low.DownTracks.ToArray());
        Frame(highKey: true, lowKey: true);
        Assert.Single(_sub.Rtp);
    }

    private bool PliFor(uint ssrc)
    {
        foreach (byte[] rtcp in _publisher.Rtcp)
        {
            var reader = new RtcpCompoundReader(rtcp);
            if (reader.TryReadNext(out RtcpPacket p) && PictureLossIndication.TryRead(p, out _, out uint media) && media == ssrc)
            {
                return true;
            }
        }

        return false;
    }
}
