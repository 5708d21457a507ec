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

    [Theory]
    // RFC 9628 §4.2, first octet I P L F B E V Z.
    [InlineData("08" + "8249", true)] // B=1 P=0, no L: start of an intra frame
    [InlineData("48" + "8249", false)] // P=1: inter-predicted
    [InlineData("00" + "8249", false)] // B=0: not the start of the frame
    [InlineData("8a" + "0c" + "00" + "8249", true)] // I (7-bit id), B, V (scalability structure follows)
    [InlineData("a8" + "8123" + "00" + "07", true)] // I (15-bit id), L: TID 0 SID 0, B=1 P=0
    [InlineData("a8" + "8123" + "03" + "07", false)] // SID 1: an upper spatial layer, not a starting point
    [InlineData("a8" + "81", false)] // truncated before the layer indices
    [InlineData("", false)]
    public void Vp9(string hex, bool keyframe)
    {
        Assert.Equal(keyframe, Vp9Payload.IsKeyframe(Hex.Parse(hex)));
    }

    [Theory]
    // AV1 RTP payload format §4.4, aggregation header Z Y W W N - - -.
    [InlineData("18" + "0a0b", true)] // N=1, W=1: first packet of a coded video sequence (sequence header OBU)
    [InlineData("10" + "32", false)] // N=0
    [InlineData("98" + "32", false)] // Z=1: continues an earlier OBU
    [InlineData("08", false)] // nothing after the header
    [InlineData("", false)]
    public void Av1(string hex, bool keyframe)
    {
        Assert.Equal(keyframe, Av1Payload.IsKeyframe(Hex.Parse(hex)));
    }

    [Theory]
    // RFC 9628 §4.2.1: SS = N_S (3) Y G (1 each) ...; with Y, WIDTH and HEIGHT (16 bits each) per spatial layer.
    [InlineData("8a" + "0c" + "10" + "0140" + "00b4" + "8249", 320, 180)] // I, B, V; one layer 320x180
    [InlineData("8a" + "0c" + "30" + "00a0" + "005a" + "0280" + "0168", 640, 360)] // two spatial layers: the highest
    [InlineData("aa" + "0c" + "00" + "05" + "10" + "0140" + "00b4", 320, 180)] // with L (non-flexible: TL0PICIDX)
    [InlineData("8a" + "0c" + "00" + "8249", 0, 0)] // Y = 0: no resolutions
    [InlineData("88" + "0c" + "10" + "0140" + "00b4", 0, 0)] // V = 0: no SS
    [InlineData("8a" + "0c" + "30" + "00a0" + "005a", 0, 0)] // truncated second layer
    public void Vp9_frame_size_from_the_scalability_structure(string hex, int width, int height)
    {
        bool found = Vp9Payload.TryReadFrameSize(Hex.Parse(hex), out int w, out int h);
        Assert.Equal(width > 0, found);
        Assert.Equal((width, height), (w, h));
    }

    [Theory]
    // ITU-T H.264 §7.3.2.1.1 SPS, written bit by bit (ue(v) fields, rbsp_stop_one_bit) for these sizes.
    [InlineData("6742e01fed02833f3a", 320, 180)] // constrained baseline 42e01f, 20×12 macroblocks, 6 rows cropped (×2)
    [InlineData("6764001facda014016e4", 1280, 720)] // high profile (chroma_format_idc and bit depths present), no cropping
    [InlineData("67420000030206d02833f3a0", 320, 180)] // 00 00 03 02: an emulation prevention byte inside the SPS
    [InlineData("674d0028d13642a01e0111f680", 1920, 1080)] // main profile, fields (frame_mbs_only 0), pic_order_cnt_type 1
    [InlineData("1800096742e01fed02833f3a000268ce0003658884", 320, 180)] // STAP-A: SPS, PPS, IDR
    [InlineData("18" + "0002" + "68ce" + "0003" + "658884", 0, 0)] // STAP-A without an SPS
    [InlineData("658884", 0, 0)] // IDR slice alone
    [InlineData("6742e01fed", 0, 0)] // truncated SPS
    public void H264_frame_size_from_the_sps(string hex, int width, int height)
    {
        bool found = H264Sps.TryReadFrameSize(Hex.Parse(hex), out int w, out int h);
        Assert.Equal(width > 0, found);
        Assert.Equal((width, height), (w, h));
    }
}
