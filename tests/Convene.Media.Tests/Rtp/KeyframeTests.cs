using Convene.Media.Rtp;

namespace Convene.Media.Tests.Rtp;

public sealed class KeyframeTests
{
    [Theory]
    [InlineData("10" + "50012a", true)] // S=1 PID=0, no X; payload header P=0
    [InlineData("10" + "9c012a", true)]
    [InlineData("10" + "31012a", false)] // P=1: interframe
    [InlineData("00" + "9d012a", false)] // S=0: continuation
    [InlineData("11" + "9d012a", false)] // PID=1
    [InlineData("90" + "80" + "8123" + "9c", true)] // X, I with M: 15-bit picture id
    [InlineData("90" + "e0" + "12" + "05" + "40" + "9c", true)] // X, I (7-bit), L, T
    [InlineData("90" + "e0" + "12" + "05" + "40" + "9f", false)]
    [InlineData("90" + "80", false)] // truncated
    [InlineData("", false)]
    public void Vp8(string hex, bool keyframe)
    {
        Assert.Equal(keyframe, Vp8Payload.IsKeyframe(Hex.Parse(hex)));
    }

    [Theory]
    [InlineData("65888400", true)] // IDR
    [InlineData("6742c01f", true)] // SPS
    [InlineData("41e00000", false)] // non-IDR slice
    [InlineData("18" + "0004" + "6742c01f" + "0002" + "68ce" + "0003" + "658884", true)] // STAP-A with SPS, PPS, IDR
    [InlineData("18" + "0002" + "68ce" + "0003" + "418884", false)]
    [InlineData("7c" + "85" + "8884", true)] // FU-A start, IDR
    [InlineData("7c" + "05" + "8884", false)] // FU-A continuation
    [InlineData("7c" + "81" + "8884", false)] // FU-A start, non-IDR
    [InlineData("18ff", false)] // truncated STAP-A
    public void H264(string hex, bool keyframe)
    {
        Assert.Equal(keyframe, H264Payload.IsKeyframe(Hex.Parse(hex)));
    }
}
