namespace Convene.Media.Rtp;

/// <summary>The VP8 payload descriptor and payload header (RFC 7741 §4.2, §4.3), read just far enough to find keyframes.</summary>
public static class Vp8Payload
{
    /// <summary>
    /// True if the payload starts a VP8 keyframe: S = 1 and PID = 0 in the descriptor, and the inverse key frame
    /// flag P = 0 in the first octet of the VP8 payload header (RFC 7741 §4.3).
    /// </summary>
    public static bool IsKeyframe(ReadOnlySpan<byte> payload)
    {
        if (!TryGetDescriptorLength(payload, out int descriptor) || payload.Length <= descriptor)
        {
            return false;
        }

        bool start = (payload[0] & 0x10) != 0;
        int partition = payload[0] & 0x07;
        return start && partition == 0 && (payload[descriptor] & 0x01) == 0;
    }

    /// <summary>Length of the payload descriptor (RFC 7741 §4.2), following the X, I, M, L, T and K bits.</summary>
    public static bool TryGetDescriptorLength(ReadOnlySpan<byte> payload, out int length)
    {
        length = 0;
        if (payload.IsEmpty)
        {
            return false;
        }

        int i = 1;
        if ((payload[0] & 0x80) != 0)
        {
            if (payload.Length < 2)
            {
                return false;
            }

            byte x = payload[1];
            i = 2;
            if ((x & 0x80) != 0)
            {
                if (payload.Length <= i)
                {
                    return false;
                }

                i += (payload[i] & 0x80) != 0 ? 2 : 1; // M bit: 15-bit picture id
            }

            if ((x & 0x40) != 0)
            {
                i++; // TL0PICIDX
            }

            if ((x & 0x30) != 0)
            {
                i++; // TID / Y / KEYIDX
            }
        }

        if (i > payload.Length)
        {
            return false;
        }

        length = i;
        return true;
    }
}
