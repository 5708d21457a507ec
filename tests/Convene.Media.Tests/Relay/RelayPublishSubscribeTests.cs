using System.Collections.Concurrent;
using System.Diagnostics;
using Convene.Media.Relay;
using Convene.Media.Tests.Interop;
using Xunit.Abstractions;

namespace Convene.Media.Tests.Relay;

/// <summary>Chromium publishes through the relay and Chromium subscribes: frames decode on the far side.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class RelayPublishSubscribeTests(RelayBrowserFixture fx, ITestOutputHelper output)
{
    [Fact]
    public async Task A_subscriber_decodes_the_publishers_video_and_receives_its_audio()
    {
        await using var call = fx.OpenRoom(new RoomMediaSettings());
        var room = call.Room;
        var states = new ConcurrentQueue<(string Participant, string Stream, bool Connected)>();
        room.PeerStateChanged += (p, s, c) => states.Enqueue((p, s, c));
        string pub = call.NewPc("pub"), sub = call.NewPc("sub");
        var publishAnswer = await fx.PublishAsync(room, "alice", "alice/camera", pub);
        Assert.Contains("a=recvonly", publishAnswer);
        await fx.WaitForAsync(pub, s => (string?)s["dtlsState"] == "connected" && (long?)s["outboundPacketsSent"] > 50, "the publisher connected and sending");

        var watch = Stopwatch.StartNew();
        var answer = await fx.SubscribeAsync(room, "bob", "alice/camera", sub);
        Assert.Contains("a=sendonly", answer);
        Assert.Contains("a=msid:", answer);
        Assert.DoesNotContain("red/90000", answer, StringComparison.OrdinalIgnoreCase);
        var first = await fx.WaitForAsync(sub, s => RelayBrowserFixture.Long(s, "video", "framesDecoded") > 0, "a first decoded frame");
        var firstFrame = watch.Elapsed;
        output.WriteLine($"subscribe → first decoded frame: {firstFrame.TotalMilliseconds:F0} ms (loopback, including the subscriber's ICE and DTLS)");

        var later = await fx.WaitForAsync(
            sub,
            s => RelayBrowserFixture.Long(s, "video", "framesDecoded") > RelayBrowserFixture.Long(first, "video", "framesDecoded") + 10
                 && RelayBrowserFixture.Long(s, "audio", "packetsReceived") > RelayBrowserFixture.Long(first, "audio", "packetsReceived") + 10,
            "framesDecoded and audio packetsReceived still rising");
        output.WriteLine($"subscriber: {later.ToJsonString()}");
        output.WriteLine($"relay: {fx.Relay.Counters}");

        Assert.Equal("connected", (string?)later["dtlsState"]);
        Assert.True(RelayBrowserFixture.Long(later, "video", "keyFramesDecoded") >= 1, $"Expected a decoded keyframe, found {later["video"]?.ToJsonString()}.");
        Assert.True(RelayBrowserFixture.Long(later, "video", "frameWidth") > 0, $"Expected a frame width, found {later["video"]?.ToJsonString()}.");
        // RTCP is terminated and regenerated: the subscriber sees our SRs, the publisher our RRs and the PLI a new
        // subscriber triggered (the publisher had been sending for a while, so its keyframe was long gone).
        await fx.WaitForAsync(sub, s => (long?)s["remoteOutbound"] >= 1, "an SR from the relay at the subscriber (remote-outbound-rtp)", TimeSpan.FromSeconds(5));
        var publisher = await fx.WaitForAsync(pub, s => (long?)s["remoteInbound"] >= 1, "an RR from the relay at the publisher (remote-inbound-rtp)", TimeSpan.FromSeconds(5));
        output.WriteLine($"publisher: {publisher["outbound"]?.ToJsonString()}");
        var video = publisher["outbound"]!.AsArray().Single(o => (string?)o!["kind"] == "video")!;
        Assert.True((long?)video["pliCount"] >= 1, $"Expected the publisher to have received a PLI for the new subscriber, found {video.ToJsonString()}.");
        await WaitUntil(() => states.Count(x => x.Connected) >= 2, () => $"PeerStateChanged(connected) for both peers; found [{string.Join(", ", states)}]");
        Assert.Contains(states, x => x is ("alice", "alice/camera", true));
        Assert.Contains(states, x => x is ("bob", "alice/camera", true));
    }

    internal static async Task WaitUntil(Func<bool> condition, Func<string> expected, TimeSpan? timeout = null)
    {
        var limit = timeout ?? RelayBrowserFixture.Step;
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > limit)
            {
                throw new TimeoutException($"Timed out after {limit} waiting for {expected()}.");
            }

            await Task.Delay(50);
        }
    }
}
