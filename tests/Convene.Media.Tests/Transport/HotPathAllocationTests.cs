using Convene.Media.Dtls;
using Convene.Media.Tests.Dtls;

namespace Convene.Media.Tests.Transport;

/// <summary>The per-packet path allocates nothing once a peer's tuple is selected.</summary>
public sealed class HotPathAllocationTests
{
    [Fact]
    public async Task Answering_checks_and_dropping_garbage_allocate_nothing()
    {
        await using var fixture = new TransportFixture();
        var peer = fixture.CreatePeer();
        using var client = new StunTestClient(fixture.EndPoint);
        var remote = client.LocalEndPoint.Serialize();
        var check = StunTestClient.BuildRequest(TransportFixture.UsernameFor(peer), peer.Local.Pwd, useCandidate: true);
        byte[] unknown = [0x70, 1, 2, 3];
        byte[] rtpBeforeKeys = [0x80, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1];
        var badIntegrity = StunTestClient.BuildRequest(TransportFixture.UsernameFor(peer), "wrong-password-wrong-pwd");

        void RunOnce()
        {
            fixture.Transport.Dispatch(check, remote);
            fixture.Transport.Dispatch(unknown, remote);
            fixture.Transport.Dispatch(rtpBeforeKeys, remote);
            fixture.Transport.Dispatch(badIntegrity, remote);
        }

        RunOnce(); // the first check selects the tuple (a one-time copy of the address)
        RunOnce();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            RunOnce();
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated == 0, $"Expected no allocation for 4,000 datagrams, found {allocated} bytes.");
        Assert.True(fixture.Transport.Counters.StunAnswered >= 1002, fixture.Transport.Counters.ToString());
        Assert.Equal(client.LocalEndPoint, peer.SelectedEndPoint);
    }

    [Fact]
    public async Task Delivering_srtp_of_a_connected_peer_allocates_nothing()
    {
        var handler = new NullSrtpHandler();
        await using var fixture = new TransportFixture(handler: handler);
        using var clientCertificate = DtlsCertificate.Generate("client");
        var peer = fixture.Transport.CreatePeer(TransportFixture.RemoteUfrag, TransportFixture.RemotePwd, clientCertificate.Fingerprint);
        using var client = new StunTestClient(fixture.EndPoint);
        client.Send(StunTestClient.BuildRequest(TransportFixture.UsernameFor(peer), peer.Local.Pwd, useCandidate: true));
        await client.ReceiveAsync(TimeSpan.FromSeconds(10), "the answer to the check");
        await new InMemoryDtlsClient(clientCertificate).RunAsync(new UdpDatagramTransport(client), TimeSpan.FromSeconds(20));
        await peer.DtlsConnected.WaitAsync(TimeSpan.FromSeconds(20));
        var remote = client.LocalEndPoint.Serialize();
        byte[] rtp = [0x80, 111, 0, 1, 0, 0, 0, 160, 0x12, 0x34, 0x56, 0x78, 1, 2, 3, 4];
        byte[] rtcp = [0x81, 200, 0, 6, 0x12, 0x34, 0x56, 0x78];
        fixture.Transport.Dispatch(rtp, remote);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            fixture.Transport.Dispatch(rtp, remote);
            fixture.Transport.Dispatch(rtcp, remote);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated == 0, $"Expected no allocation for 2,000 SRTP/SRTCP datagrams, found {allocated} bytes.");
        Assert.Equal(2001, handler.Count);
    }
}
