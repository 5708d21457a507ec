namespace Convene.Media.Rtp;

/// <summary>The VP9 payload descriptor (RFC 9628 §4.2), read just far enough to find keyframes.</summary>
public static class Vp9Payload
{
    private const byte I = 0x80, P = 0x40, L = 0x20, B = 0x08;

    /// <summary>
    /// True if the payload starts a VP9 keyframe: B = 1 (first packet of a layer frame) and P = 0 (the frame uses no
    /// inter-picture prediction, RFC 9628 §4.2), in the base spatial layer (SID = 0 when the layer indices are
    /// present, L = 1) — the point from which a receiver can start decoding.
    /// </summary>
    public static bool IsKeyframe(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return false;
        }

        byte first = payload[0];
        if ((first & B) == 0 || (first & P) != 0)
        {
            return false;
        }

        if ((first & L) == 0)
        {
            return true;
        }

        // The layer indices follow the picture id: I = 1 adds one octet, or two with its M bit (RFC 9628 §4.2).
        int i = 1;
        if ((first & I) != 0)
        {
            if (payload.Length <= i)
            {
                return false;
            }

            i += (payload[i] & 0x80) != 0 ? 2 : 1;
        }

        // Layer indices: TID (3) U (1) SID (3) D (1).
        return payload.Length > i && ((payload[i] >> 1) & 0x07) == 0;
    }
}
