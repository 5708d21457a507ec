using Convene.Media.Relay;
using Convene.Media.Tests.Interop;
using Xunit.Abstractions;
using static Convene.Media.Tests.Interop.RelayBrowserFixture;

namespace Convene.Media.Tests.Relay;

/// <summary>
/// Each video codec Chromium 156 sends here (RTCRtpSender.getCapabilities: VP8, VP9 profile 0, H.264 mode 1, AV1)
/// goes publisher → relay → subscriber and decodes. The subscriber joins after the publisher's first keyframe is
/// gone, so its first frame needs the relay's PLI and the codec's keyframe detection (video starts on a keyframe).
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class ChromiumCodecTests(RelayBrowserFixture fx, ITestOutputHelper output)
{
    [Theory]
    [InlineData("vp8", "video/VP8")]
    [InlineData("vp9", "video/VP9")]
    [InlineData("h264", "video/H264")]
    [InlineData("av1", "video/AV1")]
    public async Task A_subscriber_decodes_the_codec_the_room_puts_first_after_a_keyframe_requested_for_it(string codec, string mimeType)
    {
        await using var call = fx.OpenRoom(new RoomMediaSettings(VideoCodecs: CodecsWithFirst(codec)));
        var room = call.Room;
        string pub = call.NewPc("pub"), sub = call.NewPc("sub");
        await fx.PublishAsync(room, "alice", "alice/camera", pub, audio: false, width: 320, height: 180);
        var sending = await fx.WaitForAsync(
            pub, s => s["outbound"]!.AsArray().Any(o => (string?)o!["codec"] == mimeType && (long?)o["framesEncoded"] > 30),
            $"the publisher sending {mimeType} (30 frames encoded)");
        long plisBefore = (long?)OutboundVideo(sending)["pliCount"] ?? 0;

        var answer = await fx.SubscribeAsync(room, "bob", "alice/camera", sub, audio: false, offerAudio: false);
        Assert.Contains($" {mimeType[6..]}/90000", answer, StringComparison.Ordinal);
        var later = await fx.WaitForDecodingAsync(sub, mimeType);
        output.WriteLine($"subscriber: {later["video"]?.ToJsonString()}");

        Assert.Equal(mimeType, (string?)later["video"]?["codec"]);
        Assert.True(Long(later, "video", "keyFramesDecoded") >= 1, $"Expected a decoded keyframe, found {later["video"]?.ToJsonString()}.");
        Assert.True(Long(later, "video", "frameWidth") > 0, $"Expected a frame width, found {later["video"]?.ToJsonString()}.");
        var publisher = await fx.StatsAsync(pub);
        var video = OutboundVideo(publisher);
        Assert.True((long?)video["pliCount"] > plisBefore, $"Expected the relay's PLI for the new subscriber at the publisher ({plisBefore} before), found {video.ToJsonString()}.");
    }

    [Theory]
    [InlineData("vp8", "video/VP8")]
    [InlineData("vp9", "video/VP9")]
    [InlineData("h264", "video/H264")]
    [InlineData("av1", "video/AV1")]
    public async Task Simulcast_layers_in_the_rooms_codec_reach_a_subscriber(string codec, string mimeType)
    {
        await using var call = fx.OpenRoom(new RoomMediaSettings(VideoCodecs: CodecsWithFirst(codec)));
        var room = call.Room;
        string pub = call.NewPc("pub"), sub = call.NewPc("sub");
        await fx.PublishAsync(room, "alice", "alice/camera", pub, audio: false, width: 640, height: 360, simulcast: true);
        var sending = await fx.WaitForAsync(
            pub, s => s["outbound"]!.AsArray().Count(o => (string?)o!["codec"] == mimeType && (long?)o["framesEncoded"] > 10) >= 2,
            $"the publisher sending at least two {mimeType} simulcast layers");
        output.WriteLine($"publisher: {sending["outbound"]?.ToJsonString()}");

        await fx.SubscribeAsync(room, "bob", "alice/camera", sub, audio: false, offerAudio: false);
        var later = await fx.WaitForDecodingAsync(sub, mimeType);
        output.WriteLine($"subscriber: {later["video"]?.ToJsonString()}");
        Assert.Equal(mimeType, (string?)later["video"]?["codec"]);

        // The relay learns each layer's height from its keyframes (VP8's header, VP9's scalability structure, H.264's
        // SPS, AV1's sequence header).
        int[] Heights() => [.. ((RoomRelay)room).Streams.Single().Layers.ToArray().Select(l => l?.FrameHeight ?? 0)];
        await RelayPublishSubscribeTests.WaitUntil(
            () => Heights() is [90, 180, ..], () => $"layer heights [90, 180, …] at the relay; found [{string.Join(", ", Heights())}]");

        output.WriteLine($"layer heights at the relay: [{string.Join(", ", Heights())}]");
    }

    /// <summary>The room's codec list with <paramref name="codec"/> first: Chromium offers all four, so only the order decides.</summary>
    private static string CodecsWithFirst(string codec) =>
        string.Join(',', new[] { codec }.Concat(new[] { "vp8", "vp9", "h264", "av1" }.Where(c => c != codec)));
}
