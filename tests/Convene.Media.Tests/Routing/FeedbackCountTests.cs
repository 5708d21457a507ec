using Convene.Media.Relay;
using Convene.Media.Rtcp;
using Convene.Media.Routing;

namespace Convene.Media.Tests.Routing;

/// <summary>
/// The router walks a subscriber's compound RTCP once: it counts NACKs and keyframe requests (what the relay adds to its
/// NACK and PLI metrics) and hands transport-wide feedback to the subscriber's congestion control.
/// </summary>
public sealed class FeedbackCountTests
{
    [Fact]
    public void Subscribers_nacks_and_keyframe_requests_are_counted_including_those_for_unknown_tracks()
    {
        using var router = new MediaRouter(new RouterOptions(), new ManualTimeProvider());
        var track = router.AddTrack(new TrackInfo(Packets.VideoSsrc, MediaKind.Video, MediaCodec.Vp8, Packets.VideoPt, 90000), new RecordingSender());
        router.Subscribe(track, new DownTrackOptions(0x3333, 96), new RecordingSender());
        var buffer = new byte[64];

        SubscriberFeedback[] counted =
        [
            router.HandleSubscriberRtcp(buffer.AsSpan(0, PictureLossIndication.Write(buffer, 0x3333, 0x3333))),
            router.HandleSubscriberRtcp(buffer.AsSpan(0, FullIntraRequest.Write(buffer, 0x3333, 0x3333, 1))),
            router.HandleSubscriberRtcp(buffer.AsSpan(0, GenericNack.Write(buffer, 0x9999, 0x3333, [new NackPair(7, 0)]))),
            router.HandleSubscriberRtcp(buffer.AsSpan(0, GenericNack.Write(buffer, 0x9999, 0x5555, [new NackPair(7, 0)]))),
        ];

        Assert.Equal((2, 2), (counted.Sum(c => c.Nacks), counted.Sum(c => c.KeyframeRequests)));
    }

    [Fact]
    public void Transport_wide_feedback_in_a_compound_with_a_nack_reaches_the_congestion_control_in_the_same_walk_without_allocating()
    {
        var time = new ManualTimeProvider();
        using var router = new MediaRouter(new RouterOptions(), time);
        var sequencer = new TransportWideSequencer(5, time);
        byte[] media = Packets.Video(1, 0, keyframe: false);
        byte[] stamped = new byte[1500];
        byte[] feedback = FeedbackWriter.Write(0, Enumerable.Range(0, 20).Select(i => (long?)(i * 1000)).ToList());
        var compound = new byte[256];
        int length = GenericNack.Write(compound, 0x9999, 0x3333, [new NackPair(7, 0)]);
        feedback.CopyTo(compound, length);
        length += feedback.Length;
        SubscriberFeedback RunOnce()
        {
            for (int i = 0; i < 20; i++)
            {
                media.CopyTo(stamped, 0);
                sequencer.Stamp(stamped, media.Length);
            }

            time.Advance(TimeSpan.FromMilliseconds(20));
            return router.HandleSubscriberRtcp(compound.AsSpan(0, length), sequencer);
        }

        Assert.Equal(new SubscriberFeedback(Nacks: 1, KeyframeRequests: 0), RunOnce());
        Assert.Equal(1, sequencer.FeedbackCount);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 500; i++)
        {
            RunOnce();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(501, sequencer.FeedbackCount);
        Assert.Equal(0, router.DroppedPackets);
    }
}
