using System.Diagnostics;
using System.Collections.Concurrent;
using Convene.Media.Relay;
using Convene.Media.Tests.Interop;
using Xunit.Abstractions;
using static Convene.Media.Tests.Interop.RelayBrowserFixture;

namespace Convene.Media.Tests.Relay;

/// <summary>Mute, audio-only subscriptions and rooms, and talking detection, against Chromium.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class RelayMediaControlTests(RelayBrowserFixture fx, ITestOutputHelper output)
{
    private static readonly TimeSpan _quiet = TimeSpan.FromMilliseconds(1500);

    [Fact]
    public async Task Muting_video_stops_decoded_frames_and_unmuting_resumes_them()
    {
        await using var call = fx.OpenRoom(new RoomMediaSettings());
        var room = call.Room;
        string pub = call.NewPc("pub"), sub = call.NewPc("sub");
        await fx.PublishAsync(room, "alice", "cam", pub);
        await fx.SubscribeAsync(room, "bob", "cam", sub);
        await fx.WaitForAsync(sub, s => Long(s, "video", "framesDecoded") > 5, "frames before muting");

        room.SetMuted("cam", audioMuted: false, videoMuted: true);
        // Frames already in the jitter buffer may still decode: wait until none has for a while.
        var (muted, stillMuted) = await fx.WaitForQuietAsync(sub, s => Long(s, "video", "framesDecoded"), _quiet, "no frames decoded while video is muted");
        output.WriteLine($"muted: {muted["video"]?.ToJsonString()} → {stillMuted["video"]?.ToJsonString()}");
        Assert.True(
            Long(stillMuted, "audio", "packetsReceived") > Long(muted, "audio", "packetsReceived"),
            $"Expected audio to keep flowing while only video is muted, found {Long(muted, "audio", "packetsReceived")} → {Long(stillMuted, "audio", "packetsReceived")}.");

        room.SetMuted("cam", audioMuted: false, videoMuted: false);
        long before = Long(stillMuted, "video", "framesDecoded");
        var resumed = await fx.WaitForAsync(sub, s => Long(s, "video", "framesDecoded") > before + 10, $"framesDecoded rising past {before} after unmuting");
        output.WriteLine($"resumed: {resumed["video"]?.ToJsonString()}");

        room.SetMuted("cam", audioMuted: true, videoMuted: false);
        var (audioMuted, audioStillMuted) = await fx.WaitForQuietAsync(sub, s => Long(s, "audio", "packetsReceived"), _quiet, "no audio packets while audio is muted");
        Assert.True(
            Long(audioStillMuted, "video", "framesDecoded") > Long(audioMuted, "video", "framesDecoded"),
            $"Expected video to keep flowing while only audio is muted, found {Long(audioMuted, "video", "framesDecoded")} → {Long(audioStillMuted, "video", "framesDecoded")}.");
    }

    [Fact]
    public async Task An_audio_only_subscription_receives_audio_and_no_video()
    {
        await using var call = fx.OpenRoom(new RoomMediaSettings());
        var room = call.Room;
        string pub = call.NewPc("pub"), sub = call.NewPc("sub");
        await fx.PublishAsync(room, "alice", "cam", pub);
        await fx.SubscribeAsync(room, "bob", "cam", sub, audio: true, video: false);
        var first = await fx.WaitForAsync(sub, s => Long(s, "audio", "packetsReceived") > 0, "audio packets");
        // The window is counted in media: while 75 more audio packets (1.5 s of 20 ms frames) arrive, no video may.
        var stats = await fx.WaitForAsync(sub, s => Long(s, "audio", "packetsReceived") > Long(first, "audio", "packetsReceived") + 75, "75 more audio packets");
        output.WriteLine(stats.ToJsonString());
        Assert.True(stats["video"] is null || Long(stats, "video", "framesDecoded") == 0, $"Expected no inbound video, found {stats["video"]?.ToJsonString()}.");
    }

    [Fact]
    public async Task An_audio_only_room_forwards_no_video_until_video_is_allowed()
    {
        await using var call = fx.OpenRoom(new RoomMediaSettings(Video: false));
        var room = call.Room;
        string pub = call.NewPc("pub"), sub = call.NewPc("sub");
        await fx.PublishAsync(room, "alice", "cam", pub);
        await fx.SubscribeAsync(room, "bob", "cam", sub);
        var first = await fx.WaitForAsync(sub, s => Long(s, "audio", "packetsReceived") > 0, "audio packets");
        // The window is counted in media: while 75 more audio packets (1.5 s of 20 ms frames) arrive, no video may.
        var stats = await fx.WaitForAsync(sub, s => Long(s, "audio", "packetsReceived") > Long(first, "audio", "packetsReceived") + 75, "75 more audio packets");
        Assert.True(stats["video"] is null || Long(stats, "video", "framesDecoded") == 0, $"Expected no video in an audio-only room, found {stats["video"]?.ToJsonString()}.");

        room.UpdateSettings(new RoomMediaSettings(Video: true));
        await fx.WaitForAsync(sub, s => Long(s, "video", "framesDecoded") > 5, "video frames once the room allows video");
    }

    [Fact]
    public async Task The_rooms_bitrate_cap_reaches_the_publisher_as_REMB_and_follows_settings_updates()
    {
        await using var call = fx.OpenRoom(new RoomMediaSettings(MaxBitrateKbps: 100));
        var room = call.Room;
        string pub = call.NewPc("pub");
        await fx.PublishAsync(room, "alice", "cam", pub, width: 1280, height: 720);
        // Chromium's send-side estimate (availableOutgoingBitrate) takes the REMB value; uncapped it starts at
        // 300 kbit/s and climbs.
        var capped = await fx.WaitForAsync(pub, s => (long?)s["availableOutgoingBitrate"] == 100_000, "availableOutgoingBitrate at the 100 kbit/s cap", TimeSpan.FromSeconds(10));
        // The rate over the time it takes to send 30 kB more (2.4 s at the cap; sooner if the cap is not held).
        var window = Stopwatch.StartNew();
        var later = await fx.WaitForAsync(pub, s => (long?)s["videoBytesSent"] - (long?)capped["videoBytesSent"] >= 30_000, "30 kB more video sent", TimeSpan.FromSeconds(15));
        double kbps = ((long?)later["videoBytesSent"] - (long?)capped["videoBytesSent"] ?? 0) * 8 / window.Elapsed.TotalSeconds / 1000;
        output.WriteLine($"video at {kbps:F0} kbit/s under a 100 kbit/s cap");
        Assert.True(kbps is > 20 and < 140, $"Expected video near or under 100 kbit/s, found {kbps:F0} kbit/s.");

        room.UpdateSettings(new RoomMediaSettings(MaxBitrateKbps: 250));
        await fx.WaitForAsync(pub, s => (long?)s["availableOutgoingBitrate"] == 250_000, "availableOutgoingBitrate at the new 250 kbit/s cap", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_participants_own_bitrate_cap_tightens_the_rooms_and_is_lifted_again()
    {
        await using var call = fx.OpenRoom(new RoomMediaSettings(MaxBitrateKbps: 400));
        var room = call.Room;
        room.SetPublisherLimits("alice", new MediaLimits(MaxBitrateKbps: 150));
        Assert.Equal(150, room.GetPublisherLimits("alice").MaxBitrateKbps);
        Assert.Same(MediaLimits.None, room.GetPublisherLimits("bob"));
        string pub = call.NewPc("pub");
        await fx.PublishAsync(room, "alice", "cam", pub, width: 640, height: 360);
        await fx.WaitForAsync(pub, s => (long?)s["availableOutgoingBitrate"] == 150_000, "availableOutgoingBitrate at alice's 150 kbit/s cap (room: 400)", TimeSpan.FromSeconds(10));

        room.SetPublisherLimits("alice", MediaLimits.None);
        await fx.WaitForAsync(pub, s => (long?)s["availableOutgoingBitrate"] == 400_000, "availableOutgoingBitrate back at the room's 400 kbit/s cap", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task TalkingChanged_follows_a_publishers_beeping_tone_and_ends_when_it_stops_sending()
    {
        await using var call = fx.OpenRoom(new RoomMediaSettings());
        var room = call.Room;
        var events = new ConcurrentQueue<(string Stream, bool Talking, TimeSpan At)>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        room.TalkingChanged += (s, t) => events.Enqueue((s, t, clock.Elapsed));
        string pub = call.NewPc("pub");
        // A WebAudio tone, 1 s on and 1 s off. (Chromium's fake microphone beeps for a packet or two every 500 ms,
        // peaking near −65 dBov once smoothed: too short and quiet to be talking, by the detector's design.)
        var answer = await fx.PublishAsync(room, "alice", "mic", pub, audio: true, video: false, tone: true);
        Assert.Contains("urn:ietf:params:rtp-hdrext:ssrc-audio-level", answer); // RFC 6464 negotiated
        await RelayPublishSubscribeTests.WaitUntil(
            () => events.Count(e => e.Talking) >= 2 && events.Any(e => !e.Talking),
            () => $"TalkingChanged true, false, true as the tone beeps; found [{string.Join(", ", events)}]; relay {fx.Relay.Counters}");

        // Muting the stream ends talking at once, and no talking is reported while muted.
        await RelayPublishSubscribeTests.WaitUntil(
            () => events.Last().Talking,
            () => $"talking again before muting; found [{string.Join(", ", events)}]");
        int atMute = events.Count; // before muting: the event may be raised before SetMuted returns
        room.SetMuted("mic", audioMuted: true, videoMuted: false);
        await RelayPublishSubscribeTests.WaitUntil(
            () => events.Count > atMute,
            () => $"TalkingChanged(mic, false) on muting; found [{string.Join(", ", events)}]",
            TimeSpan.FromMilliseconds(500));
        Assert.False(events.Last().Talking, $"Expected talking to end on muting, found [{string.Join(", ", events)}].");
        // More than one on/off cycle of the tone, counted in packets the relay receives (20 ms each).
        var received = fx.Relay.Counters.RtpIn;
        await RelayPublishSubscribeTests.WaitUntil(
            () => fx.Relay.Counters.RtpIn >= received + 125,
            () => $"125 more RTP packets at the relay while muted; found {fx.Relay.Counters.RtpIn - received}");
        Assert.True(events.Count == atMute + 1, $"Expected no talking events while muted, found [{string.Join(", ", events.Skip(atMute))}].");
        room.SetMuted("mic", audioMuted: false, videoMuted: false);
        await RelayPublishSubscribeTests.WaitUntil(
            () => events.Count > atMute + 1 && events.Last().Talking,
            () => $"talking again after unmuting; found [{string.Join(", ", events)}]");

        // The browser stops sending: talking ends within the detector's 400 ms (+ one 100 ms tick) of silence.
        var closedAt = clock.Elapsed;
        await fx.CloseAsync(pub);
        await RelayPublishSubscribeTests.WaitUntil(
            () => events.Last() is ("mic", false, _),
            () => $"TalkingChanged(mic, false) once the publisher stopped sending; found [{string.Join(", ", events)}]",
            TimeSpan.FromSeconds(5));
        output.WriteLine(string.Join("\n", events.Select(e => $"{e.At.TotalMilliseconds:F0} ms: {e.Stream} talking={e.Talking}")) + $"\npublisher closed at {closedAt.TotalMilliseconds:F0} ms");
        Assert.True(events.First().Talking, "The first event must be the start of talking.");
        Assert.All(events.Zip(events.Skip(1)), pair => Assert.NotEqual(pair.First.Talking, pair.Second.Talking));
    }
}
