using System.Buffers.Binary;

namespace Convene.Media.Rtcp;

/// <summary>SDES with a CNAME item (RFC 3550 §6.5, §6.5.1).</summary>
public static class SourceDescription
{
    private const byte End = 0, Cname = 1;

    /// <summary>Writes one chunk carrying a CNAME (at most 255 bytes); returns the length, or 0 if it does not fit.</summary>
    public static int WriteCname(Span<byte> destination, uint ssrc, ReadOnlySpan<byte> cname)
    {
        if (cname.Length > 255)
        {
            return 0;
        }

        // chunk = SSRC, CNAME item (type, length, text), then 1..4 null octets up to a 32-bit boundary.
        int chunk = 4 + 2 + cname.Length;
        int padded = (chunk + 4) & ~3;
        int length = 4 + padded;
        if (destination.Length < length)
        {
            return 0;
        }

        RtcpPacket.WriteHeader(destination, 1, RtcpPacketType.SourceDescription, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        destination[8] = Cname;
        destination[9] = (byte)cname.Length;
        cname.CopyTo(destination[10..]);
        destination[(4 + chunk)..length].Clear();
        return length;
    }

    /// <summary>Reads the CNAME of the first chunk; false if absent or malformed.</summary>
    public static bool TryReadCname(RtcpPacket packet, out uint ssrc, out ReadOnlySpan<byte> cname)
    {
        ssrc = 0;
        cname = default;
        ReadOnlySpan<byte> b = packet.Bytes[..packet.ContentLength];
        if (packet.Type != RtcpPacketType.SourceDescription || packet.Count < 1 || b.Length < 8)
        {
            return false;
        }

        ssrc = BinaryPrimitives.ReadUInt32BigEndian(b[4..]);
        int i = 8;
        while (i < b.Length && b[i] != End)
        {
            if (i + 2 > b.Length || i + 2 + b[i + 1] > b.Length)
            {
                return false;
            }

            if (b[i] == Cname)
            {
                cname = b.Slice(i + 2, b[i + 1]);
                return true;
            }

            i += 2 + b[i + 1];
        }

        return false;
    }
}
