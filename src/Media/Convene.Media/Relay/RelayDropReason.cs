namespace Convene.Media.Relay;

/// <summary>Why the relay dropped an SRTP/SRTCP datagram the transport handed it (the transport counts its own drops).</summary>
public enum RelayDropReason
{
    /// <summary>The peer belongs to no publication or subscription (closed meanwhile).</summary>
    UnknownPeer,

    /// <summary>SRTP/SRTCP authentication failed (RFC 3711 §3.3 step 6).</summary>
    AuthFailed,

    /// <summary>A replayed or too old packet index (RFC 3711 §3.3.2).</summary>
    Replayed,

    /// <summary>Not parsable as SRTP/SRTCP.</summary>
    Malformed,

    /// <summary>RTP from a subscriber (its offer was recvonly).</summary>
    RtpFromSubscriber,

    /// <summary>RTP with an SSRC the publisher did not announce (or a simulcast layer not forwarded).</summary>
    UnknownSsrc,

    /// <summary>A packet the router refused (payload type, size) or malformed RTCP.</summary>
    Router,

    /// <summary>A send before the peer had SRTP keys, or one the SRTP layer refused.</summary>
    SendNotReady,
}
