namespace Convene.Media.Routing;

/// <summary>
/// The header fields a forwarded packet gets (<see cref="ForwardedRtpWriter"/>): the down-track's SSRC, the subscriber's
/// payload type, the down-track's sequence number and timestamp — or, for a retransmission as RTX (RFC 4588 §4), the
/// RTX SSRC, payload type and sequence number, with the down-track's sequence number as <see cref="OriginalSequence"/>.
/// </summary>
/// <param name="Ssrc">The SSRC to send on.</param>
/// <param name="PayloadType">The payload type the subscriber negotiated.</param>
/// <param name="SequenceNumber">The sequence number to send under.</param>
/// <param name="Timestamp">The RTP timestamp to send.</param>
/// <param name="OriginalSequence">RTX only: the original sequence number (OSN) the payload starts with; -1 for media.</param>
internal readonly record struct RtpRewrite(uint Ssrc, byte PayloadType, ushort SequenceNumber, uint Timestamp, int OriginalSequence = -1)
{
    /// <summary>True for an RTX packet (RFC 4588 §4.1).</summary>
    public bool IsRtx => OriginalSequence >= 0;
}
