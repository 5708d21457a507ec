using Convene.Media.Rtp;

namespace Convene.Media.Tests.Rtp;

/// <summary>The frame size of VP8 keyframes (RFC 6386 §9.1) behind the RTP payload descriptor (RFC 7741 §4.2).</summary>
public sealed class Vp8FrameSizeTests
{
    [Theory]
    // descriptor S=1 PID=0 | frame tag (key_frame 0, version 0, show_frame 1) | 9d 01 2a | width LE | height LE
    [InlineData("10 50 00 00 9d 01 2a 80 02 68 01", 640, 360)]
    // extended descriptor X=1, I=1 with a 15-bit picture id; the upscaling bits (top 2) are ignored
    [InlineData("90 80 81 23 10 00 00 9d 01 2a 00 45 d0 c2", 1280, 720)]
    public void Reads_width_and_height_of_a_keyframe(string hex, int width, int height)
    {
        Assert.True(Vp8FrameSize.TryRead(Hex.Parse(hex), out int w, out int h));
        Assert.Equal((width, height), (w, h));
    }

    [Theory]
    [InlineData("10 51 00 00 9d 01 2a 80 02 68 01")] // an interframe (key_frame bit 1)
    [InlineData("00 50 00 00 9d 01 2a 80 02 68 01")] // not the start of a partition
    [InlineData("10 50 00 00 9d 01 2b 80 02 68 01")] // wrong start code
    [InlineData("10 50 00 00 9d 01 2a 80 02")] // truncated
    public void Refuses_anything_else(string hex)
    {
        Assert.False(Vp8FrameSize.TryRead(Hex.Parse(hex), out _, out _));
    }
}
