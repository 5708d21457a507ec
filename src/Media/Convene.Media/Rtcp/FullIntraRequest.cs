using System.Buffers.Binary;

namespace Convene.Media.Rtcp;

/// <summary>FIR: payload-specific feedback, FMT 4 (RFC 5104 §4.3.1); media source field 0, target SSRC in the FCI.</summary>
public static class FullIntraRequest
{
    /// <summary>The FMT value.</summary>
    public const int Format = 4;

    /// <summary>Wire length with one FCI entry.</summary>
    public const int Length = 20;

    /// <summary>Writes a FIR with one FCI entry; returns 20, or 0 if it does not fit.</summary>
    public static int Write(Span<byte> destination, uint senderSsrc, uint mediaSsrc, byte sequenceNumber)
    {
        if (destination.Length < Length)
        {
            return 0;
        }

        RtcpPacket.WriteHeader(destination, Format, RtcpPacketType.PayloadFeedback, Length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], mediaSsrc);
        destination[16] = sequenceNumber;
        destination[17] = destination[18] = destination[19] = 0;
        return Length;
    }

    /// <summary>Reads the first FCI entry of a FIR.</summary>
    public static bool TryRead(RtcpPacket packet, out uint senderSsrc, out uint mediaSsrc, out byte sequenceNumber)
    {
        senderSsrc = mediaSsrc = 0;
        sequenceNumber = 0;
        if (packet.Type != RtcpPacketType.PayloadFeedback || packet.Count != Format || packet.Bytes.Length < Length)
        {
            return false;
        }

        senderSsrc = BinaryPrimitives.ReadUInt32BigEndian(packet.Bytes[4..]);
        mediaSsrc = BinaryPrimitives.ReadUInt32BigEndian(packet.Bytes[12..]);
        sequenceNumber = packet.Bytes[16];
        return true;
    }
}
