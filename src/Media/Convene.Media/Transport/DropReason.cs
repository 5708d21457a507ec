namespace Convene.Media.Transport;

/// <summary>Why the transport dropped a received datagram.</summary>
public enum DropReason
{
    /// <summary>Neither STUN, DTLS nor RTP by its first byte (RFC 7983).</summary>
    UnknownProtocol,

    /// <summary>Not a well-formed STUN message.</summary>
    StunMalformed,

    /// <summary>A STUN message other than a Binding request (indications, responses).</summary>
    StunIgnored,

    /// <summary>A Binding request without USERNAME, MESSAGE-INTEGRITY or FINGERPRINT.</summary>
    StunMissingAttribute,

    /// <summary>A USERNAME that names no peer, or the wrong remote fragment.</summary>
    StunUnknownUsername,

    /// <summary>FINGERPRINT did not match.</summary>
    StunBadFingerprint,

    /// <summary>MESSAGE-INTEGRITY did not verify with our password.</summary>
    StunBadIntegrity,

    /// <summary>DTLS from an address that is no peer's selected tuple.</summary>
    DtlsUnknownAddress,

    /// <summary>DTLS the peer's association did not take (finished, failed, queue full).</summary>
    DtlsNotAccepted,

    /// <summary>SRTP/SRTCP from an address that is no peer's selected tuple.</summary>
    SrtpUnknownAddress,

    /// <summary>SRTP/SRTCP before the peer's DTLS handshake completed.</summary>
    SrtpBeforeKeys,

    /// <summary>The packet handler threw.</summary>
    HandlerError,

    /// <summary>An unexpected error while handling the datagram (a bug; counted, never thrown).</summary>
    InternalError,

    /// <summary>
    /// A valid check for a peer whose consent had already expired: consent lost is final (RFC 7675 §5.1 — the browser
    /// must restart ICE, i.e. connect a new peer); answered, it would carry media again on a peer reported disconnected.
    /// </summary>
    StunConsentExpired,
}
