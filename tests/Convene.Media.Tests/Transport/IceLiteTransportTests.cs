using System.Text;
using Convene.Media.Dtls;
using Convene.Media.Stun;
using Convene.Media.Transport;

namespace Convene.Media.Tests.Transport;

/// <summary>ICE-lite behaviour of the transport over real loopback UDP.</summary>
public sealed class IceLiteTransportTests
{
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_valid_check_is_answered_with_mapped_address_integrity_and_fingerprint()
    {
        await using var fixture = new TransportFixture();
        var peer = fixture.CreatePeer();
        using var client = new StunTestClient(fixture.EndPoint);
        var transactionId = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };

        client.Send(StunTestClient.BuildRequest(TransportFixture.UsernameFor(peer), peer.Local.Pwd, transactionId: transactionId));
        var response = await client.ReceiveAsync(_timeout, "a Binding success response");

        Assert.True(StunMessage.TryParse(response, out var message), "the response does not parse");
        Assert.Equal(StunConstants.BindingSuccess, message.MessageType);
        Assert.Equal(transactionId, message.TransactionId.ToArray());
        Assert.True(message.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(client.LocalEndPoint, mapped);
        Assert.True(message.VerifyMessageIntegrity(Encoding.UTF8.GetBytes(peer.Local.Pwd)));
        Assert.True(message.VerifyFingerprint());
        Assert.Equal(client.LocalEndPoint, peer.SelectedEndPoint);
        Assert.False(peer.IsNominated);
        Assert.Equal(1, fixture.Transport.Counters.StunAnswered);
    }

    [Fact]
    public async Task A_check_over_ipv6_is_answered_with_an_ipv6_mapped_address()
    {
        await using var fixture = new TransportFixture(bind: System.Net.IPAddress.IPv6Loopback);
        var peer = fixture.CreatePeer();
        using var client = new StunTestClient(fixture.EndPoint);

        client.Send(StunTestClient.BuildRequest(TransportFixture.UsernameFor(peer), peer.Local.Pwd, useCandidate: true));
        var response = await client.ReceiveAsync(_timeout, "a Binding success response over IPv6");

        Assert.True(StunMessage.TryParse(response, out var message));
        Assert.True(message.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(client.LocalEndPoint, mapped);
        Assert.True(message.VerifyMessageIntegrity(Encoding.UTF8.GetBytes(peer.Local.Pwd)));
        Assert.Equal(client.LocalEndPoint, peer.SelectedEndPoint);
        Assert.Equal("::1", fixture.Transport.AdvertisedAddress.ToString());
    }

    [Fact]
    public async Task Invalid_checks_are_dropped_and_counted_by_reason()
    {
        await using var fixture = new TransportFixture();
        var peer = fixture.CreatePeer();
        using var client = new StunTestClient(fixture.EndPoint);
        var username = TransportFixture.UsernameFor(peer);

        client.Send(StunTestClient.BuildRequest(username, "not-the-password"));
        client.Send(StunTestClient.BuildRequest($"nobody:{TransportFixture.RemoteUfrag}", peer.Local.Pwd));
        client.Send(StunTestClient.BuildRequest($"{peer.Local.Ufrag}:someoneelse", peer.Local.Pwd));
        var badFingerprint = StunTestClient.BuildRequest(username, peer.Local.Pwd);
        badFingerprint[^1] ^= 0xFF;
        client.Send(badFingerprint);
        var noIntegrity = new byte[64];
        var writer = new StunWriter(noIntegrity, StunConstants.BindingRequest, new byte[12]);
        writer.AddAttribute(StunAttributeType.Username, Encoding.UTF8.GetBytes(username));
        writer.AddFingerprint();
        client.Send(noIntegrity.AsSpan(0, writer.Length));
        client.Send([0x00, 0x01, 0x00]);

        // The loop handles datagrams in order: the first answer is to this request, so none before got one.
        var marker = Enumerable.Repeat((byte)0xAB, 12).ToArray();
        client.Send(StunTestClient.BuildRequest(username, peer.Local.Pwd, transactionId: marker));
        var response = await client.ReceiveAsync(_timeout, "the answer to the valid check");
        Assert.True(StunMessage.TryParse(response, out var message));
        Assert.Equal(marker, message.TransactionId.ToArray());

        var counters = fixture.Transport.Counters;
        Assert.True(counters.Dropped(DropReason.StunBadIntegrity) == 1, counters.ToString());
        Assert.True(counters.Dropped(DropReason.StunUnknownUsername) == 2, counters.ToString());
        Assert.True(counters.Dropped(DropReason.StunBadFingerprint) == 1, counters.ToString());
        Assert.True(counters.Dropped(DropReason.StunMissingAttribute) == 1, counters.ToString());
        Assert.True(counters.Dropped(DropReason.StunMalformed) == 1, counters.ToString());
        Assert.Equal(1, counters.StunAnswered);
    }

    [Fact]
    public async Task A_peer_that_also_claims_controlled_gets_487_role_conflict()
    {
        await using var fixture = new TransportFixture();
        var peer = fixture.CreatePeer();
        using var client = new StunTestClient(fixture.EndPoint);

        client.Send(StunTestClient.BuildRequest(TransportFixture.UsernameFor(peer), peer.Local.Pwd, controlled: true));
        var response = await client.ReceiveAsync(_timeout, "a 487 error response");

        Assert.True(StunMessage.TryParse(response, out var message));
        Assert.Equal(StunConstants.BindingError, message.MessageType);
        Assert.Equal(487, message.ErrorCode);
        Assert.True(message.VerifyMessageIntegrity(Encoding.UTF8.GetBytes(peer.Local.Pwd)));
        Assert.Null(peer.SelectedEndPoint); // a conflicting check validates nothing
    }

    [Fact]
    public async Task Use_candidate_selects_the_tuple_and_only_the_selected_tuple_reaches_dtls_and_srtp()
    {
        await using var fixture = new TransportFixture();
        var peer = fixture.CreatePeer();
        using var first = new StunTestClient(fixture.EndPoint);
        using var second = new StunTestClient(fixture.EndPoint);
        var username = TransportFixture.UsernameFor(peer);

        first.Send(StunTestClient.BuildRequest(username, peer.Local.Pwd));
        await first.ReceiveAsync(_timeout, "the answer to the first check");
        Assert.Equal(first.LocalEndPoint, peer.SelectedEndPoint);

        second.Send(StunTestClient.BuildRequest(username, peer.Local.Pwd, useCandidate: true));
        await second.ReceiveAsync(_timeout, "the answer to the nominating check");
        Assert.Equal(second.LocalEndPoint, peer.SelectedEndPoint);
        Assert.True(peer.IsNominated);

        first.Send([22, 0xFE, 0xFD, 0, 0]); // DTLS from the abandoned tuple
        first.Send([0x80, 96, 0, 1]);       // RTP from the abandoned tuple
        second.Send([0x80, 96, 0, 1]);      // RTP from the selected tuple before DTLS completed
        second.Send(StunTestClient.BuildRequest(username, peer.Local.Pwd, useCandidate: true));
        await second.ReceiveAsync(_timeout, "the answer to the flushing check");

        var counters = fixture.Transport.Counters;
        Assert.True(counters.Dropped(DropReason.DtlsUnknownAddress) == 1, counters.ToString());
        Assert.True(counters.Dropped(DropReason.SrtpUnknownAddress) == 1, counters.ToString());
        Assert.True(counters.Dropped(DropReason.SrtpBeforeKeys) == 1, counters.ToString());
        Assert.Equal(DtlsState.New, peer.DtlsState);
    }

    [Fact]
    public async Task Consent_expires_30_seconds_after_the_last_valid_check()
    {
        var clock = new ManualTimeProvider();
        await using var fixture = new TransportFixture(clock);
        var peer = fixture.CreatePeer();
        using var client = new StunTestClient(fixture.EndPoint);
        var username = TransportFixture.UsernameFor(peer);

        client.Send(StunTestClient.BuildRequest(username, peer.Local.Pwd, useCandidate: true));
        await client.ReceiveAsync(_timeout, "the answer to the check");
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.False(peer.IsConsentExpired);
        Assert.Equal(0, fixture.Transport.SweepExpired());
        Assert.True(peer.Send([0x80, 96, 0, 1]), "sending within consent failed");

        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True(peer.IsConsentExpired);
        Assert.False(peer.Send([0x80, 96, 0, 1]), "sending after consent expired was allowed (RFC 7675 §5.1)");
        Assert.Equal(1, fixture.Transport.SweepExpired());
        Assert.True(peer.IsClosed);
        Assert.Equal(0, fixture.Transport.PeerCount);
    }

    [Fact]
    public async Task A_check_after_consent_expired_is_not_answered_and_does_not_revive_the_peer()
    {
        var clock = new ManualTimeProvider();
        await using var fixture = new TransportFixture(clock);
        var peer = fixture.CreatePeer();
        using var client = new StunTestClient(fixture.EndPoint);
        var username = TransportFixture.UsernameFor(peer);
        client.Send(StunTestClient.BuildRequest(username, peer.Local.Pwd, useCandidate: true));
        await client.ReceiveAsync(_timeout, "the answer to the check");

        clock.Advance(TimeSpan.FromSeconds(31)); // expired; the sweep has not run yet
        client.Send(StunTestClient.BuildRequest(username, peer.Local.Pwd, useCandidate: true));
        await Relay.RelayPublishSubscribeTests.WaitUntil(
            () => fixture.Transport.Counters.Dropped(DropReason.StunConsentExpired) == 1,
            () => $"the late check to be dropped as StunConsentExpired; counters: {fixture.Transport.Counters}", _timeout);

        Assert.True(peer.IsConsentExpired, "a check after expiry revived consent (RFC 7675 §5.1: consent lost is final)");
        Assert.False(peer.Send([0x80, 96, 0, 1]));
        Assert.Equal(1, fixture.Transport.Counters.StunAnswered);
        Assert.Equal(1, fixture.Transport.SweepExpired());
    }

    [Fact]
    public async Task A_check_refreshes_consent()
    {
        var clock = new ManualTimeProvider();
        await using var fixture = new TransportFixture(clock);
        var peer = fixture.CreatePeer();
        using var client = new StunTestClient(fixture.EndPoint);

        clock.Advance(TimeSpan.FromSeconds(25));
        client.Send(StunTestClient.BuildRequest(TransportFixture.UsernameFor(peer), peer.Local.Pwd));
        await client.ReceiveAsync(_timeout, "the answer to the check");
        clock.Advance(TimeSpan.FromSeconds(25));

        Assert.False(peer.IsConsentExpired);
    }

    [Fact]
    public async Task Send_reaches_the_selected_tuple_and_fails_without_one()
    {
        await using var fixture = new TransportFixture();
        var peer = fixture.CreatePeer();
        using var client = new StunTestClient(fixture.EndPoint);

        Assert.False(peer.Send([0x80, 96, 0, 1]), "a peer without a selected tuple accepted a send");
        client.Send(StunTestClient.BuildRequest(TransportFixture.UsernameFor(peer), peer.Local.Pwd, useCandidate: true));
        await client.ReceiveAsync(_timeout, "the answer to the check");
        Assert.True(peer.Send([0x80, 96, 0, 1, 2, 3]));

        Assert.Equal(new byte[] { 0x80, 96, 0, 1, 2, 3 }, await client.ReceiveAsync(_timeout, "the datagram sent by the peer"));
    }
}
