namespace Convene.Media.Relay;

/// <summary>
/// A peer's outbound media path. Packets handed to it are plain (unprotected) RTP or RTCP; the implementation protects
/// them with the peer's SRTP context and sends them to the peer's ICE-selected address. RTP is written in place: the
/// router writes the rewritten packet straight into the buffer <see cref="ReserveRtp"/> hands out (the relay's send
/// slot, where it is then protected and sent from) and commits it — one copy per forwarded packet. Implementations must
/// not retain spans, must not allocate per packet, and are used from one thread at a time (the relay's loop).
/// </summary>
public interface IMediaSender
{
    /// <summary>
    /// Hands out where to write the next RTP packet. Write the packet into <see cref="RtpSlot.Buffer"/> and call
    /// <see cref="CommitRtp"/>, with nothing sent through this sender (or any sender of the same relay) in between; a
    /// reservation not committed is abandoned.
    /// </summary>
    RtpSlot ReserveRtp();

    /// <summary>Protects and sends the first <paramref name="length"/> bytes of the reserved buffer.</summary>
    /// <param name="length">The plain packet's length.</param>
    /// <param name="transportWideStamped">True when the packet carries the reservation's transport-wide sequence number.</param>
    void CommitRtp(int length, bool transportWideStamped);

    /// <summary>Protects and sends one (compound) RTCP packet.</summary>
    void SendRtcp(ReadOnlySpan<byte> packet);
}
