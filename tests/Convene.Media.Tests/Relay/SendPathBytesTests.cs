using System.Buffers.Binary;
using System.Net;
using Convene.Media.Relay;
using Convene.Media.Routing;
using Convene.Media.Rtcp;
using Convene.Media.Rtp;
using Convene.Media.Srtp;
using Convene.Media.Tests.Routing;
using Convene.Media.Tests.Sdp;

namespace Convene.Media.Tests.Relay;

/// <summary>
/// What the relay puts on the wire, decrypted with the subscriber's SRTP keys, is byte for byte what the two-step send
/// path wrote (<see cref="ReferenceSendPath"/>) now that packets are written straight into the send slot: a plain packet
/// (a subscriber without transport-cc), transport-cc only, playout delay + transport-cc (after a NACK), and the RTX
/// answer to that NACK. Real relay, real UDP and SRTP; the publisher's packets enter the router as the relay hands them
/// over after SRTP (as in <see cref="SimulcastRtxTests"/>).
/// </summary>
public sealed class SendPathBytesTests
{
    private const uint PublisherVideo = 772405278; // chromium156-publish-offer.sdp
    private const byte Vp8 = 96;
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Plain_transport_cc_playout_delay_and_rtx_packets_are_the_bytes_of_the_two_step_path()
    {
        await using var relay = new MediaRelay(new MediaRelayOptions { BindAddress = IPAddress.Loopback, Port = 0 });
        var room = (RoomRelay)relay.OpenRoom("send-path", new RoomMediaSettings());
        using var _ = room;
        room.Publish("alice", "cam", SdpFixtures.ChromiumPublishOffer);
        using var plain = await SyntheticPeer.ConnectAsync(relay.LocalEndPoint, o => room.Subscribe("bob", "cam", false, true, o), f => SubscriberOffer(f, transportCc: false), _timeout);
        using var stamped = await SyntheticPeer.ConnectAsync(relay.LocalEndPoint, o => room.Subscribe("carol", "cam", false, true, o), f => SubscriberOffer(f, transportCc: true), _timeout);
        await RelayPublishSubscribeTests.WaitUntil(
            () => room.Streams.Single().Subscriptions is { Length: 2 } all && all.All(s => s.Video is not null),
            () => "two subscriptions with their video down-tracks attached",
            _timeout);
        Subscription plainSubscription = room.Streams.Single().Subscriptions.Single(s => s.Peer.Participant == "bob");
        Subscription stampedSubscription = room.Streams.Single().Subscriptions.Single(s => s.Peer.Participant == "carol");
        Assert.Null(plainSubscription.Peer.Congestion);
        byte transportWideId = stampedSubscription.Peer.Congestion?.ExtensionId ?? 0;
        Assert.NotEqual(0, transportWideId);
        DownTrackOptions options = stampedSubscription.Video!.Options;
        Assert.True(options.RtxPayloadType != 0 && options.PlayoutDelayExtensionId != 0, "Expected RTX and playout delay negotiated");

        // 1. A keyframe: plain to bob, transport-cc only to carol.
        byte[] first = Vp8Packet(1000, keyframe: true);
        Deliver(relay, room, first);
        byte[] toBob = await ReceiveRtpAsync(plain, plainSubscription.Video!.Options.Ssrc);
        AssertSameAsBefore(first, toBob, plainSubscription.Video!.Options, transportWideId: 0, rtx: false, playoutDelay: false);
        byte[] toCarol = await ReceiveRtpAsync(stamped, options.Ssrc);
        ushort transportWide = AssertSameAsBefore(first, toCarol, options, transportWideId, rtx: false, playoutDelay: false);

        // 2. Carol NACKs it: the answer is RTX, with the playout delay (she has lost a packet) and the next transport-wide number.
        ushort outSeq = BinaryPrimitives.ReadUInt16BigEndian(toCarol.AsSpan(2));
        var nack = new byte[64];
        int length = GenericNack.Write(nack, 0x9999, options.Ssrc, [new NackPair(outSeq, 0)]);
        Assert.Equal(SrtpStatus.Ok, stamped.Srtp.Outbound.ProtectRtcp(nack, length, out length));
        stamped.Send(nack.AsSpan(0, length));
        byte[] rtx = await ReceiveRtpAsync(stamped, options.RtxSsrc);
        Assert.Equal(outSeq, BinaryPrimitives.ReadUInt16BigEndian(rtx.AsSpan(HeaderLength(rtx))));
        Assert.Equal((ushort)(transportWide + 1), AssertSameAsBefore(first, rtx, options, transportWideId, rtx: true, playoutDelay: true));

        // 3. The next packet: playout delay + transport-cc to carol, still plain to bob.
        byte[] second = Vp8Packet(1001, keyframe: false);
        Deliver(relay, room, second);
        toBob = await ReceiveRtpAsync(plain, plainSubscription.Video!.Options.Ssrc);
        AssertSameAsBefore(second, toBob, plainSubscription.Video!.Options, transportWideId: 0, rtx: false, playoutDelay: false);
        // The RTX answer's second copy (RouterOptions.RetransmissionCopies) leaves right before it, through the same path.
        var repeats = new List<byte[]>();
        toCarol = await ReceiveRtpAsync(stamped, options.Ssrc, repeats);
        Assert.Single(repeats); // RouterOptions.RetransmissionCopies: 2 by default
        Assert.Equal(1, stampedSubscription.Video!.RtxRepeated);
        for (int i = 0; i < repeats.Count; i++)
        {
            Assert.Equal(options.RtxSsrc, BinaryPrimitives.ReadUInt32BigEndian(repeats[i].AsSpan(8)));
            Assert.Equal((ushort)(transportWide + 2 + i), AssertSameAsBefore(first, repeats[i], options, transportWideId, rtx: true, playoutDelay: true));
        }

        Assert.Equal((ushort)(transportWide + 2 + repeats.Count), AssertSameAsBefore(second, toCarol, options, transportWideId, rtx: false, playoutDelay: true));
        // Every RTP packet the relay sent was one of these (what it could not send is RTCP to the unconnected publisher).
        Assert.True(relay.Counters.RtpOut == 2 + 3 + repeats.Count, $"Expected {2 + 3 + repeats.Count} RTP packets sent; {relay.Counters}");
    }

    /// <summary>
    /// Rebuilds what the two-step path sent for <paramref name="source"/> with the values the relay chose (read from
    /// <paramref name="received"/>) and compares the bytes. Returns the transport-wide sequence number carried, if any.
    /// </summary>
    private static ushort AssertSameAsBefore(byte[] source, byte[] received, DownTrackOptions options, byte transportWideId, bool rtx, bool playoutDelay)
    {
        int playoutMin = -1;
        if (RtpHeaderExtensions.TryGet(received, options.PlayoutDelayExtensionId, out ReadOnlySpan<byte> delay))
        {
            playoutMin = (delay[0] << 4) | (delay[1] >> 4);
        }

        Assert.Equal(playoutDelay, playoutMin >= 0);
        ushort transportWide = 0;
        if (transportWideId != 0)
        {
            Assert.True(RtpHeaderExtensions.TryGet(received, transportWideId, out ReadOnlySpan<byte> value), "Expected the transport-wide sequence number");
            transportWide = BinaryPrimitives.ReadUInt16BigEndian(value);
        }

        ushort seq = BinaryPrimitives.ReadUInt16BigEndian(received.AsSpan(2));
        uint timestamp = BinaryPrimitives.ReadUInt32BigEndian(received.AsSpan(4));
        ushort mediaSeq = rtx ? BinaryPrimitives.ReadUInt16BigEndian(received.AsSpan(HeaderLength(received))) : seq;
        byte[] expected = ReferenceSendPath.Write(
            source, options.Ssrc, options.PayloadType, mediaSeq, timestamp, options.ExtensionIdMap ?? [], options.PlayoutDelayExtensionId, playoutMin,
            transportWideId, transportWide, rtx ? (options.RtxSsrc, options.RtxPayloadType, seq) : null, out bool stamped);
        Assert.Equal(transportWideId != 0, stamped);
        Assert.Equal(Hex.Of(expected), Hex.Of(received));
        return transportWide;
    }

    private static int HeaderLength(byte[] packet)
    {
        Assert.True(RtpPacket.TryMeasure(packet, out int header, out _));
        return header;
    }

    // Chromium's offer turned into a receive-only one of ours (our ICE credentials and certificate), with or without transport-cc.
    private static string SubscriberOffer(string fingerprint, bool transportCc) => string.Join("\r\n", SdpFixtures.ChromiumPublishOffer
        .Split("\r\n")
        .Where(line => !line.StartsWith("a=ssrc", StringComparison.Ordinal) && (transportCc || !line.Contains("transport-wide-cc", StringComparison.Ordinal)))
        .Select(line => line switch
        {
            "a=sendonly" => "a=recvonly",
            _ when line.StartsWith("a=ice-ufrag:", StringComparison.Ordinal) => $"a=ice-ufrag:{SyntheticPeer.Ufrag}",
            _ when line.StartsWith("a=ice-pwd:", StringComparison.Ordinal) => $"a=ice-pwd:{SyntheticPeer.Pwd}",
            _ when line.StartsWith("a=fingerprint:", StringComparison.Ordinal) => $"a=fingerprint:sha-256 {fingerprint}",
            _ => line,
        }));

    // Chromium's elements on its video: abs-send-time (2), transport-cc (3), mid (4); a VP8 descriptor and payload.
    private static byte[] Vp8Packet(ushort seq, bool keyframe)
    {
        var buffer = new byte[1300];
        RtpPacket.WriteHeader(buffer, Vp8, seq, 3000u * seq, PublisherVideo, marker: !keyframe);
        int length = 12;
        Assert.True(RtpHeaderExtensions.TryInsert(buffer, length, 4, "0"u8, out length));
        Assert.True(RtpHeaderExtensions.TryInsert(buffer, length, 2, [1, 2, 3], out length));
        Assert.True(RtpHeaderExtensions.TryInsert(buffer, length, 3, [0, (byte)seq], out length));
        buffer[length] = 0x10; // VP8 descriptor S = 1
        buffer[length + 1] = keyframe ? (byte)0x50 : (byte)0x51;
        for (int i = 2; i < 1100; i++)
        {
            buffer[length + i] = (byte)((seq * 7) + i);
        }

        return buffer.AsSpan(0, length + 1100).ToArray();
    }

    /// <summary>What <see cref="MediaRelay"/> does with a publisher's packet after SRTP (the publisher peer is not connected here).</summary>
    private static void Deliver(MediaRelay relay, RoomRelay room, byte[] packet)
    {
        bool routed = false;
        relay.OnLoop(() => routed = room.Router.HandleRtp(packet.ToArray()));
        Assert.True(routed, "Expected the router to take the publisher's packet");
    }

    /// <summary>
    /// The next RTP packet on <paramref name="ssrc"/> the peer receives, decrypted; RTCP is skipped, RTP on other SSRCs
    /// before it is added to <paramref name="others"/> (decrypted) when given, else skipped.
    /// </summary>
    private static async Task<byte[]> ReceiveRtpAsync(SyntheticPeer peer, uint ssrc, List<byte[]>? others = null)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var seen = new List<string>();
        while (watch.Elapsed < _timeout)
        {
            byte[] datagram = await peer.Client.ReceiveAsync(_timeout - watch.Elapsed, $"an RTP packet on SSRC {ssrc}; seen so far: [{string.Join(", ", seen)}]");
            if (datagram.Length < 12 || datagram[1] is >= 192 and <= 223)
            {
                seen.Add("RTCP");
                continue;
            }

            Assert.Equal(SrtpStatus.Ok, peer.Srtp.Inbound.UnprotectRtp(datagram, out int length));
            uint received = BinaryPrimitives.ReadUInt32BigEndian(datagram.AsSpan(8));
            if (received == ssrc)
            {
                return datagram.AsSpan(0, length).ToArray();
            }

            seen.Add($"RTP on {received}");
            others?.Add(datagram.AsSpan(0, length).ToArray());
        }

        throw new TimeoutException($"Expected an RTP packet on SSRC {ssrc}; seen: [{string.Join(", ", seen)}]");
    }
}
