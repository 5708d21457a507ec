namespace Convene.Media.Dtls;

/// <summary>
/// The outcome of a successful DTLS-SRTP handshake (RFC 5764 §4.2): the exported keying material
/// and the negotiated SRTP protection profile.
/// </summary>
/// <param name="KeyingMaterial">
/// The bytes exported with the label "EXTRACTOR-dtls_srtp": client key (16) | server key (16) | client salt |
/// server salt (RFC 5764 §4.2) — salts of 14 bytes for SRTP_AES128_CM_HMAC_SHA1_80 (60 in all), 12 for
/// SRTP_AEAD_AES_128_GCM (56, RFC 7714 §12).
/// </param>
/// <param name="SrtpProfile">The selected protection profile (0x0007 = SRTP_AEAD_AES_128_GCM when the client offers it, else 0x0001 = SRTP_AES128_CM_HMAC_SHA1_80).</param>
/// <param name="RemoteFingerprint">The SHA-256 fingerprint of the client certificate, verified against the offer.</param>
/// <param name="ProtocolVersion">The negotiated DTLS version, e.g. "DTLS 1.2".</param>
/// <param name="CipherSuite">The negotiated cipher suite number.</param>
public sealed record DtlsHandshakeResult(
    byte[] KeyingMaterial,
    int SrtpProfile,
    string RemoteFingerprint,
    string ProtocolVersion,
    int CipherSuite)
{
    /// <summary>How long the handshake took from the first ClientHello datagram.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>SRTP_AES128_CM_HMAC_SHA1_80 (RFC 5764 §4.1.2).</summary>
    public const int SrtpAes128CmHmacSha1_80 = 0x0001;
}
