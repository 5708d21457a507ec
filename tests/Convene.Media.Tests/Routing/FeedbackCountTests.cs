using Convene.Media.Relay;
using Convene.Media.Rtcp;
using Convene.Media.Routing;

namespace Convene.Media.Tests.Routing;

/// <summary>The router counts subscribers' feedback (what the relay exposes as NACK and PLI metrics).</summary>
public sealed class FeedbackCountTests
{
    [Fact]
    public void Subscribers_nacks_and_keyframe_requests_are_counted_including_those_for_unknown_tracks()
    {
        using var router = new MediaRouter(new RouterOptions(), new ManualTimeProvider());
        var track = router.AddTrack(new TrackInfo(Packets.VideoSsrc, MediaKind.Video, MediaCodec.Vp8, Packets.VideoPt, 90000), new RecordingSender());
        router.Subscribe(track, new DownTrackOptions(0x3333, 96), new RecordingSender());
        var buffer = new byte[64];

        router.HandleSubscriberRtcp(buffer.AsSpan(0, PictureLossIndication.Write(buffer, 0x3333, 0x3333)));
        router.HandleSubscriberRtcp(buffer.AsSpan(0, FullIntraRequest.Write(buffer, 0x3333, 0x3333, 1)));
        router.HandleSubscriberRtcp(buffer.AsSpan(0, GenericNack.Write(buffer, 0x9999, 0x3333, [new NackPair(7, 0)])));
        router.HandleSubscriberRtcp(buffer.AsSpan(0, GenericNack.Write(buffer, 0x9999, 0x5555, [new NackPair(7, 0)])));

        Assert.Equal((2L, 2L), (router.NacksReceived, router.KeyframeRequestsReceived));
    }
}
