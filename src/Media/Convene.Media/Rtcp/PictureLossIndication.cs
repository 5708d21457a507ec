using System.Buffers.Binary;

namespace Convene.Media.Rtcp;

/// <summary>PLI: payload-specific feedback, FMT 1, no FCI (RFC 4585 §6.3.1).</summary>
public static class PictureLossIndication
{
    /// <summary>The FMT value.</summary>
    public const int Format = 1;

    /// <summary>Wire length.</summary>
    public const int Length = 12;

    /// <summary>Writes a PLI; returns 12, or 0 if it does not fit.</summary>
    public static int Write(Span<byte> destination, uint senderSsrc, uint mediaSsrc)
    {
        if (destination.Length < Length)
        {
            return 0;
        }

        RtcpPacket.WriteHeader(destination, Format, RtcpPacketType.PayloadFeedback, Length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], mediaSsrc);
        return Length;
    }

    /// <summary>Reads a PLI; false for any other packet.</summary>
    public static bool TryRead(RtcpPacket packet, out uint senderSsrc, out uint mediaSsrc)
    {
        senderSsrc = mediaSsrc = 0;
        if (packet.Type != RtcpPacketType.PayloadFeedback || packet.Count != Format || packet.Bytes.Length < Length)
        {
            return false;
        }

        senderSsrc = BinaryPrimitives.ReadUInt32BigEndian(packet.Bytes[4..]);
        mediaSsrc = BinaryPrimitives.ReadUInt32BigEndian(packet.Bytes[8..]);
        return true;
    }
}
