using System.Buffers.Binary;

namespace Convene.Media.Rtcp;

/// <summary>BYE (RFC 3550 §6.6), without the optional reason.</summary>
public static class Goodbye
{
    /// <summary>Writes a BYE for up to 31 sources; returns the length, or 0 if it does not fit.</summary>
    public static int Write(Span<byte> destination, ReadOnlySpan<uint> ssrcs)
    {
        int length = 4 + (4 * ssrcs.Length);
        if (ssrcs.Length > 31 || destination.Length < length)
        {
            return 0;
        }

        RtcpPacket.WriteHeader(destination, ssrcs.Length, RtcpPacketType.Goodbye, length);
        for (int i = 0; i < ssrcs.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[(4 + (4 * i))..], ssrcs[i]);
        }

        return length;
    }

    /// <summary>Reads source <paramref name="index"/> of a BYE.</summary>
    public static bool TryGetSsrc(RtcpPacket packet, int index, out uint ssrc)
    {
        ssrc = 0;
        if (packet.Type != RtcpPacketType.Goodbye || (uint)index >= (uint)packet.Count || packet.ContentLength < 4 + (4 * packet.Count))
        {
            return false;
        }

        ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet.Bytes[(4 + (4 * index))..]);
        return true;
    }
}
