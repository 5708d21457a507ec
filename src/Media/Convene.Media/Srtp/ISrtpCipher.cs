namespace Convene.Media.Srtp;

/// <summary>
/// The per-profile packet transforms of one direction (session keys already derived). Callers have validated
/// lengths and buffer capacity; implementations only do the cryptography.
/// </summary>
internal interface ISrtpCipher : IDisposable
{
    /// <summary>Bytes the RTP transform appends (the tag).</summary>
    int RtpTagLength { get; }

    /// <summary>Bytes of tag the RTCP transform appends (the E||index word comes on top).</summary>
    int RtcpTagLength { get; }

    /// <summary>Encrypts <c>buffer[headerLength..length]</c> and writes the tag at <c>buffer[length..]</c>.</summary>
    void ProtectRtp(Span<byte> buffer, int headerLength, int length, uint ssrc, uint roc, ushort seq);

    /// <summary>Verifies the tag at the end of <paramref name="packet"/> and decrypts the payload in place.</summary>
    bool UnprotectRtp(Span<byte> packet, int headerLength, uint ssrc, uint roc, ushort seq);

    /// <summary>Encrypts <c>buffer[8..length]</c>, writes E||index and the tag after it; returns the new length.</summary>
    int ProtectRtcp(Span<byte> buffer, int length, uint ssrc, uint index);

    /// <summary>Verifies and (if <paramref name="encrypted"/>) decrypts; returns the plain length or -1.</summary>
    int UnprotectRtcp(Span<byte> packet, uint ssrc, uint index, bool encrypted);
}
