using System.Buffers.Binary;
using Convene.Media.Relay;
using Convene.Media.Rtp;

namespace Convene.Media.Routing;

/// <summary>
/// Writes a publisher's packet as one subscriber receives it, straight into the sender's slot (<see cref="RtpSlot"/>)
/// in one pass: the header is copied and rewritten (<see cref="RtpRewrite"/>; extension ids mapped, RFC 8285 §4), the
/// playout-delay and transport-wide sequence number elements are appended to the extension block while nothing follows
/// it yet, then the payload is copied once behind the final header. The bytes are those of inserting each element into
/// the finished packet with <see cref="RtpHeaderExtensions.TryInsert"/> (the old path: rewrite in a scratch buffer,
/// insert, copy into the slot, insert again), without moving the payload. Socket loop only; no allocation.
/// </summary>
internal static class ForwardedRtpWriter
{
    /// <summary>The playout-delay extension's largest maximum we send: 10 s in its 10 ms units (Chromium's own bound).</summary>
    public const int PlayoutDelayMaxUnits = 1000;

    /// <summary>
    /// Writes <paramref name="source"/> rewritten into <paramref name="slot"/>. Returns the plain packet's length, or 0
    /// when the source is not RTP or the result does not fit (nothing is to be committed then).
    /// </summary>
    /// <param name="source">The publisher's packet (plain RTP, as cached).</param>
    /// <param name="slot">Where it goes, and the transport-wide sequence number to add if any.</param>
    /// <param name="rewrite">The header fields to write (media or RTX).</param>
    /// <param name="extensionMap">Publisher extension id → subscriber id (0 drops the element).</param>
    /// <param name="playoutDelayId">The playout-delay extension id (1–14), used when <paramref name="playoutDelayMin"/> ≥ 0.</param>
    /// <param name="playoutDelayMin">The minimum delay in 10 ms units to add; -1 for no element.</param>
    /// <param name="stamped">True when the transport-wide sequence number was added.</param>
    /// <param name="payloadLength">Media only: the payload's length without padding (what the SR counts).</param>
    public static int Write(
        ReadOnlySpan<byte> source,
        RtpSlot slot,
        in RtpRewrite rewrite,
        ReadOnlySpan<byte> extensionMap,
        int playoutDelayId,
        int playoutDelayMin,
        out bool stamped,
        out int payloadLength)
    {
        stamped = false;
        payloadLength = 0;
        Span<byte> buffer = slot.Buffer;
        if (!RtpPacket.TryMeasure(source, out int header, out int padding) || header > buffer.Length)
        {
            return 0;
        }

        // RFC 4588 §4.1: an RTX packet carries the original's header (marker, timestamp, CSRCs, extensions) and, after
        // the OSN, its payload without the padding.
        int end = rewrite.IsRtx ? source.Length - padding : source.Length;
        source[..header].CopyTo(buffer);
        buffer[1] = (byte)((buffer[1] & 0x80) | (rewrite.PayloadType & 0x7F));
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], rewrite.SequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], rewrite.Timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[8..], rewrite.Ssrc);
        if ((buffer[0] & 0x10) != 0)
        {
            RtpHeaderExtensions.RewriteIds(buffer[..header], extensionMap);
        }

        if (rewrite.IsRtx)
        {
            buffer[0] &= 0xDF; // the P bit: the padding was the original's, and is left out
        }

        // Only the header is in the buffer: each insertion grows the block and moves nothing behind it.
        int length = header;
        if (playoutDelayMin >= 0)
        {
            // The playout-delay element: 12-bit minimum, 12-bit maximum, 10 ms units. Without room it goes as it is.
            Span<byte> delay = stackalloc byte[3];
            delay[0] = (byte)(playoutDelayMin >> 4);
            delay[1] = (byte)(((playoutDelayMin & 0x0F) << 4) | (PlayoutDelayMaxUnits >> 8));
            delay[2] = PlayoutDelayMaxUnits & 0xFF;
            RtpHeaderExtensions.TryInsert(buffer, length, playoutDelayId, delay, out length);
        }

        if (slot.TransportWideId != 0)
        {
            // draft-holmer-rmcat-transport-wide-cc-extensions-01 §2: the 16-bit transport-wide sequence number.
            Span<byte> sequence = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(sequence, slot.TransportWideSequence);
            stamped = RtpHeaderExtensions.TryInsert(buffer, length, slot.TransportWideId, sequence, out length);
        }

        int osn = rewrite.IsRtx ? RtxPacket.Overhead : 0;
        int body = end - header;
        if (length + osn + body > buffer.Length)
        {
            stamped = false;
            return 0;
        }

        if (rewrite.IsRtx)
        {
            BinaryPrimitives.WriteUInt16BigEndian(buffer[length..], (ushort)rewrite.OriginalSequence);
        }

        source[header..end].CopyTo(buffer[(length + osn)..]);
        payloadLength = rewrite.IsRtx ? body : body - padding;
        return length + osn + body;
    }
}
