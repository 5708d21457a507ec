using System.Buffers.Binary;
using Convene.Media.Rtp;

namespace Convene.Media.Tests.Routing;

/// <summary>
/// The send path before the one-pass writer (<c>ForwardedRtpWriter</c>), step by step, as the reference for the bytes
/// on the wire: the down-track copied the publisher's packet into a scratch buffer and rewrote it there (SSRC, payload
/// type, sequence number, timestamp, extension ids), inserted the playout-delay element (moving the payload up), wrapped
/// a retransmission as RTX (<see cref="RtxPacket.Wrap"/>); the relay peer copied the result into its send slot and
/// inserted the transport-wide sequence number (moving the payload again).
/// </summary>
internal static class ReferenceSendPath
{
    /// <summary>What went to the subscriber before SRTP; <paramref name="stamped"/>: whether it carries the transport-wide number.</summary>
    public static byte[] Write(
        byte[] source,
        uint ssrc,
        byte payloadType,
        ushort seq,
        uint timestamp,
        byte[] extensionMap,
        int playoutDelayId,
        int playoutDelayMin,
        byte transportWideId,
        ushort transportWideSeq,
        (uint Ssrc, byte PayloadType, ushort Seq)? rtx,
        out bool stamped)
    {
        // DownTrack.Rewrite and StampPlayoutDelay.
        var scratch = new byte[source.Length + 8];
        source.CopyTo(scratch, 0);
        Assert.True(RtpPacket.TryParse(scratch.AsSpan(0, source.Length), out RtpPacket rtp));
        rtp.Ssrc = ssrc;
        rtp.PayloadType = payloadType;
        rtp.SequenceNumber = seq;
        rtp.Timestamp = timestamp;
        if (rtp.HasExtension)
        {
            RtpHeaderExtensions.RewriteIds(scratch.AsSpan(0, source.Length), extensionMap);
        }

        int length = source.Length;
        if (playoutDelayMin >= 0)
        {
            byte[] delay = [(byte)(playoutDelayMin >> 4), (byte)(((playoutDelayMin & 0x0F) << 4) | (1000 >> 8)), 1000 & 0xFF];
            RtpHeaderExtensions.TryInsert(scratch, length, playoutDelayId, delay, out length);
        }

        byte[] packet = scratch.AsSpan(0, length).ToArray();
        if (rtx is { } repair)
        {
            // DownTrackRetransmitter.SendRtx.
            var wrapped = new byte[packet.Length + RtxPacket.Overhead];
            int wrappedLength = RtxPacket.Wrap(packet, wrapped, repair.Ssrc, repair.PayloadType, repair.Seq);
            Assert.True(wrappedLength > 0);
            packet = wrapped.AsSpan(0, wrappedLength).ToArray();
        }

        // RelayPeer.Send and TransportWideSequencer.Stamp.
        var slot = new byte[2048];
        packet.CopyTo(slot, 0);
        length = packet.Length;
        stamped = false;
        if (transportWideId != 0)
        {
            var value = new byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(value, transportWideSeq);
            stamped = RtpHeaderExtensions.TryInsert(slot, length, transportWideId, value, out length);
        }

        return slot.AsSpan(0, length).ToArray();
    }
}
