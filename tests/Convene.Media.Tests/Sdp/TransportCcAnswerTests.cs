using Convene.Media.Sdp;

namespace Convene.Media.Tests.Sdp;

/// <summary>Transport-wide congestion control in answers (draft-holmer-rmcat-transport-wide-cc-extensions-01 §4): only when asked for.</summary>
public sealed class TransportCcAnswerTests
{
    private static SdpAnswerOptions Options(bool transportCc) => new()
    {
        IceUfrag = "srvU",
        IcePwd = "serverpasswordserverpwd1",
        Fingerprint = "01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF",
        CandidateAddress = "127.0.0.1",
        CandidatePort = 40000,
        IncludeTransportCc = transportCc,
    };

    [Fact]
    public void With_transport_cc_the_answer_keeps_the_offered_extension_id_and_feedback_on_each_codec()
    {
        var offer = SdpParser.Parse(SdpFixtures.ChromiumPublishOffer.Replace("a=sendonly", "a=recvonly"));
        var answer = SdpParser.Parse(SdpAnswerWriter.Write(offer, Options(transportCc: true)));
        foreach (var (offered, answered) in offer.Media.Zip(answer.Media).Where(p => p.Second.Port != 0))
        {
            var id = offered.Extmaps.Single(e => e.Uri == SdpExtensionUris.TransportCc).Id;
            Assert.Equal(id, answered.Extmaps.Single(e => e.Uri == SdpExtensionUris.TransportCc).Id);
            Assert.All(answered.Codecs.Where(c => c.Name is "opus" or "VP8"), c => Assert.Contains("transport-cc", c.RtcpFeedback));
        }
    }

    [Fact]
    public void Without_it_neither_the_extension_nor_the_feedback_is_answered()
    {
        var text = SdpAnswerWriter.Write(SdpParser.Parse(SdpFixtures.ChromiumPublishOffer), Options(transportCc: false));
        Assert.DoesNotContain("transport-cc", text);
        Assert.DoesNotContain(SdpExtensionUris.TransportCc, text);
    }
}
