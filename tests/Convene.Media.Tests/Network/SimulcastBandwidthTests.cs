using System.Diagnostics;
using Convene.Media.Relay;
using Convene.Media.Tests.Interop;
using Convene.Media.Tests.Relay;
using Xunit.Abstractions;
using static Convene.Media.Tests.Interop.RelayBrowserFixture;

namespace Convene.Media.Tests.Network;

/// <summary>
/// Issue 13's done criterion for bandwidth: a Chromium subscriber of a simulcast stream behind a 300 kbit/s cap
/// (the <see cref="ImpairmentProxy"/>'s token bucket on the relay → subscriber direction) moves to the low layer and
/// keeps decoding, and returns to the high layer after the cap lifts — driven by transport-wide feedback.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class SimulcastBandwidthTests(RelayBrowserFixture fx, ITestOutputHelper output)
{
    [Fact]
    public async Task Under_a_300_kbit_cap_the_subscriber_moves_to_the_low_layer_keeps_decoding_and_returns_to_the_high_layer_after()
    {
        await using var proxy = fx.StartProxy();
        await using var call = fx.OpenRoom(new RoomMediaSettings());
        var room = call.Room;
        string pub = call.NewPc("pub"), sub = call.NewPc("sub");
        // 320×180 ≤ 100 kbit/s, 640×360 ≤ 250, 1280×720 ≤ 600: only the low layer (and audio) fits under 300 kbit/s.
        var published = await fx.PublishAsync(room, "alice", "cam", pub, width: 1280, height: 720, simulcast: true, maxKbps: [100, 250, 600]);
        Assert.DoesNotContain("transport-cc", published); // the publisher gets no transport feedback from us: REMB only
        var answer = await fx.SubscribeAsync(room, "bob", "cam", sub, through: proxy);
        Assert.Contains("transport-cc", answer);
        long top = await SimulcastLayers.WaitForTopLayerAsync(fx, pub, 360, TimeSpan.FromSeconds(60));
        await fx.WaitForAsync(sub, s => Long(s, "video", "frameHeight") > 360, $"the subscriber on the high layer before the cap (publisher's top layer {top}p)\n{Diagnostics(room, proxy)}", TimeSpan.FromSeconds(45));

        proxy.Downstream.Options = ImpairmentOptions.Cap(300_000);
        var watch = Stopwatch.StartNew();
        var low = await fx.WaitForAsync(sub, s => Long(s, "video", "frameHeight") is > 0 and <= 180, $"the low layer (≤ 180p) under a 300 kbit/s cap\n{Diagnostics(room, proxy)}", TimeSpan.FromSeconds(20));
        var down = watch.Elapsed;
        long frames = Long(low, "video", "framesDecoded");
        var decoding = await fx.WaitForAsync(sub, s => Long(s, "video", "framesDecoded") >= frames + 30, $"30 more frames decoded under the cap\n{Diagnostics(room, proxy)}", TimeSpan.FromSeconds(20));
        output.WriteLine($"low layer {down.TotalSeconds:F1} s after the cap: {low["video"]?.ToJsonString()}\nstill decoding: {decoding["video"]?.ToJsonString()}\n{Diagnostics(room, proxy)}");

        proxy.Downstream.Options = ImpairmentOptions.None;
        watch.Restart();
        var high = await fx.WaitForAsync(sub, s => Long(s, "video", "frameHeight") > 360, $"the high layer again after the cap lifted\n{Diagnostics(room, proxy)}", TimeSpan.FromSeconds(60));
        output.WriteLine($"high layer {watch.Elapsed.TotalSeconds:F1} s after the cap lifted: {high["video"]?.ToJsonString()}\n{Diagnostics(room, proxy)}");
    }

    [Fact]
    public async Task A_link_too_narrow_for_the_lowest_layer_gets_audio_only_and_video_back_after_the_cap_lifts()
    {
        await using var proxy = fx.StartProxy();
        await using var call = fx.OpenRoom(new RoomMediaSettings());
        var room = call.Room;
        string pub = call.NewPc("pub"), sub = call.NewPc("sub");
        await fx.PublishAsync(room, "alice", "cam", pub, width: 1280, height: 720, simulcast: true, maxKbps: [100, 250, 600]);
        await fx.SubscribeAsync(room, "bob", "cam", sub, through: proxy);
        await fx.WaitForAsync(sub, s => Long(s, "video", "framesDecoded") > 10 && Long(s, "audio", "packetsReceived") > 50, "video and audio before the cap");

        // 100 kbit/s carries the audio (~50 kbit/s with headers) but not the low layer (~100 kbit/s) on top of it.
        proxy.Downstream.Options = ImpairmentOptions.Cap(100_000);
        var subscription = ((RoomRelay)room).Streams.Single().Subscriptions.Single();
        await RelayPublishSubscribeTests.WaitUntil(() => subscription.VideoSuspended, () => $"video suspended for bob under a 100 kbit/s cap\n{Diagnostics(room, proxy)}", TimeSpan.FromSeconds(20));
        var (from, to) = await fx.WaitForQuietAsync(sub, s => Long(s, "video", "framesDecoded"), TimeSpan.FromSeconds(2), $"no video frames while suspended\n{Diagnostics(room, proxy)}", TimeSpan.FromSeconds(20));
        Assert.True(Long(to, "audio", "packetsReceived") > Long(from, "audio", "packetsReceived") + 20, $"Expected audio to keep flowing while video is suspended: {from["audio"]?.ToJsonString()} → {to["audio"]?.ToJsonString()}\n{Diagnostics(room, proxy)}");
        output.WriteLine($"audio only: {to["audio"]?.ToJsonString()}\n{Diagnostics(room, proxy)}");

        proxy.Downstream.Options = ImpairmentOptions.None;
        long frames = Long(to, "video", "framesDecoded");
        await fx.WaitForAsync(sub, s => Long(s, "video", "framesDecoded") > frames + 30, $"video decoding again after the cap lifted\n{Diagnostics(room, proxy)}", TimeSpan.FromSeconds(45));
    }

    private static string Diagnostics(IRoomRelay room, ImpairmentProxy proxy)
    {
        var relay = (RoomRelay)room;
        var lines = relay.Streams.SelectMany(s => s.Subscriptions.Select(sub =>
            $"stream {s.StreamKey} layers [{string.Join(", ", s.LayerBitrates.ToArray().Select(b => $"{b / 1000} k"))}] heights [{string.Join(", ", s.Layers.ToArray().Select(l => l?.FrameHeight ?? 0))}]; "
            + $"{sub.Peer.Participant}: choice {sub.Layers.Current}, suspended {sub.VideoSuspended}, "
            + (sub.Peer.Congestion is { } cc
                ? $"estimate {cc.Estimator.EstimateBps / 1000} k, received {cc.Estimator.ReceivedBps / 1000} k, delay {cc.Estimator.QueuingDelay.TotalMilliseconds:F0} ms, loss {cc.Estimator.LossFraction:P0}, feedback {cc.FeedbackCount}, decreases {cc.Estimator.Decreases}"
                : "no transport-cc")));
        return $"{string.Join("\n", lines)}\n{proxy}";
    }
}
