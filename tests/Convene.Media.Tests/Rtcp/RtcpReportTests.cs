using Convene.Media.Rtcp;

namespace Convene.Media.Tests.Rtcp;

/// <summary>SR, RR, SDES and BYE against packets laid out by hand from RFC 3550 §6.4–§6.6.</summary>
public sealed class RtcpReportTests
{
    private const string Block =
        "0a0b0c0d" + "10" + "fffffe" + "00010203" + "00000040" + "11223344" + "00008000";

    // V=2 RC=1 PT=200 length=12 words; SSRC; NTP; RTP ts; packets; octets; one block.
    private const string Sr =
        "81c8000c" + "01020304" + "e1b2c3d4a5b6c7d8" + "00015f90" + "00000064" + "0000fa00" + Block;

    private static readonly ReportBlock ExpectedBlock = new(0x0A0B0C0D, 0x10, -2, 0x00010203, 0x40, 0x11223344, 0x8000);

    [Fact]
    public void SenderReport_ReadAndWrite_RoundTrip()
    {
        var reader = new RtcpCompoundReader(Hex.Parse(Sr));
        Assert.True(reader.TryReadNext(out RtcpPacket packet));
        Assert.True(SenderReport.TryRead(packet, out SenderInfo info));
        Assert.Equal(new SenderInfo(0x01020304, 0xE1B2C3D4A5B6C7D8, 90000, 100, 64000), info);
        Assert.True(SenderReport.TryGetReportBlock(packet, 0, out ReportBlock block));
        Assert.Equal(ExpectedBlock, block);
        Assert.False(SenderReport.TryGetReportBlock(packet, 1, out _));

        var buffer = new byte[64];
        int length = SenderReport.Write(buffer, info, [block]);
        Assert.Equal(Sr, Hex.Of(buffer.AsSpan(0, length)));
        Assert.Equal(0, SenderReport.Write(new byte[51], info, [block]));
    }

    [Fact]
    public void ReceiverReport_RoundTrip()
    {
        const string rr = "81c90007" + "99887766" + Block;
        var buffer = new byte[32];
        int length = ReceiverReport.Write(buffer, 0x99887766, [ExpectedBlock]);
        Assert.Equal(rr, Hex.Of(buffer.AsSpan(0, length)));

        var reader = new RtcpCompoundReader(buffer);
        Assert.True(reader.TryReadNext(out RtcpPacket packet));
        Assert.True(ReceiverReport.TryRead(packet, out uint reporter));
        Assert.Equal(0x99887766u, reporter);
        Assert.True(ReceiverReport.TryGetReportBlock(packet, 0, out ReportBlock block));
        Assert.Equal(ExpectedBlock, block);
        Assert.False(SenderReport.TryRead(packet, out _));
    }

    [Fact]
    public void SdesCname_RoundTrip()
    {
        // chunk: SSRC, CNAME(1) len 5 "alice", END + 1 pad to the 32-bit boundary (4+2+5 = 11 -> 12).
        const string sdes = "81ca0003" + "01020304" + "0105616c696365" + "00";
        var buffer = new byte[32];
        int length = SourceDescription.WriteCname(buffer, 0x01020304, "alice"u8);
        Assert.Equal(sdes, Hex.Of(buffer.AsSpan(0, length)));

        var reader = new RtcpCompoundReader(buffer.AsSpan(0, length));
        Assert.True(reader.TryReadNext(out RtcpPacket packet));
        Assert.True(SourceDescription.TryReadCname(packet, out uint ssrc, out ReadOnlySpan<byte> cname));
        Assert.Equal(0x01020304u, ssrc);
        Assert.Equal("alice", System.Text.Encoding.ASCII.GetString(cname));

        // A 2-byte CNAME lands exactly on 8 bytes, so a whole word of nulls follows (RFC 3550 §6.5).
        length = SourceDescription.WriteCname(buffer, 1, "ab"u8);
        Assert.Equal("81ca0003" + "00000001" + "01026162" + "00000000", Hex.Of(buffer.AsSpan(0, length)));
    }

    [Fact]
    public void Bye_RoundTrip()
    {
        const string bye = "82cb0002" + "01020304" + "05060708";
        var buffer = new byte[12];
        Assert.Equal(12, Goodbye.Write(buffer, [0x01020304, 0x05060708]));
        Assert.Equal(bye, Hex.Of(buffer));
        var reader = new RtcpCompoundReader(buffer);
        Assert.True(reader.TryReadNext(out RtcpPacket packet));
        Assert.True(Goodbye.TryGetSsrc(packet, 1, out uint ssrc));
        Assert.Equal(0x05060708u, ssrc);
        Assert.False(Goodbye.TryGetSsrc(packet, 2, out _));
    }

    [Fact]
    public void Compound_IteratesAllPackets()
    {
        byte[] compound = Hex.Parse(Sr + "81ca0003" + "01020304" + "0105616c696365" + "00" + "81cb0001" + "01020304");
        var reader = new RtcpCompoundReader(compound);
        var types = new List<byte>();
        while (reader.TryReadNext(out RtcpPacket packet))
        {
            types.Add(packet.Type);
        }

        Assert.False(reader.IsMalformed);
        Assert.Equal([RtcpPacketType.SenderReport, RtcpPacketType.SourceDescription, RtcpPacketType.Goodbye], types);
    }

    [Theory]
    [InlineData("81c8000c01020304")] // length says 52 bytes, 8 present
    [InlineData("41c80001aabbccdd")] // version 1
    [InlineData("81")] // shorter than a header
    [InlineData("81c90001" + "99887766" + "81c90007")] // second packet truncated
    public void Malformed_StopsWithoutThrowing(string hex)
    {
        var reader = new RtcpCompoundReader(Hex.Parse(hex));
        while (reader.TryReadNext(out _))
        {
        }

        Assert.True(reader.IsMalformed);
    }

    [Fact]
    public void ReportCountBeyondLength_IsRejected()
    {
        // RC = 2 but only one block present.
        var reader = new RtcpCompoundReader(Hex.Parse("82c90007" + "99887766" + Block));
        Assert.True(reader.TryReadNext(out RtcpPacket packet));
        Assert.False(ReceiverReport.TryRead(packet, out _));
        Assert.False(ReceiverReport.TryGetReportBlock(packet, 0, out _));
    }
}
