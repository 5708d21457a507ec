namespace Convene.Media.Srtp;

/// <summary>Master key, salt and tag lengths of each <see cref="SrtpProfile"/>.</summary>
public static class SrtpKeyLengths
{
    /// <summary>Master key length in bytes (both profiles use AES-128).</summary>
    public const int MasterKey = 16;

    /// <summary>Master salt length in bytes: 14 for AES-CM (RFC 3711 §8.2), 12 for AES-GCM (RFC 7714 §12).</summary>
    public static int MasterSalt(SrtpProfile profile) => profile == SrtpProfile.AeadAes128Gcm ? 12 : 14;

    /// <summary>Bytes appended to an RTP packet by protection: the 10-byte HMAC tag or the 16-byte GCM tag.</summary>
    public static int RtpOverhead(SrtpProfile profile) => profile == SrtpProfile.AeadAes128Gcm ? 16 : 10;

    /// <summary>Bytes appended to an RTCP packet by protection: tag plus the 4-byte E||SRTCP index word.</summary>
    public static int RtcpOverhead(SrtpProfile profile) => RtpOverhead(profile) + 4;

    /// <summary>Length of the DTLS-SRTP exporter output for the profile: 2 × (key + salt) (RFC 5764 §4.2).</summary>
    public static int KeyingMaterial(SrtpProfile profile) => 2 * (MasterKey + MasterSalt(profile));
}
