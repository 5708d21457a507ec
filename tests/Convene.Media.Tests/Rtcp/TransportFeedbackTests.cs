using Convene.Media.Rtcp;

namespace Convene.Media.Tests.Rtcp;

/// <summary>Transport-wide feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1) read from hand-built messages.</summary>
public sealed class TransportFeedbackTests
{
    // V=2 FMT=15 PT=205 length 8; sender 1, media 2; base 100, count 20, reference time 16 (× 64 ms), fb count 7;
    // chunks: run length (T=0, S=01, run 3) 2003; 1-bit vector (T=1, S=0) 0,1,1,0×11 = 9800; 2-bit vector (T=1, S=1)
    // 10,01,00 = e400; deltas 04 08 00 | 02 ff | fffc 10; two bytes of zero padding.
    private static readonly byte[] _message = Hex.Parse(
        "8fcd0008 00000001 00000002 0064 0014 000010 07 2003 9800 e400 04 08 00 02 ff fffc 10 0000");

    [Fact]
    public void Reads_run_length_one_bit_and_two_bit_chunks_with_small_large_and_negative_deltas()
    {
        Assert.True(Read(_message, out var feedback));
        Assert.Equal(100, feedback.BaseSequence);
        Assert.Equal(20, feedback.StatusCount);
        Assert.Equal(16, feedback.ReferenceTime);
        Assert.Equal(7, feedback.FeedbackCount);

        var packets = Walk(_message);
        Assert.Equal(20, packets.Count);
        Assert.Equal(Enumerable.Range(100, 20).Select(i => (ushort)i), packets.Select(p => p.Seq));
        var received = packets.Where(p => p.Received).ToDictionary(p => p.Seq, p => p.ArrivalUs);
        Assert.Equal(
            new Dictionary<ushort, long>
            {
                [100] = 1_025_000, [101] = 1_027_000, [102] = 1_027_000, [104] = 1_027_500,
                [105] = 1_091_250, [117] = 1_090_250, [118] = 1_094_250,
            },
            received);
    }

    [Fact]
    public void The_reference_time_is_signed_24_bits()
    {
        byte[] message = Hex.Parse("8fcd0005 00000001 00000002 fffe 0001 ffffff 00 2001 01 00");
        var packets = Walk(message);
        var only = Assert.Single(packets);
        Assert.Equal((ushort)0xfffe, only.Seq);
        Assert.True(only.Received);
        Assert.Equal(-64_000 + 250, only.ArrivalUs);
    }

    [Fact]
    public void A_long_run_of_lost_packets_has_no_deltas()
    {
        byte[] message = Hex.Parse("8fcd0005 00000001 00000002 0000 0dd0 000000 00 0dd0 0000");
        var packets = Walk(message);
        Assert.Equal(0xdd0, packets.Count);
        Assert.DoesNotContain(packets, p => p.Received);
    }

    [Theory]
    [InlineData("8fcd0005 00000001 00000002 0064 0003 000010 07 2003 04 08")] // three deltas announced, two present
    [InlineData("8fcd0005 00000001 00000002 0064 0003 000010 07 6003 0000")] // reserved symbol 11
    [InlineData("8fcd0005 00000001 00000002 0064 0003 000010 07 2000 0000")] // empty run
    [InlineData("8fcd0004 00000001 00000002 0064 0003 000010 07")] // no chunks
    [InlineData("81cd0005 00000001 00000002 0064 0003 000010 07 2003 0000")] // FMT 1 is a NACK
    public void Malformed_or_other_messages_are_refused(string hex)
    {
        Assert.False(Read(Hex.Parse(hex), out _));
    }

    private static bool Read(byte[] bytes, out (ushort BaseSequence, int StatusCount, int ReferenceTime, byte FeedbackCount) header)
    {
        header = default;
        var reader = new RtcpCompoundReader(bytes);
        if (!reader.TryReadNext(out RtcpPacket packet) || !TransportFeedback.TryRead(packet, out var feedback))
        {
            return false;
        }

        header = (feedback.BaseSequence, feedback.StatusCount, feedback.ReferenceTime, feedback.FeedbackCount);
        return true;
    }

    private static List<(ushort Seq, bool Received, long ArrivalUs)> Walk(byte[] bytes)
    {
        var reader = new RtcpCompoundReader(bytes);
        Assert.True(reader.TryReadNext(out RtcpPacket packet));
        Assert.True(TransportFeedback.TryRead(packet, out var feedback));
        var list = new List<(ushort, bool, long)>();
        while (feedback.TryReadNext(out ushort seq, out bool received, out long arrival))
        {
            list.Add((seq, received, arrival));
        }

        return list;
    }
}
