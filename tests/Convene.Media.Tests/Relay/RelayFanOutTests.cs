using Convene.Media.Relay;
using Convene.Media.Tests.Interop;
using Xunit.Abstractions;
using static Convene.Media.Tests.Interop.RelayBrowserFixture;

namespace Convene.Media.Tests.Relay;

/// <summary>One publisher to several subscribers, and several streams from one participant, against Chromium.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class RelayFanOutTests
{
    private readonly RelayBrowserFixture _fx;
    private readonly ITestOutputHelper _output;

    public RelayFanOutTests(RelayBrowserFixture fixture, ITestOutputHelper output)
    {
        _fx = fixture;
        _output = output;
    }

    [Fact]
    public async Task One_publisher_reaches_three_subscribers_each_on_its_own_peer_connection()
    {
        using var room = _fx.Relay.OpenRoom(_fx.NewId("room"), new RoomMediaSettings());
        string pub = _fx.NewId("pub");
        string[] subs = [_fx.NewId("sub"), _fx.NewId("sub"), _fx.NewId("sub")];
        try
        {
            await _fx.PublishAsync(room, "alice", "cam", pub);
            for (int i = 0; i < subs.Length; i++)
            {
                await _fx.SubscribeAsync(room, $"viewer{i}", "cam", subs[i]);
            }

            var ssrcs = new HashSet<long>();
            foreach (var sub in subs)
            {
                var stats = await _fx.WaitForAsync(sub, s => Long(s, "video", "framesDecoded") > 10 && Long(s, "audio", "packetsReceived") > 10, "decoded frames and audio packets");
                _output.WriteLine($"{sub}: {stats["video"]?.ToJsonString()}");
                Assert.Equal("connected", (string?)stats["dtlsState"]);
                Assert.True(Long(stats, "video", "keyFramesDecoded") >= 1, $"Expected a keyframe at {sub}, found {stats["video"]?.ToJsonString()}.");
                ssrcs.Add(Long(stats, "video", "ssrc"));
            }

            Assert.True(ssrcs.Count == 3, $"Expected each subscriber to get its own down-track SSRC, found {string.Join(", ", ssrcs)}.");
            Assert.Equal(4, ((RoomRelay)room).PeerCount); // one publish peer, three subscribe peers
        }
        finally
        {
            await _fx.CloseAsync([pub, .. subs]);
        }
    }

    [Fact]
    public async Task A_camera_and_two_screens_from_one_participant_are_received_separately()
    {
        using var room = _fx.Relay.OpenRoom(_fx.NewId("room"), new RoomMediaSettings());
        // Headless Chromium has no screen to capture; the "screens" are further fake-camera tracks at other sizes.
        (string Key, string Pc, int Width, int Height)[] streams =
        [
            ("alice/camera", _fx.NewId("pub"), 640, 360),
            ("alice/screen1", _fx.NewId("pub"), 320, 180),
            ("alice/screen2", _fx.NewId("pub"), 480, 270),
        ];
        var subs = streams.Select(_ => _fx.NewId("sub")).ToArray();
        try
        {
            foreach (var (key, pc, width, height) in streams)
            {
                await _fx.PublishAsync(room, "alice", key, pc, audio: key.EndsWith("camera", StringComparison.Ordinal), width: width, height: height);
            }

            for (int i = 0; i < streams.Length; i++)
            {
                await _fx.SubscribeAsync(room, "bob", streams[i].Key, subs[i], video: true);
            }

            for (int i = 0; i < streams.Length; i++)
            {
                int width = streams[i].Width;
                var stats = await _fx.WaitForAsync(subs[i], s => Long(s, "video", "framesDecoded") > 10 && Long(s, "video", "frameWidth") > 0, $"frames of {streams[i].Key}");
                _output.WriteLine($"{streams[i].Key} → {subs[i]}: {stats["video"]?.ToJsonString()}");
                Assert.True(Long(stats, "video", "frameWidth") == width, $"Expected {streams[i].Key} at its own width {width}, found {stats["video"]?.ToJsonString()}.");
            }

            room.Unpublish("alice/screen1");
            await _fx.WaitForQuietAsync(subs[1], s => Long(s, "video", "framesDecoded"), TimeSpan.FromSeconds(1), "the unpublished screen's frames to stop");
            var camera = Long(await _fx.StatsAsync(subs[0]), "video", "framesDecoded");
            await _fx.WaitForAsync(subs[0], s => Long(s, "video", "framesDecoded") > camera + 10, "the camera still flowing after a screen was unpublished");
        }
        finally
        {
            await _fx.CloseAsync([.. streams.Select(s => s.Pc), .. subs]);
        }
    }

    [Fact]
    public async Task A_simulcast_publisher_is_forwarded_at_its_highest_live_layer_down_when_it_pauses_and_up_when_it_resumes()
    {
        using var room = _fx.Relay.OpenRoom(_fx.NewId("room"), new RoomMediaSettings());
        string pub = _fx.NewId("pub"), sub = _fx.NewId("sub");
        try
        {
            var answer = await _fx.PublishAsync(room, "alice", "cam", pub, width: 1280, height: 720, simulcast: true);
            Assert.Contains("a=simulcast:recv q;h;f", answer);
            await _fx.SubscribeAsync(room, "bob", "cam", sub);
            // Layers are learned from their first packet carrying a rid (RFC 8852); the subscriber gets the highest
            // layer the publisher is sending and moves up when a higher one starts (Chromium enables layers as its
            // bandwidth estimate allows).
            await _fx.WaitForAsync(sub, s => Long(s, "video", "framesDecoded") > 10, "frames of the simulcast publisher");
            long widest = 0;
            var stats = await _fx.WaitForAsync(
                sub,
                s =>
                {
                    widest = WidestActiveLayer(_fx.StatsAsync(pub).GetAwaiter().GetResult());
                    return widest > 0 && Long(s, "video", "frameWidth") == widest;
                },
                "frames at the width of the publisher's widest active layer");
            var publisher = await _fx.StatsAsync(pub);
            _output.WriteLine($"subscriber {stats["video"]?.ToJsonString()}\npublisher layers {publisher["outbound"]?.ToJsonString()}");
            Assert.True(publisher["outbound"]!.AsArray().Count(o => (string?)o!["kind"] == "video" && (long?)o["packetsSent"] > 0) >= 2, $"Expected at least two active layers, found {publisher["outbound"]?.ToJsonString()}.");

            // The publisher pauses the layer being forwarded: within the 2 s liveness the subscriber moves down to the
            // next live layer (on its keyframe) and keeps decoding; resumed, it moves back up.
            var forwardedRid = (string)publisher["outbound"]!.AsArray().First(o => (long?)o!["frameWidth"] == widest)!["rid"]!;
            await _fx.SetLayerActiveAsync(pub, forwardedRid, active: false);
            var down = await _fx.WaitForAsync(sub, s => Long(s, "video", "frameWidth") is > 0 and var w && w < widest, $"frames narrower than {widest} after pausing layer '{forwardedRid}'");
            var downFrames = Long(down, "video", "framesDecoded");
            await _fx.WaitForAsync(sub, s => Long(s, "video", "framesDecoded") > downFrames + 10, "frames still decoding on the lower layer");
            await _fx.SetLayerActiveAsync(pub, forwardedRid, active: true);
            var up = await _fx.WaitForAsync(sub, s => Long(s, "video", "frameWidth") == widest, $"frames at {widest} again after resuming layer '{forwardedRid}'");
            _output.WriteLine($"paused '{forwardedRid}': {down["video"]?.ToJsonString()}\nresumed: {up["video"]?.ToJsonString()}");
        }
        finally
        {
            await _fx.CloseAsync(pub, sub);
        }
    }

    private static long WidestActiveLayer(System.Text.Json.Nodes.JsonObject publisher)
        => publisher["outbound"]!.AsArray()
            .Where(o => (string?)o!["kind"] == "video" && (long?)o["framesEncoded"] > 0)
            .Select(o => (long?)o!["frameWidth"] ?? 0)
            .DefaultIfEmpty(0)
            .Max();
}
