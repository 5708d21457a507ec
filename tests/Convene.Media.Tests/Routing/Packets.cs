using Convene.Media.Rtp;

namespace Convene.Media.Tests.Routing;

/// <summary>Builds publisher packets.</summary>
internal static class Packets
{
    public const uint AudioSsrc = 0xA0A0A0A0, VideoSsrc = 0xB0B0B0B0;
    public const byte AudioPt = 111, VideoPt = 96;

    public static byte[] Audio(ushort seq, uint ts, byte level = 127, byte levelId = 1)
    {
        var buffer = new byte[12 + 8 + 20];
        RtpPacket.WriteHeader(buffer, AudioPt, seq, ts, AudioSsrc);
        Assert.True(RtpHeaderExtensions.TryInsert(buffer, 12 + 0, levelId, [AudioLevel.Encode(true, level)], out int length));
        // payload
        for (int i = 0; i < 20; i++)
        {
            buffer[length + i] = (byte)(seq + i);
        }

        return buffer.AsSpan(0, length + 20).ToArray();
    }

    public static byte[] Video(ushort seq, uint ts, bool keyframe, uint ssrc = VideoSsrc)
    {
        var buffer = new byte[12 + 30];
        RtpPacket.WriteHeader(buffer, VideoPt, seq, ts, ssrc);
        buffer[12] = 0x10; // VP8 descriptor: S = 1, PID = 0
        buffer[13] = keyframe ? (byte)0x50 : (byte)0x51; // payload header: P = 0 keyframe, 1 interframe
        for (int i = 14; i < buffer.Length; i++)
        {
            buffer[i] = (byte)(seq + i);
        }

        return buffer;
    }
}
