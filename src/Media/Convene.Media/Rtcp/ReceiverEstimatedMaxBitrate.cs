using System.Buffers.Binary;

namespace Convene.Media.Rtcp;

/// <summary>
/// REMB: payload-specific feedback, FMT 15, application layer FB (draft-alvestrand-rmcat-remb §2.2): "REMB",
/// number of SSRCs, 6-bit exponent and 18-bit mantissa of the bitrate in bit/s, then the SSRCs.
/// </summary>
public static class ReceiverEstimatedMaxBitrate
{
    /// <summary>The FMT value (application layer feedback).</summary>
    public const int Format = 15;

    /// <summary>Writes a REMB; returns the length, or 0 if it does not fit.</summary>
    public static int Write(Span<byte> destination, uint senderSsrc, ulong bitrate, ReadOnlySpan<uint> ssrcs)
    {
        int length = 20 + (4 * ssrcs.Length);
        if (ssrcs.Length > 255 || destination.Length < length)
        {
            return 0;
        }

        int exponent = 0;
        while (bitrate >= (1UL << 18) && exponent < 63)
        {
            bitrate >>= 1;
            exponent++;
        }

        RtcpPacket.WriteHeader(destination, Format, RtcpPacketType.PayloadFeedback, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], 0);
        destination[12] = (byte)'R';
        destination[13] = (byte)'E';
        destination[14] = (byte)'M';
        destination[15] = (byte)'B';
        destination[16] = (byte)ssrcs.Length;
        destination[17] = (byte)((exponent << 2) | (int)(bitrate >> 16));
        BinaryPrimitives.WriteUInt16BigEndian(destination[18..], (ushort)bitrate);
        for (int i = 0; i < ssrcs.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[(20 + (4 * i))..], ssrcs[i]);
        }

        return length;
    }

    /// <summary>Reads a REMB: the bitrate (mantissa × 2^exp) and the number of SSRCs.</summary>
    public static bool TryRead(RtcpPacket packet, out uint senderSsrc, out ulong bitrate, out int ssrcCount)
    {
        senderSsrc = 0;
        bitrate = 0;
        ssrcCount = 0;
        ReadOnlySpan<byte> b = packet.Bytes;
        if (packet.Type != RtcpPacketType.PayloadFeedback || packet.Count != Format || b.Length < 20
            || b[12] != 'R' || b[13] != 'E' || b[14] != 'M' || b[15] != 'B' || b.Length < 20 + (4 * b[16]))
        {
            return false;
        }

        senderSsrc = BinaryPrimitives.ReadUInt32BigEndian(b[4..]);
        ssrcCount = b[16];
        int exponent = b[17] >> 2;
        ulong mantissa = ((ulong)(b[17] & 0x03) << 16) | BinaryPrimitives.ReadUInt16BigEndian(b[18..]);
        bitrate = exponent >= 46 ? ulong.MaxValue : mantissa << exponent;
        return true;
    }

    /// <summary>Reads SSRC <paramref name="index"/> (below the count from <see cref="TryRead"/>).</summary>
    public static uint GetSsrc(RtcpPacket packet, int index) => BinaryPrimitives.ReadUInt32BigEndian(packet.Bytes[(20 + (4 * index))..]);
}
