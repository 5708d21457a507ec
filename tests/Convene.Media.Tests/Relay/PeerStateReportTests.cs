using System.Net;
using Convene.Media.Relay;
using Convene.Media.Tests.Sdp;

namespace Convene.Media.Tests.Relay;

/// <summary>
/// A peer's state is reported in order and once per kind: connected never after a failure (consent can expire on the
/// relay's timer while the DTLS handshake completes on another thread), failed once.
/// </summary>
public sealed class PeerStateReportTests : IAsyncLifetime
{
    private MediaRelay _relay = null!;

    public Task InitializeAsync()
    {
        _relay = new MediaRelay(new MediaRelayOptions { BindAddress = IPAddress.Loopback });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _relay.DisposeAsync();

    [Fact]
    public void Connected_is_not_reported_after_a_failure_and_a_failure_only_once()
    {
        var (peer, posted) = NewPeer();
        Assert.True(peer.TryReport(connected: false, () => posted.Add(false)));
        Assert.False(peer.TryReport(connected: true, () => posted.Add(true)));
        Assert.False(peer.TryReport(connected: false, () => posted.Add(false)));
        Assert.Equal([false], posted);
        Assert.True(peer.FailureReported);
    }

    [Fact]
    public void Connected_then_failed_are_both_reported_in_that_order_and_connected_once()
    {
        var (peer, posted) = NewPeer();
        Assert.True(peer.TryReport(connected: true, () => posted.Add(true)));
        Assert.False(peer.TryReport(connected: true, () => posted.Add(true)));
        Assert.False(peer.FailureReported);
        Assert.True(peer.TryReport(connected: false, () => posted.Add(false)));
        Assert.Equal([true, false], posted);
    }

    [Fact]
    public async Task Racing_reports_never_post_connected_after_failed()
    {
        for (int i = 0; i < 200; i++)
        {
            var (peer, posted) = NewPeer();
            using var start = new Barrier(2);
            var connected = Task.Run(() => { start.SignalAndWait(); peer.TryReport(connected: true, () => { lock (posted) { posted.Add(true); } }); });
            var failed = Task.Run(() => { start.SignalAndWait(); peer.TryReport(connected: false, () => { lock (posted) { posted.Add(false); } }); });
            await Task.WhenAll(connected, failed);
            Assert.True(posted is [false] or [true, false], $"run {i}: posted [{string.Join(", ", posted)}]");
        }
    }

    private (RelayPeer Peer, List<bool> Posted) NewPeer()
    {
        var room = (RoomRelay)_relay.OpenRoom($"report{Guid.NewGuid():N}", new RoomMediaSettings());
        room.Publish("alice", "cam", SdpFixtures.ChromiumPublishOffer);
        return (room.Streams.Single().Publisher, []);
    }
}
