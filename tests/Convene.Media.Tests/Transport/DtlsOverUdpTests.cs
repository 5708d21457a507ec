using Convene.Media.Dtls;
using Convene.Media.Tests.Dtls;
using Convene.Media.Transport;

namespace Convene.Media.Tests.Transport;

/// <summary>The whole path without a browser: check, DTLS over the port, then SRTP to the handler.</summary>
public sealed class DtlsOverUdpTests
{
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task After_a_check_and_dtls_over_udp_srtp_reaches_the_handler_and_a_throwing_handler_is_contained()
    {
        var handler = new NullSrtpHandler { Throw = true };
        await using var fixture = new TransportFixture(handler: handler);
        using var clientCertificate = DtlsCertificate.Generate("client");
        var peer = fixture.Transport.CreatePeer(TransportFixture.RemoteUfrag, TransportFixture.RemotePwd, clientCertificate.Fingerprint);
        using var client = new StunTestClient(fixture.EndPoint);
        client.Send(StunTestClient.BuildRequest(TransportFixture.UsernameFor(peer), peer.Local.Pwd, useCandidate: true));
        await client.ReceiveAsync(_timeout, "the answer to the check");

        var dtlsClient = new InMemoryDtlsClient(clientCertificate);
        await dtlsClient.RunAsync(new UdpDatagramTransport(client), _timeout);
        var result = await peer.DtlsConnected.WaitAsync(_timeout);
        Assert.Equal(Convert.ToHexString(dtlsClient.KeyingMaterial!), Convert.ToHexString(result.KeyingMaterial));

        client.Send([0x80, 111, 0, 1, 0, 0, 0, 160, 0x12, 0x34, 0x56, 0x78]); // "SRTP": the handler throws
        client.Send([0x81, 200, 0, 6, 0x12, 0x34, 0x56, 0x78]);                // "SRTCP"
        client.Send(StunTestClient.BuildRequest(TransportFixture.UsernameFor(peer), peer.Local.Pwd));
        await ReceiveStunAsync(client);

        var counters = fixture.Transport.Counters;
        Assert.True(handler.Count == 2, $"Expected 2 packets at the handler, found {handler.Count}; {counters}.");
        Assert.True(counters.Dropped(DropReason.HandlerError) == 2, counters.ToString());
        Assert.Equal(DtlsState.Connected, peer.DtlsState);
    }

    private static async Task ReceiveStunAsync(StunTestClient client)
    {
        // DTLS retransmissions may still be in flight; the first STUN datagram is the answer.
        while (true)
        {
            var datagram = await client.ReceiveAsync(_timeout, "the answer to the flushing check");
            if (PacketClassifier.Classify(datagram) == PacketKind.Stun)
            {
                return;
            }
        }
    }
}
