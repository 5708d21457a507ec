using Convene.Media.Sdp;

namespace Convene.Media.Tests.Sdp;

/// <summary>Parsing a real Chromium offer and malformed input.</summary>
public sealed class SdpParserTests
{
    [Fact]
    public void Chromium_offer_parses_bundle_ice_dtls_and_both_sections()
    {
        var offer = SdpParser.Parse(SdpFixtures.ChromiumPublishOffer);

        Assert.Equal(["0", "1"], offer.BundleMids);
        Assert.Equal("OQmA", offer.EffectiveIceUfrag);
        Assert.Equal("6+lYYpgwXl/3YBvs2KLB6J0A", offer.EffectiveIcePwd);
        Assert.Equal("sha-256", offer.EffectiveFingerprint!.Algorithm);
        Assert.StartsWith("AC:B8:F5:FE", offer.EffectiveFingerprint.Value);
        Assert.Equal(2, offer.Media.Count);
        Assert.All(offer.Media, m =>
        {
            Assert.Equal("actpass", m.Setup);
            Assert.True(m.RtcpMux);
            Assert.True(m.RtcpReducedSize);
            Assert.Equal(SdpDirection.SendOnly, m.Direction);
            Assert.Equal("UDP/TLS/RTP/SAVPF", m.Protocol);
        });
    }

    [Fact]
    public void Chromium_audio_section_has_opus_with_fmtp_and_extmaps()
    {
        var audio = SdpParser.Parse(SdpFixtures.ChromiumPublishOffer).Media[0];

        Assert.Equal("audio", audio.Kind);
        Assert.Equal("0", audio.Mid);
        var opus = audio.FindCodec(111)!;
        Assert.Equal(("opus", 48000, 2), (opus.Name, opus.ClockRate, opus.Channels));
        Assert.Equal("minptime=10;useinbandfec=1", opus.Fmtp);
        Assert.Equal(["transport-cc"], opus.RtcpFeedback);
        Assert.Equal("red", audio.FindCodec(63)!.Name);
        Assert.Contains(new SdpExtmap(1, SdpExtensionUris.AudioLevel), audio.Extmaps);
        Assert.Contains(new SdpExtmap(4, SdpExtensionUris.Mid), audio.Extmaps);
        Assert.Equal([new SdpSsrc(2238780526, "cname", "5Ob6yAst5e32grp9"), new SdpSsrc(2238780526, "msid", "a9322117-1343-44f9-8884-1659e3bec940 641621df-b9f0-4c74-b104-0b7a4119de4c")], audio.Ssrcs);
        Assert.Equal("a9322117-1343-44f9-8884-1659e3bec940 641621df-b9f0-4c74-b104-0b7a4119de4c", audio.Msid);
    }

    [Fact]
    public void Chromium_video_section_has_vp8_rtx_ssrc_group_and_feedback()
    {
        var video = SdpParser.Parse(SdpFixtures.ChromiumPublishOffer).Media[1];

        Assert.Equal("video", video.Kind);
        Assert.Equal(23, video.Formats.Count);
        Assert.Equal(23, video.Codecs.Count);
        var vp8 = video.FindCodec(96)!;
        Assert.Equal(("VP8", 90000), (vp8.Name, vp8.ClockRate));
        Assert.Equal(["goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"], vp8.RtcpFeedback);
        Assert.Equal("apt=96", video.FindCodec(97)!.Fmtp);
        Assert.Equal("ulpfec", video.FindCodec(120)!.Name);
        Assert.Equal(new SdpSsrcGroup("FID", [772405278u, 508624471u]), video.SsrcGroups.Single(), new SsrcGroupComparer());
        Assert.Contains(video.Extmaps, e => e.Uri == SdpExtensionUris.RtpStreamId && e.Id == 10);
    }

    [Fact]
    public void Simulcast_and_rid_lines_parse()
    {
        var sdp = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
            + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:0\r\na=rtpmap:96 VP8/90000\r\n"
            + "a=rid:q send\r\na=rid:h send max-width=640\r\na=rid:f send\r\na=simulcast:send q;h;f\r\n";
        var video = SdpParser.Parse(sdp).Media.Single();

        Assert.Equal([new SdpRid("q", "send", null), new SdpRid("h", "send", "max-width=640"), new SdpRid("f", "send", null)], video.Rids);
        Assert.Equal(new SdpSimulcast("send", "q;h;f"), video.Simulcast);
    }

    [Theory]
    [InlineData("", "no 'v=0'")]
    [InlineData("v=1\r\n", "unsupported version")]
    [InlineData("v=0\r\nm=audio\r\n", "malformed m= line")]
    [InlineData("v=0\r\nm=audio x UDP 0\r\n", "malformed m= line")]
    [InlineData("v=0\r\nnot a line\r\n", "not of the form")]
    [InlineData("v=0\r\nm=audio 9 RTP/AVP 0\r\na=rtpmap:abc PCMU/8000\r\n", "malformed a=rtpmap")]
    [InlineData("v=0\r\nm=audio 9 RTP/AVP 0\r\na=ssrc:-1 cname:x\r\n", "malformed a=ssrc")]
    [InlineData("v=0\r\nm=audio 9 RTP/AVP 0\r\na=extmap:0 urn:x\r\n", "malformed a=extmap")]
    public void Malformed_sdp_is_rejected_with_the_reason(string sdp, string reason)
    {
        Assert.False(SdpParser.TryParse(sdp, out var description, out var error));
        Assert.Null(description);
        Assert.Contains(reason, error);
    }

    private sealed class SsrcGroupComparer : IEqualityComparer<SdpSsrcGroup>
    {
        public bool Equals(SdpSsrcGroup? x, SdpSsrcGroup? y) => x!.Semantics == y!.Semantics && x.Ssrcs.SequenceEqual(y.Ssrcs);

        public int GetHashCode(SdpSsrcGroup obj) => obj.Semantics.GetHashCode();
    }
}
