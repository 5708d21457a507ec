using System.Buffers.Binary;

namespace Convene.Media.Rtcp;

/// <summary>SR: sender report (RFC 3550 §6.4.1).</summary>
public static class SenderReport
{
    private const int HeaderAndInfo = 28;

    /// <summary>Reads the sender information; false if the packet is not a well-formed SR.</summary>
    public static bool TryRead(RtcpPacket packet, out SenderInfo info)
    {
        info = default;
        if (packet.Type != RtcpPacketType.SenderReport || packet.ContentLength < HeaderAndInfo + (packet.Count * ReportBlock.Size))
        {
            return false;
        }

        ReadOnlySpan<byte> b = packet.Bytes;
        info = new SenderInfo(
            BinaryPrimitives.ReadUInt32BigEndian(b[4..]),
            BinaryPrimitives.ReadUInt64BigEndian(b[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(b[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(b[20..]),
            BinaryPrimitives.ReadUInt32BigEndian(b[24..]));
        return true;
    }

    /// <summary>Reads report block <paramref name="index"/> of a well-formed SR.</summary>
    public static bool TryGetReportBlock(RtcpPacket packet, int index, out ReportBlock block)
    {
        block = default;
        if (!TryRead(packet, out _) || (uint)index >= (uint)packet.Count)
        {
            return false;
        }

        block = ReportBlock.Read(packet.Bytes[(HeaderAndInfo + (index * ReportBlock.Size))..]);
        return true;
    }

    /// <summary>Writes an SR with up to 31 report blocks; returns its length, or 0 if it does not fit.</summary>
    public static int Write(Span<byte> destination, in SenderInfo info, ReadOnlySpan<ReportBlock> blocks)
    {
        int length = HeaderAndInfo + (blocks.Length * ReportBlock.Size);
        if (blocks.Length > 31 || destination.Length < length)
        {
            return 0;
        }

        RtcpPacket.WriteHeader(destination, blocks.Length, RtcpPacketType.SenderReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], info.Ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], info.NtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], info.RtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], info.PacketCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination[24..], info.OctetCount);
        for (int i = 0; i < blocks.Length; i++)
        {
            blocks[i].Write(destination[(HeaderAndInfo + (i * ReportBlock.Size))..]);
        }

        return length;
    }
}
