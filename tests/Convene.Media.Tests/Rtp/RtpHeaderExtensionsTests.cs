using Convene.Media.Rtp;

namespace Convene.Media.Tests.Rtp;

public sealed class RtpHeaderExtensionsTests
{
    // One-byte form (RFC 8285 §4.2): id 1 len 1 "0102", padding byte, id 3 len 0 "ff", then padding to 2 words.
    private const string OneByte = "9060000100000002000000aa" + "bede0002" + "11010200" + "30ff0000" + "cafe";

    // Two-byte form (RFC 8285 §4.3): id 1 len 0, id 20 len 3 "aabbcc", padding.
    private const string TwoByte = "9060000100000002000000aa" + "10000002" + "01001403" + "aabbcc00" + "cafe";

    [Fact]
    public void TryGet_OneByteForm()
    {
        byte[] p = Hex.Parse(OneByte);
        Assert.True(RtpHeaderExtensions.TryGet(p, 1, out var one));
        Assert.Equal("0102", Hex.Of(one));
        Assert.True(RtpHeaderExtensions.TryGet(p, 3, out var three));
        Assert.Equal("ff", Hex.Of(three));
        Assert.False(RtpHeaderExtensions.TryGet(p, 2, out _));
    }

    [Fact]
    public void TryGet_TwoByteForm()
    {
        byte[] p = Hex.Parse(TwoByte);
        Assert.True(RtpHeaderExtensions.TryGet(p, 1, out var empty));
        Assert.Equal(0, empty.Length);
        Assert.True(RtpHeaderExtensions.TryGet(p, 20, out var twenty));
        Assert.Equal("aabbcc", Hex.Of(twenty));
    }

    [Fact]
    public void RewriteIds_MapsAndDropsUnknown()
    {
        byte[] p = Hex.Parse(OneByte);
        var map = new byte[16];
        map[3] = 5; // 1 is unknown to the subscriber: dropped

        Assert.True(RtpHeaderExtensions.RewriteIds(p, map));

        Assert.Equal("bede0002" + "00000000" + "50ff0000" + "cafe", Hex.Of(p.AsSpan(12)));
        Assert.True(RtpHeaderExtensions.TryGet(p, 5, out var five));
        Assert.Equal("ff", Hex.Of(five));
        Assert.False(RtpHeaderExtensions.TryGet(p, 1, out _));
    }

    [Fact]
    public void RewriteIds_TwoByteForm()
    {
        byte[] p = Hex.Parse(TwoByte);
        var map = new byte[256];
        map[20] = 200;
        map[1] = 2;
        Assert.True(RtpHeaderExtensions.RewriteIds(p, map));
        Assert.Equal("10000002" + "0200c803" + "aabbcc00" + "cafe", Hex.Of(p.AsSpan(12)));
    }

    [Fact]
    public void TryRemove_ShrinksBlock_AndMovesPayload()
    {
        byte[] p = Hex.Parse(OneByte);
        Assert.True(RtpHeaderExtensions.TryRemove(p, p.Length, 1, out int length));
        Assert.Equal("9060000100000002000000aa" + "bede0001" + "0030ff00" + "cafe", Hex.Of(p.AsSpan(0, length)));

        Assert.True(RtpHeaderExtensions.TryRemove(p, length, 3, out length));
        Assert.Equal("8060000100000002000000aa" + "cafe", Hex.Of(p.AsSpan(0, length)));
        Assert.False(RtpHeaderExtensions.TryRemove(p, length, 3, out _));
    }

    [Fact]
    public void TryInsert_CreatesBlock_ThenAppends()
    {
        var buffer = new byte[64];
        Hex.Parse("8060000100000002000000aa" + "cafe").CopyTo(buffer, 0);

        Assert.True(RtpHeaderExtensions.TryInsert(buffer, 14, 1, [0x85], out int length));
        Assert.Equal("9060000100000002000000aa" + "bede0001" + "10850000" + "cafe", Hex.Of(buffer.AsSpan(0, length)));

        Assert.True(RtpHeaderExtensions.TryInsert(buffer, length, 4, [1, 2, 3], out length));
        Assert.Equal("9060000100000002000000aa" + "bede0002" + "10854201" + "02030000" + "cafe", Hex.Of(buffer.AsSpan(0, length)));

        Assert.False(RtpHeaderExtensions.TryInsert(buffer, length, 4, [9], out _)); // already present
        Assert.False(RtpHeaderExtensions.TryInsert(buffer, length, 20, [9], out _)); // one-byte form cannot carry id 20
        Assert.False(RtpHeaderExtensions.TryInsert(buffer.AsSpan(0, length + 2), length, 5, [9, 9, 9, 9], out _)); // no room
        Assert.True(RtpPacket.TryParse(buffer.AsSpan(0, length), out RtpPacket rtp));
        Assert.Equal("cafe", Hex.Of(rtp.Payload));
    }

    [Fact]
    public void TryInsert_TwoByteWhenIdAbove14()
    {
        var buffer = new byte[64];
        Hex.Parse("8060000100000002000000aa" + "cafe").CopyTo(buffer, 0);
        Assert.True(RtpHeaderExtensions.TryInsert(buffer, 14, 30, [7, 7], out int length));
        Assert.Equal("9060000100000002000000aa" + "10000001" + "1e020707" + "cafe", Hex.Of(buffer.AsSpan(0, length)));
    }

    [Fact]
    public void AudioLevel_ReadsVBitAndLevel()
    {
        byte[] p = Hex.Parse("9060000100000002000000aa" + "bede0001" + "10a80000");
        Assert.True(AudioLevel.TryRead(p, 1, out bool voice, out byte level));
        Assert.True(voice);
        Assert.Equal(40, level);
        Assert.False(AudioLevel.TryRead(p, 2, out _, out level));
        Assert.Equal(AudioLevel.Silence, level);
        Assert.Equal(0xA8, AudioLevel.Encode(true, 40));
    }

    [Fact]
    public void Garbage_NeverThrows()
    {
        var random = new Random(7);
        var map = new byte[256];
        map[1] = 2;
        for (int i = 0; i < 5000; i++)
        {
            var p = new byte[random.Next(0, 60)];
            random.NextBytes(p);
            if (p.Length > 0)
            {
                p[0] = (byte)((p[0] & 0x3F) | 0x80);
            }

            RtpHeaderExtensions.TryGet(p, 1, out _);
            RtpHeaderExtensions.RewriteIds(p, map);
            var big = new byte[p.Length + 40];
            p.CopyTo(big, 0);
            RtpHeaderExtensions.TryInsert(big, p.Length, 3, [1], out _);
            RtpHeaderExtensions.TryRemove(big, p.Length, 1, out _);
        }

        Assert.False(RtpHeaderExtensions.TryGet(Hex.Parse("9060000100000002000000aabede00ff"), 1, out _));
    }
}
