using Convene.Media.Rtp;

namespace Convene.Media.Tests.Rtp;

/// <summary>RFC 4588 §4: the retransmission packet format.</summary>
public sealed class RtxPacketTests
{
    // V=2, P=0, X=1, CC=1, M=1, PT=96, seq 0x1234, ts 0x0A0B0C0D, SSRC 0x11223344, CSRC 0x55667788,
    // a one-byte extension block (0xBEDE, 1 word: id 4, len 1: "ab", padding), then 5 payload bytes.
    private const string Original = "91e0 1234 0a0b0c0d 11223344 55667788 bede0001 41616200 0102030405";

    // RFC 4588 §4.1 figure: the same header with the RTX SSRC, PT and sequence number, then the OSN, then the payload.
    private const string Retransmission = "91e1 0007 0a0b0c0d 99aabbcc 55667788 bede0001 41616200 1234 0102030405";

    [Fact]
    public void Wrap_writes_the_rtx_header_and_the_original_sequence_number_before_the_payload()
    {
        var destination = new byte[64];
        int length = RtxPacket.Wrap(Hex.Parse(Original), destination, ssrc: 0x99AABBCC, payloadType: 97, sequenceNumber: 7);

        Assert.Equal(Hex.Of(Hex.Parse(Retransmission)), Hex.Of(destination.AsSpan(0, length)));
    }

    [Fact]
    public void Unwrap_restores_the_original_packet()
    {
        var destination = new byte[64];
        int length = RtxPacket.Unwrap(Hex.Parse(Retransmission), destination, ssrc: 0x11223344, payloadType: 96);

        Assert.Equal(Hex.Of(Hex.Parse(Original)), Hex.Of(destination.AsSpan(0, length)));
    }

    [Fact]
    public void The_originals_padding_is_left_out_and_the_padding_bit_cleared()
    {
        // P=1, no extension; payload "aabb", then 3 octets of padding (the last one counts them).
        byte[] padded = Hex.Parse("a060 0001 00000001 00000002 aabb 000003");
        var destination = new byte[64];
        int length = RtxPacket.Wrap(padded, destination, 0x33, 97, 0x100);

        Assert.Equal("80610100000000010000003300 01aabb".Replace(" ", ""), Hex.Of(destination.AsSpan(0, length)));
    }

    [Fact]
    public void A_padding_only_rtx_packet_has_no_original()
    {
        // Chromium probes bandwidth with RTX packets that carry only padding: no OSN, nothing to restore.
        byte[] probe = Hex.Parse("a061 0001 00000001 00000002 0000000000000008".Replace(" ", ""));
        Assert.Equal(0, RtxPacket.Unwrap(probe, new byte[64], 1, 96));
        Assert.Equal(0, RtxPacket.Unwrap(Hex.Parse("8061 0001 00000001 00000002 01"), new byte[64], 1, 96)); // 1 byte: no OSN
    }

    [Fact]
    public void Wrap_and_unwrap_refuse_what_does_not_fit_or_is_not_rtp()
    {
        byte[] original = Hex.Parse(Original);
        Assert.Equal(0, RtxPacket.Wrap(original, new byte[original.Length + 1], 1, 97, 1));
        Assert.Equal(0, RtxPacket.Wrap(Hex.Parse("4000 0001 00000001 00000002 00"), new byte[64], 1, 97, 1)); // version 1
        Assert.Equal(0, RtxPacket.Unwrap(Hex.Parse(Retransmission), new byte[10], 1, 96));
    }
}
