using System.Buffers.Binary;

namespace Convene.Media.Rtp;

/// <summary>
/// The RTP retransmission payload format (RFC 4588 §4): a retransmission travels on its own SSRC and sequence space
/// with its own payload type (bound to the original by <c>a=fmtp:&lt;rtx&gt; apt=&lt;original&gt;</c>); its payload is the
/// original sequence number (OSN, 2 bytes) followed by the original payload. The rest of the header (marker,
/// timestamp, CSRCs, header extensions) is the original's. Neither method allocates.
/// </summary>
public static class RtxPacket
{
    /// <summary>Bytes RTX adds to a packet (the OSN).</summary>
    public const int Overhead = 2;

    /// <summary>
    /// Writes the retransmission of <paramref name="original"/> into <paramref name="destination"/> (RFC 4588 §4.1):
    /// its header with <paramref name="ssrc"/>, <paramref name="payloadType"/> and <paramref name="sequenceNumber"/>
    /// of the RTX stream, the original sequence number, then the original payload (its padding left out). Returns the
    /// length, or 0 when <paramref name="original"/> is not RTP or the result does not fit.
    /// </summary>
    public static int Wrap(ReadOnlySpan<byte> original, Span<byte> destination, uint ssrc, byte payloadType, ushort sequenceNumber)
    {
        int length = original.Length + Overhead;
        if (destination.Length < length)
        {
            return 0;
        }

        Span<byte> buffer = destination[..length];
        original.CopyTo(buffer);
        if (!RtpPacket.TryParse(buffer[..original.Length], out RtpPacket parsed))
        {
            return 0;
        }

        int header = parsed.HeaderLength;
        int payload = original.Length - header - parsed.PaddingLength;
        ushort osn = parsed.SequenceNumber;
        original.Slice(header, payload).CopyTo(buffer[(header + Overhead)..]);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[header..], osn);
        buffer[0] &= 0xDF; // no padding: it was the original's, and is left out
        if (!RtpPacket.TryParse(buffer[..(header + Overhead + payload)], out RtpPacket rtx))
        {
            return 0;
        }

        rtx.Ssrc = ssrc;
        rtx.PayloadType = payloadType;
        rtx.SequenceNumber = sequenceNumber;
        return header + Overhead + payload;
    }

    /// <summary>
    /// Restores the original packet from a retransmission (RFC 4588 §4.1) into <paramref name="destination"/>: the
    /// header with the original <paramref name="ssrc"/>, <paramref name="payloadType"/> and the OSN as sequence number,
    /// then the payload after the OSN. Returns the length, or 0 when <paramref name="rtx"/> is not RTP or carries no
    /// OSN (e.g. padding only, as sent for bandwidth probing).
    /// </summary>
    public static int Unwrap(ReadOnlySpan<byte> rtx, Span<byte> destination, uint ssrc, byte payloadType)
    {
        if (destination.Length < rtx.Length)
        {
            return 0;
        }

        Span<byte> buffer = destination[..rtx.Length];
        rtx.CopyTo(buffer);
        if (!RtpPacket.TryParse(buffer, out RtpPacket parsed) || parsed.Payload.Length < Overhead)
        {
            return 0;
        }

        int header = parsed.HeaderLength;
        int payload = parsed.Payload.Length - Overhead;
        ushort osn = BinaryPrimitives.ReadUInt16BigEndian(parsed.Payload);
        rtx.Slice(header + Overhead, payload).CopyTo(buffer[header..]);
        buffer[0] &= 0xDF;
        if (!RtpPacket.TryParse(buffer[..(header + payload)], out RtpPacket original))
        {
            return 0;
        }

        original.Ssrc = ssrc;
        original.PayloadType = payloadType;
        original.SequenceNumber = osn;
        return header + payload;
    }
}
