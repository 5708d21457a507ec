namespace Convene.Media.Relay;

/// <summary>
/// A peer's outbound media path. Packets handed to it are plain (unprotected) RTP or RTCP;
/// the implementation protects them with the peer's SRTP context and sends them to the peer's
/// ICE-selected address. Implementations must not retain the span and must not allocate per packet.
/// </summary>
public interface IMediaSender
{
    /// <summary>Protects and sends one RTP packet.</summary>
    void SendRtp(ReadOnlySpan<byte> packet);

    /// <summary>Protects and sends one (compound) RTCP packet.</summary>
    void SendRtcp(ReadOnlySpan<byte> packet);
}
