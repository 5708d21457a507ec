using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Convene.Media.Relay;
using Convene.Media.Rtp;
using Convene.Media.Srtp;
using Convene.Media.Transport;

namespace Convene.Media.Tests.Relay;

/// <summary>The room API with headless peers of our own (no browser): errors, forwarding, mute, teardown.</summary>
public sealed class RoomRelayTests : IAsyncLifetime
{
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(20);
    private const uint PublisherSsrc = 0x11223344;
    private MediaRelay _relay = null!;

    public Task InitializeAsync()
    {
        _relay = new MediaRelay(new MediaRelayOptions { BindAddress = IPAddress.Loopback, Port = 0 });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _relay.DisposeAsync();

    [Theory]
    [InlineData("", "empty")]
    [InlineData("hello", "not")]
    [InlineData("v=0\r\ns=-\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:0\r\na=rtpmap:0 PCMU/8000\r\n", "ice-ufrag")]
    public void Publish_refuses_an_unusable_offer_with_a_clear_message(string offer, string expected)
    {
        using var room = _relay.OpenRoom("errors", new RoomMediaSettings());
        var error = Assert.Throws<MediaRelayException>(() => room.Publish("alice", "cam", offer));
        Assert.Contains(expected, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, _relay.Counters.Peers);
    }

    [Fact]
    public void Publish_refuses_an_offer_with_nothing_the_router_forwards_and_registers_no_peer()
    {
        using var room = _relay.OpenRoom("pcmu", new RoomMediaSettings());
        var offer = SyntheticPeer.Offer("AB:" + string.Join(':', Enumerable.Repeat("CD", 31)), publish: true, 1234)
            .Replace("opus/48000/2", "PCMU/8000", StringComparison.Ordinal);
        var error = Assert.Throws<MediaRelayException>(() => room.Publish("alice", "cam", offer));
        Assert.Contains("no usable track", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _relay.Transport.PeerCount);
    }

    [Fact]
    public void Subscribing_to_a_stream_that_is_not_published_is_refused()
    {
        using var room = _relay.OpenRoom("nothing", new RoomMediaSettings());
        var offer = SyntheticPeer.Offer("AB:" + string.Join(':', Enumerable.Repeat("CD", 31)), publish: false, 0);
        var error = Assert.Throws<MediaRelayException>(() => room.Subscribe("bob", "cam", true, true, offer));
        Assert.Contains("'cam' is not published", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audio_is_forwarded_with_the_answered_ssrc_stops_while_muted_and_ends_with_the_publication()
    {
        using var room = _relay.OpenRoom("forward", new RoomMediaSettings());
        using var publisher = await SyntheticPeer.ConnectAsync(_relay.LocalEndPoint, o => room.Publish("alice", "mic", o), publish: true, PublisherSsrc, _timeout);
        using var subscriber = await SyntheticPeer.ConnectAsync(_relay.LocalEndPoint, o => room.Subscribe("bob", "mic", true, false, o), publish: false, 0, _timeout);
        Assert.NotEqual(0u, subscriber.AnsweredSsrc);
        Assert.Contains("a=sendonly", subscriber.Answer);
        ushort seq = 100;

        (byte[] packet, seq) = await FirstForwardedAsync(publisher, subscriber, seq, PublisherSsrc);
        Assert.Equal(subscriber.AnsweredSsrc, BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(8)));
        Assert.Equal(111, packet[1] & 0x7F);

        room.SetMuted("mic", audioMuted: true, videoMuted: false);
        await DrainAsync(subscriber);
        SendAudio(publisher, ref seq, 20);
        var whileMuted = await ReceiveRtpAsync(subscriber, TimeSpan.FromMilliseconds(500));
        Assert.True(whileMuted is null, $"Expected no RTP while muted, found a packet; {_relay.Counters}");

        room.SetMuted("mic", audioMuted: false, videoMuted: false);
        SendAudio(publisher, ref seq, 5);
        Assert.NotNull(await ReceiveRtpAsync(subscriber, _timeout));

        Assert.Equal(2, _relay.Counters.Peers);
        room.Unpublish("mic");
        Assert.Equal(0, _relay.Counters.Peers); // the publication and its subscription are closed
        Assert.Equal(0, _relay.Transport.PeerCount);
        Assert.Throws<MediaRelayException>(() => room.Subscribe("carol", "mic", true, false, SyntheticPeer.Offer("AB:" + string.Join(':', Enumerable.Repeat("CD", 31)), false, 0)));
    }

    [Fact]
    public async Task RemoveParticipant_closes_its_publications_and_its_subscriptions_but_no_one_elses()
    {
        using var room = _relay.OpenRoom("remove", new RoomMediaSettings());
        using var alice = await SyntheticPeer.ConnectAsync(_relay.LocalEndPoint, o => room.Publish("alice", "a-mic", o), publish: true, 1001, _timeout);
        using var bob = await SyntheticPeer.ConnectAsync(_relay.LocalEndPoint, o => room.Publish("bob", "b-mic", o), publish: true, 1002, _timeout);
        using var aliceSeesBob = await SyntheticPeer.ConnectAsync(_relay.LocalEndPoint, o => room.Subscribe("alice", "b-mic", true, false, o), publish: false, 0, _timeout);
        using var bobSeesAlice = await SyntheticPeer.ConnectAsync(_relay.LocalEndPoint, o => room.Subscribe("bob", "a-mic", true, false, o), publish: false, 0, _timeout);
        Assert.Equal(4, _relay.Counters.Peers);

        room.RemoveParticipant("alice");

        Assert.Equal(1, _relay.Counters.Peers); // bob's publication remains
        Assert.Equal(1, _relay.Transport.PeerCount);
        ushort seq = 1;
        SendAudio(bob, ref seq, 3, ssrc: 1002);
        Assert.True(await ReceiveRtpAsync(aliceSeesBob, TimeSpan.FromMilliseconds(500)) is null, "Alice's subscription must be closed.");
    }

    [Fact]
    public async Task Disposing_a_room_closes_its_peers_and_a_new_room_can_take_its_id()
    {
        var room = _relay.OpenRoom("reopen", new RoomMediaSettings(Video: false));
        using var publisher = await SyntheticPeer.ConnectAsync(_relay.LocalEndPoint, o => room.Publish("alice", "mic", o), publish: true, 2001, _timeout);
        Assert.Same(room, _relay.OpenRoom("reopen", new RoomMediaSettings()));
        Assert.Equal(1, _relay.Counters.Rooms);

        room.Dispose();

        Assert.Equal(0, _relay.Counters.Rooms);
        Assert.Equal(0, _relay.Transport.PeerCount);
        using var again = _relay.OpenRoom("reopen", new RoomMediaSettings());
        Assert.NotSame(room, again);
        Assert.True(again.Settings.Video);
        Assert.Throws<MediaRelayException>(() => room.Publish("alice", "mic", SyntheticPeer.Offer("AB:CD", true, 1)));
    }

    [Fact]
    public async Task Republishing_a_stream_key_replaces_the_publication_even_with_the_same_ssrc_and_a_clash_with_another_stream_is_refused()
    {
        using var room = _relay.OpenRoom("republish", new RoomMediaSettings());
        using var first = await SyntheticPeer.ConnectAsync(_relay.LocalEndPoint, o => room.Publish("alice", "mic", o), publish: true, 4242, _timeout);
        using var second = await SyntheticPeer.ConnectAsync(_relay.LocalEndPoint, o => room.Publish("alice", "mic", o), publish: true, 4242, _timeout);
        Assert.Equal(1, _relay.Counters.Peers); // the first publication was closed
        using var subscriber = await SyntheticPeer.ConnectAsync(_relay.LocalEndPoint, o => room.Subscribe("bob", "mic", true, false, o), publish: false, 0, _timeout);
        ushort seq = 1;
        (_, seq) = await FirstForwardedAsync(second, subscriber, seq, 4242);

        var offer = SyntheticPeer.Offer("AB:" + string.Join(':', Enumerable.Repeat("CD", 31)), publish: true, 4242);
        var error = Assert.Throws<MediaRelayException>(() => room.Publish("carol", "other", offer));
        Assert.Contains("already published", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, _relay.Counters.Peers); // alice's publication and bob's subscription are untouched
        SendAudio(second, ref seq, 3, ssrc: 4242);
        Assert.NotNull(await ReceiveRtpAsync(subscriber, _timeout));
    }

    /// <summary>
    /// Sends a few packets every 200 ms until one comes out forwarded: the relay's side of a fresh DTLS association may
    /// complete a moment after the client's, and what arrives before is dropped as SRTP before keys.
    /// </summary>
    private async Task<(byte[] Packet, ushort Next)> FirstForwardedAsync(SyntheticPeer publisher, SyntheticPeer subscriber, ushort seq, uint ssrc)
    {
        var deadline = DateTime.UtcNow + _timeout;
        while (DateTime.UtcNow < deadline)
        {
            SendAudio(publisher, ref seq, 3, ssrc);
            if (await ReceiveRtpAsync(subscriber, TimeSpan.FromMilliseconds(200)) is { } packet)
            {
                return (packet, seq);
            }
        }

        throw new TimeoutException($"Expected forwarded RTP at the subscriber within {_timeout}; {_relay.Counters}");
    }

    internal static void SendAudio(SyntheticPeer peer, ref ushort seq, int count, uint ssrc = PublisherSsrc)
    {
        Span<byte> buffer = stackalloc byte[200];
        for (int i = 0; i < count; i++, seq++)
        {
            int header = RtpPacket.WriteHeader(buffer, 111, seq, seq * 960u, ssrc);
            buffer.Slice(header, 60).Fill(0x5A);
            peer.Srtp.Outbound.ProtectRtp(buffer, header + 60, out int length);
            peer.Send(buffer[..length]);
        }
    }

    /// <summary>The next RTP packet (unprotected) at <paramref name="peer"/>, skipping RTCP and DTLS; null after <paramref name="timeout"/>.</summary>
    internal static async Task<byte[]?> ReceiveRtpAsync(SyntheticPeer peer, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var buffer = new byte[2048];
        while (DateTime.UtcNow < deadline)
        {
            using var cts = new CancellationTokenSource(deadline - DateTime.UtcNow);
            int length;
            try
            {
                length = await peer.Client.Socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
            }
            catch (OperationCanceledException)
            {
                return null;
            }

            var datagram = buffer.AsSpan(0, length);
            if (PacketClassifier.Classify(datagram) == PacketKind.Rtp && !PacketClassifier.IsRtcp(datagram)
                && peer.Srtp.Inbound.UnprotectRtp(datagram, out int plain) == SrtpStatus.Ok)
            {
                return datagram[..plain].ToArray();
            }
        }

        return null;
    }

    private static async Task DrainAsync(SyntheticPeer peer)
    {
        while (await ReceiveRtpAsync(peer, TimeSpan.FromMilliseconds(200)) is not null)
        {
        }
    }
}
