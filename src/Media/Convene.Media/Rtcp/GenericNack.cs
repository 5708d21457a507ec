using System.Buffers.Binary;

namespace Convene.Media.Rtcp;

/// <summary>Generic NACK: transport-layer feedback, FMT 1 (RFC 4585 §6.2.1).</summary>
public static class GenericNack
{
    /// <summary>The FMT value.</summary>
    public const int Format = 1;

    /// <summary>Writes a NACK; returns the length, or 0 if it does not fit or has no pairs.</summary>
    public static int Write(Span<byte> destination, uint senderSsrc, uint mediaSsrc, ReadOnlySpan<NackPair> pairs)
    {
        int length = 12 + (4 * pairs.Length);
        if (pairs.IsEmpty || destination.Length < length || length > ushort.MaxValue * 4)
        {
            return 0;
        }

        RtcpPacket.WriteHeader(destination, Format, RtcpPacketType.TransportFeedback, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], mediaSsrc);
        for (int i = 0; i < pairs.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[(12 + (4 * i))..], pairs[i].PacketId);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(14 + (4 * i))..], pairs[i].LostBitmask);
        }

        return length;
    }

    /// <summary>Reads the header of a NACK: the SSRCs and the number of FCI entries.</summary>
    public static bool TryRead(RtcpPacket packet, out uint senderSsrc, out uint mediaSsrc, out int pairCount)
    {
        senderSsrc = mediaSsrc = 0;
        pairCount = 0;
        if (packet.Type != RtcpPacketType.TransportFeedback || packet.Count != Format || packet.ContentLength < 16)
        {
            return false;
        }

        senderSsrc = BinaryPrimitives.ReadUInt32BigEndian(packet.Bytes[4..]);
        mediaSsrc = BinaryPrimitives.ReadUInt32BigEndian(packet.Bytes[8..]);
        pairCount = (packet.ContentLength - 12) / 4;
        return true;
    }

    /// <summary>Reads FCI entry <paramref name="index"/> (below the count from <see cref="TryRead"/>).</summary>
    public static NackPair GetPair(RtcpPacket packet, int index)
    {
        ReadOnlySpan<byte> fci = packet.Bytes[(12 + (4 * index))..];
        return new NackPair(BinaryPrimitives.ReadUInt16BigEndian(fci), BinaryPrimitives.ReadUInt16BigEndian(fci[2..]));
    }
}
