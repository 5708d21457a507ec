namespace Convene.Media.Srtp;

/// <summary>Outcome of an SRTP/SRTCP protect or unprotect call. Bad input never throws; it yields a status.</summary>
public enum SrtpStatus
{
    /// <summary>The packet was protected or unprotected.</summary>
    Ok,

    /// <summary>The packet is shorter than its headers and tag.</summary>
    TooShort,

    /// <summary>The header is not RTP/RTCP version 2 or its lengths are inconsistent.</summary>
    Malformed,

    /// <summary>The caller's buffer has no room for the authentication tag (and SRTCP index).</summary>
    BufferTooSmall,

    /// <summary>The authentication tag did not verify.</summary>
    AuthFailed,

    /// <summary>The packet index was already received or is older than the replay window (RFC 3711 §3.3.2).</summary>
    Replayed,
}
