using Convene.Media.Sdp;
using Convene.Media.Tests.Sdp;

namespace Convene.Media.Tests.Transport;

/// <summary>Registering a peer from an offer.</summary>
public sealed class AcceptOfferTests
{
    [Fact]
    public async Task An_offer_registers_a_peer_with_its_remote_credentials_and_answers_with_ours()
    {
        await using var fixture = new TransportFixture();

        var accepted = fixture.Transport.AcceptOffer(SdpFixtures.ChromiumPublishOffer);
        var answer = SdpParser.Parse(accepted.AnswerSdp);

        Assert.Equal("OQmA", accepted.Peer.RemoteUfrag);
        Assert.StartsWith("AC:B8:F5:FE", accepted.Peer.RemoteFingerprint);
        Assert.Equal(accepted.Peer.Local.Ufrag, answer.EffectiveIceUfrag);
        Assert.Equal(accepted.Peer.Local.Pwd, answer.EffectiveIcePwd);
        Assert.Equal(fixture.Transport.Certificate.Fingerprint, answer.EffectiveFingerprint!.Value);
        Assert.Contains($"127.0.0.1 {fixture.EndPoint.Port} typ host", answer.Media[0].Candidates[0]);
        Assert.Equal(1, fixture.Transport.PeerCount);
    }

    [Fact]
    public async Task Each_peer_gets_its_own_credentials()
    {
        await using var fixture = new TransportFixture();

        var first = fixture.Transport.AcceptOffer(SdpFixtures.ChromiumPublishOffer).Peer;
        var second = fixture.Transport.AcceptOffer(SdpFixtures.ChromiumPublishOffer).Peer;

        Assert.NotEqual(first.Local.Ufrag, second.Local.Ufrag);
        Assert.NotEqual(first.Local.Pwd, second.Local.Pwd);
        Assert.True(first.Local.Ufrag.Length >= 4 && first.Local.Pwd.Length >= 22);
    }

    [Theory]
    [InlineData("a=fingerprint:sha-256 ", "a=x-removed:", "a=fingerprint:sha-256")]
    [InlineData("a=ice-ufrag:", "a=x-removed:", "a=ice-ufrag")]
    [InlineData("a=ice-pwd:", "a=x-removed:", "a=ice-pwd")]
    public async Task An_offer_without_what_ice_and_dtls_need_is_refused(string remove, string replacement, string expected)
    {
        await using var fixture = new TransportFixture();
        var offer = SdpFixtures.ChromiumPublishOffer.Replace(remove, replacement);

        var error = Assert.Throws<SdpParseException>(() => fixture.Transport.AcceptOffer(offer));

        Assert.Contains(expected, error.Message);
        Assert.Equal(0, fixture.Transport.PeerCount);
    }
}
