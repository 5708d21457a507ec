using Convene.Media.Sdp;

namespace Convene.Media.Tests.Sdp;

/// <summary>The answer to a Chromium offer: ICE-lite, passive DTLS, BUNDLE, Opus and VP8 only.</summary>
public sealed class SdpAnswerWriterTests
{
    private static readonly SdpAnswerOptions _options = new()
    {
        IceUfrag = "srvU",
        IcePwd = "serverpasswordserverpwd1",
        Fingerprint = "01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF",
        CandidateAddress = "127.0.0.1",
        CandidatePort = 40000,
        SessionId = 7,
    };

    [Fact]
    public void Answer_to_chromium_offer_is_ice_lite_passive_bundled_with_one_candidate_per_section()
    {
        var answer = SdpAnswerWriter.Write(SdpParser.Parse(SdpFixtures.ChromiumPublishOffer), _options);
        var lines = answer.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("v=0", lines[0]);
        Assert.Contains("a=ice-lite", lines);
        Assert.Contains("a=group:BUNDLE 0 1", lines);
        Assert.Equal(2, lines.Count(l => l == "a=setup:passive"));
        Assert.Equal(2, lines.Count(l => l == "a=ice-ufrag:srvU"));
        Assert.Equal(2, lines.Count(l => l == "a=fingerprint:sha-256 " + _options.Fingerprint));
        Assert.Equal(2, lines.Count(l => l == "a=candidate:1 1 udp 2130706431 127.0.0.1 40000 typ host"));
        Assert.Equal(2, lines.Count(l => l == "a=rtcp-mux"));
        Assert.Equal(2, lines.Count(l => l == "a=recvonly")); // the offer is sendonly (a publish)
        Assert.DoesNotContain(lines, l => l.StartsWith("a=ssrc", StringComparison.Ordinal));
    }

    [Fact]
    public void Answer_keeps_only_opus_vp8_and_the_rtx_of_vp8_and_drops_red_and_fec()
    {
        var answer = SdpAnswerWriter.Write(SdpParser.Parse(SdpFixtures.ChromiumPublishOffer), _options);
        var lines = answer.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Contains("m=audio 40000 UDP/TLS/RTP/SAVPF 111", lines);
        Assert.Contains("m=video 40000 UDP/TLS/RTP/SAVPF 96 97", lines);
        Assert.Equal(["a=rtpmap:111 opus/48000/2", "a=rtpmap:96 VP8/90000", "a=rtpmap:97 rtx/90000"], lines.Where(l => l.StartsWith("a=rtpmap", StringComparison.Ordinal)));
        Assert.Contains("a=fmtp:111 minptime=10;useinbandfec=1", lines);
        Assert.Contains("a=fmtp:97 apt=96", lines); // RFC 4588 §8.1: the rtx type repairs VP8
        Assert.Equal(["a=rtcp-fb:96 ccm fir", "a=rtcp-fb:96 nack", "a=rtcp-fb:96 nack pli"], lines.Where(l => l.StartsWith("a=rtcp-fb", StringComparison.Ordinal)));
        Assert.DoesNotContain(lines, l => l.Contains("red/", StringComparison.Ordinal) || l.Contains("ulpfec", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_rtx_the_answer_keeps_vp8_alone()
    {
        var options = new SdpAnswerOptions
        {
            IceUfrag = _options.IceUfrag, IcePwd = _options.IcePwd, Fingerprint = _options.Fingerprint,
            CandidateAddress = "127.0.0.1", CandidatePort = 40000, IncludeRtx = false,
        };
        var answer = SdpAnswerWriter.Write(SdpParser.Parse(SdpFixtures.ChromiumPublishOffer), options);

        Assert.Contains("m=video 40000 UDP/TLS/RTP/SAVPF 96\r\n", answer);
        Assert.DoesNotContain("rtx/", answer, StringComparison.Ordinal);
    }

    [Fact]
    public void A_subscribe_answer_with_rtx_announces_our_rtx_ssrc_in_an_fid_group()
    {
        var recvOnly = SdpFixtures.ChromiumPublishOffer.Replace("a=sendonly", "a=recvonly");
        var options = new SdpAnswerOptions
        {
            IceUfrag = _options.IceUfrag, IcePwd = _options.IcePwd, Fingerprint = _options.Fingerprint,
            CandidateAddress = "127.0.0.1", CandidatePort = 40000,
            OutgoingStreams = new Dictionary<string, SdpOutgoingStream> { ["1"] = new(1234, "convene", "pub-1", "cam", RtxSsrc: 5678) },
        };
        var answer = SdpAnswerWriter.Write(SdpParser.Parse(recvOnly), options);

        // RFC 4588 §8.3 / RFC 5576 §4.2: media SSRC first, then its repair SSRC; both carry the cname and msid.
        Assert.Contains("a=ssrc-group:FID 1234 5678\r\na=ssrc:1234 cname:convene\r\na=ssrc:1234 msid:pub-1 cam\r\n"
            + "a=ssrc:5678 cname:convene\r\na=ssrc:5678 msid:pub-1 cam\r\n", answer);
        var parsed = SdpParser.Parse(answer).Media[1];
        Assert.Equal([1234u, 5678u], parsed.SsrcGroups.Single(g => g.Semantics == "FID").Ssrcs);
        Assert.Equal(97, SdpAnswerWriter.FindRtx(parsed, 96)?.PayloadType);
    }

    [Fact]
    public void Answer_keeps_only_supported_header_extensions_with_the_offered_ids()
    {
        var answer = SdpAnswerWriter.Write(SdpParser.Parse(SdpFixtures.ChromiumPublishOffer), _options);
        var extmaps = answer.Split("\r\n").Where(l => l.StartsWith("a=extmap", StringComparison.Ordinal)).ToList();

        Assert.Equal(
            ["a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level", "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid", "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid"],
            extmaps);
    }

    [Fact]
    public void Options_add_abs_send_time()
    {
        var options = new SdpAnswerOptions
        {
            IceUfrag = _options.IceUfrag, IcePwd = _options.IcePwd, Fingerprint = _options.Fingerprint,
            CandidateAddress = "127.0.0.1", CandidatePort = 40000, IncludeAbsSendTime = true,
        };
        var answer = SdpAnswerWriter.Write(SdpParser.Parse(SdpFixtures.ChromiumPublishOffer), options);

        Assert.Contains("a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r\n", answer);
    }

    [Fact]
    public void A_subscribe_offer_is_answered_sendonly_with_our_ssrc_and_msid()
    {
        var recvOnly = SdpFixtures.ChromiumPublishOffer.Replace("a=sendonly", "a=recvonly");
        var options = new SdpAnswerOptions
        {
            IceUfrag = _options.IceUfrag, IcePwd = _options.IcePwd, Fingerprint = _options.Fingerprint,
            CandidateAddress = "127.0.0.1", CandidatePort = 40000,
            OutgoingStreams = new Dictionary<string, SdpOutgoingStream> { ["1"] = new(1234, "convene", "pub-1", "cam") },
        };
        var answer = SdpAnswerWriter.Write(SdpParser.Parse(recvOnly), options);

        Assert.Equal(2, answer.Split("\r\n").Count(l => l == "a=sendonly"));
        Assert.Contains("a=msid:pub-1 cam\r\n", answer);
        Assert.Contains("a=ssrc:1234 cname:convene\r\n", answer);
        Assert.Contains("a=ssrc:1234 msid:pub-1 cam\r\n", answer);
    }

    [Fact]
    public void Sections_without_a_forwarded_codec_are_rejected_and_left_out_of_bundle()
    {
        var sdp = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n"
            + "m=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:0\r\na=rtpmap:0 PCMU/8000\r\na=sendonly\r\n"
            + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:1\r\na=rtpmap:96 VP8/90000\r\na=sendonly\r\n";
        var answer = SdpAnswerWriter.Write(SdpParser.Parse(sdp), _options);

        Assert.Contains("a=group:BUNDLE 1\r\n", answer);
        Assert.Contains("m=audio 0 UDP/TLS/RTP/SAVPF 0\r\n", answer);
        Assert.Contains("m=video 40000 UDP/TLS/RTP/SAVPF 96\r\n", answer);
    }

    [Fact]
    public void A_simulcast_offer_is_answered_with_recv_rids()
    {
        var sdp = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n"
            + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:0\r\na=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id\r\n"
            + "a=sendonly\r\na=rtpmap:96 VP8/90000\r\na=rid:q send\r\na=rid:h send\r\na=simulcast:send q;h\r\n";
        var answer = SdpAnswerWriter.Write(SdpParser.Parse(sdp), _options);

        Assert.Contains("a=rid:q recv\r\na=rid:h recv\r\na=simulcast:recv q;h\r\n", answer);
        Assert.Contains("a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id\r\n", answer);
    }

    [Fact]
    public void Chromium_simulcast_offer_is_answered_with_recv_rids_rtx_and_the_repaired_rid_extension()
    {
        var offer = SdpParser.Parse(SdpFixtures.ChromiumSimulcastOffer);
        var answer = SdpAnswerWriter.Write(offer, _options);

        Assert.Equal([new SdpRid("q", "send", null), new SdpRid("h", "send", null), new SdpRid("f", "send", null)], offer.Media[1].Rids);
        Assert.Contains("a=rid:q recv\r\na=rid:h recv\r\na=rid:f recv\r\na=simulcast:recv q;h;f\r\n", answer);
        Assert.Contains("a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id\r\n", answer);
        // RFC 8852 §3.2: the layers' RTX SSRCs are learned from repaired-rtp-stream-id, so rtx is accepted with it.
        Assert.Contains("a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id\r\n", answer);
        Assert.Contains("a=rtpmap:97 rtx/90000\r\na=fmtp:97 apt=96\r\n", answer);
        Assert.DoesNotContain("apt=102", answer); // only the rtx of the accepted codec
    }

    [Fact]
    public void A_simulcast_offer_without_repaired_rid_gets_no_rtx_and_rtx_off_gets_neither()
    {
        var offer = SdpParser.Parse(SdpFixtures.ChromiumSimulcastOffer.Replace("a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id\r\n", ""));
        var answer = SdpAnswerWriter.Write(offer, _options);
        Assert.DoesNotContain("rtx/", answer, StringComparison.Ordinal); // an RTX SSRC could not be told to its layer

        var off = SdpAnswerWriter.Write(SdpParser.Parse(SdpFixtures.ChromiumSimulcastOffer), new SdpAnswerOptions
        {
            IceUfrag = _options.IceUfrag, IcePwd = _options.IcePwd, Fingerprint = _options.Fingerprint,
            CandidateAddress = _options.CandidateAddress, CandidatePort = _options.CandidatePort, IncludeRtx = false,
        });
        Assert.DoesNotContain("rtx/", off, StringComparison.Ordinal);
        Assert.DoesNotContain("repaired-rtp-stream-id", off);
    }

    [Fact]
    public void An_ipv6_candidate_address_is_written_with_ip6_address_types()
    {
        var options = new SdpAnswerOptions
        {
            IceUfrag = _options.IceUfrag, IcePwd = _options.IcePwd, Fingerprint = _options.Fingerprint,
            CandidateAddress = "::1", CandidatePort = 40000, SessionId = 7,
        };
        var answer = SdpAnswerWriter.Write(SdpParser.Parse(SdpFixtures.ChromiumPublishOffer), options);

        Assert.Contains("o=- 7 2 IN IP6 ::1\r\n", answer);
        Assert.Contains("c=IN IP6 ::1\r\n", answer);
        Assert.Contains("a=candidate:1 1 udp 2130706431 ::1 40000 typ host\r\n", answer);
    }

    [Fact]
    public void The_answer_parses_back()
    {
        var answer = SdpParser.Parse(SdpAnswerWriter.Write(SdpParser.Parse(SdpFixtures.ChromiumPublishOffer), _options));

        Assert.True(answer.IceLite);
        Assert.Equal("srvU", answer.EffectiveIceUfrag);
        Assert.All(answer.Media, m => Assert.Equal("passive", m.Setup));
        Assert.Equal([SdpDirection.RecvOnly, SdpDirection.RecvOnly], answer.Media.Select(m => m.Direction));
    }
}
