using System.Buffers.Binary;

namespace Convene.Media.Rtp;

/// <summary>The frame size in a VP8 keyframe's uncompressed data chunk (RFC 6386 §9.1), read from an RTP payload (RFC 7741).</summary>
public static class Vp8FrameSize
{
    /// <summary>
    /// Reads width and height from the first packet of a VP8 keyframe: after the payload descriptor, the 3-byte frame
    /// tag (key_frame bit 0 = keyframe), the start code 9d 01 2a, then two little-endian 16-bit fields whose low 14
    /// bits are the width and the height (the top 2 bits are the upscaling mode, ignored here). False for anything else.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out int width, out int height)
    {
        width = 0;
        height = 0;
        if (!Vp8Payload.IsKeyframe(payload) || !Vp8Payload.TryGetDescriptorLength(payload, out int descriptor))
        {
            return false;
        }

        ReadOnlySpan<byte> frame = payload[descriptor..];
        if (frame.Length < 10 || frame[3] != 0x9d || frame[4] != 0x01 || frame[5] != 0x2a)
        {
            return false;
        }

        width = BinaryPrimitives.ReadUInt16LittleEndian(frame[6..]) & 0x3FFF;
        height = BinaryPrimitives.ReadUInt16LittleEndian(frame[8..]) & 0x3FFF;
        return width > 0 && height > 0;
    }
}
