using System.Net;
using System.Text;
using Convene.Media.Relay;
using Convene.Media.Routing;
using Convene.Media.Rtp;
using Convene.Media.Tests.Routing;
using Convene.Media.Tests.Sdp;

namespace Convene.Media.Tests.Relay;

/// <summary>
/// RTX for simulcast publishers (RFC 4588 with RFC 8852 §3.2), with hand-built packets on a room that accepted Chromium's
/// simulcast offer: a layer's RTX SSRC is learned from repaired-rtp-stream-id, and its retransmissions are unwrapped
/// into that layer's track (cache and NACK bookkeeping) — not another layer's, and not before the layer is known.
/// </summary>
public sealed class SimulcastRtxTests : IAsyncLifetime
{
    // The ids and payload types of chromium156-simulcast-offer.sdp: rid 10, repaired rid 11, VP8 96, its rtx 97.
    private const byte RidId = 10, RepairedRidId = 11, Vp8 = 96, Rtx = 97;
    private const uint Low = 0x10000001, High = 0x10000002, LowRtx = 0x20000001, HighRtx = 0x20000002;
    private MediaRelay _relay = null!;
    private RoomRelay _room = null!;

    public Task InitializeAsync()
    {
        _relay = new MediaRelay(new MediaRelayOptions { BindAddress = IPAddress.Loopback, Port = 0 });
        _room = (RoomRelay)_relay.OpenRoom("simulcast-rtx", new RoomMediaSettings());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _room.Dispose();
        await _relay.DisposeAsync();
    }

    private static byte[] Layer(uint ssrc, ushort seq, string? rid, bool keyframe = false, byte extensionId = RidId, byte payloadType = Vp8)
    {
        var buffer = new byte[200];
        RtpPacket.WriteHeader(buffer, payloadType, seq, 3000u * seq, ssrc);
        int length = 12;
        if (rid is not null)
        {
            Assert.True(RtpHeaderExtensions.TryInsert(buffer, length, extensionId, Encoding.ASCII.GetBytes(rid), out length));
        }

        buffer[length] = 0x10; // VP8 descriptor S = 1
        buffer[length + 1] = keyframe ? (byte)0x50 : (byte)0x51;
        for (int i = 2; i < 30; i++)
        {
            buffer[length + i] = (byte)(seq * 7 + i);
        }

        return buffer.AsSpan(0, length + 30).ToArray();
    }

    // What Chromium sends: the original's header on the RTX SSRC and payload type, rid replaced by the repaired rid.
    private static byte[] RtxOf(uint ssrc, ushort seq, string repairedRid, uint rtxSsrc, ushort rtxSeq)
    {
        byte[] original = Layer(ssrc, seq, repairedRid, extensionId: RepairedRidId);
        var buffer = new byte[original.Length + RtxPacket.Overhead];
        int length = RtxPacket.Wrap(original, buffer, rtxSsrc, Rtx, rtxSeq);
        Assert.True(length > 0);
        return buffer.AsSpan(0, length).ToArray();
    }

    /// <summary>What <see cref="MediaRelay"/> does with a decrypted RTP packet of a publisher (SRTP left out).</summary>
    private bool Deliver(PublishedStream stream, byte[] packet)
    {
        bool accepted = false;
        _relay.OnLoop(() =>
        {
            uint ssrc = RtpPacket.TryParse(packet, out RtpPacket rtp) ? rtp.Ssrc : 0;
            accepted = stream.Owns(ssrc) || stream.TryLearn(ssrc, packet);
            if (accepted)
            {
                _room.Router.HandleRtp(packet);
            }
        });
        return accepted;
    }

    private PublishedStream PublishChromiumSimulcast()
    {
        string answer = _room.Publish("alice", "cam", SdpFixtures.ChromiumSimulcastOffer);
        Assert.Contains("repaired-rtp-stream-id", answer);
        Assert.Contains("rtx/90000", answer);
        var stream = _room.Streams.Single();
        var spec = stream.Tracks.Single(t => t.Rids is not null);
        Assert.Equal((RepairedRidId, Rtx), (spec.RepairedRidExtensionId, spec.Info.RtxPayloadType));
        return stream;
    }

    [Fact]
    public void A_layers_rtx_ssrc_is_learned_from_the_repaired_rid_and_its_retransmission_fills_that_layers_gap()
    {
        var stream = PublishChromiumSimulcast();
        Assert.True(Deliver(stream, Layer(Low, 100, "q", keyframe: true)));
        Assert.True(Deliver(stream, Layer(High, 500, "h", keyframe: true)));
        for (ushort seq = 101; seq <= 105; seq++)
        {
            if (seq != 103)
            {
                Assert.True(Deliver(stream, Layer(Low, seq, rid: null))); // Chromium stops sending the rid once acked
            }
        }

        TrackReceiver low = stream.Layers[0]!, high = stream.Layers[1]!;
        Assert.Equal(Low, low.Info.Ssrc);
        Assert.True(low.Recovery!.NacksSent > 0, "Expected the gap in the low layer to be NACKed upstream");
        Assert.Equal(0, high.Recovery!.NacksSent);
        Assert.False(low.TryGetCached(103, out _));

        byte[] rtx = RtxOf(Low, 103, "q", LowRtx, rtxSeq: 1);
        Assert.False(stream.Owns(LowRtx));
        Assert.True(Deliver(stream, rtx), "Expected the RTX SSRC learned from repaired-rtp-stream-id 'q'");
        Assert.True(stream.Owns(LowRtx));
        Assert.Equal(LowRtx, low.RepairSsrc);
        Assert.Equal(0u, high.RepairSsrc);
        Assert.Equal(1, low.Recovery.RtxReceived);
        Assert.Equal(1, low.Recovery.Recovered);
        Assert.Equal(1, stream.LayerRtxReceived);

        // The original is back in the low layer's cache: its SSRC, payload type, sequence number and payload.
        Assert.True(low.TryGetCached(103, out ReadOnlySpan<byte> restored));
        Assert.True(RtpPacket.TryParse(restored.ToArray(), out RtpPacket parsed));
        Assert.Equal((Low, Vp8, (ushort)103), (parsed.Ssrc, parsed.PayloadType, parsed.SequenceNumber));
        byte[] expected = Layer(Low, 103, "q", extensionId: RepairedRidId);
        Assert.True(RtpPacket.TryParse(expected, out RtpPacket original));
        Assert.Equal(original.Payload.ToArray(), parsed.Payload.ToArray());

        // Later RTX packets of that SSRC need no extension (Chromium stops sending it once acked).
        Assert.True(Deliver(stream, Layer(Low, 107, rid: null)));
        byte[] again = Layer(Low, 106, rid: null);
        var buffer = new byte[again.Length + 2];
        int length = RtxPacket.Wrap(again, buffer, LowRtx, Rtx, 2);
        Assert.True(Deliver(stream, buffer.AsSpan(0, length).ToArray()));
        Assert.Equal(2, low.Recovery.RtxReceived);
        Assert.True(low.TryGetCached(106, out _));
    }

    [Fact]
    public void Rtx_naming_a_layer_not_yet_seen_or_an_unknown_rid_or_a_taken_ssrc_is_not_learned()
    {
        var stream = PublishChromiumSimulcast();
        Assert.True(Deliver(stream, Layer(Low, 100, "q", keyframe: true)));

        Assert.False(Deliver(stream, RtxOf(High, 7, "h", HighRtx, 1)), "layer 'h' has not sent media yet");
        Assert.False(Deliver(stream, RtxOf(Low, 7, "x", HighRtx, 1)), "no layer 'x'");
        Assert.False(stream.TryLearn(Low, RtxOf(Low, 7, "q", Low, 1)), "the RTX SSRC is a media SSRC");
        Assert.False(stream.Owns(HighRtx));
        Assert.Equal(0u, stream.Layers[0]!.RepairSsrc);

        // Once 'h' flows, its RTX SSRC is learned; a second RTX SSRC for 'q' after the first is not.
        Assert.True(Deliver(stream, Layer(High, 500, "h", keyframe: true)));
        Assert.True(Deliver(stream, RtxOf(High, 499, "h", HighRtx, 1)));
        Assert.Equal(HighRtx, stream.Layers[1]!.RepairSsrc);
        Assert.True(Deliver(stream, RtxOf(Low, 99, "q", LowRtx, 1)));
        Assert.False(Deliver(stream, RtxOf(Low, 98, "q", LowRtx + 100, 1)));
    }

    [Fact]
    public void Unpublishing_frees_the_learned_rtx_ssrc()
    {
        var stream = PublishChromiumSimulcast();
        Assert.True(Deliver(stream, Layer(Low, 100, "q", keyframe: true)));
        Assert.True(Deliver(stream, RtxOf(Low, 99, "q", LowRtx, 1)));
        _room.Unpublish("cam");

        _room.Publish("alice", "cam", SdpFixtures.ChromiumSimulcastOffer);
        var again = _room.Streams.Single();
        Assert.True(Deliver(again, Layer(Low, 200, "q", keyframe: true)));
        Assert.True(Deliver(again, RtxOf(Low, 199, "q", LowRtx, 1)), "Expected the RTX SSRC free again after unpublishing");
    }
}
