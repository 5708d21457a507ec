using Convene.Media.Rtp;

namespace Convene.Media.Tests.Rtp;

public sealed class RtpPacketTests
{
    // V=2 P=1 X=1 CC=1, M=1 PT=111, seq 0x1234, ts 0xDEADBEEF, ssrc 0x01020304, csrc 0x0A0B0C0D,
    // one-byte extension (1 word: id 1 len 1 = 0x8A, then padding), payload AABBCC, 2 padding bytes.
    private const string Packet =
        "b1ef1234deadbeef01020304" + "0a0b0c0d" + "bede0001" + "108a0000" + "aabbcc" + "0002";

    [Fact]
    public void Parse_ReadsEveryField()
    {
        byte[] bytes = Hex.Parse(Packet);
        Assert.True(RtpPacket.TryParse(bytes, out RtpPacket rtp));

        Assert.Equal(2, rtp.Version);
        Assert.True(rtp.HasPadding);
        Assert.True(rtp.HasExtension);
        Assert.True(rtp.Marker);
        Assert.Equal(1, rtp.CsrcCount);
        Assert.Equal(111, rtp.PayloadType);
        Assert.Equal(0x1234, rtp.SequenceNumber);
        Assert.Equal(0xDEADBEEFu, rtp.Timestamp);
        Assert.Equal(0x01020304u, rtp.Ssrc);
        Assert.Equal(0x0A0B0C0Du, rtp.GetCsrc(0));
        Assert.Equal(RtpHeaderExtensions.OneByteProfile, rtp.ExtensionProfile);
        Assert.Equal("108a0000", Hex.Of(rtp.ExtensionData));
        Assert.Equal(24, rtp.HeaderLength);
        Assert.Equal(2, rtp.PaddingLength);
        Assert.Equal("aabbcc", Hex.Of(rtp.Payload));
    }

    [Fact]
    public void Setters_RewriteInPlace_KeepOtherBits()
    {
        byte[] bytes = Hex.Parse(Packet);
        Assert.True(RtpPacket.TryParse(bytes, out RtpPacket rtp));

        rtp.PayloadType = 96;
        rtp.SequenceNumber = 0xFFFF;
        rtp.Timestamp = 1;
        rtp.Ssrc = 0xCAFEBABE;
        rtp.Marker = false;

        Assert.Equal("b160ffff00000001cafebabe", Hex.Of(bytes.AsSpan(0, 12)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("80")]
    [InlineData("8000000100000001000000")] // 11 bytes
    [InlineData("400000010000000100000001")] // version 1
    [InlineData("820000010000000100000001")] // CC=2 but no CSRCs
    [InlineData("900000010000000100000001bede")] // X without a full extension header
    [InlineData("900000010000000100000001bede0002aabbccdd")] // extension longer than the packet
    [InlineData("a00000010000000100000001aa05")] // padding count beyond the payload
    [InlineData("a00000010000000100000001aa00")] // padding count 0
    public void Malformed_ReturnsFalse(string hex)
    {
        Assert.False(RtpPacket.TryParse(Hex.Parse(hex), out _));
    }

    [Fact]
    public void WriteHeader_WritesFixedHeader()
    {
        var buffer = new byte[12];
        Assert.Equal(12, RtpPacket.WriteHeader(buffer, 111, 7, 960, 0x55667788, marker: true));
        Assert.Equal("80ef0007000003c055667788", Hex.Of(buffer));
        Assert.Equal(0, RtpPacket.WriteHeader(new byte[11], 1, 1, 1, 1));
    }
}
