using Convene.Media.Routing;
using Convene.Media.Sdp;

namespace Convene.Media.Tests.Sdp;

/// <summary>The room's video codec order decides the one video codec a publisher's answer accepts.</summary>
public sealed class VideoCodecChoiceTests
{
    private static SdpAnswerOptions Options(string order)
    {
        Assert.True(VideoCodecs.TryParse(order, out var codecs, out var error), error);
        return new SdpAnswerOptions
        {
            IceUfrag = "srvU", IcePwd = "serverpasswordserverpwd1", Fingerprint = "01:23", CandidateAddress = "127.0.0.1",
            CandidatePort = 40000, VideoCodecs = codecs,
        };
    }

    [Theory]
    // Chromium 156's offer: VP8 96 (rtx 97), H.264 mode 1 42001f 102 (rtx 103), AV1 45 (rtx 46), VP9 profile 0 98 (rtx 99).
    [InlineData("vp8,vp9,h264,av1", "96 97", "a=rtpmap:96 VP8/90000")]
    [InlineData("vp9,vp8", "98 99", "a=rtpmap:98 VP9/90000")]
    [InlineData("h264", "102 103", "a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f")]
    [InlineData("AV1, vp8", "45 46", "a=rtpmap:45 AV1/90000")]
    public void The_answer_takes_the_first_codec_of_the_order_the_offer_has(string order, string formats, string line)
    {
        var answer = SdpAnswerWriter.Write(SdpParser.Parse(SdpFixtures.ChromiumPublishOffer), Options(order));

        Assert.Contains($"m=video 40000 UDP/TLS/RTP/SAVPF {formats}\r\n", answer);
        Assert.Contains(line + "\r\n", answer);
    }

    [Fact]
    public void A_codec_missing_from_the_offer_is_skipped_and_none_rejects_the_section()
    {
        var offer = SdpFixtures.ChromiumPublishOffer;
        var withoutVp9 = SdpParser.Parse(offer);
        withoutVp9.Media[1].Codecs.RemoveAll(c => c.Name == "VP9");

        Assert.Contains("m=video 40000 UDP/TLS/RTP/SAVPF 102 103\r\n", SdpAnswerWriter.Write(withoutVp9, Options("vp9,h264")));

        withoutVp9.Media[1].Codecs.RemoveAll(c => c.Name == "H264");
        var answer = SdpAnswerWriter.Write(withoutVp9, Options("vp9,h264"));
        Assert.Contains("m=video 0 ", answer);
        Assert.Contains("a=group:BUNDLE 0\r\n", answer);
    }

    [Fact]
    public void A_subscriber_gets_the_publishers_h264_profile_when_offered()
    {
        var offer = SdpParser.Parse(SdpFixtures.ChromiumPublishOffer);
        var like = new SdpCodec(100, "H264", 90000, 1) { Fmtp = "packetization-mode=1;profile-level-id=42e01f" };

        var entry = VideoCodecs.Find(offer.Media[1], MediaCodec.H264, like);

        Assert.Equal(108, entry?.PayloadType); // 42e01f mode 1, not the first mode 1 entry (102, 42001f)
    }

    [Theory]
    [InlineData("vp8", new[] { MediaCodec.Vp8 })]
    [InlineData(" VP9 , h264,av1,vp8 ", new[] { MediaCodec.Vp9, MediaCodec.H264, MediaCodec.Av1, MediaCodec.Vp8 })]
    public void Orders_parse(string text, MediaCodec[] expected)
    {
        Assert.True(VideoCodecs.TryParse(text, out var order, out var error), error);
        Assert.Equal(expected, order);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData(" , ", "empty")]
    [InlineData("vp8,h265", "unknown video codec 'h265'")]
    [InlineData("vp8,VP8", "listed twice")]
    public void Bad_orders_are_refused_with_a_reason(string text, string reason)
    {
        Assert.False(VideoCodecs.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
