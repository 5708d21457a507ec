using System.Buffers.Binary;

namespace Convene.Media.Rtcp;

/// <summary>RR: receiver report (RFC 3550 §6.4.2).</summary>
public static class ReceiverReport
{
    private const int Header = 8;

    /// <summary>Reads the reporter's SSRC; false if the packet is not a well-formed RR.</summary>
    public static bool TryRead(RtcpPacket packet, out uint reporterSsrc)
    {
        reporterSsrc = 0;
        if (packet.Type != RtcpPacketType.ReceiverReport || packet.ContentLength < Header + (packet.Count * ReportBlock.Size))
        {
            return false;
        }

        reporterSsrc = BinaryPrimitives.ReadUInt32BigEndian(packet.Bytes[4..]);
        return true;
    }

    /// <summary>Reads report block <paramref name="index"/> of a well-formed RR.</summary>
    public static bool TryGetReportBlock(RtcpPacket packet, int index, out ReportBlock block)
    {
        block = default;
        if (!TryRead(packet, out _) || (uint)index >= (uint)packet.Count)
        {
            return false;
        }

        block = ReportBlock.Read(packet.Bytes[(Header + (index * ReportBlock.Size))..]);
        return true;
    }

    /// <summary>Writes an RR with up to 31 blocks; returns its length, or 0 if it does not fit.</summary>
    public static int Write(Span<byte> destination, uint reporterSsrc, ReadOnlySpan<ReportBlock> blocks)
    {
        int length = Header + (blocks.Length * ReportBlock.Size);
        if (blocks.Length > 31 || destination.Length < length)
        {
            return 0;
        }

        RtcpPacket.WriteHeader(destination, blocks.Length, RtcpPacketType.ReceiverReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], reporterSsrc);
        for (int i = 0; i < blocks.Length; i++)
        {
            blocks[i].Write(destination[(Header + (i * ReportBlock.Size))..]);
        }

        return length;
    }
}
