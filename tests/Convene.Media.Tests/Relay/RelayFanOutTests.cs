using Convene.Media.Relay;
using Convene.Media.Tests.Interop;
using Xunit.Abstractions;
using static Convene.Media.Tests.Interop.RelayBrowserFixture;

namespace Convene.Media.Tests.Relay;

/// <summary>One publisher to several subscribers, and several streams from one participant, against Chromium.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class RelayFanOutTests(RelayBrowserFixture fx, ITestOutputHelper output)
{
    [Fact]
    public async Task One_publisher_reaches_three_subscribers_each_on_its_own_peer_connection()
    {
        await using var call = fx.OpenRoom(new RoomMediaSettings());
        var room = call.Room;
        string pub = call.NewPc("pub");
        string[] subs = [call.NewPc("sub"), call.NewPc("sub"), call.NewPc("sub")];
        await fx.PublishAsync(room, "alice", "cam", pub);
        for (int i = 0; i < subs.Length; i++)
        {
            await fx.SubscribeAsync(room, $"viewer{i}", "cam", subs[i]);
        }

        var ssrcs = new HashSet<long>();
        foreach (var sub in subs)
        {
            var stats = await fx.WaitForAsync(sub, s => Long(s, "video", "framesDecoded") > 10 && Long(s, "audio", "packetsReceived") > 10, "decoded frames and audio packets");
            output.WriteLine($"{sub}: {stats["video"]?.ToJsonString()}");
            Assert.Equal("connected", (string?)stats["dtlsState"]);
            Assert.True(Long(stats, "video", "keyFramesDecoded") >= 1, $"Expected a keyframe at {sub}, found {stats["video"]?.ToJsonString()}.");
            ssrcs.Add(Long(stats, "video", "ssrc"));
        }

        Assert.True(ssrcs.Count == 3, $"Expected each subscriber to get its own down-track SSRC, found {string.Join(", ", ssrcs)}.");
        Assert.Equal(4, ((RoomRelay)room).PeerCount); // one publish peer, three subscribe peers
    }

    [Fact]
    public async Task A_camera_and_two_screens_from_one_participant_are_received_separately()
    {
        await using var call = fx.OpenRoom(new RoomMediaSettings());
        var room = call.Room;
        // Headless Chromium has no screen to capture; the "screens" are further fake-camera tracks at other sizes.
        (string Key, string Pc, int Width, int Height)[] streams =
        [
            ("alice/camera", call.NewPc("pub"), 640, 360),
            ("alice/screen1", call.NewPc("pub"), 320, 180),
            ("alice/screen2", call.NewPc("pub"), 480, 270),
        ];
        var subs = streams.Select(_ => call.NewPc("sub")).ToArray();
        foreach (var (key, pc, width, height) in streams)
        {
            await fx.PublishAsync(room, "alice", key, pc, audio: key.EndsWith("camera", StringComparison.Ordinal), width: width, height: height);
        }

        for (int i = 0; i < streams.Length; i++)
        {
            await fx.SubscribeAsync(room, "bob", streams[i].Key, subs[i], video: true);
        }

        for (int i = 0; i < streams.Length; i++)
        {
            int width = streams[i].Width;
            var stats = await fx.WaitForAsync(subs[i], s => Long(s, "video", "framesDecoded") > 10 && Long(s, "video", "frameWidth") > 0, $"frames of {streams[i].Key}");
            output.WriteLine($"{streams[i].Key} → {subs[i]}: {stats["video"]?.ToJsonString()}");
            Assert.True(Long(stats, "video", "frameWidth") == width, $"Expected {streams[i].Key} at its own width {width}, found {stats["video"]?.ToJsonString()}.");
        }

        room.Unpublish("alice/screen1");
        await fx.WaitForQuietAsync(subs[1], s => Long(s, "video", "framesDecoded"), TimeSpan.FromSeconds(1), "the unpublished screen's frames to stop");
        var camera = Long(await fx.StatsAsync(subs[0]), "video", "framesDecoded");
        await fx.WaitForAsync(subs[0], s => Long(s, "video", "framesDecoded") > camera + 10, "the camera still flowing after a screen was unpublished");
    }

    [Fact]
    public async Task A_simulcast_publisher_is_forwarded_at_its_highest_live_layer_down_when_it_pauses_and_up_when_it_resumes()
    {
        await using var call = fx.OpenRoom(new RoomMediaSettings());
        var room = call.Room;
        string pub = call.NewPc("pub"), sub = call.NewPc("sub");
        var answer = await fx.PublishAsync(room, "alice", "cam", pub, width: 1280, height: 720, simulcast: true);
        Assert.Contains("a=simulcast:recv q;h;f", answer);
        await fx.SubscribeAsync(room, "bob", "cam", sub);
        // Layers are learned from their first packet carrying a rid (RFC 8852); the subscriber gets the highest
        // layer the publisher is sending and moves up when a higher one starts (Chromium enables layers as its
        // bandwidth estimate allows).
        await fx.WaitForAsync(sub, s => Long(s, "video", "framesDecoded") > 10, "frames of the simulcast publisher");
        long widest = 0;
        var stats = await fx.WaitForAsync(
            sub,
            s =>
            {
                widest = WidestActiveLayer(fx.StatsAsync(pub).GetAwaiter().GetResult());
                return widest > 0 && Long(s, "video", "frameWidth") == widest;
            },
            "frames at the width of the publisher's widest active layer");
        var publisher = await fx.StatsAsync(pub);
        output.WriteLine($"subscriber {stats["video"]?.ToJsonString()}\npublisher layers {publisher["outbound"]?.ToJsonString()}");
        Assert.True(publisher["outbound"]!.AsArray().Count(o => (string?)o!["kind"] == "video" && (long?)o["packetsSent"] > 0) >= 2, $"Expected at least two active layers, found {publisher["outbound"]?.ToJsonString()}.");

        // The publisher pauses the layer being forwarded: within the 2 s liveness the subscriber moves down to the
        // next live layer (on its keyframe) and keeps decoding; resumed, it moves back up.
        var forwardedRid = (string)publisher["outbound"]!.AsArray().First(o => (long?)o!["frameWidth"] == widest)!["rid"]!;
        await fx.SetLayerActiveAsync(pub, forwardedRid, active: false);
        var down = await fx.WaitForAsync(sub, s => Long(s, "video", "frameWidth") is > 0 and var w && w < widest, $"frames narrower than {widest} after pausing layer '{forwardedRid}'");
        var downFrames = Long(down, "video", "framesDecoded");
        await fx.WaitForAsync(sub, s => Long(s, "video", "framesDecoded") > downFrames + 10, "frames still decoding on the lower layer");
        await fx.SetLayerActiveAsync(pub, forwardedRid, active: true);
        var up = await fx.WaitForAsync(sub, s => Long(s, "video", "frameWidth") == widest, $"frames at {widest} again after resuming layer '{forwardedRid}'");
        output.WriteLine($"paused '{forwardedRid}': {down["video"]?.ToJsonString()}\nresumed: {up["video"]?.ToJsonString()}");
    }

    private static long WidestActiveLayer(System.Text.Json.Nodes.JsonObject publisher)
        => publisher["outbound"]!.AsArray()
            .Where(o => (string?)o!["kind"] == "video" && (long?)o["framesEncoded"] > 0)
            .Select(o => (long?)o!["frameWidth"] ?? 0)
            .DefaultIfEmpty(0)
            .Max();
}
