namespace Convene.Media.Srtp;

/// <summary>
/// The SRTP key derivation function (RFC 3711 §4.3) with key_derivation_rate 0: the session key for label L is
/// the AES-CM keystream of the master key at IV = (master_salt XOR (L &lt;&lt; 48)) * 2^16.
/// </summary>
internal static class SrtpKeyDerivation
{
    /// <summary>RFC 3711 §4.3.1: labels 0..2 derive the SRTP keys.</summary>
    public const byte RtpEncryption = 0, RtpAuthentication = 1, RtpSalt = 2;

    /// <summary>RFC 3711 §4.3.2: labels 3..5 derive the SRTCP keys.</summary>
    public const byte RtcpEncryption = 3, RtcpAuthentication = 4, RtcpSalt = 5;

    public static void Derive(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, byte label, Span<byte> output)
    {
        // The salt (14 bytes for AES-CM, 12 for GCM as libsrtp and Chrome use it) is placed at the top of the
        // 128-bit block; the 8-bit label sits just above the 48-bit index (zero since kdr = 0), i.e. in byte 7.
        Span<byte> iv = stackalloc byte[16];
        iv.Clear();
        masterSalt.CopyTo(iv);
        iv[7] ^= label;
        using var ctr = new AesCtrKeystream(masterKey);
        ctr.Generate(iv, output);
    }
}
