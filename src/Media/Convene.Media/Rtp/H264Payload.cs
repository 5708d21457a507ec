using System.Buffers.Binary;

namespace Convene.Media.Rtp;

/// <summary>H.264 RTP payloads (RFC 6184 §5.6–§5.8), read just far enough to find IDR frames.</summary>
public static class H264Payload
{
    private const int Idr = 5, Sps = 7, StapA = 24, FuA = 28;

    /// <summary>
    /// True if the payload is (or starts) an IDR picture or carries an SPS: a single NAL unit of type 5 or 7, a
    /// STAP-A aggregating one, or the first fragment (S bit) of an FU-A whose type is 5 or 7.
    /// </summary>
    public static bool IsKeyframe(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return false;
        }

        int type = payload[0] & 0x1F;
        switch (type)
        {
            case Idr or Sps:
                return true;
            case StapA:
                for (int i = 1; i + 2 < payload.Length;)
                {
                    int size = BinaryPrimitives.ReadUInt16BigEndian(payload[i..]);
                    int nal = payload[i + 2] & 0x1F;
                    if (nal is Idr or Sps)
                    {
                        return true;
                    }

                    i += 2 + size;
                }

                return false;
            case FuA:
                return payload.Length > 1 && (payload[1] & 0x80) != 0 && (payload[1] & 0x1F) is Idr or Sps;
            default:
                return false;
        }
    }
}
