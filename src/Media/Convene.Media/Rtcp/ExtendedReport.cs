using System.Buffers.Binary;

namespace Convene.Media.Rtcp;

/// <summary>
/// XR: extended reports (RFC 3611), the two blocks a receiver needs for its round-trip time to a sender that receives
/// nothing from it (§4.4–4.5): it sends a Receiver Reference Time block (RRTR, BT = 4) with its NTP time; the sender
/// answers with a DLRR block (BT = 5) naming the middle 32 bits of that time (LRR) and the delay since (DLRR), so
/// RTT = arrival − LRR − DLRR, in 1/65536 s. Neither method allocates.
/// </summary>
public static class ExtendedReport
{
    /// <summary>The length of an XR with one RRTR block.</summary>
    public const int ReceiverReferenceTimeLength = 20;

    private const byte ReceiverReferenceTimeBlock = 4;
    private const byte DlrrBlock = 5;
    private const int Header = 8;
    private const int DlrrItem = 12;

    /// <summary>Writes an XR from <paramref name="senderSsrc"/> with one RRTR block (RFC 3611 §4.4); returns its length, or 0 if it does not fit.</summary>
    public static int WriteReceiverReferenceTime(Span<byte> destination, uint senderSsrc, ulong ntpTimestamp)
    {
        if (destination.Length < ReceiverReferenceTimeLength)
        {
            return 0;
        }

        RtcpPacket.WriteHeader(destination, 0, RtcpPacketType.ExtendedReport, ReceiverReferenceTimeLength);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], senderSsrc);
        destination[8] = ReceiverReferenceTimeBlock;
        destination[9] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], 2); // block length in 32-bit words after its header
        BinaryPrimitives.WriteUInt64BigEndian(destination[12..], ntpTimestamp);
        return ReceiverReferenceTimeLength;
    }

    /// <summary>
    /// Finds the DLRR sub-block about <paramref name="receiverSsrc"/> (our SSRC, RFC 3611 §4.5) in an XR packet: its LRR
    /// and DLRR. False when the packet is no XR, is malformed, or has none for that SSRC, or LRR is 0 (no RRTR yet).
    /// </summary>
    public static bool TryReadDlrr(RtcpPacket packet, uint receiverSsrc, out uint lastReceiverReport, out uint delaySinceLast)
    {
        (lastReceiverReport, delaySinceLast) = (0, 0);
        if (packet.Type != RtcpPacketType.ExtendedReport || packet.ContentLength < Header)
        {
            return false;
        }

        ReadOnlySpan<byte> blocks = packet.Bytes[Header..packet.ContentLength];
        while (blocks.Length >= 4)
        {
            int length = 4 + (BinaryPrimitives.ReadUInt16BigEndian(blocks[2..]) * 4);
            if (length > blocks.Length)
            {
                return false;
            }

            if (blocks[0] == DlrrBlock)
            {
                for (int item = 4; item + DlrrItem <= length; item += DlrrItem)
                {
                    ReadOnlySpan<byte> b = blocks[item..];
                    if (BinaryPrimitives.ReadUInt32BigEndian(b) == receiverSsrc && BinaryPrimitives.ReadUInt32BigEndian(b[4..]) != 0)
                    {
                        lastReceiverReport = BinaryPrimitives.ReadUInt32BigEndian(b[4..]);
                        delaySinceLast = BinaryPrimitives.ReadUInt32BigEndian(b[8..]);
                        return true;
                    }
                }
            }

            blocks = blocks[length..];
        }

        return false;
    }
}
