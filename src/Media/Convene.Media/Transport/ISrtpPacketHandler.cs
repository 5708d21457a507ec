namespace Convene.Media.Transport;

/// <summary>
/// Receives the protected SRTP and SRTCP datagrams of connected peers, on the socket loop. The
/// implementation (the SRTP layer) must not block, must not retain the span, and should not allocate.
/// </summary>
public interface ISrtpPacketHandler
{
    /// <summary>One protected datagram from <paramref name="peer"/>'s selected tuple.</summary>
    /// <param name="peer">The peer it came from; its <see cref="MediaPeer.DtlsResult"/> holds the keys.</param>
    /// <param name="datagram">The SRTP or SRTCP packet as received.</param>
    /// <param name="isRtcp">True for SRTCP (RFC 5761 §4).</param>
    void OnPacket(MediaPeer peer, ReadOnlySpan<byte> datagram, bool isRtcp);
}
