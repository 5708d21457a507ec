namespace Convene.Media.Srtp;

/// <summary>SRTP protection profiles (IANA "DTLS-SRTP Protection Profiles", RFC 5764 §4.1.2, RFC 7714 §14.2).</summary>
public enum SrtpProfile
{
    /// <summary>SRTP_AES128_CM_HMAC_SHA1_80 (0x0001): AES-CM 128 with an 80-bit HMAC-SHA1 tag (RFC 3711).</summary>
    AesCm128HmacSha1_80 = 0x0001,

    /// <summary>SRTP_AEAD_AES_128_GCM (0x0007): AES-GCM 128 with a 16-octet tag (RFC 7714).</summary>
    AeadAes128Gcm = 0x0007,
}
