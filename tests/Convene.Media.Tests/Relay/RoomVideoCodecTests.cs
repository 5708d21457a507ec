using System.Net;
using System.Text.RegularExpressions;
using Convene.Media.Relay;
using Convene.Media.Routing;
using Convene.Media.Tests.Sdp;

namespace Convene.Media.Tests.Relay;

/// <summary>The room's video codec order at publish, and subscribers held to the publisher's codec (Chromium 156 offers).</summary>
public sealed partial class RoomVideoCodecTests : IAsyncLifetime
{
    private MediaRelay _relay = null!;

    public Task InitializeAsync()
    {
        _relay = new MediaRelay(new MediaRelayOptions { BindAddress = IPAddress.Loopback, Port = 0 });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _relay.DisposeAsync();

    [Theory]
    [InlineData("vp9,vp8", MediaCodec.Vp9, "a=rtpmap:98 VP9/90000")]
    [InlineData("h264,vp8", MediaCodec.H264, "a=rtpmap:102 H264/90000")]
    [InlineData("av1", MediaCodec.Av1, "a=rtpmap:45 AV1/90000")]
    public void The_publisher_gets_the_rooms_first_codec_and_a_subscriber_must_offer_it(string order, MediaCodec codec, string rtpmap)
    {
        using var room = _relay.OpenRoom("codecs", new RoomMediaSettings(VideoCodecs: order));
        var publishAnswer = room.Publish("alice", "cam", SdpFixtures.ChromiumPublishOffer);
        Assert.Contains(rtpmap + "\r\n", publishAnswer);

        var subscribeOffer = SdpFixtures.ChromiumPublishOffer.Replace("a=sendonly", "a=recvonly", StringComparison.Ordinal);
        var subscribeAnswer = room.Subscribe("bob", "cam", true, true, subscribeOffer);
        Assert.Contains(rtpmap + "\r\n", subscribeAnswer);
        Assert.Single(VideoRtpmaps().Matches(subscribeAnswer)); // only the publisher's codec

        // Without the publisher's codec in its video section, a subscriber is refused with a reason.
        var name = codec.ToString().ToUpperInvariant();
        var without = Regex.Replace(subscribeOffer, $"a=rtpmap:(\\d+) {name}/90000", "a=rtpmap:$1 XX$1/90000", RegexOptions.IgnoreCase);
        var error = Assert.Throws<MediaRelayException>(() => room.Subscribe("carol", "cam", true, true, without));
        Assert.Contains($"cannot receive {name.ToLowerInvariant()}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_room_order_the_offer_cannot_meet_publishes_no_video_and_a_bad_order_is_refused()
    {
        var offer = Regex.Replace(SdpFixtures.ChromiumPublishOffer, "a=rtpmap:(\\d+) AV1/90000", "a=rtpmap:$1 XX/90000");
        using var room = _relay.OpenRoom("no-av1", new RoomMediaSettings(VideoCodecs: "av1"));
        var answer = room.Publish("alice", "cam", offer);
        Assert.Contains("m=video 0 ", answer);

        using var bad = _relay.OpenRoom("bad", new RoomMediaSettings(VideoCodecs: "vp8,h265"));
        var error = Assert.Throws<MediaRelayException>(() => bad.Publish("alice", "cam", SdpFixtures.ChromiumPublishOffer));
        Assert.Contains("unknown video codec 'h265'", error.Message, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"a=rtpmap:\d+ (VP8|VP9|H264|AV1)/90000")]
    private static partial Regex VideoRtpmaps();
}
