using Convene.Media.Rtcp;

namespace Convene.Media.Tests.Rtcp;

/// <summary>PLI, FIR, generic NACK and REMB against packets laid out by hand from RFC 4585 §6, RFC 5104 §4.3.1.</summary>
public sealed class RtcpFeedbackTests
{
    private static RtcpPacket Single(byte[] bytes)
    {
        var reader = new RtcpCompoundReader(bytes);
        Assert.True(reader.TryReadNext(out RtcpPacket packet));
        return packet;
    }

    [Fact]
    public void Pli_RoundTrip()
    {
        const string pli = "81ce0002" + "00000001" + "0a0b0c0d";
        var buffer = new byte[12];
        Assert.Equal(12, PictureLossIndication.Write(buffer, 1, 0x0A0B0C0D));
        Assert.Equal(pli, Hex.Of(buffer));
        Assert.True(PictureLossIndication.TryRead(Single(buffer), out uint sender, out uint media));
        Assert.Equal((1u, 0x0A0B0C0Du), (sender, media));
        Assert.False(FullIntraRequest.TryRead(Single(buffer), out _, out _, out _));
    }

    [Fact]
    public void Fir_RoundTrip()
    {
        const string fir = "84ce0004" + "00000001" + "00000000" + "0a0b0c0d" + "07000000";
        var buffer = new byte[20];
        Assert.Equal(20, FullIntraRequest.Write(buffer, 1, 0x0A0B0C0D, 7));
        Assert.Equal(fir, Hex.Of(buffer));
        Assert.True(FullIntraRequest.TryRead(Single(buffer), out uint sender, out uint media, out byte seq));
        Assert.Equal((1u, 0x0A0B0C0Du, (byte)7), (sender, media, seq));
        Assert.False(PictureLossIndication.TryRead(Single(buffer), out _, out _));
    }

    [Fact]
    public void Nack_RoundTrip_AndExpandsLostPackets()
    {
        // PID 100, BLP 0x0005 (101 and 103 lost); PID 200, BLP 0.
        const string nack = "81cd0004" + "00000001" + "0a0b0c0d" + "00640005" + "00c80000";
        var pairs = new NackPair[4];
        int count = NackPair.Pack([100, 101, 103, 200], pairs);
        Assert.Equal(2, count);

        var buffer = new byte[32];
        int length = GenericNack.Write(buffer, 1, 0x0A0B0C0D, pairs.AsSpan(0, count));
        Assert.Equal(nack, Hex.Of(buffer.AsSpan(0, length)));

        RtcpPacket packet = Single(buffer.AsSpan(0, length).ToArray());
        Assert.True(GenericNack.TryRead(packet, out uint sender, out uint media, out int pairCount));
        Assert.Equal((1u, 0x0A0B0C0Du, 2), (sender, media, pairCount));
        Span<ushort> lost = stackalloc ushort[17];
        int n = GenericNack.GetPair(packet, 0).GetLostSequenceNumbers(lost);
        Assert.Equal([100, 101, 103], lost[..n].ToArray());
    }

    [Fact]
    public void NackPair_WrapsAround65535()
    {
        var pairs = new NackPair[2];
        Assert.Equal(1, NackPair.Pack([65535, 0, 1], pairs));
        Assert.Equal(new NackPair(65535, 0b11), pairs[0]);
        Span<ushort> lost = stackalloc ushort[17];
        Assert.Equal(17, new NackPair(10, 0xFFFF).GetLostSequenceNumbers(lost));
        Assert.Equal(26, lost[16]);
    }

    [Fact]
    public void Remb_RoundTrip()
    {
        // 1,000,000 bit/s = 244140 (18 bits) × 2^2 ... exp 2, mantissa 250000? 1e6 >> 2 = 250000 < 262144.
        const string remb = "8fce0005" + "00000001" + "00000000" + "52454d42" + "01" + "0b" + "d090" + "0a0b0c0d";
        var buffer = new byte[24];
        Assert.Equal(24, ReceiverEstimatedMaxBitrate.Write(buffer, 1, 1_000_000, [0x0A0B0C0D]));
        Assert.Equal(remb, Hex.Of(buffer));

        RtcpPacket packet = Single(buffer);
        Assert.True(ReceiverEstimatedMaxBitrate.TryRead(packet, out uint sender, out ulong bitrate, out int ssrcs));
        Assert.Equal((1u, 1_000_000UL, 1), (sender, bitrate, ssrcs));
        Assert.Equal(0x0A0B0C0Du, ReceiverEstimatedMaxBitrate.GetSsrc(packet, 0));
    }

    [Fact]
    public void Feedback_TruncatedOrWrongType_ReturnsFalse()
    {
        Assert.False(PictureLossIndication.TryRead(Single(Hex.Parse("81ce0001" + "00000001")), out _, out _));
        Assert.False(GenericNack.TryRead(Single(Hex.Parse("81cd0002" + "00000001" + "0a0b0c0d")), out _, out _, out _));
        Assert.False(ReceiverEstimatedMaxBitrate.TryRead(Single(Hex.Parse("8fce0004" + "00000001" + "00000000" + "52454d43" + "00000000")), out _, out _, out _));
        Assert.False(ReceiverEstimatedMaxBitrate.TryRead(Single(Hex.Parse("8fce0004" + "00000001" + "00000000" + "52454d42" + "05000000")), out _, out _, out _));
        Assert.Equal(0, GenericNack.Write(new byte[64], 1, 2, ReadOnlySpan<NackPair>.Empty));
    }

    [Fact]
    public void RandomGarbage_NeverThrows()
    {
        var random = new Random(3);
        int packets = 0;
        for (int i = 0; i < 5000; i++)
        {
            var bytes = new byte[random.Next(1, 20) * 4];
            random.NextBytes(bytes);
            bytes[0] = (byte)((bytes[0] & 0x3F) | 0x80);
            bytes[1] = (byte)random.Next(200, 207);
            if (i % 2 == 0)
            {
                // a plausible length, so the per-type readers see the bytes
                bytes[2] = 0;
                bytes[3] = (byte)((bytes.Length / 4) - 1);
            }

            var reader = new RtcpCompoundReader(bytes);
            while (reader.TryReadNext(out RtcpPacket p))
            {
                packets++;
                SenderReport.TryGetReportBlock(p, 0, out _);
                ReceiverReport.TryGetReportBlock(p, 0, out _);
                SourceDescription.TryReadCname(p, out _, out _);
                Goodbye.TryGetSsrc(p, 0, out _);
                PictureLossIndication.TryRead(p, out _, out _);
                FullIntraRequest.TryRead(p, out _, out _, out _);
                if (GenericNack.TryRead(p, out _, out _, out int pairs))
                {
                    for (int k = 0; k < pairs; k++)
                    {
                        GenericNack.GetPair(p, k);
                    }
                }

                if (ReceiverEstimatedMaxBitrate.TryRead(p, out _, out _, out int ssrcs))
                {
                    for (int k = 0; k < ssrcs; k++)
                    {
                        ReceiverEstimatedMaxBitrate.GetSsrc(p, k);
                    }
                }
            }
        }

        Assert.True(packets > 0);
    }
}
