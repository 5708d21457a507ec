namespace Convene.Media.Transport;

/// <summary>The protocol of a datagram on the shared port, by its first byte (RFC 7983 §7).</summary>
public enum PacketKind
{
    /// <summary>Anything outside the ranges below.</summary>
    Unknown,

    /// <summary>0–3: STUN.</summary>
    Stun,

    /// <summary>20–63: DTLS.</summary>
    Dtls,

    /// <summary>128–191: RTP or RTCP (SRTP/SRTCP).</summary>
    Rtp,
}
