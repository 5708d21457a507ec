using System.Net;
using Convene.Media.Transport;

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
}
