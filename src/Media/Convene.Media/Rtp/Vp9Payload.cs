namespace Convene.Media.Rtp;

/// <summary>The VP9 payload descriptor (RFC 9628 §4.2), read just far enough to find keyframes.</summary>
public static class Vp9Payload
{
    private const byte I = 0x80, P = 0x40, L = 0x20, F = 0x10, B = 0x08, V = 0x02;

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

    /// <summary>
    /// The frame size of the highest spatial layer from the scalability structure (SS, V = 1) that senders put on
    /// keyframes (RFC 9628 §4.2.1: N_S, Y, G, then WIDTH and HEIGHT of each spatial layer when Y = 1).
    /// </summary>
    public static bool TryReadFrameSize(ReadOnlySpan<byte> payload, out int width, out int height)
    {
        width = height = 0;
        if (payload.IsEmpty || (payload[0] & V) == 0)
        {
            return false;
        }

        byte first = payload[0];
        int i = 1;
        if ((first & I) != 0)
        {
            i += payload.Length > i && (payload[i] & 0x80) != 0 ? 2 : 1;
        }

        if ((first & L) != 0)
        {
            i += (first & F) != 0 ? 1 : 2; // layer indices, and TL0PICIDX in non-flexible mode
        }

        if ((first & F) != 0 && (first & P) != 0)
        {
            // Up to three P_DIFF octets, each with N set when another follows.
            for (int n = 0; n < 3 && i < payload.Length; n++)
            {
                if ((payload[i++] & 0x01) == 0)
                {
                    break;
                }
            }
        }

        if (i >= payload.Length || (payload[i] & 0x10) == 0)
        {
            return false; // no SS, or SS without resolutions (Y = 0)
        }

        int layers = (payload[i] >> 5) + 1;
        int last = i + 1 + ((layers - 1) * 4);
        if (last + 4 > payload.Length)
        {
            return false;
        }

        width = (payload[last] << 8) | payload[last + 1];
        height = (payload[last + 2] << 8) | payload[last + 3];
        return true;
    }
}
